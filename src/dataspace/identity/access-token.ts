/**
 * Participant access tokens: short-lived compact JWTs (RFC 7519) signed with the participant's Ed25519 key
 * (RFC 8037, alg EdDSA). The `kid` is the DID URL of the signing key so a verifier can resolve it from the
 * participant's did:web document; `iss` and `sub` are the DID itself.
 *
 * The `role` claim is self-asserted by the holder. Verifiers that grant access by role must compare it with
 * the role they trust for that DID (DID document / participant registry).
 */
import { randomUUID } from 'node:crypto';
import { readEdDsaHeader, signCompactJws, verifyCompactJws } from './jws.js';
import type { Role } from '../../passport/index.js';
import { parseDidWeb } from './did-web.js';
import {
  didOfKeyId,
  keyIdForDid,
  parseEd25519PrivateJwk,
  parseEd25519PublicJwk,
  type Ed25519PrivateJwk,
  type Ed25519PublicJwk,
} from './keys.js';
import { isRole } from './roles.js';

export const DEFAULT_TOKEN_TTL_SECONDS = 300;
export const MAX_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 30;

export interface SignAccessTokenInput {
  did: string;
  role: Role;
  privateJwk: Ed25519PrivateJwk;
  /** Who the token is for (the verifying node's DID or API base URL). */
  audience: string;
  now: Date;
  /** Lifetime in seconds; default 300, at most 3600. */
  ttlSeconds?: number;
  /** Token id for replay detection; defaults to a random UUID. */
  jti?: string;
}


function epochSeconds(d: Date): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError('now must be a valid Date');
  return Math.floor(ms / 1000);
}

export async function signAccessToken(input: SignAccessTokenInput): Promise<string> {
  const ttl = input.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be an integer in 1..${MAX_TOKEN_TTL_SECONDS}, got ${ttl}`);
  }
  if (!parseDidWeb(input.did)) throw new TypeError(`not a valid did:web identifier: ${input.did}`);
  if (!isRole(input.role)) throw new TypeError(`unknown role: ${String(input.role)}`);
  if (typeof input.audience !== 'string' || input.audience.length === 0) throw new TypeError('audience is required');
  const jwk = parseEd25519PrivateJwk(input.privateJwk);
  if (!jwk) throw new TypeError('privateJwk is not a consistent Ed25519 private JWK');
  const iat = epochSeconds(input.now);
  const claims = {
    iss: input.did,
    sub: input.did,
    aud: input.audience,
    iat,
    exp: iat + ttl,
    jti: input.jti ?? randomUUID(),
    role: input.role,
  };
  return signCompactJws({ alg: 'EdDSA', typ: 'JWT', kid: keyIdForDid(input.did) }, JSON.stringify(claims), jwk);
}

export type AccessTokenFailure =
  | 'malformed'
  | 'unknownKey'
  | 'badSignature'
  | 'issuerMismatch'
  | 'wrongAudience'
  | 'expired'
  | 'notYetValid'
  | 'lifetimeTooLong';

export type AccessTokenResult =
  | { ok: true; did: string; role: Role; jti: string; exp: number; kid: string }
  | { ok: false; reason: AccessTokenFailure; detail: string };

export type KeyResolver = (kid: string) => Promise<Ed25519PublicJwk | null> | Ed25519PublicJwk | null;

export interface VerifyAccessTokenOptions {
  /** The audience this verifier accepts (must equal `aud` or be one of its entries). */
  audience: string;
  now: Date;
  resolveKey: KeyResolver;
  /** Tolerance for clock drift between nodes; default 30 s. */
  maxClockSkewSeconds?: number;
}

function fail(reason: AccessTokenFailure, detail: string): AccessTokenResult {
  return { ok: false, reason, detail };
}

function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Verifies a participant token. Never throws for bad input: every failure is a typed reason. */
export async function verifyAccessToken(token: unknown, options: VerifyAccessTokenOptions): Promise<AccessTokenResult> {
  const h = readEdDsaHeader(token, 8192);
  if (!h.ok) return fail('malformed', h.detail);
  const { header, kid, signerDid: kidDid } = h;
  if (header.typ !== 'JWT') return fail('malformed', 'typ must be JWT');

  let jwk: Ed25519PublicJwk | null;
  try {
    jwk = parseEd25519PublicJwk(await options.resolveKey(kid));
  } catch (err) {
    return fail('unknownKey', `key resolution failed for ${kid}: ${(err as Error).message}`);
  }
  if (!jwk) return fail('unknownKey', `no Ed25519 key for ${kid}`);

  const checked = verifyCompactJws(h.compact, jwk);
  if (!checked.ok) return checked.reason === 'badSignature' ? fail('badSignature', 'signature does not verify') : fail('malformed', `JWS rejected: ${checked.detail}`);
  const payloadBytes = checked.payload;

  let claims: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('malformed', 'claims must be an object');
    claims = parsed as Record<string, unknown>;
  } catch {
    return fail('malformed', 'claims are not UTF-8 JSON');
  }

  const { iss, sub, aud, iat, exp, nbf, jti, role } = claims;
  if (typeof iss !== 'string' || typeof sub !== 'string') return fail('malformed', 'iss and sub are required');
  if (!isNumericDate(iat) || !isNumericDate(exp)) return fail('malformed', 'iat and exp must be numeric dates');
  if (nbf !== undefined && !isNumericDate(nbf)) return fail('malformed', 'nbf must be a numeric date');
  if (typeof jti !== 'string' || jti.length === 0) return fail('malformed', 'jti is required');
  if (!isRole(role)) return fail('malformed', `role claim is not a known role: ${String(role)}`);
  if (iss !== kidDid || sub !== kidDid) return fail('issuerMismatch', `iss/sub must equal the DID of kid ${kid}`);

  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.every((a) => typeof a === 'string')) return fail('malformed', 'aud must be a string or string array');
  if (!audiences.includes(options.audience)) return fail('wrongAudience', `token is not for ${options.audience}`);

  if (exp <= iat) return fail('malformed', 'exp must be after iat');
  if (exp - iat > MAX_TOKEN_TTL_SECONDS) return fail('lifetimeTooLong', `lifetime ${exp - iat}s exceeds ${MAX_TOKEN_TTL_SECONDS}s`);

  const skew = options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  const nowMs = options.now instanceof Date ? options.now.getTime() : Number.NaN;
  if (!Number.isFinite(nowMs) || !Number.isFinite(skew) || skew < 0) return fail('malformed', 'verifier clock options are invalid');
  const nowS = nowMs / 1000;
  if (iat > nowS + skew) return fail('notYetValid', 'iat is in the future');
  if (nbf !== undefined && nbf > nowS + skew) return fail('notYetValid', 'nbf is in the future');
  if (exp <= nowS - skew) return fail('expired', `expired at ${new Date(exp * 1000).toISOString()}`);

  return { ok: true, did: kidDid, role, jti, exp, kid };
}
