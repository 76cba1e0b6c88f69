/**
 * The Dataspace Protocol 2025-1 wire format: message types, builders, parsers for incoming documents, and the
 * ODRL policy model the rest of the dataspace code works with. No HTTP and no storage here.
 */
export * from './context.js';
export type * from './messages.js';
export { DSP_EMBEDDED_TYPES, DSP_MESSAGE_TYPES } from './messages.js';
export { NEGOTIATION_EVENT_TYPES, NEGOTIATION_STATES } from './wire-negotiation.js';
export { TRANSFER_STATES } from './wire-transfer.js';
export { LOGICAL_OPERATORS, ODRL_OPERATORS } from './wire-policy.js';

export {
  errorReasons,
  isDspEmbeddedType,
  isDspMessageType,
  parseAnyMessage,
  parseDidService,
  parseEmbedded,
  parseMessage,
  parseVersionResponse,
  type FieldError,
  type ParseResult,
} from './parse.js';
export { XSD_DATE_TIME } from './validate-policy.js';

export { DspBuildError } from './build-kit.js';
export * from './builders-catalog.js';
export * from './builders-negotiation.js';
export * from './builders-transfer.js';
export * from './builders-discovery.js';

export {
  agreementFromWire,
  agreementToWire,
  checkPolicyDoc,
  datasetOfferToWire,
  offerFromWire,
  offerToWire,
  policyFromWire,
  policyToWire,
  type AgreementTerms,
  type AtomicConstraint,
  type Constraint,
  type LogicalConstraint,
  type OdrlResult,
  type OfferTerms,
  type OperandValue,
  type PolicyDoc,
  type RightOperand,
  type Rule,
} from './odrl.js';
export { canonicalPolicy, samePolicy } from './odrl-compare.js';
