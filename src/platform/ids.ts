/**
 * Name-based UUIDs (RFC 4122 layout, version 5 bits over SHA-256): the same name always gives the same id. Used as
 * event ids of writes that must stay idempotent across retries (a test input, a shipment step, a twin snapshot).
 */
import { createHash } from 'node:crypto';

export function nameBasedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
