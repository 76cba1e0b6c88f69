/**
 * Contract Negotiation wire types (DSP 2025-1 Contract Negotiation Protocol; `negotiation/*-schema.json`).
 * Every process-bound message carries both process ids, each chosen by its own side.
 */
import type { Agreement, JsonValue, Offer } from './wire-policy.js';

export const NEGOTIATION_STATES = ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED'] as const;
export type NegotiationState = (typeof NEGOTIATION_STATES)[number];

export const NEGOTIATION_EVENT_TYPES = ['ACCEPTED', 'FINALIZED'] as const;
export type NegotiationEventType = (typeof NEGOTIATION_EVENT_TYPES)[number];

/**
 * Consumer → provider. Initial request (POST `/negotiations/request`): `callbackAddress`, no `providerPid`.
 * Counter-request (POST `/negotiations/:providerPid/request`): `providerPid`. The offer must have `@id`.
 */
export interface ContractRequestMessage {
  '@context': string[];
  '@type': 'ContractRequestMessage';
  consumerPid: string;
  providerPid?: string;
  offer: Offer;
  callbackAddress?: string;
}

/**
 * Provider → consumer. Initial, provider-initiated offer (POST `<callback>/negotiations/offers`): `callbackAddress`,
 * no `consumerPid`. Counter-offer: `consumerPid`. The offer must have `@id` and `target`.
 */
export interface ContractOfferMessage {
  '@context': string[];
  '@type': 'ContractOfferMessage';
  providerPid: string;
  consumerPid?: string;
  offer: Offer & { target: string };
  callbackAddress?: string;
}

export interface ContractAgreementMessage {
  '@context': string[];
  '@type': 'ContractAgreementMessage';
  providerPid: string;
  consumerPid: string;
  agreement: Agreement;
}

export interface ContractAgreementVerificationMessage {
  '@context': string[];
  '@type': 'ContractAgreementVerificationMessage';
  providerPid: string;
  consumerPid: string;
}

/** `ACCEPTED` is sent by the consumer, `FINALIZED` by the provider; the reverse is a protocol error. */
export interface ContractNegotiationEventMessage {
  '@context': string[];
  '@type': 'ContractNegotiationEventMessage';
  providerPid: string;
  consumerPid: string;
  eventType: NegotiationEventType;
}

export interface ContractNegotiationTerminationMessage {
  '@context': string[];
  '@type': 'ContractNegotiationTerminationMessage';
  providerPid: string;
  consumerPid: string;
  code?: string;
  reason?: JsonValue[];
}

/** The negotiation as returned by GET `/negotiations/:pid` and in the 201 reply to an initial message. */
export interface ContractNegotiation {
  '@context': string[];
  '@type': 'ContractNegotiation';
  providerPid: string;
  consumerPid: string;
  state: NegotiationState;
}

/** Body of 4xx replies on the negotiation endpoints. */
export interface ContractNegotiationError {
  '@context': string[];
  '@type': 'ContractNegotiationError';
  providerPid: string;
  consumerPid: string;
  code?: string;
  reason?: JsonValue[];
}
