/**
 * Every DSP 2025-1 message and object type, keyed by its compact `@type`, plus the `/.well-known/dspace-version`
 * response and the DID service entry used for connector discovery.
 */
import type { Catalog, CatalogError, CatalogRequestMessage, DataService, Dataset, DatasetRequestMessage, Distribution } from './wire-catalog.js';
import type {
  ContractAgreementMessage,
  ContractAgreementVerificationMessage,
  ContractNegotiation,
  ContractNegotiationError,
  ContractNegotiationEventMessage,
  ContractNegotiationTerminationMessage,
  ContractOfferMessage,
  ContractRequestMessage,
} from './wire-negotiation.js';
import type { Agreement, Offer } from './wire-policy.js';
import type {
  DataAddress,
  EndpointProperty,
  TransferCompletionMessage,
  TransferError,
  TransferProcess,
  TransferRequestMessage,
  TransferStartMessage,
  TransferSuspensionMessage,
  TransferTerminationMessage,
} from './wire-transfer.js';

export type * from './wire-catalog.js';
export type * from './wire-negotiation.js';
export type * from './wire-policy.js';
export type * from './wire-transfer.js';

/** Documents that stand alone as an HTTP body, carrying `@context` and `@type` (`parseMessage` handles these). */
export interface DspMessageMap {
  CatalogRequestMessage: CatalogRequestMessage;
  DatasetRequestMessage: DatasetRequestMessage;
  Catalog: Catalog;
  Dataset: Dataset;
  CatalogError: CatalogError;
  ContractRequestMessage: ContractRequestMessage;
  ContractOfferMessage: ContractOfferMessage;
  ContractAgreementMessage: ContractAgreementMessage;
  ContractAgreementVerificationMessage: ContractAgreementVerificationMessage;
  ContractNegotiationEventMessage: ContractNegotiationEventMessage;
  ContractNegotiationTerminationMessage: ContractNegotiationTerminationMessage;
  ContractNegotiation: ContractNegotiation;
  ContractNegotiationError: ContractNegotiationError;
  TransferRequestMessage: TransferRequestMessage;
  TransferStartMessage: TransferStartMessage;
  TransferSuspensionMessage: TransferSuspensionMessage;
  TransferCompletionMessage: TransferCompletionMessage;
  TransferTerminationMessage: TransferTerminationMessage;
  TransferProcess: TransferProcess;
  TransferError: TransferError;
}
export type DspMessageType = keyof DspMessageMap;
export type DspMessage = DspMessageMap[DspMessageType];

export const DSP_MESSAGE_TYPES = [
  'CatalogRequestMessage',
  'DatasetRequestMessage',
  'Catalog',
  'Dataset',
  'CatalogError',
  'ContractRequestMessage',
  'ContractOfferMessage',
  'ContractAgreementMessage',
  'ContractAgreementVerificationMessage',
  'ContractNegotiationEventMessage',
  'ContractNegotiationTerminationMessage',
  'ContractNegotiation',
  'ContractNegotiationError',
  'TransferRequestMessage',
  'TransferStartMessage',
  'TransferSuspensionMessage',
  'TransferCompletionMessage',
  'TransferTerminationMessage',
  'TransferProcess',
  'TransferError',
] as const satisfies readonly DspMessageType[];

/** Objects that only occur embedded in a message (no `@context` of their own; `parseEmbedded` handles these). */
export interface DspEmbeddedMap {
  Offer: Offer;
  Agreement: Agreement;
  DataService: DataService;
  Distribution: Distribution;
  DataAddress: DataAddress;
  EndpointProperty: EndpointProperty;
}
export type DspEmbeddedType = keyof DspEmbeddedMap;
export const DSP_EMBEDDED_TYPES = [
  'Offer',
  'Agreement',
  'DataService',
  'Distribution',
  'DataAddress',
  'EndpointProperty',
] as const satisfies readonly DspEmbeddedType[];

/** Authentication profile advertised per version (`protocol-version-schema.json#/definitions/Auth`). */
export interface VersionAuth {
  /** e.g. `DCP`. */
  protocol: string;
  version: string;
  /** e.g. `["vc11-sl2021/jwt"]`. */
  profile?: string[];
}

export interface ProtocolVersion {
  /** `2025-1` for this implementation; other strings are allowed on the wire. */
  version: string;
  /** Appended to the connector root to give `<base>`; every DSP path is relative to it. */
  path: string;
  binding: 'HTTPS';
  /** e.g. `did:web`. */
  identifierType?: string;
  serviceId?: string;
  auth?: VersionAuth;
}

/** Body of GET `/.well-known/dspace-version`. Plain JSON: no `@context`, no `@type`. */
export interface VersionResponse {
  protocolVersions: ProtocolVersion[];
}

/** A DSP entry in a DID document's `service` array (`common/did-service-schema.json`). */
export interface DidService {
  '@context'?: string[];
  id: string;
  type: 'DataService' | 'CatalogService';
  serviceEndpoint: string;
}
