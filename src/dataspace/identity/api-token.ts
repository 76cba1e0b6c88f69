/**
 * Bearer API tokens for scripts and CI. The token is shown to its owner once; the server stores only the
 * SHA-256 hash, so a leaked database does not leak usable tokens. Tokens carry 256 bits of entropy, which makes
 * an unsalted fast hash adequate (no dictionary to attack), unlike passwords.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'blt_';
export const API_TOKEN_MIN_RANDOM_BYTES = 32;

export interface ApiToken {
  /** `blt_` + base64url(randomBytes). Give to the user, never store. */
  token: string;
  /** Lower-case hex SHA-256 of the token string; the only thing to persist. */
  hash: string;
}

const API_TOKEN_RE = /^blt_[A-Za-z0-9_-]{43,}$/;

/** `randomBytes` must come from a CSPRNG (e.g. node:crypto randomBytes(32)); the caller owns the entropy source. */
export function createApiToken(randomBytes: Uint8Array): ApiToken {
  if (!(randomBytes instanceof Uint8Array) || randomBytes.length < API_TOKEN_MIN_RANDOM_BYTES) {
    throw new RangeError(`API tokens need at least ${API_TOKEN_MIN_RANDOM_BYTES} random bytes`);
  }
  const token = API_TOKEN_PREFIX + Buffer.from(randomBytes).toString('base64url');
  return { token, hash: hashApiToken(token) };
}

export function isApiTokenFormat(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 512 && API_TOKEN_RE.test(value);
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Constant-time string equality. Both sides are hashed first so the comparison takes the same time whatever
 * the lengths are (timingSafeEqual alone requires equal lengths and would leak the length mismatch).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Checks a presented token against a stored hash in constant time. */
export function apiTokenMatchesHash(presented: unknown, storedHash: string): boolean {
  if (!isApiTokenFormat(presented)) return false;
  return constantTimeEqual(hashApiToken(presented), storedHash.toLowerCase());
}
