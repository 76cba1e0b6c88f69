/**
 * Signing and hashing of lifecycle events.
 *
 * Signature format (choice documented here): a detached-payload compact JWS, RFC 7515 Appendix F.
 * The JWS payload is the RFC 8785 (JCS) canonical JSON of the envelope; it is not repeated in the signature
 * because the envelope travels beside it, so the stored `signature` is `<b64url(protected)>..<b64url(sig)>`.
 * The protected header is exactly `{"alg":"EdDSA","kid":"<author did>#key-1"}` (RFC 8037); no `b64`/`crit`,
 * so any JOSE library verifies it after re-inserting base64url(JCS(envelope)) between the dots.
 *
 * `hash` = lower-case hex SHA-256 of JCS({...envelope, signature}). Hashing the signature too means the chain
 * commits to who signed each event, not only to what was said.
 */
import { createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import {
  didOfKeyId,
  keyIdForDid,
  privateKeyObject,
  publicKeyObject,
  parseEd25519PrivateJwk,
  parseEd25519PublicJwk,
  signCompactJws,
  type Ed25519PrivateJwk,
  type Ed25519PublicJwk,
} from '../../dataspace/index.js';
import { envelopeOf, validateEnvelopeFields, type EventEnvelope, type SignedEvent } from './envelope.js';

// canonicalize ships CommonJS with an ESM-style default export in its typings; under NodeNext the default
// import is the module.exports function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export const EVENT_SIGNATURE_ALG = 'EdDSA';

/** RFC 8785 canonical JSON of the signed fields. Throws on values JSON cannot carry (NaN, Infinity). */
export function canonicalEnvelope(envelope: EventEnvelope): string {
  const text = canonicalize(envelopeOf(envelope));
  if (text === undefined) throw new TypeError('envelope has no JSON representation');
  return text;
}

export function computeEventHash(event: SignedEvent): string {
  const text = canonicalize({ ...envelopeOf(event), signature: event.signature });
  if (text === undefined) throw new TypeError('event has no JSON representation');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function toStoredEvent<T extends SignedEvent>(event: T): T & { hash: string } {
  return { ...event, hash: computeEventHash(event) };
}

export interface SignEventOptions {
  /** Key id to put in the protected header; defaults to `${author.did}#key-1`. */
  kid?: string;
}

function signingKeyObject(key: Ed25519PrivateJwk | KeyObject): KeyObject {
  if ('asymmetricKeyType' in key && typeof (key as KeyObject).export === 'function') {
    const ko = key as KeyObject;
    if (ko.type !== 'private' || ko.asymmetricKeyType !== 'ed25519') throw new TypeError('signing key must be an Ed25519 private key');
    return ko;
  }
  const jwk = parseEd25519PrivateJwk(key);
  if (!jwk) throw new TypeError('signing key must be a consistent Ed25519 private JWK');
  return privateKeyObject(jwk);
}

/** Signs a prepared envelope (see `prepareEvent`). Throws on a structurally invalid envelope or key. */
export async function signEvent(
  envelope: EventEnvelope,
  privateKey: Ed25519PrivateJwk | KeyObject,
  options: SignEventOptions = {},
): Promise<SignedEvent> {
  const errors = validateEnvelopeFields(envelope);
  if (errors.length > 0) throw new TypeError(`cannot sign invalid envelope: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
  const env = envelopeOf(envelope);
  const kid = options.kid ?? keyIdForDid(env.author.did);
  const jws = signCompactJws({ alg: EVENT_SIGNATURE_ALG, kid }, canonicalEnvelope(env), signingKeyObject(privateKey));
  const [protectedB64, , signatureB64] = jws.split('.');
  return { ...env, signature: `${protectedB64}..${signatureB64}` };
}

export interface DetachedSignature {
  protectedB64: string;
  signatureB64: string;
  kid: string;
}

const DETACHED_RE = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]{86})$/;

function canonicalB64url(s: string): Buffer | null {
  const buf = Buffer.from(s, 'base64url');
  return buf.toString('base64url') === s ? buf : null;
}

/** Parses and checks the signature's form (not its validity). Returns a reason string when malformed. */
export function parseDetachedSignature(signature: unknown): DetachedSignature | string {
  if (typeof signature !== 'string' || signature.length > 4096) return 'signature must be a string';
  const m = DETACHED_RE.exec(signature);
  if (!m) return 'signature is not a detached compact JWS with a 64-byte Ed25519 signature';
  const [, protectedB64, signatureB64] = m;
  const headerBytes = canonicalB64url(protectedB64);
  const sigBytes = canonicalB64url(signatureB64);
  if (!headerBytes || !sigBytes || sigBytes.length !== 64) return 'signature segments are not canonical base64url';
  let header: unknown;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    return 'protected header is not JSON';
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return 'protected header must be an object';
  const h = header as Record<string, unknown>;
  const keys = Object.keys(h).sort().join(',');
  if (keys !== 'alg,kid') return `protected header must hold exactly alg and kid, has ${keys}`;
  if (h.alg !== EVENT_SIGNATURE_ALG) return `alg must be ${EVENT_SIGNATURE_ALG}`;
  if (typeof h.kid !== 'string' || didOfKeyId(h.kid) === null) return 'kid must be a DID URL';
  return { protectedB64, signatureB64, kid: h.kid };
}

export type EventSignatureCheck =
  | { ok: true; kid: string }
  | { ok: false; reason: 'malformedSignature' | 'kidNotAuthor' | 'invalidKey' | 'mismatch'; detail: string };

/**
 * Verifies the author's signature over the event's envelope with `publicJwk`. Also rejects a kid whose DID is not
 * `author.did`: a valid signature by someone else's key does not make them the author.
 */
export async function verifyEventSignature(event: SignedEvent, publicJwk: Ed25519PublicJwk): Promise<EventSignatureCheck> {
  const parsed = parseDetachedSignature(event.signature);
  if (typeof parsed === 'string') return { ok: false, reason: 'malformedSignature', detail: parsed };
  if (didOfKeyId(parsed.kid) !== event.author?.did) {
    return { ok: false, reason: 'kidNotAuthor', detail: `kid ${parsed.kid} is not a key of author ${String(event.author?.did)}` };
  }
  const jwk = parseEd25519PublicJwk(publicJwk);
  if (!jwk) return { ok: false, reason: 'invalidKey', detail: 'not an Ed25519 public JWK' };
  let signingInput: Buffer;
  try {
    // RFC 7515 §5.2: the signature covers ASCII(b64url(protected) || '.' || b64url(payload))
    signingInput = Buffer.from(`${parsed.protectedB64}.${Buffer.from(canonicalEnvelope(event), 'utf8').toString('base64url')}`, 'ascii');
  } catch (err) {
    return { ok: false, reason: 'mismatch', detail: `envelope cannot be canonicalised: ${(err as Error).message}` };
  }
  // node:crypto verifies Ed25519 directly (RFC 8032); going through jose re-parsed the JWS and re-imported the key
  // for every event, which dominated the append path. Key objects are cached per public key.
  let ok: boolean;
  try {
    ok = cryptoVerify(null, signingInput, publicKeyObject(jwk), Buffer.from(parsed.signatureB64, 'base64url'));
  } catch (err) {
    return { ok: false, reason: 'invalidKey', detail: (err as Error).message };
  }
  return ok ? { ok: true, kid: parsed.kid } : { ok: false, reason: 'mismatch', detail: 'signature does not match the envelope under the key' };
}

