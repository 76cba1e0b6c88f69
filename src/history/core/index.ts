export {
  CHEMISTRIES,
  BATTERY_STATUSES,
  APPLICATIONS,
  OWNERSHIP_REASONS,
  SAFETY_STATUSES,
  COMPONENT_CONDITIONS,
  TEST_METHODS,
  RECOVERABLE_ELEMENTS,
  RECYCLING_PROCESSES,
  PAYLOAD_SCHEMAS,
  type EventType,
  type EventPayloads,
  type EventPayload,
  type RecoverableElement,
} from './payload-schemas.js';
export {
  EVENT_TYPES,
  EVENT_AUTHOR_ROLES,
  STATUS_TRANSITIONS,
  isEventType,
  mayAuthor,
  statusTransitionRoles,
} from './event-types.js';
export { validateEventPayload, type FieldError } from './validate.js';
export { EXAMPLE_PAYLOADS } from './examples.js';
export {
  GENESIS_PREV_HASH,
  ENVELOPE_FIELDS,
  nextLink,
  envelopeOf,
  prepareEvent,
  authoringErrors,
  validateEnvelopeFields,
  isEventId,
  isHash,
  isRfc3339DateTime,
  type EventAuthor,
  type EventDraft,
  type EventEnvelope,
  type SignedEvent,
  type StoredEvent,
  type ChainLink,
  type PrepareEventInput,
  type PrepareEventResult,
} from './envelope.js';
export {
  EVENT_SIGNATURE_ALG,
  canonicalEnvelope,
  computeEventHash,
  toStoredEvent,
  signEvent,
  verifyEventSignature,
  parseDetachedSignature,
  type SignEventOptions,
  type DetachedSignature,
  type EventSignatureCheck,
} from './signing.js';
export {
  verifyChain,
  type ChainProblem,
  type ChainFault,
  type ChainVerification,
  type EventKeyResolver,
  type VerifyChainOptions,
} from './chain.js';
export {
  generateDemoLifeEvents,
  uuidFromRng,
  type DemoPassportFacts,
  type DemoParticipants,
  type DemoRole,
  type DemoLifeOptions,
} from './demo-events.js';
export { dynamicAttributesOf } from './dynamic-attributes.js';
export { LocationSchema, PartySchema, HandlingSchema } from './payload-schemas.js';
