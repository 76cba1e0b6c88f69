/**
 * JWS/JWT plumbing shared by credentials, presentations and self-issued tokens: Ed25519 (RFC 8037, alg EdDSA)
 * compact JWS whose `kid` is a DID URL. Verification never throws; every failure is a typed reason so callers can
 * report why a token or credential was refused.
 */
import { readEdDsaHeader, signCompactJws, verifyCompactJws } from '../identity/jws.js';
import {
  didOfKeyId,
  keyIdForDid,
  parseDidWeb,
  parseEd25519PrivateJwk,
  parseEd25519PublicJwk,
  type Ed25519PrivateJwk,
  type Ed25519PublicJwk,
  type KeyResolver,
} from '../identity/index.js';

export type JwtFailure =
  | 'malformed'
  | 'unknownKey'
  | 'badSignature'
  | 'issuerMismatch'
  | 'wrongAudience'
  | 'expired'
  | 'notYetValid'
  | 'lifetimeTooLong';

export type Failure<R extends string> = { ok: false; reason: R; detail: string };

export interface VerifiedJwt {
  ok: true;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  kid: string;
  /** DID named by the `kid` (the DID URL before `#`). */
  signerDid: string;
}


export function fail<R extends string>(reason: R, detail: string): Failure<R> {
  return { ok: false, reason, detail };
}

/** Whole seconds since the epoch (RFC 7519 NumericDate) of a caller-supplied instant; throws on an invalid Date. */
export function epochSeconds(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`${name} must be a valid Date`);
  return Math.floor(ms / 1000);
}

export function requireDidWeb(did: unknown, name: string): string {
  if (typeof did !== 'string' || !parseDidWeb(did)) throw new TypeError(`${name} is not a valid did:web identifier: ${String(did)}`);
  return did;
}

export function requirePrivateJwk(jwk: unknown, name: string): Ed25519PrivateJwk {
  const parsed = parseEd25519PrivateJwk(jwk);
  if (!parsed) throw new TypeError(`${name} is not a consistent Ed25519 private JWK`);
  return parsed;
}

export function requireTtl(ttlSeconds: unknown, maxSeconds: number): number {
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > maxSeconds) {
    throw new RangeError(`ttlSeconds must be an integer in 1..${maxSeconds}, got ${String(ttlSeconds)}`);
  }
  return ttlSeconds;
}

/** Signs `claims` as a compact JWT with the signer's primary key (`kid = did#key-1`). */
export async function signJwt(claims: Record<string, unknown>, signerDid: string, privateJwk: Ed25519PrivateJwk): Promise<string> {
  return signCompactJws({ alg: 'EdDSA', typ: 'JWT', kid: keyIdForDid(signerDid) }, JSON.stringify(claims), privateJwk);
}

export interface VerifySignatureOptions {
  /** Longest accepted compact serialisation, in characters; bounds work done on hostile input. */
  maxChars: number;
  /** RFC 7515 §4.1.9 `typ` values accepted; `undefined` in the set means "may be absent". */
  allowedTyp: ReadonlySet<string | undefined>;
  /**
   * Remember a good signature for this exact JWT under this exact key. For long-lived JWTs presented again and
   * again (credentials, status lists); never for per-call tokens, whose replay check must see each one.
   */
  cacheable?: boolean;
}

// Key: the signer's public key and the whole JWT. A changed key (rotation) or any changed byte misses the cache;
// time, audience, issuer and status rules are still checked by the caller on every use.
const MAX_CACHED_SIGNATURES = 512;
const goodSignatures = new Map<string, VerifiedJwt>();

/**
 * Checks the compact form, the protected header (EdDSA only, no `crit`/`b64`, `kid` a DID URL), resolves the key
 * and verifies the signature, then decodes the claims. Time, audience and issuer rules stay with the caller.
 */
export async function verifyJwtSignature(
  jwt: unknown,
  resolveKey: KeyResolver | Ed25519PublicJwk,
  options: VerifySignatureOptions,
): Promise<VerifiedJwt | Failure<'malformed' | 'unknownKey' | 'badSignature'>> {
  const h = readEdDsaHeader(jwt, options.maxChars);
  if (!h.ok) return fail('malformed', h.detail);
  const { header, kid, signerDid } = h;
  const typ = header.typ;
  if ((typ !== undefined && typeof typ !== 'string') || !options.allowedTyp.has(typ)) return fail('malformed', `typ ${String(typ)} is not accepted`);

  let jwk: Ed25519PublicJwk | null;
  try {
    jwk = parseEd25519PublicJwk(typeof resolveKey === 'function' ? await resolveKey(kid) : resolveKey);
  } catch (err) {
    return fail('unknownKey', `key resolution failed for ${kid}: ${errorMessage(err)}`);
  }
  if (!jwk) return fail('unknownKey', `no Ed25519 key for ${kid}`);

  const cacheKey = options.cacheable ? `${jwk.x}|${jwt}` : null;
  const hit = cacheKey ? goodSignatures.get(cacheKey) : undefined;
  if (hit) return hit;
  const checked = verifyCompactJws(h.compact, jwk);
  if (!checked.ok) return checked.reason === 'badSignature' ? fail('badSignature', `signature does not verify with ${kid}`) : fail('malformed', `JWS rejected: ${checked.detail}`);
  const payload = checked.payload;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    if (!isPlainObject(parsed)) return fail('malformed', 'claims must be a JSON object');
    const good: VerifiedJwt = { ok: true, header, claims: parsed, kid, signerDid };
    if (cacheKey) {
      if (goodSignatures.size >= MAX_CACHED_SIGNATURES) goodSignatures.clear();
      goodSignatures.set(cacheKey, good);
    }
    return good;
  } catch {
    return fail('malformed', 'claims are not UTF-8 JSON');
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** RFC 7519 §4.1.3: `aud` is a string or an array of strings; the verifier must be one of them. */
export function audienceIncludes(aud: unknown, audience: string): boolean | 'malformed' {
  const list = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : null;
  if (list === null || !list.every((a) => typeof a === 'string')) return 'malformed';
  return list.includes(audience);
}

export interface ValidityWindow {
  iat?: unknown;
  nbf?: unknown;
  exp?: unknown;
}

/**
 * RFC 7519 §4.1.4/4.1.5 with a symmetric clock-skew tolerance. `exp` is required unless `expRequired` is false
 * (a status list credential may be open-ended).
 */
export function checkValidityWindow(
  w: ValidityWindow,
  nowS: number,
  skewS: number,
  expRequired: boolean,
): Failure<'malformed' | 'expired' | 'notYetValid'> | null {
  for (const name of ['iat', 'nbf', 'exp'] as const) {
    if (w[name] !== undefined && !isNumericDate(w[name])) return fail('malformed', `${name} must be a numeric date`);
  }
  if (expRequired && w.exp === undefined) return fail('malformed', 'exp is required');
  const { iat, nbf, exp } = w as { iat?: number; nbf?: number; exp?: number };
  if (iat !== undefined && iat > nowS + skewS) return fail('notYetValid', 'iat is in the future');
  if (nbf !== undefined && nbf > nowS + skewS) return fail('notYetValid', `not valid before ${isoOf(nbf)}`);
  if (exp !== undefined && exp <= nowS - skewS) return fail('expired', `expired at ${isoOf(exp)}`);
  return null;
}

export function isoOf(epochS: number): string {
  const d = new Date(epochS * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString() : String(epochS);
}
