/**
 * Test-only: contract negotiations brought into each DSP wire state on either side by the public functions
 * themselves, plus message factories. Used by the table-driven edge tests and the simulator.
 */
import assert from 'node:assert/strict';
import {
  beginAcceptOffer,
  beginAgreement,
  beginContractOffer,
  beginContractRequest,
  beginFinalization,
  beginVerification,
  newNegotiation,
  onNegotiationSent,
  receiveNegotiationMessage,
  type Negotiation,
  type NegotiationMessage,
  type NegotiationMessageKind,
  type NegotiationOutcome,
  type NegotiationWireState,
} from '../negotiation.js';
import type { Side } from '../process.js';

export const T0 = new Date('2026-03-01T10:00:00.000Z');
export const CONSUMER_DID = 'did:web:consumer.example';
export const PROVIDER_DID = 'did:web:provider.example';
export const CONSUMER_PID = 'urn:uuid:c-1';
export const PROVIDER_PID = 'urn:uuid:p-1';

export interface TestOffer {
  id: string;
}
export interface TestAgreement {
  id: string;
}
export type N = Negotiation<TestOffer, TestAgreement>;
export type NMessage = NegotiationMessage<TestOffer, TestAgreement>;

export function okNext<E>(r: { ok: true; next: E } | { ok: false; code: string; reason: string }): E {
  if (!r.ok) assert.fail(`expected ok, got ${r.code}: ${r.reason}`);
  return r.next;
}

/** A message of `kind` from `sender`, carrying both process ids and the sender's DID. `tag` varies the payload. */
export function message(sender: Side, kind: NegotiationMessageKind, tag = 'a'): NMessage {
  const base = { sender, consumerPid: CONSUMER_PID, providerPid: PROVIDER_PID, senderDid: sender === 'consumer' ? CONSUMER_DID : PROVIDER_DID };
  switch (kind) {
    case 'request':
    case 'offer':
      return { ...base, kind, offer: { id: `offer-${tag}` } };
    case 'agreement':
      return { ...base, kind, agreement: { id: `agreement-${tag}` } };
    case 'termination':
      return { ...base, kind, code: 'test', reason: [tag] };
    default:
      return { ...base, kind };
  }
}

/** The consumer's first ContractRequestMessage: no providerPid yet, a callbackAddress. */
export function initialRequest(tag = 'x'): NMessage {
  return { kind: 'request', sender: 'consumer', consumerPid: CONSUMER_PID, senderDid: CONSUMER_DID, offer: { id: `offer-${tag}` }, callbackAddress: 'https://consumer.example/cb/' };
}

export function newConsumer(): N {
  return newNegotiation({ id: 'neg-c', role: 'consumer', consumerPid: CONSUMER_PID, counterPartyDid: PROVIDER_DID, counterPartyAddress: 'https://provider.example/dsp' });
}

export function newProvider(): N {
  return newNegotiation({ id: 'neg-p', role: 'provider', providerPid: PROVIDER_PID, assetId: 'asset-1' });
}

const recv = (e: N, m: NMessage): N => okNext(receiveNegotiationMessage(e, m, T0));
const sent = (r: NegotiationOutcome<TestOffer, TestAgreement>, pid?: string): N =>
  okNext(onNegotiationSent(okNext(r), T0, pid === undefined ? {} : { counterPartyPid: pid }));

export type WireOrInitial = NegotiationWireState | 'INITIAL';

/** The consumer side in `state`, reached through the DSP messages that lead there. */
export function consumerAt(state: WireOrInitial): N {
  const requested = (): N => sent(beginContractRequest(newConsumer(), { id: 'offer-0' }, T0), PROVIDER_PID);
  const offered = (): N => recv(requested(), message('provider', 'offer', 'x'));
  const agreed = (): N => recv(requested(), message('provider', 'agreement', 'x'));
  const verified = (): N => sent(beginVerification(agreed(), T0));
  switch (state) {
    case 'INITIAL':
      return newConsumer();
    case 'REQUESTED':
      return requested();
    case 'OFFERED':
      return offered();
    case 'ACCEPTED':
      return sent(beginAcceptOffer(offered(), T0));
    case 'AGREED':
      return agreed();
    case 'VERIFIED':
      return verified();
    case 'FINALIZED':
      return recv(verified(), message('provider', 'finalized'));
    case 'TERMINATED':
      return recv(requested(), message('provider', 'termination', 'x'));
  }
}

/** The provider side in `state`. */
export function providerAt(state: WireOrInitial): N {
  const requested = (): N => recv(newProvider(), initialRequest());
  const offered = (): N => sent(beginContractOffer(requested(), { id: 'offer-p' }, T0));
  const agreed = (): N => sent(beginAgreement(requested(), { id: 'agreement-p' }, T0));
  const verified = (): N => recv(agreed(), message('consumer', 'verification'));
  switch (state) {
    case 'INITIAL':
      return newProvider();
    case 'REQUESTED':
      return requested();
    case 'OFFERED':
      return offered();
    case 'ACCEPTED':
      return recv(offered(), message('consumer', 'accepted'));
    case 'AGREED':
      return agreed();
    case 'VERIFIED':
      return verified();
    case 'FINALIZED':
      return sent(beginFinalization(verified(), T0));
    case 'TERMINATED':
      return recv(requested(), message('consumer', 'termination', 'x'));
  }
}

export function at(side: Side, state: WireOrInitial): N {
  return side === 'consumer' ? consumerAt(state) : providerAt(state);
}
