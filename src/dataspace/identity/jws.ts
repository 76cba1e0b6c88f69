/**
 * Compact JWS with Ed25519 (RFC 7515 §7.1, RFC 8037 alg EdDSA) on node:crypto directly.
 *
 * Why not jose here: every DSP call signs two JWTs and verifies up to five, and jose goes through WebCrypto, whose
 * async key handling costs ~4× node:crypto's one-shot `sign`/`verify` (measured 0.47 vs 0.05 ms per signature).
 * The header rules (alg, typ, kid, no crit/b64) stay with the callers; this module only does the JWS arithmetic.
 */
import { sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { didOfKeyId, importPrivateKey, importPublicKey, type Ed25519PrivateJwk, type Ed25519PublicJwk } from './keys.js';

// KeyObjects are immutable; importing a JWK costs about as much as a verification, so keep the ones in use.
const MAX_CACHED_KEYS = 1024;
const publicKeys = new Map<string, KeyObject>();
const privateKeys = new Map<string, KeyObject>();

function cached(map: Map<string, KeyObject>, id: string, make: () => KeyObject): KeyObject {
  let k = map.get(id);
  if (!k) {
    if (map.size >= MAX_CACHED_KEYS) map.clear();
    k = make();
    map.set(id, k);
  }
  return k;
}

export function publicKeyObject(jwk: Ed25519PublicJwk | KeyObject): KeyObject {
  if (isKeyObject(jwk)) return jwk;
  return cached(publicKeys, jwk.x, () => importPublicKey(jwk));
}

export function privateKeyObject(jwk: Ed25519PrivateJwk | KeyObject): KeyObject {
  if (isKeyObject(jwk)) return jwk;
  return cached(privateKeys, `${jwk.x}.${jwk.d}`, () => importPrivateKey(jwk));
}

function isKeyObject(k: unknown): k is KeyObject {
  return typeof k === 'object' && k !== null && typeof (k as KeyObject).export === 'function' && 'asymmetricKeyType' in k;
}

const B64URL_RE = /^[A-Za-z0-9_-]*$/;

function b64url(data: Uint8Array | string): string {
  return Buffer.from(typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url');
}

/** `<b64url(header)>.<b64url(payload)>.<b64url(signature)>` over the ASCII signing input (RFC 7515 §5.1). */
export function signCompactJws(header: Record<string, unknown>, payload: Uint8Array | string, key: Ed25519PrivateJwk | KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(payload)}`;
  const sig = cryptoSign(null, Buffer.from(input, 'ascii'), privateKeyObject(key));
  return `${input}.${sig.toString('base64url')}`;
}

export type JwsCheck = { ok: true; payload: Buffer } | { ok: false; reason: 'malformed' | 'badSignature'; detail: string };

/**
 * Verifies a compact JWS's Ed25519 signature (RFC 7515 §5.2 steps 1–8 for one recipient). Segments must be
 * canonical base64url and the signature exactly 64 bytes (RFC 8032 §5.1.6).
 */
export function verifyCompactJws(jws: string, key: Ed25519PublicJwk | KeyObject): JwsCheck {
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL_RE.test(p))) return { ok: false, reason: 'malformed', detail: 'not a compact JWS' };
  const [h, p, s] = parts;
  const sig = Buffer.from(s, 'base64url');
  if (sig.length !== 64 || sig.toString('base64url') !== s) return { ok: false, reason: 'malformed', detail: 'signature is not 64 bytes of canonical base64url' };
  let ok: boolean;
  try {
    ok = cryptoVerify(null, Buffer.from(`${h}.${p}`, 'ascii'), publicKeyObject(key), sig);
  } catch (e) {
    return { ok: false, reason: 'malformed', detail: `verification failed: ${(e as Error).message}` };
  }
  if (!ok) return { ok: false, reason: 'badSignature', detail: 'signature does not verify' };
  return { ok: true, payload: Buffer.from(p, 'base64url') };
}

export type EdDsaHeader = { ok: true; compact: string; header: Record<string, unknown>; kid: string; signerDid: string } | { ok: false; detail: string };

const COMPACT_JWS_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The checks every EdDSA JWT here shares before any key is resolved: compact form within `maxChars`, a base64url JSON
 * protected header, alg EdDSA, no crit/b64 (RFC 7515 §4.1.11, RFC 7797), and a `kid` that is a DID URL. The `typ`
 * rule differs per token kind and stays with the caller.
 */
export function readEdDsaHeader(jws: unknown, maxChars: number): EdDsaHeader {
  if (typeof jws !== 'string' || jws.length > maxChars || !COMPACT_JWS_RE.test(jws)) return { ok: false, detail: 'not a compact JWS' };
  let header: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(jws.slice(0, jws.indexOf('.')), 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('not an object');
    header = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, detail: 'protected header is not base64url JSON' };
  }
  if (header.alg !== 'EdDSA') return { ok: false, detail: `alg must be EdDSA, got ${String(header.alg)}` };
  if (header.crit !== undefined || header.b64 !== undefined) return { ok: false, detail: 'crit/b64 header parameters are not accepted' };
  if (typeof header.kid !== 'string') return { ok: false, detail: 'kid is missing' };
  const signerDid = didOfKeyId(header.kid);
  if (signerDid === null) return { ok: false, detail: `kid is not a DID URL: ${header.kid}` };
  return { ok: true, compact: jws, header, kid: header.kid, signerDid };
}
