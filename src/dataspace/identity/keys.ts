/**
 * Ed25519 participant keys (RFC 8037: OKP JWKs with crv "Ed25519"; JWS alg "EdDSA").
 * Keys are generated with node:crypto and carried as JWKs; the on-disk form is a small JSON document
 * `{did, privateJwk, publicJwk}` whose serialisation lives here while file I/O belongs to callers.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { parseDidWeb } from './did-web.js';

export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  /** base64url of the 32-byte public key (RFC 8037 §2). */
  x: string;
  kid?: string;
  alg?: 'EdDSA';
  use?: 'sig';
}

export interface Ed25519PrivateJwk extends Ed25519PublicJwk {
  /** base64url of the 32-byte private key seed. Never published. */
  d: string;
}

export interface Ed25519KeyPair {
  privateJwk: Ed25519PrivateJwk;
  publicJwk: Ed25519PublicJwk;
}

export interface ParticipantKeyFile extends Ed25519KeyPair {
  did: string;
}

/** Fragment of the single signing key each participant publishes in its DID document. */
export const PRIMARY_KEY_FRAGMENT = 'key-1';

export function keyIdForDid(did: string): string {
  return `${did}#${PRIMARY_KEY_FRAGMENT}`;
}

/** `did:web:x#key-1` → `did:web:x`; null when the kid is not a DID URL with a fragment. */
export function didOfKeyId(kid: string): string | null {
  if (typeof kid !== 'string') return null;
  const hash = kid.indexOf('#');
  if (hash <= 0 || hash === kid.length - 1) return null;
  if (kid.indexOf('#', hash + 1) !== -1) return null;
  const did = kid.slice(0, hash);
  return did.startsWith('did:') ? did : null;
}

const B64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

/** True when `s` is the canonical unpadded base64url encoding of exactly 32 bytes. */
function isKey32(s: unknown): s is string {
  if (typeof s !== 'string' || !B64URL_32_BYTES.test(s)) return false;
  return Buffer.from(s, 'base64url').toString('base64url') === s;
}

function optionalMembersValid(o: Record<string, unknown>): boolean {
  if (o.kid !== undefined && typeof o.kid !== 'string') return false;
  if (o.alg !== undefined && o.alg !== 'EdDSA') return false;
  if (o.use !== undefined && o.use !== 'sig') return false;
  return true;
}

function pickOptional(o: Record<string, unknown>): Pick<Ed25519PublicJwk, 'kid' | 'alg' | 'use'> {
  const out: Pick<Ed25519PublicJwk, 'kid' | 'alg' | 'use'> = {};
  if (typeof o.kid === 'string') out.kid = o.kid;
  if (o.alg === 'EdDSA') out.alg = 'EdDSA';
  if (o.use === 'sig') out.use = 'sig';
  return out;
}

/**
 * Strict reader for a public Ed25519 JWK from untrusted JSON. Returns null for anything else,
 * including a JWK that carries private material (`d`): publishing it would be a key leak.
 */
export function parseEd25519PublicJwk(value: unknown): Ed25519PublicJwk | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (o.kty !== 'OKP' || o.crv !== 'Ed25519' || !isKey32(o.x) || 'd' in o) return null;
  if (!optionalMembersValid(o)) return null;
  return { kty: 'OKP', crv: 'Ed25519', x: o.x, ...pickOptional(o) };
}

/** Strict reader for a private Ed25519 JWK; also checks that `x` is the public key derived from `d`. */
export function parseEd25519PrivateJwk(value: unknown): Ed25519PrivateJwk | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (o.kty !== 'OKP' || o.crv !== 'Ed25519' || !isKey32(o.x) || !isKey32(o.d)) return null;
  if (!optionalMembersValid(o)) return null;
  const jwk: Ed25519PrivateJwk = { kty: 'OKP', crv: 'Ed25519', x: o.x, d: o.d, ...pickOptional(o) };
  try {
    const derived = createPublicKey(createPrivateKey({ key: { ...jwk }, format: 'jwk' })).export({ format: 'jwk' });
    if (derived.x !== jwk.x) return null;
  } catch {
    return null;
  }
  return jwk;
}

export function publicJwkOf(privateJwk: Ed25519PrivateJwk): Ed25519PublicJwk {
  const { d: _d, ...rest } = privateJwk;
  return { ...rest };
}

export function generateEd25519KeyPair(kid?: string): Ed25519KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const exported = privateKey.export({ format: 'jwk' });
  if (typeof exported.x !== 'string' || typeof exported.d !== 'string') {
    throw new Error('node:crypto did not export an Ed25519 JWK');
  }
  const meta = { ...(kid !== undefined ? { kid } : {}), alg: 'EdDSA' as const, use: 'sig' as const };
  const privateJwk: Ed25519PrivateJwk = { kty: 'OKP', crv: 'Ed25519', x: exported.x, d: exported.d, ...meta };
  return { privateJwk, publicJwk: publicJwkOf(privateJwk) };
}

/** Fresh key pair for a participant; both JWKs carry `kid = ${did}#key-1`. */
export function generateParticipantKeys(did: string): ParticipantKeyFile {
  if (!parseDidWeb(did)) throw new TypeError(`not a valid did:web identifier: ${did}`);
  return { did, ...generateEd25519KeyPair(keyIdForDid(did)) };
}

export function importPrivateKey(jwk: Ed25519PrivateJwk): KeyObject {
  return createPrivateKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }, format: 'jwk' });
}

export function importPublicKey(jwk: Ed25519PublicJwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
}

function orderedJwk(jwk: Ed25519PublicJwk | Ed25519PrivateJwk): Record<string, string> {
  const out: Record<string, string> = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  if ('d' in jwk) out.d = jwk.d;
  if (jwk.kid !== undefined) out.kid = jwk.kid;
  if (jwk.alg !== undefined) out.alg = jwk.alg;
  if (jwk.use !== undefined) out.use = jwk.use;
  return out;
}

/** Stable on-disk JSON (fixed member order, two-space indent, trailing newline) so files diff cleanly. */
export function serializeParticipantKeyFile(file: ParticipantKeyFile): string {
  const doc = { did: file.did, privateJwk: orderedJwk(file.privateJwk), publicJwk: orderedJwk(file.publicJwk) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

/** Parses and cross-checks a key file: valid did:web, private/public halves match, kids name the DID. */
export function parseParticipantKeyFile(text: string): ParticipantKeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new KeyFileError(`key file is not JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new KeyFileError('key file must be an object');
  const o = raw as Record<string, unknown>;
  if (typeof o.did !== 'string' || !parseDidWeb(o.did)) throw new KeyFileError('did: not a valid did:web identifier');
  const privateJwk = parseEd25519PrivateJwk(o.privateJwk);
  if (!privateJwk) throw new KeyFileError('privateJwk: not a consistent Ed25519 private JWK');
  const publicJwk = parseEd25519PublicJwk(o.publicJwk);
  if (!publicJwk) throw new KeyFileError('publicJwk: not an Ed25519 public JWK');
  if (publicJwk.x !== privateJwk.x) throw new KeyFileError('publicJwk does not belong to privateJwk');
  const expectedKid = keyIdForDid(o.did);
  for (const [field, jwk] of [['privateJwk', privateJwk], ['publicJwk', publicJwk]] as const) {
    if (jwk.kid !== undefined && jwk.kid !== expectedKid) {
      throw new KeyFileError(`${field}.kid must be ${expectedKid}, got ${jwk.kid}`);
    }
  }
  return { did: o.did, privateJwk, publicJwk };
}
