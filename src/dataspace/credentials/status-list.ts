/**
 * Revocation with W3C VC Status List 2021 (the status method of the DCP `vc11-sl2021/jwt` profile).
 *
 * The issuer publishes one `StatusList2021Credential` whose `encodedList` is a GZIP-compressed bitstring,
 * base64url-encoded (§2.3). Bit `i` (index 0 = left-most bit of the first byte) set means the credential whose
 * `statusListIndex` is `i` is revoked (or suspended, for a `suspension` list). §6.1 ("Herd privacy"): the list is at
 * least 16 KB (131,072 entries) so that fetching it does not reveal which credential is being checked.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Ed25519PrivateJwk, Ed25519PublicJwk, KeyResolver } from '../identity/index.js';
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS } from '../identity/index.js';
import { STATUS_LIST_2021_CONTEXT, VC_V1_CONTEXT, VERIFIABLE_CREDENTIAL_TYPE, isStatusPurpose, type StatusPurpose } from './credential-types.js';
import { isStatusListUrl } from './credential.js';
import {
  checkValidityWindow,
  epochSeconds,
  fail,
  isPlainObject,
  requireDidWeb,
  requirePrivateJwk,
  signJwt,
  verifyJwtSignature,
  type Failure,
} from './jwt.js';

/** §6.1: minimum bitstring length, 16 KB. */
export const STATUS_LIST_MIN_ENTRIES = 16 * 1024 * 8;
/** Largest list we decompress (2 MiB, 16,777,216 entries): a guard against GZIP bombs in fetched lists. */
export const STATUS_LIST_MAX_ENTRIES = 2 * 1024 * 1024 * 8;
/** Longest status list credential JWT we parse, in characters (an incompressible maximum-size list fits). */
export const MAX_STATUS_LIST_JWT_CHARS = 4_000_000;

export const STATUS_LIST_CREDENTIAL_TYPE = 'StatusList2021Credential';
export const STATUS_LIST_SUBJECT_TYPE = 'StatusList2021';

/** An uncompressed status bitstring. Treated as immutable: the setters return a new list. */
export interface StatusList {
  readonly lengthEntries: number;
  readonly bits: Uint8Array;
}

/** A fresh all-clear list of `sizeEntries` bits (default and minimum 131,072; rounded up to whole bytes). */
export function createStatusList(sizeEntries: number = STATUS_LIST_MIN_ENTRIES): StatusList {
  if (!Number.isSafeInteger(sizeEntries) || sizeEntries < STATUS_LIST_MIN_ENTRIES || sizeEntries > STATUS_LIST_MAX_ENTRIES) {
    throw new RangeError(`status list size must be an integer in ${STATUS_LIST_MIN_ENTRIES}..${STATUS_LIST_MAX_ENTRIES} entries (VC Status List 2021 §6.1)`);
  }
  const bytes = Math.ceil(sizeEntries / 8);
  return { lengthEntries: bytes * 8, bits: new Uint8Array(bytes) };
}

function checkIndex(list: StatusList, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= list.lengthEntries) {
    throw new RangeError(`index must be an integer in 0..${list.lengthEntries - 1}, got ${index}`);
  }
}

/** Returns a copy of `list` with bit `index` set to `value`. */
export function setStatusBit(list: StatusList, index: number, value: boolean): StatusList {
  checkIndex(list, index);
  const bits = Uint8Array.from(list.bits);
  const mask = 0x80 >> index % 8;
  bits[index >> 3] = value ? bits[index >> 3] | mask : bits[index >> 3] & ~mask;
  return { lengthEntries: list.lengthEntries, bits };
}

/** Returns a copy of `list` with the credential at `index` marked revoked. Revocation is permanent by convention. */
export function setRevoked(list: StatusList, index: number): StatusList {
  return setStatusBit(list, index, true);
}

export function isStatusBitSet(list: StatusList, index: number): boolean {
  checkIndex(list, index);
  return (list.bits[index >> 3] & (0x80 >> index % 8)) !== 0;
}

/** §2.3: GZIP, then base64url without padding. */
export function encodeStatusList(list: StatusList): string {
  return gzipSync(list.bits, { level: 9 }).toString('base64url');
}

const ENCODED_LIST_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Inverse of `encodeStatusList`; null for anything that is not a GZIP bitstring of 16 KB .. 2 MiB. Standard base64
 * is accepted too because early StatusList2021 drafts said "base64".
 */
export function decodeStatusList(encoded: unknown): StatusList | null {
  if (typeof encoded !== 'string' || encoded.length === 0 || encoded.length > MAX_STATUS_LIST_JWT_CHARS || !ENCODED_LIST_RE.test(encoded)) return null;
  try {
    const bytes = gunzipSync(Buffer.from(encoded, 'base64'), { maxOutputLength: STATUS_LIST_MAX_ENTRIES / 8 });
    if (bytes.length * 8 < STATUS_LIST_MIN_ENTRIES) return null;
    return { lengthEntries: bytes.length * 8, bits: new Uint8Array(bytes) };
  } catch {
    return null;
  }
}

export interface IssueStatusListCredentialInput {
  issuerDid: string;
  issuerPrivateJwk: Ed25519PrivateJwk;
  /** The URL the credential is published at; it is the credential id and what `statusListCredential` entries name. */
  url: string;
  list: StatusList;
  issuedAt: Date;
  /** Optional: verifiers refuse the list after this instant, which bounds how stale a cached copy can be. */
  expiresAt?: Date;
  purpose?: StatusPurpose;
}

/** Signs the list as a `StatusList2021Credential` VC-JWT (§2.3; VC DM 1.1 §6.3.1 JWT encoding). */
export async function issueStatusListCredential(input: IssueStatusListCredentialInput): Promise<string> {
  const issuerDid = requireDidWeb(input.issuerDid, 'issuerDid');
  const jwk = requirePrivateJwk(input.issuerPrivateJwk, 'issuerPrivateJwk');
  if (!isStatusListUrl(input.url)) throw new TypeError('url must be an http(s) URL without a fragment');
  const purpose = input.purpose ?? 'revocation';
  if (!isStatusPurpose(purpose)) throw new TypeError(`unknown status purpose ${String(purpose)}`);
  const list = input.list;
  if (!list || !(list.bits instanceof Uint8Array) || list.bits.length * 8 !== list.lengthEntries || list.lengthEntries < STATUS_LIST_MIN_ENTRIES) {
    throw new RangeError('list must come from createStatusList');
  }
  const nbf = epochSeconds(input.issuedAt, 'issuedAt');
  const claims: Record<string, unknown> = {
    iss: issuerDid,
    sub: `${input.url}#list`,
    nbf,
    iat: nbf,
    jti: input.url,
    vc: {
      '@context': [VC_V1_CONTEXT, STATUS_LIST_2021_CONTEXT],
      type: [VERIFIABLE_CREDENTIAL_TYPE, STATUS_LIST_CREDENTIAL_TYPE],
      credentialSubject: { type: STATUS_LIST_SUBJECT_TYPE, statusPurpose: purpose, encodedList: encodeStatusList(list) },
    },
  };
  if (input.expiresAt !== undefined) {
    const exp = epochSeconds(input.expiresAt, 'expiresAt');
    if (exp <= nbf) throw new RangeError('expiresAt must be after issuedAt');
    claims.exp = exp;
  }
  return signJwt(claims, issuerDid, jwk);
}

export type StatusCheckFailure =
  | 'malformed'
  | 'unknownKey'
  | 'badSignature'
  | 'issuerMismatch'
  | 'urlMismatch'
  | 'purposeMismatch'
  | 'expired'
  | 'notYetValid'
  | 'indexOutOfRange';

export type StatusCheckResult =
  | {
      ok: true;
      /** True when the bit is set: revoked for a `revocation` list, suspended for a `suspension` list. */
      revoked: boolean;
      issuer: string;
      url: string;
      purpose: StatusPurpose;
    }
  | Failure<StatusCheckFailure>;

export interface StatusCheckOptions {
  /** When given, the list's validity window (`nbf`/`exp`) is checked against it. */
  now?: Date;
  maxClockSkewSeconds?: number;
  /** The list must be signed by this DID (a credential's status list must come from the credential's issuer). */
  expectedIssuer?: string;
  /** The list's id must be this URL (the `statusListCredential` the credential pointed at). */
  expectedUrl?: string;
  expectedPurpose?: StatusPurpose;
}

const JWT_TYP: ReadonlySet<string | undefined> = new Set([undefined, 'JWT']);

/**
 * Verifies a status list credential and reads bit `index`. Never throws: a list that cannot be trusted is a failure
 * result, never "not revoked". `verifyKey` is the issuer's public key, or a resolver from `kid`.
 */
export async function isRevoked(
  statusListCredentialJwt: unknown,
  index: number,
  verifyKey: Ed25519PublicJwk | KeyResolver,
  options: StatusCheckOptions = {},
): Promise<StatusCheckResult> {
  const verified = await verifyJwtSignature(statusListCredentialJwt, verifyKey, { maxChars: MAX_STATUS_LIST_JWT_CHARS, allowedTyp: JWT_TYP, cacheable: true });
  if (!verified.ok) return verified;
  const { iss, jti, vc } = verified.claims;
  if (typeof iss !== 'string' || typeof jti !== 'string') return fail('malformed', 'iss and jti are required');
  if (iss !== verified.signerDid) return fail('issuerMismatch', `signed by ${verified.signerDid} but iss is ${iss}`);
  if (options.expectedIssuer !== undefined && iss !== options.expectedIssuer) {
    return fail('issuerMismatch', `status list issued by ${iss}, expected ${options.expectedIssuer}`);
  }
  if (options.expectedUrl !== undefined && jti !== options.expectedUrl) return fail('urlMismatch', `status list id ${jti}, expected ${options.expectedUrl}`);
  if (!isPlainObject(vc) || !Array.isArray(vc.type) || !vc.type.includes(STATUS_LIST_CREDENTIAL_TYPE)) {
    return fail('malformed', 'not a StatusList2021Credential');
  }
  const subject = vc.credentialSubject;
  if (!isPlainObject(subject) || subject.type !== STATUS_LIST_SUBJECT_TYPE) return fail('malformed', 'credentialSubject is not a StatusList2021');
  if (!isStatusPurpose(subject.statusPurpose)) return fail('malformed', `unknown statusPurpose ${String(subject.statusPurpose)}`);
  if (options.expectedPurpose !== undefined && subject.statusPurpose !== options.expectedPurpose) {
    return fail('purposeMismatch', `list purpose ${subject.statusPurpose}, expected ${options.expectedPurpose}`);
  }
  if (options.now !== undefined) {
    const nowMs = options.now instanceof Date ? options.now.getTime() : Number.NaN;
    const skew = options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
    if (!Number.isFinite(nowMs) || !Number.isFinite(skew) || skew < 0) return fail('malformed', 'clock options are invalid');
    const { iat, nbf, exp } = verified.claims;
    const windowFailure = checkValidityWindow({ iat, nbf, exp }, nowMs / 1000, skew, false);
    if (windowFailure) return windowFailure;
  }
  const list = decodeStatusList(subject.encodedList);
  if (!list) return fail('malformed', 'encodedList is not a GZIP bitstring of at least 16 KB');
  if (!Number.isSafeInteger(index) || index < 0 || index >= list.lengthEntries) {
    return fail('indexOutOfRange', `index ${String(index)} is outside the list of ${list.lengthEntries} entries`);
  }
  return { ok: true, revoked: isStatusBitSet(list, index), issuer: iss, url: jti, purpose: subject.statusPurpose };
}
