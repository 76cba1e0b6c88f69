/**
 * Transfer Process wire types (DSP 2025-1 Transfer Process Protocol; `transfer/*-schema.json`).
 */
import type { JsonValue } from './wire-policy.js';

export const TRANSFER_STATES = ['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export interface EndpointProperty {
  '@type': 'EndpointProperty';
  name: string;
  value: string;
}

/**
 * Where and how to reach the data: the consumer's push target in a TransferRequestMessage, or the provider's pull
 * endpoint (with its short-lived token as an endpoint property) in a TransferStartMessage.
 */
export interface DataAddress {
  '@type': 'DataAddress';
  endpointType: string;
  endpoint?: string;
  endpointProperties?: EndpointProperty[];
}

/** Consumer → provider, POST `/transfers/request`. `format` must match a catalog distribution format. */
export interface TransferRequestMessage {
  '@context': string[];
  '@type': 'TransferRequestMessage';
  consumerPid: string;
  agreementId: string;
  format: string;
  /** Only for push transfers. */
  dataAddress?: DataAddress;
  callbackAddress: string;
}

/**
 * Provider → consumer to start, or either side to resume after suspension (DSP issue #252: the TCK, TP:02-04, has
 * the consumer resume, so both directions are valid).
 */
export interface TransferStartMessage {
  '@context': string[];
  '@type': 'TransferStartMessage';
  providerPid: string;
  consumerPid: string;
  dataAddress?: DataAddress;
}

export interface TransferSuspensionMessage {
  '@context': string[];
  '@type': 'TransferSuspensionMessage';
  providerPid: string;
  consumerPid: string;
  code?: string;
  reason?: JsonValue[];
}

export interface TransferCompletionMessage {
  '@context': string[];
  '@type': 'TransferCompletionMessage';
  providerPid: string;
  consumerPid: string;
}

export interface TransferTerminationMessage {
  '@context': string[];
  '@type': 'TransferTerminationMessage';
  providerPid: string;
  consumerPid: string;
  code?: string;
  reason?: JsonValue[];
}

export interface TransferProcess {
  '@context': string[];
  '@type': 'TransferProcess';
  providerPid: string;
  consumerPid: string;
  state: TransferState;
}

export interface TransferError {
  '@context': string[];
  '@type': 'TransferError';
  providerPid: string;
  consumerPid: string;
  code?: string;
  reason?: JsonValue[];
}
