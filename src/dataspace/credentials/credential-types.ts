/**
 * Credential vocabulary of the dataspace: the W3C VC Data Model 1.1 contexts, the membership credential and one
 * role credential per participant role, as presented under the DCP `vc11-sl2021/jwt` profile
 * (Decentralized Claims Protocol, "Profiles of the Decentralized Claims Protocol": VC DM 1.1 + StatusList2021 + JWT).
 *
 * Role credentials are what the policy engine constrains on (ODRL `leftOperand: "role"`); the `public` role has no
 * credential because Annex XIII(1) information is open to everyone, credential or not.
 */
import type { Role } from '../../passport/index.js';

/** VC Data Model 1.1 §4.1: the first `@context` entry. */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** VC Status List 2021 §2.1: context defining `StatusList2021Credential` and `StatusList2021Entry`. */
export const STATUS_LIST_2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1';
/**
 * Inline JSON-LD context for our own credential types and subject claims (`role`, `memberOf`). An inline `@vocab`
 * keeps the credentials well-formed JSON-LD (VC DM 1.1 §4.1 allows context objects) without pointing at a context
 * document nobody hosts; JWT processing (VC DM 1.1 §6.3.1) does not dereference it.
 */
export const BATTERY_LOOP_VOCAB_CONTEXT = Object.freeze({ '@vocab': 'urn:batteryloop:credentials:' });

export const VERIFIABLE_CREDENTIAL_TYPE = 'VerifiableCredential';
export const VERIFIABLE_PRESENTATION_TYPE = 'VerifiablePresentation';
export const MEMBERSHIP_CREDENTIAL_TYPE = 'MembershipCredential';

export type RoleCredentialType =
  | 'ManufacturerCredential'
  | 'OemCredential'
  | 'LogisticsCredential'
  | 'DismantlerCredential'
  | 'TestingFacilityCredential'
  | 'RemanufacturerCredential'
  | 'RecyclerCredential'
  | 'AuthorityCredential';

export type CredentialType = typeof MEMBERSHIP_CREDENTIAL_TYPE | RoleCredentialType;

/** Roles that are granted by credential; `public` needs none. */
export type CredentialedRole = Exclude<Role, 'public'>;

/** A `Record` so that a new credentialed role without a credential type is a compile error. */
const ROLE_TO_TYPE: Readonly<Record<CredentialedRole, RoleCredentialType>> = Object.freeze({
  manufacturer: 'ManufacturerCredential',
  oem: 'OemCredential',
  logistics: 'LogisticsCredential',
  dismantler: 'DismantlerCredential',
  testingFacility: 'TestingFacilityCredential',
  remanufacturer: 'RemanufacturerCredential',
  recycler: 'RecyclerCredential',
  authority: 'AuthorityCredential',
});

const TYPE_TO_ROLE: ReadonlyMap<string, CredentialedRole> = new Map(
  (Object.entries(ROLE_TO_TYPE) as Array<[CredentialedRole, RoleCredentialType]>).map(([role, type]) => [type, role]),
);

export const ROLE_CREDENTIAL_TYPES: readonly RoleCredentialType[] = Object.freeze(Object.values(ROLE_TO_TYPE));
export const CREDENTIAL_TYPES: readonly CredentialType[] = Object.freeze([MEMBERSHIP_CREDENTIAL_TYPE, ...ROLE_CREDENTIAL_TYPES]);

/** The credential that attests `role`; null for `public` (and anything that is not a role). */
export function credentialTypeForRole(role: Role): RoleCredentialType | null {
  return Object.prototype.hasOwnProperty.call(ROLE_TO_TYPE, role) ? ROLE_TO_TYPE[role as CredentialedRole] : null;
}

/** The role a role credential attests; null for the membership credential and unknown types. */
export function roleForCredentialType(type: string): CredentialedRole | null {
  return TYPE_TO_ROLE.get(type) ?? null;
}

export function isCredentialType(value: unknown): value is CredentialType {
  return typeof value === 'string' && (value === MEMBERSHIP_CREDENTIAL_TYPE || TYPE_TO_ROLE.has(value));
}

/** VC Status List 2021 §2.2: what a set bit means. */
export type StatusPurpose = 'revocation' | 'suspension';

export function isStatusPurpose(value: unknown): value is StatusPurpose {
  return value === 'revocation' || value === 'suspension';
}
