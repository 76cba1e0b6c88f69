import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  abandonNegotiation,
  beginAgreement,
  beginAcceptOffer,
  beginContractOffer,
  beginContractRequest,
  beginFinalization,
  beginNegotiationTermination,
  beginVerification,
  negotiationWireState,
  onNegotiationSendFailed,
  onNegotiationSent,
  pendingNegotiationMessage,
  receiveNegotiationMessage,
} from './negotiation.js';
import { backoffDelayMs, type RetryPolicy } from './outbox.js';
import {
  CONSUMER_DID,
  CONSUMER_PID,
  consumerAt,
  initialRequest,
  message,
  newConsumer,
  newProvider,
  okNext,
  PROVIDER_PID,
  providerAt,
  T0,
  type NMessage,
} from './test-support/negotiation-states.js';

const RETRY: RetryPolicy = { limit: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 };
const later = (ms: number): Date => new Date(T0.getTime() + ms);

describe('negotiation: creating a process from an initial message', () => {
  test('provider: the initial request records the consumer pid, callback, DID, offer; the app decides next', () => {
    const r = receiveNegotiationMessage(newProvider(), initialRequest(), T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'REQUESTED');
    assert.equal(r.next.consumerPid, CONSUMER_PID);
    assert.equal(r.next.counterPartyAddress, 'https://consumer.example/cb/');
    assert.equal(r.next.counterPartyDid, CONSUMER_DID);
    assert.deepEqual(r.next.offer, { id: 'offer-x' });
    assert.deepEqual(r.effects, [{ type: 'await-decision', options: ['agreement', 'offer', 'termination'] }]);
  });

  test('consumer: a provider-initiated offer ([*] → OFFERED) records the provider pid', () => {
    const offer: NMessage = { kind: 'offer', sender: 'provider', providerPid: PROVIDER_PID, offer: { id: 'o' }, callbackAddress: 'https://provider.example/dsp' };
    const fresh = { ...newConsumer(), counterPartyDid: null, counterPartyAddress: null };
    const r = receiveNegotiationMessage(fresh, offer, T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'OFFERED');
    assert.equal(r.next.providerPid, PROVIDER_PID);
    assert.equal(r.next.counterPartyAddress, 'https://provider.example/dsp');
    assert.deepEqual(r.effects, [{ type: 'await-decision', options: ['accepted', 'request', 'termination'] }]);
  });

  test('provider-initiated offer: the 201 reply names the consumer pid, adopted on acknowledgement', () => {
    const offering = okNext(beginContractOffer(newProvider(), { id: 'o' }, T0));
    const acked = okNext(onNegotiationSent(offering, T0, { counterPartyPid: 'urn:uuid:c-9' }));
    assert.equal(acked.state, 'OFFERED');
    assert.equal(acked.consumerPid, 'urn:uuid:c-9');
  });

  test('an initial request without consumerPid is refused (the provider could never answer)', () => {
    const { consumerPid: _omit, ...rest } = initialRequest();
    const r = receiveNegotiationMessage(newProvider(), rest as NMessage, T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [400, 'missing-field']);
  });

  test('a request without an offer and an agreement message without an agreement are refused', () => {
    const noOffer = { ...initialRequest(), offer: undefined } as unknown as NMessage;
    const r1 = receiveNegotiationMessage(newProvider(), noOffer, T0);
    assert.deepEqual(r1.ok ? null : [r1.status, r1.code], [400, 'missing-field']);
    const noAgreement = { ...message('provider', 'agreement'), agreement: undefined } as unknown as NMessage;
    const r2 = receiveNegotiationMessage(consumerAt('REQUESTED'), noAgreement, T0);
    assert.deepEqual(r2.ok ? null : [r2.status, r2.code], [400, 'missing-field']);
  });
});

describe('negotiation: who may talk about which process', () => {
  test('a caller that is not the counter-party gets 404, not 400 (DSP: unauthorized looks unknown)', () => {
    const r = receiveNegotiationMessage(providerAt('OFFERED'), { ...message('consumer', 'accepted'), senderDid: 'did:web:intruder.example' }, T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [404, 'unknown-process']);
  });

  test('a message naming another process id is refused with 400', () => {
    const r = receiveNegotiationMessage(providerAt('OFFERED'), { ...message('consumer', 'accepted'), consumerPid: 'urn:uuid:other' }, T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [400, 'pid-mismatch']);
    const r2 = receiveNegotiationMessage(consumerAt('REQUESTED'), { ...message('provider', 'agreement'), providerPid: 'urn:uuid:other' }, T0);
    assert.deepEqual(r2.ok ? null : [r2.status, r2.code], [400, 'pid-mismatch']);
  });

  test('a consumer sending FINALIZED and a provider sending ACCEPTED are 400 in every state', () => {
    for (const state of ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED'] as const) {
      const p = receiveNegotiationMessage(providerAt(state), message('consumer', 'finalized'), T0);
      assert.deepEqual(p.ok ? null : [p.status, p.code], [400, 'sender-not-allowed'], state);
      const c = receiveNegotiationMessage(consumerAt(state), message('provider', 'accepted'), T0);
      assert.deepEqual(c.ok ? null : [c.status, c.code], [400, 'sender-not-allowed'], state);
    }
  });
});

describe('negotiation: exact resends are acknowledged again', () => {
  test('a resent initial request: ok, no effects, nothing changes', () => {
    const first = okNext(receiveNegotiationMessage(newProvider(), initialRequest(), T0));
    const again = receiveNegotiationMessage(first, initialRequest(), later(5_000));
    assert.ok(again.ok);
    assert.deepEqual(again.effects, []);
    assert.deepEqual(again.next, first);
  });

  test('key order does not matter, the payload does', () => {
    const first = okNext(receiveNegotiationMessage(newProvider(), initialRequest(), T0));
    const m = initialRequest();
    const reordered = Object.fromEntries(Object.entries(m).reverse()) as unknown as NMessage;
    const again = receiveNegotiationMessage(first, reordered, T0);
    assert.ok(again.ok && again.effects.length === 0);
    const different = receiveNegotiationMessage(first, initialRequest('other'), T0);
    assert.deepEqual(different.ok ? null : [different.status, different.code], [400, 'invalid-transition']);
  });

  test('still acknowledged while our reply is only an intent; refused once we sent it', () => {
    const requested = okNext(receiveNegotiationMessage(newProvider(), initialRequest(), T0));
    const agreeing = okNext(beginAgreement(requested, { id: 'a' }, T0));
    const dup = receiveNegotiationMessage(agreeing, initialRequest(), T0);
    assert.ok(dup.ok && dup.effects.length === 0 && dup.next.state === 'AGREEING');
    const agreed = okNext(onNegotiationSent(agreeing, T0));
    const stale = receiveNegotiationMessage(agreed, initialRequest(), T0);
    assert.deepEqual(stale.ok ? null : [stale.status, stale.code], [400, 'invalid-transition']);
  });

  test('the termination that ended a negotiation may be resent; another message after it is 400', () => {
    const t = message('consumer', 'termination', 'bye');
    const terminated = okNext(receiveNegotiationMessage(providerAt('OFFERED'), t, T0));
    assert.equal(terminated.state, 'TERMINATED');
    assert.match(terminated.errorDetail ?? '', /terminated by the consumer: test; bye/);
    const again = receiveNegotiationMessage(terminated, t, T0);
    assert.ok(again.ok && again.effects.length === 0);
    const other = receiveNegotiationMessage(terminated, message('consumer', 'termination', 'again'), T0);
    assert.deepEqual(other.ok ? null : [other.status, other.code], [400, 'terminal-state']);
  });
});

describe('negotiation: follow-ups after receiving', () => {
  test('provider ACCEPTED → agree; consumer AGREED → verify; provider VERIFIED → finalize; consumer FINALIZED → finished', () => {
    const accepted = receiveNegotiationMessage(providerAt('OFFERED'), message('consumer', 'accepted'), T0);
    assert.deepEqual(accepted.ok && accepted.effects, [{ type: 'follow-up', message: 'agreement' }]);
    const agreed = receiveNegotiationMessage(consumerAt('REQUESTED'), message('provider', 'agreement', 'z'), T0);
    assert.deepEqual(agreed.ok && agreed.effects, [{ type: 'follow-up', message: 'verification' }]);
    assert.deepEqual(agreed.ok && agreed.next.agreement, { id: 'agreement-z' });
    const verified = receiveNegotiationMessage(providerAt('AGREED'), message('consumer', 'verification'), T0);
    assert.deepEqual(verified.ok && verified.effects, [{ type: 'follow-up', message: 'finalized' }]);
    const finalized = receiveNegotiationMessage(consumerAt('VERIFIED'), message('provider', 'finalized'), T0);
    assert.deepEqual(finalized.ok && finalized.effects, [{ type: 'finished', outcome: 'FINALIZED' }]);
  });

  test('acknowledged FINALIZED and TERMINATED report finished', () => {
    const finalizing = okNext(beginFinalization(providerAt('VERIFIED'), T0));
    const f = onNegotiationSent(finalizing, T0);
    assert.deepEqual(f.ok && f.effects, [{ type: 'finished', outcome: 'FINALIZED' }]);
    const terminating = okNext(beginNegotiationTermination(providerAt('VERIFIED'), 'x', T0));
    const t = onNegotiationSent(terminating, T0);
    assert.deepEqual(t.ok && t.effects, [{ type: 'finished', outcome: 'TERMINATED' }]);
    assert.equal(t.ok && t.next.errorDetail, 'x', 'our own termination reason stays on record');
  });
});

describe('negotiation: intents meet incoming messages', () => {
  test('a pending intent blocks another one, but termination replaces it', () => {
    const accepting = okNext(beginAcceptOffer(consumerAt('OFFERED'), T0));
    const again = beginContractRequest(accepting, { id: 'o2' }, T0);
    assert.deepEqual(again.ok ? null : [again.status, again.code], [409, 'intent-pending']);
    const terminating = okNext(beginNegotiationTermination(accepting, 'changed my mind', T0));
    assert.equal(terminating.state, 'TERMINATING');
    assert.equal(pendingNegotiationMessage(terminating), 'termination');
    assert.equal(terminating.errorDetail, 'changed my mind');
    const twice = beginNegotiationTermination(terminating, 'again', T0);
    assert.deepEqual(twice.ok ? null : [twice.status, twice.code], [409, 'intent-pending']);
  });

  test('incoming messages are judged against the acknowledged wire state, and overtake our intent', () => {
    // Provider AGREEING from REQUESTED: the consumer may still terminate (REQUESTED → TERMINATED by C).
    const agreeing = okNext(beginAgreement(providerAt('REQUESTED'), { id: 'a' }, T0));
    assert.equal(negotiationWireState(agreeing), 'REQUESTED');
    const r = receiveNegotiationMessage(agreeing, message('consumer', 'termination'), T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'TERMINATED');
    assert.deepEqual(r.effects, [{ type: 'intent-dropped', message: 'agreement' }, { type: 'finished', outcome: 'TERMINATED' }]);
    // Provider AGREEING from ACCEPTED: the consumer may not terminate in ACCEPTED, only in AGREED, so its termination
    // proves that our agreement arrived (implied acknowledgement), and then ends the negotiation.
    const fromAccepted = okNext(beginAgreement({ ...providerAt('ACCEPTED'), lastIncoming: null }, { id: 'a' }, T0));
    const implied = receiveNegotiationMessage(fromAccepted, message('consumer', 'termination'), T0);
    assert.ok(implied.ok);
    assert.deepEqual(implied.next.history.slice(-2).map((h) => `${h.from}>${h.to}`), ['AGREEING>AGREED', 'AGREED>TERMINATED']);
    // Valid neither in ACCEPTED nor in AGREED: refused.
    const refused = receiveNegotiationMessage(fromAccepted, message('consumer', 'request', 'late'), T0);
    assert.deepEqual(refused.ok ? null : [refused.status, refused.code], [400, 'invalid-transition']);
  });

  test('crossing initial messages: a consumer still REQUESTING accepts the counter-offer the provider sent meanwhile', () => {
    const requesting = okNext(beginContractRequest(newConsumer(), { id: 'o' }, T0));
    const r = receiveNegotiationMessage(requesting, message('provider', 'offer'), T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'OFFERED');
    assert.equal(r.next.providerPid, PROVIDER_PID);
    assert.deepEqual(r.effects[0], { type: 'intent-dropped', message: 'request' });
  });

  test('while TERMINATING only a termination is accepted', () => {
    const terminating = okNext(beginNegotiationTermination(providerAt('OFFERED'), 'x', T0));
    const accepted = receiveNegotiationMessage({ ...terminating, lastIncoming: null }, message('consumer', 'accepted', 'late'), T0);
    assert.deepEqual(accepted.ok ? null : [accepted.status, accepted.code], [400, 'terminating']);
    const crossing = receiveNegotiationMessage(terminating, message('consumer', 'termination', 'cross'), T0);
    assert.ok(crossing.ok && crossing.next.state === 'TERMINATED');
  });

  test('the provider may not terminate in AGREED (DSP: AGREED → TERMINATED is the consumer’s)', () => {
    const r = beginNegotiationTermination(providerAt('AGREED'), 'x', T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [409, 'invalid-transition']);
  });
});

describe('negotiation: lost replies and silent counter-parties', () => {
  test('a message only valid after our pending one proves it arrived: implied acknowledgement', () => {
    // The consumer's verification reached the provider, but the 200 got lost; the provider then finalizes.
    const verifying = okNext(beginVerification(consumerAt('AGREED'), T0));
    const r = receiveNegotiationMessage(verifying, message('provider', 'finalized'), T0);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.next.state, 'FINALIZED');
    assert.deepEqual(
      r.next.history.slice(-2).map((h) => `${h.from}>${h.to}`),
      ['VERIFYING>VERIFIED', 'VERIFIED>FINALIZED'],
    );
    assert.deepEqual(r.effects, [{ type: 'finished', outcome: 'FINALIZED' }]);
  });

  test('the initial request whose 201 was lost: the agreement carries the provider pid', () => {
    const requesting = okNext(beginContractRequest(newConsumer(), { id: 'o' }, T0));
    const r = receiveNegotiationMessage(requesting, message('provider', 'agreement'), T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'AGREED');
    assert.equal(r.next.providerPid, PROVIDER_PID);
  });

  test('abandon: a consumer left in VERIFIED (no termination edge) can end locally', () => {
    const verified = consumerAt('VERIFIED');
    assert.equal(beginNegotiationTermination(verified, 'x', T0).ok, false);
    const r = abandonNegotiation(verified, 'provider silent for 7 days', T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'TERMINATED');
    assert.equal(r.next.errorDetail, 'abandoned: provider silent for 7 days');
    assert.deepEqual(r.effects, [{ type: 'finished', outcome: 'TERMINATED' }]);
    const again = abandonNegotiation(r.next, 'x', T0);
    assert.deepEqual(again.ok ? null : [again.status, again.code], [409, 'terminal-state']);
  });
});

describe('negotiation: outbox retries', () => {
  test('below the limit: stay, count, back off exponentially', () => {
    let e = okNext(beginAcceptOffer(consumerAt('OFFERED'), T0));
    for (const [attempt, delayMs] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
    ] as const) {
      e = okNext(onNegotiationSendFailed(e, { error: 'connect ECONNREFUSED' }, RETRY, T0));
      assert.equal(e.state, 'ACCEPTING');
      assert.equal(e.retryCount, attempt);
      assert.equal(e.nextAttemptAt, later(delayMs).toISOString());
      assert.equal(e.errorDetail, 'connect ECONNREFUSED');
      assert.equal(backoffDelayMs(attempt, RETRY), delayMs);
    }
    assert.equal(e.history.at(-1)?.reason, 'sending accepted failed (3/3): connect ECONNREFUSED');
    const r = onNegotiationSendFailed(e, { error: 'timeout' }, RETRY, T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'TERMINATING');
    assert.equal(r.next.wireState, 'OFFERED');
    assert.equal(r.next.retryCount, 0);
    assert.deepEqual(r.effects, [{ type: 'send', message: 'termination' }]);
    assert.match(r.next.errorDetail ?? '', /gave up sending accepted after 4 attempt\(s\): timeout/);
  });

  test('the delay is capped', () => {
    assert.equal(backoffDelayMs(10, RETRY), 10_000);
  });

  test('a permanent failure gives up at once; a failed termination ends locally', () => {
    const e = okNext(beginAcceptOffer(consumerAt('OFFERED'), T0));
    const terminating = okNext(onNegotiationSendFailed(e, { error: '400 invalid-transition', permanent: true }, RETRY, T0));
    assert.equal(terminating.state, 'TERMINATING');
    const r = onNegotiationSendFailed(terminating, { error: 'gone', permanent: true }, RETRY, T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'TERMINATED');
    assert.equal(r.next.wireState, 'OFFERED', 'the counter-party acknowledged nothing');
    assert.equal(negotiationWireState(r.next), 'TERMINATED');
    assert.deepEqual(r.effects, [{ type: 'finished', outcome: 'TERMINATED' }]);
  });

  test('giving up on an initial request ends locally: the provider never heard of it', () => {
    const e = okNext(beginContractRequest(newConsumer(), { id: 'o' }, T0));
    const r = onNegotiationSendFailed(e, { error: 'dns', permanent: true }, RETRY, T0);
    assert.ok(r.ok && r.next.state === 'TERMINATED' && r.next.wireState === null);
  });

  test('acknowledgement or failure without a pending message is 409', () => {
    const e = consumerAt('OFFERED');
    const sent = onNegotiationSent(e, T0);
    assert.deepEqual(sent.ok ? null : [sent.status, sent.code], [409, 'not-pending']);
    const failed = onNegotiationSendFailed(e, { error: 'x' }, RETRY, T0);
    assert.deepEqual(failed.ok ? null : [failed.status, failed.code], [409, 'not-pending']);
  });

  test('the history logs every move with its instant and reason', () => {
    const e = consumerAt('ACCEPTED');
    assert.deepEqual(
      e.history.map((h) => `${h.from}>${h.to}: ${h.reason}`),
      [
        'INITIAL>REQUESTING: decided to send request',
        'REQUESTING>REQUESTED: request acknowledged',
        'REQUESTED>OFFERED: received offer from provider',
        'OFFERED>ACCEPTING: decided to send accepted',
        'ACCEPTING>ACCEPTED: accepted acknowledged',
      ],
    );
    assert.ok(e.history.every((h) => h.at === T0.toISOString()));
  });
});
