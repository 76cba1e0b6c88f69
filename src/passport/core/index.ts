/** Public API of the pure passport core: catalogue, access rules, validation, structure, lifecycle, demo data. */
export type {
  AccessTier,
  AttributeValue,
  BatteryStatus,
  Chemistry,
  PackNode,
  Participant,
  Passport,
  Role,
} from './types.js';
export * from './catalogue/index.js';
export type { AttributeError } from './errors.js';
export {
  readableTiers,
  canReadAttribute,
  filterPassportForRole,
  canWriteAttribute,
  type AccessOptions,
  type WriteDecision,
} from './access.js';
export {
  validateAttributeValue,
  validateAttributes,
  validatePassport,
  SCHEMA_VERSION,
  PASSPORT_ID_PATTERN,
  BATTERY_ID_PATTERN,
  DID_WEB_PATTERN,
  type AttributeValidationOptions,
} from './validation.js';
export { isValidDate, isValidDateTime } from './value-check.js';
export { validateStructure, listModules, listCells, findNode } from './structure.js';
export {
  TRANSITIONS,
  LifecycleError,
  planTransition,
  applyInPlace,
  deriveSuccessor,
  closePassport,
  assertWritable,
  type TransitionPlan,
  type WritableCheck,
  type SuccessorInput,
} from './lifecycle.js';
export { generateDemoPassports, PACK_DESIGNS, type DemoOptions } from './demo.js';
