/**
 * Membership and role credentials as VC-JWTs, W3C VC Data Model 1.1 §6.3.1 ("JWT encoding"):
 * `iss` = issuer, `sub` = credentialSubject.id, `nbf` = issuanceDate, `exp` = expirationDate, `jti` = credential id,
 * and the rest of the credential in the `vc` claim. The properties moved to registered claims are left out of `vc`,
 * which §6.3.1 permits, so there is one source of truth for each of them.
 */
import { randomUUID } from 'node:crypto';
import type { Ed25519PrivateJwk } from '../identity/index.js';
import {
  BATTERY_LOOP_VOCAB_CONTEXT,
  MEMBERSHIP_CREDENTIAL_TYPE,
  STATUS_LIST_2021_CONTEXT,
  VC_V1_CONTEXT,
  VERIFIABLE_CREDENTIAL_TYPE,
  isCredentialType,
  isStatusPurpose,
  roleForCredentialType,
  type CredentialType,
  type StatusPurpose,
} from './credential-types.js';
import { epochSeconds, isNumericDate, isPlainObject, requireDidWeb, requirePrivateJwk, signJwt } from './jwt.js';

/** Where the credential's status bit lives (VC Status List 2021 §2.2, `StatusList2021Entry`). */
export interface CredentialStatusRef {
  /** URL of the status list credential. */
  statusListCredential: string;
  /** Bit position in that list. */
  index: number;
  /** Default `revocation`. */
  purpose?: StatusPurpose;
}

export interface IssueCredentialInput {
  issuerDid: string;
  issuerPrivateJwk: Ed25519PrivateJwk;
  subjectDid: string;
  types: readonly [typeof VERIFIABLE_CREDENTIAL_TYPE, CredentialType];
  /**
   * credentialSubject claims besides `id`. A role credential carries `role` (filled in from the type when absent, and
   * it must agree with the type when present); a membership credential needs `memberOf` (the dataspace identifier).
   */
  claims?: Record<string, unknown>;
  issuedAt: Date;
  expiresAt: Date;
  status?: CredentialStatusRef;
  /** Credential id (`jti`); defaults to a fresh `urn:uuid:`. */
  id?: string;
}

/** Longest status list we index into: 2^31 bits is far beyond any list a verifier will decompress. */
const MAX_STATUS_INDEX = 2 ** 31 - 1;

export function isStatusListUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hash === '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

function subjectClaimsFor(type: CredentialType, claims: Record<string, unknown>): Record<string, unknown> {
  if (!isPlainObject(claims)) throw new TypeError('claims must be an object');
  if ('id' in claims) throw new TypeError('claims must not contain id: the subject id is subjectDid');
  const out: Record<string, unknown> = JSON.parse(JSON.stringify(claims)) as Record<string, unknown>;
  if (type === MEMBERSHIP_CREDENTIAL_TYPE) {
    if (typeof out.memberOf !== 'string' || out.memberOf.length === 0) throw new TypeError('a MembershipCredential needs claims.memberOf');
    return out;
  }
  const role = roleForCredentialType(type);
  if (out.role !== undefined && out.role !== role) throw new TypeError(`claims.role ${String(out.role)} contradicts ${type} (role ${role})`);
  out.role = role;
  return out;
}

function statusEntry(status: CredentialStatusRef): Record<string, unknown> {
  if (!isStatusListUrl(status.statusListCredential)) throw new TypeError('status.statusListCredential must be an http(s) URL without a fragment');
  if (!Number.isSafeInteger(status.index) || status.index < 0 || status.index > MAX_STATUS_INDEX) {
    throw new RangeError(`status.index must be an integer in 0..${MAX_STATUS_INDEX}`);
  }
  const purpose = status.purpose ?? 'revocation';
  if (!isStatusPurpose(purpose)) throw new TypeError(`unknown status purpose ${String(purpose)}`);
  // VC Status List 2021 §2.2: statusListIndex is a string; the entry id is the list URL plus the index fragment.
  return {
    id: `${status.statusListCredential}#${status.index}`,
    type: 'StatusList2021Entry',
    statusPurpose: purpose,
    statusListIndex: String(status.index),
    statusListCredential: status.statusListCredential,
  };
}

/** Issues a membership or role credential as a compact JWS (alg EdDSA, kid `issuerDid#key-1`). */
export async function issueCredential(input: IssueCredentialInput): Promise<string> {
  const issuerDid = requireDidWeb(input.issuerDid, 'issuerDid');
  const subjectDid = requireDidWeb(input.subjectDid, 'subjectDid');
  const jwk = requirePrivateJwk(input.issuerPrivateJwk, 'issuerPrivateJwk');
  const types = input.types;
  if (!Array.isArray(types) || types.length !== 2 || types[0] !== VERIFIABLE_CREDENTIAL_TYPE || !isCredentialType(types[1])) {
    throw new TypeError(`types must be ['VerifiableCredential', <credential type>], got ${JSON.stringify(types)}`);
  }
  const nbf = epochSeconds(input.issuedAt, 'issuedAt');
  const exp = epochSeconds(input.expiresAt, 'expiresAt');
  if (exp <= nbf) throw new RangeError('expiresAt must be after issuedAt');
  const id = input.id ?? `urn:uuid:${randomUUID()}`;
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('id must be a non-empty string');

  const vc: Record<string, unknown> = {
    '@context': input.status ? [VC_V1_CONTEXT, STATUS_LIST_2021_CONTEXT, BATTERY_LOOP_VOCAB_CONTEXT] : [VC_V1_CONTEXT, BATTERY_LOOP_VOCAB_CONTEXT],
    type: [VERIFIABLE_CREDENTIAL_TYPE, types[1]],
    credentialSubject: subjectClaimsFor(types[1], input.claims ?? {}),
  };
  if (input.status) vc.credentialStatus = statusEntry(input.status);
  return signJwt({ iss: issuerDid, sub: subjectDid, nbf, iat: nbf, exp, jti: id, vc }, issuerDid, jwk);
}

/** A credential's content after its signature has been checked, read back from the VC-JWT claims. */
export interface CredentialContent {
  id: string | null;
  issuer: string;
  subject: string;
  type: CredentialType;
  nbf: number;
  exp: number;
  subjectClaims: Record<string, unknown>;
  status: Required<CredentialStatusRef> | null;
}

function readStatus(raw: unknown): Required<CredentialStatusRef> | string | null {
  if (raw === undefined) return null;
  if (!isPlainObject(raw)) return 'credentialStatus must be an object';
  if (raw.type !== 'StatusList2021Entry') return `credentialStatus type ${String(raw.type)} is not supported`;
  if (!isStatusPurpose(raw.statusPurpose)) return `statusPurpose ${String(raw.statusPurpose)} is not supported`;
  if (!isStatusListUrl(raw.statusListCredential)) return 'statusListCredential is not an http(s) URL';
  const idx = raw.statusListIndex;
  const index = typeof idx === 'string' && /^(0|[1-9][0-9]{0,9})$/.test(idx) ? Number(idx) : Number.NaN;
  if (!Number.isSafeInteger(index) || index > MAX_STATUS_INDEX) return 'statusListIndex must be a decimal integer string';
  return { statusListCredential: raw.statusListCredential, index, purpose: raw.statusPurpose };
}

/**
 * Reads a VC-JWT claim set (VC DM 1.1 §6.3.1). When `vc` repeats a registered claim (`issuer`, `credentialSubject.id`,
 * `id`), the two must agree: a mismatch would let different processors see different credentials.
 */
export function readCredentialClaims(claims: Record<string, unknown>): CredentialContent | string {
  const { iss, sub, nbf, exp, jti, vc } = claims;
  if (typeof iss !== 'string' || typeof sub !== 'string') return 'iss and sub are required';
  if (!isNumericDate(nbf) || !isNumericDate(exp)) return 'nbf and exp must be numeric dates';
  if (jti !== undefined && typeof jti !== 'string') return 'jti must be a string';
  if (!isPlainObject(vc)) return 'vc claim is missing';
  const ctx = vc['@context'];
  if (!Array.isArray(ctx) || ctx[0] !== VC_V1_CONTEXT) return `vc @context must start with ${VC_V1_CONTEXT}`;
  const type = vc.type;
  if (!Array.isArray(type) || !type.includes(VERIFIABLE_CREDENTIAL_TYPE)) return 'vc type must include VerifiableCredential';
  const specific = type.filter((t) => t !== VERIFIABLE_CREDENTIAL_TYPE);
  if (specific.length !== 1 || !isCredentialType(specific[0])) return `unsupported credential type ${JSON.stringify(specific)}`;
  const issuer = vc.issuer;
  const issuerId = isPlainObject(issuer) ? issuer.id : issuer;
  if (issuer !== undefined && issuerId !== iss) return 'vc issuer does not match iss';
  if (vc.id !== undefined && vc.id !== jti) return 'vc id does not match jti';
  const subject = vc.credentialSubject;
  if (!isPlainObject(subject)) return 'vc credentialSubject must be a single object';
  if (subject.id !== undefined && subject.id !== sub) return 'credentialSubject id does not match sub';
  const status = readStatus(vc.credentialStatus);
  if (typeof status === 'string') return status;
  const { id: _id, ...subjectClaims } = subject;
  return { id: jti ?? null, issuer: iss, subject: sub, type: specific[0], nbf, exp, subjectClaims, status };
}
