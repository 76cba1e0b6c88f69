/**
 * Verifier side of the DCP-style identity check a provider runs on every DSP request (DCP §4-§5, research notes §3
 * steps 3 and 6-7): the Self-Issued ID Token proves who is calling; the embedded VP, signed by that same DID for this
 * verifier, carries VC-JWTs; each VC counts only when a trusted issuer signed it for that holder, it is inside its
 * validity window and its status-list bit is clear. What survives becomes claims for the policy engine.
 *
 * Failures of the token or the presentation refuse the whole request. A failing credential is dropped and listed in
 * `ignored`, so one stale or revoked credential does not hide a valid membership presented next to it.
 */
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS, didOfKeyId, type KeyResolver } from '../identity/index.js';
import {
  MEMBERSHIP_CREDENTIAL_TYPE,
  VC_V1_CONTEXT,
  VERIFIABLE_PRESENTATION_TYPE,
  roleForCredentialType,
  type CredentialType,
  type CredentialedRole,
} from './credential-types.js';
import { readCredentialClaims, type CredentialContent } from './credential.js';
import {
  audienceIncludes,
  checkValidityWindow,
  errorMessage,
  fail,
  isNumericDate,
  isPlainObject,
  isoOf,
  verifyJwtSignature,
  type JwtFailure,
  type VerifiedJwt,
} from './jwt.js';
import {
  MAX_CREDENTIAL_JWT_CHARS,
  MAX_PRESENTATION_JWT_CHARS,
  MAX_PRESENTATION_TTL_SECONDS,
  MAX_PRESENTED_CREDENTIALS,
  MAX_SELF_ISSUED_TOKEN_CHARS,
  MAX_SELF_ISSUED_TOKEN_TTL_SECONDS,
} from './presentation.js';
import { isRevoked } from './status-list.js';

export interface VerifyPresentedIdentityOptions {
  /** This verifier's DID: token and presentation must both name it in `aud`. */
  audience: string;
  now: Date;
  /** Public key for a DID URL `kid` (from the did:web document); used for the caller, the VC issuers and status lists. */
  resolveKey: KeyResolver;
  /** DIDs whose credentials count (the dataspace authority). Keys of other issuers are never resolved. */
  trustedIssuers: ReadonlySet<string>;
  /** Fetches a status list credential JWT by URL; null (or a throw) when unavailable. Called only for trusted issuers' URLs. */
  fetchStatusList: (url: string) => Promise<string | null> | string | null;
  /**
   * Replay check: records `jti` until `exp` (epoch seconds) and returns true when it was already seen. Called once per
   * request, only after the token's signature, audience and lifetime have been checked.
   */
  seenJti?: (jti: string, exp: number) => Promise<boolean> | boolean;
  /** When the exchange issued a challenge, the presentation must carry it as `nonce`. */
  presentationNonce?: string;
  /** Default 30 s. */
  maxClockSkewSeconds?: number;
}

export interface PresentedCredential {
  type: CredentialType;
  issuer: string;
  /** ISO 8601 instant of the credential's `exp`. */
  expiresAt: string;
  id: string | null;
}

export interface PresentedIdentityClaims {
  did: string;
  roles: CredentialedRole[];
  /** `memberOf` of each valid MembershipCredential (dataspace identifiers). */
  memberships: string[];
  credentials: PresentedCredential[];
}

export type IgnoredCredentialReason =
  | 'malformed'
  | 'unknownKey'
  | 'badSignature'
  | 'untrustedIssuer'
  | 'issuerMismatch'
  | 'subjectMismatch'
  | 'expired'
  | 'notYetValid'
  | 'revoked'
  | 'suspended'
  | 'statusUnavailable';

export interface IgnoredCredential {
  /** Position in the presentation's `verifiableCredential` array. */
  index: number;
  reason: IgnoredCredentialReason;
  detail: string;
}

export type PresentedIdentityFailure = JwtFailure | 'holderMismatch' | 'replay' | 'replayCheckFailed' | 'nonceMismatch' | 'invalidOptions';

export type PresentedIdentityResult =
  | { ok: true; claims: PresentedIdentityClaims; ignored: IgnoredCredential[]; tokenId: string; tokenExpiresAtEpochS: number }
  | { ok: false; reason: PresentedIdentityFailure; detail: string; where: 'options' | 'token' | 'presentation' };

type Refusal = Extract<PresentedIdentityResult, { ok: false }>;

function refuse(where: Refusal['where'], reason: PresentedIdentityFailure, detail: string): Refusal {
  return { ok: false, reason, detail, where };
}

const ANY_JWT_TYP: ReadonlySet<string | undefined> = new Set([undefined, 'JWT']);

interface Context {
  opts: VerifyPresentedIdentityOptions;
  nowS: number;
  skewS: number;
  holder: string;
  statusLists: Map<string, Promise<string | null>>;
}

function checkOptions(opts: VerifyPresentedIdentityOptions): string | null {
  if (!isPlainObject(opts)) return 'options must be an object';
  if (typeof opts.audience !== 'string' || opts.audience.length === 0) return 'audience is required';
  if (!(opts.now instanceof Date) || !Number.isFinite(opts.now.getTime())) return 'now must be a valid Date';
  if (typeof opts.resolveKey !== 'function' || typeof opts.fetchStatusList !== 'function') return 'resolveKey and fetchStatusList must be functions';
  if (!opts.trustedIssuers || typeof opts.trustedIssuers.has !== 'function') return 'trustedIssuers must be a Set';
  if (opts.seenJti !== undefined && typeof opts.seenJti !== 'function') return 'seenJti must be a function';
  const skew = opts.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0) return 'maxClockSkewSeconds must be a non-negative number';
  return null;
}

/** Token rules shared with identity/access-token: iss = sub = DID of kid, aud, bounded lifetime, jti. */
function checkToken(v: VerifiedJwt, ctx: Omit<Context, 'holder' | 'statusLists'>): Refusal | { jti: string; exp: number; vp: unknown } {
  const { iss, sub, aud, iat, exp, jti, vp } = v.claims;
  if (typeof iss !== 'string' || typeof sub !== 'string') return refuse('token', 'malformed', 'iss and sub are required');
  if (iss !== v.signerDid || sub !== v.signerDid) return refuse('token', 'issuerMismatch', `iss and sub must both be ${v.signerDid}, the DID of kid`);
  const audOk = audienceIncludes(aud, ctx.opts.audience);
  if (audOk === 'malformed') return refuse('token', 'malformed', 'aud must be a string or string array');
  if (!audOk) return refuse('token', 'wrongAudience', `token is not for ${ctx.opts.audience}`);
  if (!isNumericDate(iat) || !isNumericDate(exp)) return refuse('token', 'malformed', 'iat and exp are required numeric dates');
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) return refuse('token', 'malformed', 'jti must be a string of 1..256 characters');
  if (exp <= iat) return refuse('token', 'malformed', 'exp must be after iat');
  if (exp - iat > MAX_SELF_ISSUED_TOKEN_TTL_SECONDS) return refuse('token', 'lifetimeTooLong', `lifetime ${exp - iat}s exceeds ${MAX_SELF_ISSUED_TOKEN_TTL_SECONDS}s`);
  const window = checkValidityWindow(v.claims, ctx.nowS, ctx.skewS, true);
  if (window) return refuse('token', window.reason, window.detail);
  if (vp !== undefined && typeof vp !== 'string') return refuse('token', 'malformed', 'vp must be a compact VP-JWT string');
  return { jti, exp, vp };
}

/** The presentation must be the caller's own, made for this verifier, and current. Returns its credential list. */
function checkPresentation(v: VerifiedJwt, ctx: Context): Refusal | unknown[] {
  const { iss, sub, aud, iat, nbf, exp, nonce, vp } = v.claims;
  if (typeof iss !== 'string') return refuse('presentation', 'malformed', 'iss (the holder) is required');
  if (iss !== v.signerDid) return refuse('presentation', 'issuerMismatch', `presentation signed by ${v.signerDid} but iss is ${iss}`);
  if (iss !== ctx.holder) return refuse('presentation', 'holderMismatch', `presentation holder ${iss} is not the caller ${ctx.holder}`);
  if (sub !== undefined && sub !== iss) return refuse('presentation', 'holderMismatch', 'presentation sub differs from its holder');
  const audOk = audienceIncludes(aud, ctx.opts.audience);
  if (audOk === 'malformed') return refuse('presentation', 'malformed', 'aud must be a string or string array');
  if (!audOk) return refuse('presentation', 'wrongAudience', `presentation is not for ${ctx.opts.audience}`);
  const window = checkValidityWindow({ iat, nbf, exp }, ctx.nowS, ctx.skewS, true);
  if (window) return refuse('presentation', window.reason, window.detail);
  const start = isNumericDate(nbf) ? nbf : isNumericDate(iat) ? iat : null;
  if (start !== null && (exp as number) - start > MAX_PRESENTATION_TTL_SECONDS) {
    return refuse('presentation', 'lifetimeTooLong', `lifetime exceeds ${MAX_PRESENTATION_TTL_SECONDS}s`);
  }
  if (ctx.opts.presentationNonce !== undefined && nonce !== ctx.opts.presentationNonce) {
    return refuse('presentation', 'nonceMismatch', 'presentation does not carry the expected nonce');
  }
  if (!isPlainObject(vp)) return refuse('presentation', 'malformed', 'vp claim is missing');
  const context = vp['@context'];
  if (!Array.isArray(context) || context[0] !== VC_V1_CONTEXT) return refuse('presentation', 'malformed', `vp @context must start with ${VC_V1_CONTEXT}`);
  if (!Array.isArray(vp.type) || !vp.type.includes(VERIFIABLE_PRESENTATION_TYPE)) return refuse('presentation', 'malformed', 'vp type must include VerifiablePresentation');
  const raw = vp.verifiableCredential;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length > MAX_PRESENTED_CREDENTIALS) return refuse('presentation', 'malformed', `more than ${MAX_PRESENTED_CREDENTIALS} credentials`);
  return list;
}

type CredentialOutcome = { ok: true; content: CredentialContent } | { ok: false; reason: IgnoredCredentialReason; detail: string };

function fetchStatusListOnce(ctx: Context, url: string): Promise<string | null> {
  let pending = ctx.statusLists.get(url);
  if (!pending) {
    pending = (async () => {
      try {
        const jwt = await ctx.opts.fetchStatusList(url);
        return typeof jwt === 'string' ? jwt : null;
      } catch {
        return null;
      }
    })();
    ctx.statusLists.set(url, pending);
  }
  return pending;
}

async function checkCredential(jwt: unknown, ctx: Context): Promise<CredentialOutcome> {
  if (typeof jwt !== 'string') return fail('malformed', 'credential must be a VC-JWT string');
  // Resolve keys only for trusted issuers: resolving means fetching a did:web document named by the presenter.
  let untrusted: string | null = null;
  const guardedResolve: KeyResolver = (kid) => {
    const did = didOfKeyId(kid);
    if (did === null || !ctx.opts.trustedIssuers.has(did)) {
      untrusted = did ?? kid;
      return null;
    }
    return ctx.opts.resolveKey(kid);
  };
  const v = await verifyJwtSignature(jwt, guardedResolve, { maxChars: MAX_CREDENTIAL_JWT_CHARS, allowedTyp: ANY_JWT_TYP, cacheable: true });
  if (!v.ok) {
    if (v.reason === 'unknownKey' && untrusted !== null) return fail('untrustedIssuer', `${untrusted} is not a trusted issuer`);
    return v;
  }
  if (v.claims.iss !== v.signerDid) return fail('issuerMismatch', `signed by ${v.signerDid} but iss is ${String(v.claims.iss)}`);
  const content = readCredentialClaims(v.claims);
  if (typeof content === 'string') return fail('malformed', content);
  if (content.subject !== ctx.holder) return fail('subjectMismatch', `issued to ${content.subject}, presented by ${ctx.holder}`);
  const window = checkValidityWindow({ iat: v.claims.iat, nbf: content.nbf, exp: content.exp }, ctx.nowS, ctx.skewS, true);
  if (window) return window;
  const role = roleForCredentialType(content.type);
  if (role !== null && content.subjectClaims.role !== role) return fail('malformed', `${content.type} must state role ${role}`);
  const memberOf = content.subjectClaims.memberOf;
  if (content.type === MEMBERSHIP_CREDENTIAL_TYPE && (typeof memberOf !== 'string' || memberOf.length === 0)) {
    return fail('malformed', 'MembershipCredential must state memberOf');
  }
  if (content.status) {
    const { statusListCredential: url, index, purpose } = content.status;
    const listJwt = await fetchStatusListOnce(ctx, url);
    if (listJwt === null) return fail('statusUnavailable', `status list ${url} could not be fetched`);
    // Only the credential's issuer may speak about its status, so no other DID's key is resolved for the list.
    const issuerOnly: KeyResolver = (kid) => (didOfKeyId(kid) === content.issuer ? ctx.opts.resolveKey(kid) : null);
    const status = await isRevoked(listJwt, index, issuerOnly, {
      now: ctx.opts.now,
      maxClockSkewSeconds: ctx.skewS,
      expectedIssuer: content.issuer,
      expectedUrl: url,
      expectedPurpose: purpose,
    });
    if (!status.ok) return fail('statusUnavailable', `status list ${url} rejected (${status.reason}): ${status.detail}`);
    if (status.revoked) return fail(purpose === 'revocation' ? 'revoked' : 'suspended', `${purpose} bit ${index} is set in ${url}`);
  }
  return { ok: true, content };
}

async function verifyOrRefuse(token: unknown, opts: VerifyPresentedIdentityOptions): Promise<PresentedIdentityResult> {
  const optionsProblem = checkOptions(opts);
  if (optionsProblem) return refuse('options', 'invalidOptions', optionsProblem);
  const base = { opts, nowS: opts.now.getTime() / 1000, skewS: opts.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS };

  const t = await verifyJwtSignature(token, opts.resolveKey, { maxChars: MAX_SELF_ISSUED_TOKEN_CHARS, allowedTyp: ANY_JWT_TYP });
  if (!t.ok) return refuse('token', t.reason, t.detail);
  const tokenCheck = checkToken(t, base);
  if ('ok' in tokenCheck) return tokenCheck;
  if (opts.seenJti) {
    let seen: boolean;
    try {
      seen = (await opts.seenJti(tokenCheck.jti, tokenCheck.exp)) === true;
    } catch (err) {
      return refuse('token', 'replayCheckFailed', `replay check failed: ${errorMessage(err)}`);
    }
    if (seen) return refuse('token', 'replay', `token ${tokenCheck.jti} was already used`);
  }

  const holder = t.signerDid;
  const ctx: Context = { ...base, holder, statusLists: new Map() };
  const claims: PresentedIdentityClaims = { did: holder, roles: [], memberships: [], credentials: [] };
  const ignored: IgnoredCredential[] = [];
  const done = (): PresentedIdentityResult => ({ ok: true, claims, ignored, tokenId: tokenCheck.jti, tokenExpiresAtEpochS: tokenCheck.exp });
  if (tokenCheck.vp === undefined) return done();

  const p = await verifyJwtSignature(tokenCheck.vp, opts.resolveKey, { maxChars: MAX_PRESENTATION_JWT_CHARS, allowedTyp: ANY_JWT_TYP });
  if (!p.ok) return refuse('presentation', p.reason, p.detail);
  const presented = checkPresentation(p, ctx);
  if (!Array.isArray(presented)) return presented;

  const outcomes = await Promise.all(presented.map((c) => checkCredential(c, ctx)));
  outcomes.forEach((o, index) => {
    if (!o.ok) {
      ignored.push({ index, reason: o.reason, detail: o.detail });
      return;
    }
    const { type, issuer, exp, id, subjectClaims } = o.content;
    claims.credentials.push({ type, issuer, expiresAt: isoOf(exp), id });
    const role = roleForCredentialType(type);
    if (role !== null && !claims.roles.includes(role)) claims.roles.push(role);
    const memberOf = subjectClaims.memberOf;
    if (type === MEMBERSHIP_CREDENTIAL_TYPE && typeof memberOf === 'string' && !claims.memberships.includes(memberOf)) {
      claims.memberships.push(memberOf);
    }
  });
  return done();
}

/**
 * Verifies a Self-Issued ID Token and the presentation it carries. Never throws: bad input, failing callbacks and
 * unexpected errors all come back as `{ ok: false }` (a verifier that throws would turn a bad token into a 500).
 */
export async function verifyPresentedIdentity(token: unknown, options: VerifyPresentedIdentityOptions): Promise<PresentedIdentityResult> {
  try {
    return await verifyOrRefuse(token, options);
  } catch (err) {
    return refuse('token', 'malformed', `verification aborted: ${errorMessage(err)}`);
  }
}
