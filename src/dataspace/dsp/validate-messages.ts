/**
 * Checks for every DSP 2025-1 document, mirroring `catalog/`, `negotiation/`, `transfer/` and `common/` schemas of
 * release 2025-1-err1, with the spec-text rules layered on top (see `validate-policy.ts` for the ODRL ones).
 */
import { DID_CONTEXT, DSP_CONTEXT, isHttpUrl } from './context.js';
import type { DspEmbeddedType, DspMessageType } from './messages.js';
import {
  anyArray,
  anyString,
  arr,
  constant,
  either,
  fail,
  forbid,
  has,
  id,
  message,
  obj,
  opt,
  req,
  str,
  type Check,
  type ObjectRule,
  type Prop,
} from './validate-kit.js';
import { agreement, datasetOffer, messageOffer, targetedOffer } from './validate-policy.js';
import { NEGOTIATION_EVENT_TYPES, NEGOTIATION_STATES } from './wire-negotiation.js';
import { TRANSFER_STATES } from './wire-transfer.js';

/** Callback addresses must be absolute http(s) URLs: they are where we send the next messages. */
const callbackAddress = str({ refine: (s) => (isHttpUrl(s) ? null : `must be an absolute http(s) URL (got ${JSON.stringify(s)})`) });

/** `code` is a free string, `reason` a non-empty array of anything (strings in practice). */
const codeReason: Record<string, Prop> = { code: opt(anyString), reason: opt(arr(() => undefined, 1)) };
const pids: Record<string, Prop> = { providerPid: req(id), consumerPid: req(id) };

// ---- Catalog -------------------------------------------------------------------------------------------------

const dataServiceCheck: Check = (v, p, o) => DATA_SERVICE(v, p, o);
const datasetEntryCheck: Check = (v, p, o) => DATASET_ENTRY(v, p, o);
const subCatalogCheck: Check = (v, p, o) => SUB_CATALOG(v, p, o);

const DATA_SERVICE: Check = obj({
  '@id': req(id),
  '@type': req(constant('DataService')),
  endpointURL: req(anyString),
  servesDataset: opt(arr(datasetEntryCheck, 1)),
});

const DISTRIBUTION: Check = obj({
  '@type': opt(constant('Distribution')),
  format: req(id),
  accessService: req(either((v) => typeof v === 'string', id, dataServiceCheck)),
  hasPolicy: opt(arr(datasetOffer, 1)),
});

const datasetProps: Record<string, Prop> = {
  '@id': req(id),
  hasPolicy: req(arr(datasetOffer, 1)),
  distribution: req(arr(DISTRIBUTION, 1)),
};

const DATASET_ENTRY: Check = obj({ ...datasetProps, '@type': opt(constant('Dataset')) });

const noCatalogPolicy = forbid('hasPolicy', 'a Catalog carries no policy of its own (catalog-schema.json)');
const catalogProps: Record<string, Prop> = {
  '@id': req(id),
  participantId: opt(id),
  dataset: opt(arr(datasetEntryCheck, 1)),
  catalog: opt(arr(subCatalogCheck, 1)),
  service: opt(arr(dataServiceCheck, 1)),
  distribution: opt(arr(DISTRIBUTION, 1)),
};
const SUB_CATALOG: Check = obj({ ...catalogProps, '@type': req(constant('Catalog')) }, noCatalogPolicy);

// ---- Negotiation rules the schemas express with oneOf -------------------------------------------------------

/**
 * The schema's `oneOf` requires exactly one of `callbackAddress`/`providerPid`. We require at least one and accept
 * both (a counter-request that repeats the callback is unambiguous: `providerPid` makes it a counter-request);
 * our builders emit exactly one, so what we send stays schema-valid.
 */
const requestNeedsCallbackOrProvider: ObjectRule = (o, path, out) => {
  if (!has(o, 'callbackAddress') && !has(o, 'providerPid')) {
    fail(out, [...path, 'callbackAddress'], 'is required when providerPid is absent (an initial request names where to call back)');
  }
};

/** Same for ContractOfferMessage with `consumerPid` (schema `oneOf`). */
const offerNeedsCallbackOrConsumer: ObjectRule = (o, path, out) => {
  if (!has(o, 'callbackAddress') && !has(o, 'consumerPid')) {
    fail(out, [...path, 'callbackAddress'], 'is required when consumerPid is absent (an initial offer names where to call back)');
  }
};

// ---- Transfer ------------------------------------------------------------------------------------------------

const ENDPOINT_PROPERTY: Check = obj({ '@type': req(constant('EndpointProperty')), name: req(id), value: req(anyString) });
const DATA_ADDRESS: Check = obj({
  '@type': req(constant('DataAddress')),
  endpointType: req(id),
  endpoint: opt(anyString),
  endpointProperties: opt(arr(ENDPOINT_PROPERTY, 1)),
});

// ---- Registry ------------------------------------------------------------------------------------------------

export const MESSAGE_CHECKS: Record<DspMessageType, Check> = {
  CatalogRequestMessage: message('CatalogRequestMessage', { filter: opt(anyArray) }),
  DatasetRequestMessage: message('DatasetRequestMessage', { dataset: req(id) }),
  Catalog: message('Catalog', { ...catalogProps, participantId: req(id) }, noCatalogPolicy),
  Dataset: message('Dataset', datasetProps),
  CatalogError: message('CatalogError', { code: opt(anyString), reason: opt(anyArray) }),

  ContractRequestMessage: message(
    'ContractRequestMessage',
    { consumerPid: req(id), providerPid: opt(id), offer: req(messageOffer), callbackAddress: opt(callbackAddress) },
    requestNeedsCallbackOrProvider,
  ),
  ContractOfferMessage: message(
    'ContractOfferMessage',
    { providerPid: req(id), consumerPid: opt(id), offer: req(targetedOffer), callbackAddress: opt(callbackAddress) },
    offerNeedsCallbackOrConsumer,
  ),
  ContractAgreementMessage: message('ContractAgreementMessage', { ...pids, agreement: req(agreement) }),
  ContractAgreementVerificationMessage: message('ContractAgreementVerificationMessage', pids),
  ContractNegotiationEventMessage: message('ContractNegotiationEventMessage', {
    ...pids,
    eventType: req(str({ oneOf: NEGOTIATION_EVENT_TYPES })),
  }),
  ContractNegotiationTerminationMessage: message('ContractNegotiationTerminationMessage', { ...pids, ...codeReason }),
  ContractNegotiation: message('ContractNegotiation', { ...pids, state: req(str({ oneOf: NEGOTIATION_STATES })) }),
  ContractNegotiationError: message('ContractNegotiationError', { ...pids, ...codeReason }),

  TransferRequestMessage: message('TransferRequestMessage', {
    consumerPid: req(id),
    agreementId: req(id),
    format: req(id),
    dataAddress: opt(DATA_ADDRESS),
    callbackAddress: req(callbackAddress),
  }),
  TransferStartMessage: message('TransferStartMessage', { ...pids, dataAddress: opt(DATA_ADDRESS) }),
  TransferSuspensionMessage: message('TransferSuspensionMessage', { ...pids, ...codeReason }),
  TransferCompletionMessage: message('TransferCompletionMessage', pids),
  TransferTerminationMessage: message('TransferTerminationMessage', { ...pids, ...codeReason }),
  TransferProcess: message('TransferProcess', { ...pids, state: req(str({ oneOf: TRANSFER_STATES })) }),
  TransferError: message('TransferError', { ...pids, ...codeReason }),
};

export const EMBEDDED_CHECKS: Record<DspEmbeddedType, Check> = {
  Offer: messageOffer,
  Agreement: agreement,
  DataService: DATA_SERVICE,
  Distribution: DISTRIBUTION,
  DataAddress: DATA_ADDRESS,
  EndpointProperty: ENDPOINT_PROPERTY,
};

// ---- Documents without @type -------------------------------------------------------------------------------

const VERSION: Check = obj({
  version: req(id),
  path: req(anyString),
  binding: req(constant('HTTPS')),
  identifierType: opt(anyString),
  serviceId: opt(anyString),
  auth: opt(obj({ protocol: req(id), version: req(anyString), profile: opt(arr(anyString)) })),
});

/** Body of `/.well-known/dspace-version` (`common/protocol-version-schema.json`). */
export const VERSION_RESPONSE: Check = obj({ protocolVersions: req(arr(VERSION, 1)) });

const didServiceContext: Check = (v, path, out) => {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return fail(out, path, 'must be an array of strings');
  for (const needed of [DSP_CONTEXT, DID_CONTEXT]) {
    if (!v.includes(needed)) fail(out, path, `must contain ${JSON.stringify(needed)}`);
  }
};

/** A DID document `service` entry (`common/did-service-schema.json`, pattern kept as upstream: unanchored start). */
export const DID_SERVICE: Check = obj({
  '@context': opt(didServiceContext),
  id: req(id),
  type: req(str({ oneOf: ['DataService', 'CatalogService'] })),
  serviceEndpoint: req(str({ pattern: /https?:\/\/.*?\/catalog$/ })),
});
