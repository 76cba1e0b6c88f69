import type { Role } from '../../passport/index.js';

/**
 * Runtime list of participant roles. Declared as a `Record<Role, true>` so that adding a role to the
 * native passport type without listing it here is a compile error.
 */
const ROLE_FLAGS: Record<Role, true> = {
  manufacturer: true,
  oem: true,
  logistics: true,
  dismantler: true,
  testingFacility: true,
  remanufacturer: true,
  recycler: true,
  authority: true,
  public: true,
};

export const PARTICIPANT_ROLES: readonly Role[] = Object.freeze(Object.keys(ROLE_FLAGS) as Role[]);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ROLE_FLAGS, value);
}
