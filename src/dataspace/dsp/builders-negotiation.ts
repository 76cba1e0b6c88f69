/**
 * Builders for the Contract Negotiation Protocol (DSP 2025-1 CN and its HTTPS binding). Offers and agreements come
 * in as internal `OfferTerms`/`AgreementTerms` and are converted here, so callers never assemble ODRL JSON.
 */
import { defined, finish } from './build-kit.js';
import { dspContext } from './context.js';
import { agreementToWire, offerToWire, type AgreementTerms, type OfferTerms } from './odrl.js';
import { MESSAGE_CHECKS } from './validate-messages.js';
import type {
  ContractAgreementMessage,
  ContractAgreementVerificationMessage,
  ContractNegotiation,
  ContractNegotiationError,
  ContractNegotiationEventMessage,
  ContractNegotiationTerminationMessage,
  ContractOfferMessage,
  ContractRequestMessage,
  NegotiationEventType,
  NegotiationState,
} from './wire-negotiation.js';

/** An offer in a negotiation message names its dataset. */
export type TargetedOfferTerms = OfferTerms & { target: string };

export interface ProcessIds {
  providerPid: string;
  consumerPid: string;
}

export interface CodeAndReason {
  code?: string;
  /** Human-readable reasons; an empty list is left out (the schemas require at least one item when present). */
  reason?: string[];
}

/**
 * Initial request (`callbackAddress`, POST `/negotiations/request`) or counter-request (`providerPid`, POST
 * `/negotiations/:providerPid/request`). The schema's `oneOf` allows exactly one of the two.
 */
export type ContractRequestInput = { consumerPid: string; offer: TargetedOfferTerms } & (
  | { callbackAddress: string; providerPid?: undefined }
  | { providerPid: string; callbackAddress?: undefined }
);

/** Initial provider offer (`callbackAddress`) or counter-offer (`consumerPid`); exactly one of the two. */
export type ContractOfferInput = { providerPid: string; offer: TargetedOfferTerms } & (
  | { callbackAddress: string; consumerPid?: undefined }
  | { consumerPid: string; callbackAddress?: undefined }
);

function reasons(reason: string[] | undefined): string[] | undefined {
  return reason && reason.length > 0 ? [...reason] : undefined;
}

export function contractRequestMessage(input: ContractRequestInput): ContractRequestMessage {
  const doc: ContractRequestMessage = defined({
    '@context': dspContext(),
    '@type': 'ContractRequestMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    offer: offerToWire(input.offer),
    callbackAddress: input.providerPid === undefined ? input.callbackAddress : undefined,
  });
  return finish('ContractRequestMessage', MESSAGE_CHECKS.ContractRequestMessage, doc);
}

export function contractOfferMessage(input: ContractOfferInput): ContractOfferMessage {
  const doc: ContractOfferMessage = defined({
    '@context': dspContext(),
    '@type': 'ContractOfferMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    offer: offerToWire(input.offer),
    callbackAddress: input.consumerPid === undefined ? input.callbackAddress : undefined,
  });
  return finish('ContractOfferMessage', MESSAGE_CHECKS.ContractOfferMessage, doc);
}

export function contractAgreementMessage(input: ProcessIds & { agreement: AgreementTerms }): ContractAgreementMessage {
  return finish('ContractAgreementMessage', MESSAGE_CHECKS.ContractAgreementMessage, {
    '@context': dspContext(),
    '@type': 'ContractAgreementMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    agreement: agreementToWire(input.agreement),
  });
}

export function contractAgreementVerificationMessage(input: ProcessIds): ContractAgreementVerificationMessage {
  return finish('ContractAgreementVerificationMessage', MESSAGE_CHECKS.ContractAgreementVerificationMessage, {
    '@context': dspContext(),
    '@type': 'ContractAgreementVerificationMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
  });
}

/** `ACCEPTED` (consumer → provider) or `FINALIZED` (provider → consumer). */
export function contractNegotiationEventMessage(input: ProcessIds & { eventType: NegotiationEventType }): ContractNegotiationEventMessage {
  return finish('ContractNegotiationEventMessage', MESSAGE_CHECKS.ContractNegotiationEventMessage, {
    '@context': dspContext(),
    '@type': 'ContractNegotiationEventMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    eventType: input.eventType,
  });
}

export function contractNegotiationTerminationMessage(input: ProcessIds & CodeAndReason): ContractNegotiationTerminationMessage {
  const doc: ContractNegotiationTerminationMessage = defined({
    '@context': dspContext(),
    '@type': 'ContractNegotiationTerminationMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    code: input.code,
    reason: reasons(input.reason),
  });
  return finish('ContractNegotiationTerminationMessage', MESSAGE_CHECKS.ContractNegotiationTerminationMessage, doc);
}

/** The negotiation resource (GET `/negotiations/:pid`, 201 reply to an initial request or offer). */
export function contractNegotiation(input: ProcessIds & { state: NegotiationState }): ContractNegotiation {
  return finish('ContractNegotiation', MESSAGE_CHECKS.ContractNegotiation, {
    '@context': dspContext(),
    '@type': 'ContractNegotiation' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    state: input.state,
  });
}

export function contractNegotiationError(input: ProcessIds & CodeAndReason): ContractNegotiationError {
  const doc: ContractNegotiationError = defined({
    '@context': dspContext(),
    '@type': 'ContractNegotiationError' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    code: input.code,
    reason: reasons(input.reason),
  });
  return finish('ContractNegotiationError', MESSAGE_CHECKS.ContractNegotiationError, doc);
}
