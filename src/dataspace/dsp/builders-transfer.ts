/**
 * Builders for the Transfer Process Protocol (DSP 2025-1 TP and its HTTPS binding) and the DataAddress that carries
 * a pull endpoint and its short-lived token.
 */
import { defined, finish } from './build-kit.js';
import type { CodeAndReason, ProcessIds } from './builders-negotiation.js';
import { dspContext } from './context.js';
import { EMBEDDED_CHECKS, MESSAGE_CHECKS } from './validate-messages.js';
import type {
  DataAddress,
  TransferCompletionMessage,
  TransferError,
  TransferProcess,
  TransferRequestMessage,
  TransferStartMessage,
  TransferState,
  TransferSuspensionMessage,
  TransferTerminationMessage,
} from './wire-transfer.js';

export interface DataAddressInput {
  /** e.g. `https://w3id.org/idsa/v4.1/HTTP`. */
  endpointType: string;
  endpoint?: string;
  /** e.g. `[{name: 'authorization', value: '<token>'}, {name: 'authType', value: 'bearer'}]`; empty means none. */
  properties?: { name: string; value: string }[];
}

export function dataAddress(input: DataAddressInput): DataAddress {
  const doc: DataAddress = defined({
    '@type': 'DataAddress' as const,
    endpointType: input.endpointType,
    endpoint: input.endpoint,
    endpointProperties:
      input.properties && input.properties.length > 0
        ? input.properties.map((p) => ({ '@type': 'EndpointProperty' as const, name: p.name, value: p.value }))
        : undefined,
  });
  return finish('DataAddress', EMBEDDED_CHECKS.DataAddress, doc);
}

function reasons(reason: string[] | undefined): string[] | undefined {
  return reason && reason.length > 0 ? [...reason] : undefined;
}

export interface TransferRequestInput {
  consumerPid: string;
  agreementId: string;
  /** Must match a `distribution.format` of the dataset, e.g. `HttpData-PULL`. */
  format: string;
  callbackAddress: string;
  /** Push transfers only: where the provider should deliver. */
  dataAddress?: DataAddressInput;
}

export function transferRequestMessage(input: TransferRequestInput): TransferRequestMessage {
  const doc: TransferRequestMessage = defined({
    '@context': dspContext(),
    '@type': 'TransferRequestMessage' as const,
    consumerPid: input.consumerPid,
    agreementId: input.agreementId,
    format: input.format,
    dataAddress: input.dataAddress ? dataAddress(input.dataAddress) : undefined,
    callbackAddress: input.callbackAddress,
  });
  return finish('TransferRequestMessage', MESSAGE_CHECKS.TransferRequestMessage, doc);
}

/** Start (provider, with the pull `dataAddress`) or resume after suspension (either side). */
export function transferStartMessage(input: ProcessIds & { dataAddress?: DataAddressInput }): TransferStartMessage {
  const doc: TransferStartMessage = defined({
    '@context': dspContext(),
    '@type': 'TransferStartMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    dataAddress: input.dataAddress ? dataAddress(input.dataAddress) : undefined,
  });
  return finish('TransferStartMessage', MESSAGE_CHECKS.TransferStartMessage, doc);
}

export function transferSuspensionMessage(input: ProcessIds & CodeAndReason): TransferSuspensionMessage {
  const doc: TransferSuspensionMessage = defined({
    '@context': dspContext(),
    '@type': 'TransferSuspensionMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    code: input.code,
    reason: reasons(input.reason),
  });
  return finish('TransferSuspensionMessage', MESSAGE_CHECKS.TransferSuspensionMessage, doc);
}

export function transferCompletionMessage(input: ProcessIds): TransferCompletionMessage {
  return finish('TransferCompletionMessage', MESSAGE_CHECKS.TransferCompletionMessage, {
    '@context': dspContext(),
    '@type': 'TransferCompletionMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
  });
}

export function transferTerminationMessage(input: ProcessIds & CodeAndReason): TransferTerminationMessage {
  const doc: TransferTerminationMessage = defined({
    '@context': dspContext(),
    '@type': 'TransferTerminationMessage' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    code: input.code,
    reason: reasons(input.reason),
  });
  return finish('TransferTerminationMessage', MESSAGE_CHECKS.TransferTerminationMessage, doc);
}

/** The transfer resource (GET `/transfers/:pid`, 201 reply to a TransferRequestMessage). */
export function transferProcess(input: ProcessIds & { state: TransferState }): TransferProcess {
  return finish('TransferProcess', MESSAGE_CHECKS.TransferProcess, {
    '@context': dspContext(),
    '@type': 'TransferProcess' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    state: input.state,
  });
}

export function transferError(input: ProcessIds & CodeAndReason): TransferError {
  const doc: TransferError = defined({
    '@context': dspContext(),
    '@type': 'TransferError' as const,
    providerPid: input.providerPid,
    consumerPid: input.consumerPid,
    code: input.code,
    reason: reasons(input.reason),
  });
  return finish('TransferError', MESSAGE_CHECKS.TransferError, doc);
}
