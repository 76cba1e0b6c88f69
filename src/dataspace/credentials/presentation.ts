/**
 * Holder side of the DCP-style presentation: a VP-JWT wrapping the holder's VC-JWTs (VC DM 1.1 §6.3.1, `vp` claim),
 * and the Self-Issued ID Token that travels on every DSP call as `Authorization: Bearer` (DCP §4 "Self-Issued ID
 * Tokens": `iss` = `sub` = the caller's DID, `aud` = the verifier's DID, `jti`, `iat`, `exp`).
 *
 * Why the VP is embedded in the token (`vp` claim, holding the compact VP-JWT): DCP's own flow puts a `token` claim
 * in the ID token, an access token for the holder's Credential Service; the verifier then resolves the holder's DID
 * document, finds its `CredentialService` endpoint and POSTs a `PresentationQueryMessage` (scope
 * `org.eclipse.dspace.dcp.vc.type:MembershipCredential`, ...) to `<cs>/presentations/query`, getting the VP back in a
 * `PresentationResponseMessage`. That costs every first contact a second round trip towards the caller and a public
 * credential-service endpoint on every node. Embedding the holder-signed, audience-bound VP gives the verifier the same
 * evidence in one message. The VP stays an enveloped JWT with its own signature, so switching to the query flow later
 * changes only how the VP is obtained, not how it is verified (`verifyPresentedIdentity`).
 */
import { randomUUID } from 'node:crypto';
import type { Ed25519PrivateJwk } from '../identity/index.js';
import { VC_V1_CONTEXT, VERIFIABLE_PRESENTATION_TYPE } from './credential-types.js';
import { epochSeconds, requireDidWeb, requirePrivateJwk, requireTtl, signJwt } from './jwt.js';

/** DCP recommends short-lived ID tokens; five minutes bounds the replay window the `jti` cache must cover. */
export const MAX_SELF_ISSUED_TOKEN_TTL_SECONDS = 300;
/** A presentation is made for one verifier and one exchange; an hour is ample. */
export const MAX_PRESENTATION_TTL_SECONDS = 3600;
/** Most credentials one presentation may carry; bounds verification work per request. */
export const MAX_PRESENTED_CREDENTIALS = 32;
/** Size limits (characters of the compact form) enforced by the verifier, and so also by the producers. */
export const MAX_CREDENTIAL_JWT_CHARS = 8 * 1024;
export const MAX_PRESENTATION_JWT_CHARS = 96 * 1024;
export const MAX_SELF_ISSUED_TOKEN_CHARS = 128 * 1024;

const COMPACT_JWS_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function requireAudience(audience: unknown): string {
  if (typeof audience !== 'string' || audience.length === 0) throw new TypeError('audience (the verifier DID) is required');
  return audience;
}

export interface CreatePresentationInput {
  holderDid: string;
  holderPrivateJwk: Ed25519PrivateJwk;
  /** VC-JWTs issued to the holder. */
  credentials: readonly string[];
  /** The verifier's DID. */
  audience: string;
  /** Verifier-supplied challenge, when the exchange has one (VC DM 1.1 §6.3.1 `nonce`). */
  nonce?: string;
  now: Date;
  ttlSeconds: number;
  /** Presentation id (`jti`); defaults to a fresh `urn:uuid:`. */
  id?: string;
}

export async function createPresentation(input: CreatePresentationInput): Promise<string> {
  const holderDid = requireDidWeb(input.holderDid, 'holderDid');
  const jwk = requirePrivateJwk(input.holderPrivateJwk, 'holderPrivateJwk');
  const audience = requireAudience(input.audience);
  const ttl = requireTtl(input.ttlSeconds, MAX_PRESENTATION_TTL_SECONDS);
  const credentials = input.credentials;
  if (!Array.isArray(credentials) || credentials.length > MAX_PRESENTED_CREDENTIALS) {
    throw new RangeError(`credentials must be an array of at most ${MAX_PRESENTED_CREDENTIALS} VC-JWTs`);
  }
  for (const c of credentials) {
    if (typeof c !== 'string' || c.length > MAX_CREDENTIAL_JWT_CHARS || !COMPACT_JWS_RE.test(c)) throw new TypeError('every credential must be a compact VC-JWT');
  }
  if (input.nonce !== undefined && (typeof input.nonce !== 'string' || input.nonce.length === 0)) throw new TypeError('nonce must be a non-empty string');
  const iat = epochSeconds(input.now, 'now');
  const claims: Record<string, unknown> = {
    iss: holderDid,
    sub: holderDid,
    aud: audience,
    nbf: iat,
    iat,
    exp: iat + ttl,
    jti: input.id ?? `urn:uuid:${randomUUID()}`,
    vp: {
      '@context': [VC_V1_CONTEXT],
      type: [VERIFIABLE_PRESENTATION_TYPE],
      verifiableCredential: [...credentials],
    },
  };
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  const jwt = await signJwt(claims, holderDid, jwk);
  if (jwt.length > MAX_PRESENTATION_JWT_CHARS) throw new RangeError(`presentation is ${jwt.length} characters, over ${MAX_PRESENTATION_JWT_CHARS}`);
  return jwt;
}

export interface CreateSelfIssuedTokenInput {
  did: string;
  privateJwk: Ed25519PrivateJwk;
  /** The verifier's DID. */
  audience: string;
  now: Date;
  /** At most 300. */
  ttlSeconds: number;
  /** A VP-JWT from `createPresentation`, made by the same DID for the same audience. */
  presentation?: string;
  /** Token id for the verifier's replay check; defaults to a random UUID. */
  jti?: string;
}

export async function createSelfIssuedToken(input: CreateSelfIssuedTokenInput): Promise<string> {
  const did = requireDidWeb(input.did, 'did');
  const jwk = requirePrivateJwk(input.privateJwk, 'privateJwk');
  const audience = requireAudience(input.audience);
  const ttl = requireTtl(input.ttlSeconds, MAX_SELF_ISSUED_TOKEN_TTL_SECONDS);
  const p = input.presentation;
  if (p !== undefined && (typeof p !== 'string' || p.length > MAX_PRESENTATION_JWT_CHARS || !COMPACT_JWS_RE.test(p))) {
    throw new TypeError('presentation must be a compact VP-JWT');
  }
  const jti = input.jti ?? randomUUID();
  if (typeof jti !== 'string' || jti.length === 0) throw new TypeError('jti must be a non-empty string');
  const iat = epochSeconds(input.now, 'now');
  const claims: Record<string, unknown> = { iss: did, sub: did, aud: audience, jti, iat, exp: iat + ttl };
  if (p !== undefined) claims.vp = p;
  return signJwt(claims, did, jwk);
}
