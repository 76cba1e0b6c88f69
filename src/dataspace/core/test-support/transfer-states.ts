/**
 * Test-only: transfer processes brought into each DSP wire state on either side by the public functions, plus
 * message factories. Used by the table-driven edge tests and the simulator.
 */
import {
  beginTransferRequest,
  beginTransferStart,
  newTransfer,
  onTransferSent,
  receiveTransferMessage,
  type Transfer,
  type TransferMessage,
  type TransferMessageKind,
  type TransferOutcome,
  type TransferWireState,
} from '../transfer.js';
import type { Side } from '../process.js';
import { CONSUMER_DID, CONSUMER_PID, okNext, PROVIDER_DID, PROVIDER_PID, T0 } from './negotiation-states.js';

export interface TestAddress {
  endpoint: string;
  token: string;
}
export type X = Transfer<TestAddress>;
export type XMessage = TransferMessage<TestAddress>;
export type XWireOrInitial = TransferWireState | 'INITIAL';

export const ADDRESS: TestAddress = { endpoint: 'https://provider.example/data/asset-1', token: 'tok-1' };

export function transferMessage(sender: Side, kind: TransferMessageKind, tag = 'a'): XMessage {
  const base = { sender, consumerPid: CONSUMER_PID, providerPid: PROVIDER_PID, senderDid: sender === 'consumer' ? CONSUMER_DID : PROVIDER_DID };
  switch (kind) {
    case 'request':
      return { ...base, kind, agreementId: `agreement-${tag}`, format: 'HttpData-PULL' };
    case 'start':
      return sender === 'provider' ? { ...base, kind, dataAddress: { ...ADDRESS, token: `tok-${tag}` } } : { ...base, kind };
    case 'suspension':
    case 'termination':
      return { ...base, kind, code: 'test', reason: [tag] };
    case 'completion':
      return { ...base, kind };
  }
}

/** The consumer's first TransferRequestMessage: no providerPid yet, a callbackAddress. */
export function initialTransferRequest(tag = 'x'): XMessage {
  return {
    kind: 'request',
    sender: 'consumer',
    consumerPid: CONSUMER_PID,
    senderDid: CONSUMER_DID,
    agreementId: `agreement-${tag}`,
    format: 'HttpData-PULL',
    callbackAddress: 'https://consumer.example/cb',
  };
}

export function newTransferConsumer(): X {
  return newTransfer({
    id: 'tp-c',
    role: 'consumer',
    consumerPid: CONSUMER_PID,
    counterPartyDid: PROVIDER_DID,
    counterPartyAddress: 'https://provider.example/dsp',
    agreementId: 'agreement-1',
    format: 'HttpData-PULL',
  });
}

export function newTransferProvider(): X {
  return newTransfer({ id: 'tp-p', role: 'provider', providerPid: PROVIDER_PID, assetId: 'asset-1' });
}

const recv = (e: X, m: XMessage): X => okNext(receiveTransferMessage(e, m, T0));
const sent = (r: TransferOutcome<TestAddress>, pid?: string): X => okNext(onTransferSent(okNext(r), T0, pid === undefined ? {} : { counterPartyPid: pid }));

export function transferConsumerAt(state: XWireOrInitial): X {
  const requested = (): X => sent(beginTransferRequest(newTransferConsumer(), undefined, T0), PROVIDER_PID);
  const started = (): X => recv(requested(), transferMessage('provider', 'start', 'x'));
  switch (state) {
    case 'INITIAL':
      return newTransferConsumer();
    case 'REQUESTED':
      return requested();
    case 'STARTED':
      return started();
    case 'SUSPENDED':
      return recv(started(), transferMessage('provider', 'suspension', 'x'));
    case 'COMPLETED':
      return recv(started(), transferMessage('provider', 'completion'));
    case 'TERMINATED':
      return recv(requested(), transferMessage('provider', 'termination', 'x'));
  }
}

export function transferProviderAt(state: XWireOrInitial): X {
  const requested = (): X => recv(newTransferProvider(), initialTransferRequest());
  const started = (): X => sent(beginTransferStart(requested(), ADDRESS, T0));
  switch (state) {
    case 'INITIAL':
      return newTransferProvider();
    case 'REQUESTED':
      return requested();
    case 'STARTED':
      return started();
    case 'SUSPENDED':
      return recv(started(), transferMessage('consumer', 'suspension', 'x'));
    case 'COMPLETED':
      return recv(started(), transferMessage('consumer', 'completion'));
    case 'TERMINATED':
      return recv(requested(), transferMessage('consumer', 'termination', 'x'));
  }
}

export function transferAt(side: Side, state: XWireOrInitial): X {
  return side === 'consumer' ? transferConsumerAt(state) : transferProviderAt(state);
}
