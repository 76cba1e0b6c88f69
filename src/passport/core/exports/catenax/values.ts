/**
 * Constants and value helpers of the Catena-X battery_pass 6.1.0 mapping.
 */
import type { AttributeValue, Passport } from '../../types.js';

export const CATENAX_NAMESPACE = 'io.catenax.battery.battery_pass';
export const CATENAX_VERSION = '6.1.0';
export const CATENAX_FILE_NAME = `${CATENAX_NAMESPACE}.json`;
export const CATENAX_SPEC_VERSION = `urn:${CATENAX_NAMESPACE}:${CATENAX_VERSION}`;
/** Schema path relative to the shared fixtures directory (used by the conformance tests). */
export const CATENAX_SCHEMA_PATH = `fixtures/tractusx/${CATENAX_NAMESPACE}/${CATENAX_VERSION}/gen/BatteryPass-schema.json`;

export const BPNL_PATTERN = /^BPNL[a-zA-Z0-9]{12}$/;
export const BPNA_PATTERN = /^BPNA[a-zA-Z0-9]{12}$/;
/**
 * metadata.predecessor is required; upstream asks for "a dummy value" when there is none. We use the RFC 9562
 * nil UUID, which is defined to mean "no UUID", and read it back as "no predecessor".
 */
export const NIL_UUID_URN = 'urn:uuid:00000000-0000-0000-0000-000000000000';

export type Obj = { [key: string]: AttributeValue };

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Typed attribute access; `need*` records a gap (the export then fails listing all gaps) instead of inventing data. */
export class AttributeSource {
  readonly missing: string[] = [];
  constructor(readonly p: Passport) {}

  num(key: string): number | undefined {
    const v = this.p.attributes[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  str(key: string): string | undefined {
    const v = this.p.attributes[key];
    return typeof v === 'string' ? v : undefined;
  }

  obj(key: string): Obj | undefined {
    const v = this.p.attributes[key];
    return isObj(v) ? v : undefined;
  }

  list(key: string): Obj[] | undefined {
    const v = this.p.attributes[key];
    return Array.isArray(v) ? v.filter(isObj) : undefined;
  }

  needNum(key: string): number {
    const v = this.num(key);
    if (v === undefined) this.gap(key, 'missing');
    return v ?? Number.NaN;
  }

  needStr(key: string): string {
    const v = this.str(key);
    if (v === undefined) this.gap(key, 'missing');
    return v ?? '';
  }

  needObj(key: string): Obj {
    const v = this.obj(key);
    if (v === undefined) this.gap(key, 'missing');
    return v ?? {};
  }

  needList(key: string): Obj[] {
    const v = this.list(key);
    if (v === undefined) this.gap(key, 'missing');
    return v ?? [];
  }

  needStrings(key: string): string[] {
    const v = this.p.attributes[key];
    if (!Array.isArray(v)) this.gap(key, 'missing');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  gap(key: string, reason: string): void {
    this.missing.push(`${key}: ${reason}`);
  }

  /**
   * Measurement time of a value. Static attributes carry no update time of their own; the passport's
   * `updatedAt` is then the time the value was last confirmed as current.
   */
  time(key: string): string {
    return this.p.attributeUpdatedAt[key] ?? this.p.updatedAt;
  }
}

/** Rounds to `digits` significant digits so derived values survive a round trip through decimal JSON. */
export function roundSig(x: number, digits = 12): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** Catena-X `DocumentEntity` {contentType, header, content}; header is limited to 100 characters upstream. */
export type Doc = { contentType: string; header: string; content: string };

export function linkDoc(header: string, url: string): Doc {
  return { contentType: 'URL', header, content: url };
}

export const DOC_HEADER_MAX = 100;
