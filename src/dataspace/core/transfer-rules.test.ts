import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RetryPolicy } from './outbox.js';
import { CONSUMER_PID, okNext, PROVIDER_PID, T0 } from './test-support/negotiation-states.js';
import {
  ADDRESS,
  initialTransferRequest,
  newTransferConsumer,
  newTransferProvider,
  transferConsumerAt,
  transferMessage,
  transferProviderAt,
  type XMessage,
} from './test-support/transfer-states.js';
import {
  abandonTransfer,
  beginTransferCompletion,
  beginTransferRequest,
  beginTransferResume,
  beginTransferStart,
  beginTransferSuspension,
  beginTransferTermination,
  newTransfer,
  onTransferSendFailed,
  onTransferSent,
  receiveTransferMessage,
  transferWireState,
} from './transfer.js';

const RETRY: RetryPolicy = { limit: 1, baseDelayMs: 500, maxDelayMs: 5_000 };

describe('transfer: request and start', () => {
  test('provider: the initial request records agreement, format, callback and consumer pid; the app decides', () => {
    const r = receiveTransferMessage(newTransferProvider(), initialTransferRequest(), T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'REQUESTED');
    assert.equal(r.next.agreementId, 'agreement-x');
    assert.equal(r.next.format, 'HttpData-PULL');
    assert.equal(r.next.consumerPid, CONSUMER_PID);
    assert.equal(r.next.counterPartyAddress, 'https://consumer.example/cb');
    assert.deepEqual(r.effects, [{ type: 'await-decision', options: ['start', 'termination'] }]);
  });

  test('a request without agreementId or format is 400', () => {
    const bad = { ...initialTransferRequest(), format: undefined } as unknown as XMessage;
    const r = receiveTransferMessage(newTransferProvider(), bad, T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [400, 'missing-field']);
  });

  test('the consumer cannot request without an agreement and a format', () => {
    const bare = newTransfer({ id: 't', role: 'consumer', consumerPid: CONSUMER_PID });
    const r = beginTransferRequest(bare, undefined, T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [409, 'missing-field']);
  });

  test('the 201 reply gives the consumer the provider pid', () => {
    const requesting = okNext(beginTransferRequest(newTransferConsumer(), undefined, T0));
    const acked = okNext(onTransferSent(requesting, T0, { counterPartyPid: PROVIDER_PID }));
    assert.equal(acked.providerPid, PROVIDER_PID);
    assert.equal(transferWireState(acked), 'REQUESTED');
  });

  test('provider start: the data address goes with the intent; the ACK starts the flow', () => {
    const starting = okNext(beginTransferStart(transferProviderAt('REQUESTED'), ADDRESS, T0));
    assert.deepEqual(starting.dataAddress, ADDRESS);
    const r = onTransferSent(starting, T0);
    assert.deepEqual(r.ok && r.effects, [{ type: 'flow-started' }]);
  });

  test('consumer receives the start: data address, flow started', () => {
    const r = receiveTransferMessage(transferConsumerAt('REQUESTED'), transferMessage('provider', 'start', 'q'), T0);
    assert.ok(r.ok);
    assert.deepEqual(r.next.dataAddress, { ...ADDRESS, token: 'tok-q' });
    assert.deepEqual(r.effects, [{ type: 'data-address', dataAddress: { ...ADDRESS, token: 'tok-q' } }, { type: 'flow-started' }]);
  });

  test('only the provider starts a REQUESTED transfer', () => {
    const r = receiveTransferMessage(transferProviderAt('REQUESTED'), transferMessage('consumer', 'start'), T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [400, 'invalid-transition']);
    const own = beginTransferStart(transferConsumerAt('REQUESTED'), undefined, T0);
    assert.deepEqual(own.ok ? null : [own.status, own.code], [409, 'invalid-transition']);
  });
});

describe('transfer: suspend and resume from either side (DSP issue #252)', () => {
  test('the consumer resumes: the provider moves to STARTED and restarts the flow', () => {
    const suspended = { ...transferProviderAt('SUSPENDED'), lastIncoming: null };
    const r = receiveTransferMessage(suspended, transferMessage('consumer', 'start'), T0);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'STARTED');
    assert.deepEqual(r.effects, [{ type: 'flow-started' }]);
  });

  test('the provider resumes with a fresh data address', () => {
    const resuming = okNext(beginTransferResume(transferProviderAt('SUSPENDED'), { ...ADDRESS, token: 'tok-2' }, T0));
    assert.equal(resuming.state, 'RESUMING');
    assert.equal(resuming.dataAddress?.token, 'tok-2');
    const started = onTransferSent(resuming, T0);
    assert.ok(started.ok && started.next.state === 'STARTED');
    assert.deepEqual(started.ok && started.effects, [{ type: 'flow-started' }]);
  });

  test('resume only from SUSPENDED, start only from REQUESTED', () => {
    const r1 = beginTransferResume(transferConsumerAt('STARTED'), undefined, T0);
    assert.deepEqual(r1.ok ? null : [r1.status, r1.code], [409, 'invalid-transition']);
    const r2 = beginTransferStart(transferProviderAt('SUSPENDED'), ADDRESS, T0);
    assert.deepEqual(r2.ok ? null : [r2.status, r2.code], [409, 'invalid-transition']);
  });

  test('deciding to suspend stops the flow at once; the crossing suspension of the other side is accepted', () => {
    const suspending = beginTransferSuspension(transferProviderAt('STARTED'), 'maintenance', T0);
    assert.deepEqual(suspending.ok && suspending.effects, [{ type: 'flow-stopped' }, { type: 'send', message: 'suspension' }]);
    const crossing = receiveTransferMessage(okNext(suspending), transferMessage('consumer', 'suspension', 'c'), T0);
    assert.ok(crossing.ok);
    assert.equal(crossing.next.state, 'SUSPENDED');
    assert.deepEqual(crossing.effects, [{ type: 'intent-dropped', message: 'suspension' }]);
    assert.match(crossing.next.errorDetail ?? '', /suspended by the consumer/);
  });

  test('completion received while STARTED stops the flow and finishes', () => {
    const r = receiveTransferMessage(transferConsumerAt('STARTED'), transferMessage('provider', 'completion'), T0);
    assert.deepEqual(r.ok && r.effects, [{ type: 'flow-stopped' }, { type: 'finished', outcome: 'COMPLETED' }]);
  });

  test('a suspended transfer cannot complete (SUSPENDED → COMPLETED is not in the diagram)', () => {
    const r = receiveTransferMessage({ ...transferConsumerAt('SUSPENDED'), lastIncoming: null }, transferMessage('provider', 'completion'), T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [400, 'invalid-transition']);
    const own = beginTransferCompletion(transferConsumerAt('SUSPENDED'), T0);
    assert.deepEqual(own.ok ? null : [own.status, own.code], [409, 'invalid-transition']);
  });
});

describe('transfer: lost replies and silent counter-parties', () => {
  test('a suspension from the provider while our resume is unacknowledged implies the resume arrived', () => {
    const resuming = okNext(beginTransferResume(transferConsumerAt('SUSPENDED'), undefined, T0));
    const r = receiveTransferMessage(resuming, transferMessage('provider', 'suspension', 'again'), T0);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.next.state, 'SUSPENDED');
    assert.deepEqual(r.next.history.slice(-2).map((h) => `${h.from}>${h.to}`), ['RESUMING>STARTED', 'STARTED>SUSPENDED']);
    assert.deepEqual(r.effects, [], 'the flow never ran on this side');
  });

  test('abandon ends locally and stops a running flow', () => {
    const r = abandonTransfer(transferConsumerAt('STARTED'), 'provider gone', T0);
    assert.deepEqual(r.ok && r.effects, [{ type: 'flow-stopped' }, { type: 'finished', outcome: 'TERMINATED' }]);
  });
});

describe('transfer: idempotency, identity, retries', () => {
  test('an exact resend is acknowledged again without effects', () => {
    const started = transferConsumerAt('STARTED');
    const again = receiveTransferMessage(started, transferMessage('provider', 'start', 'x'), T0);
    assert.ok(again.ok && again.effects.length === 0);
    assert.deepEqual(again.next, started);
  });

  test('404 for a caller that is not the counter-party, 400 for another pid', () => {
    const e = transferProviderAt('STARTED');
    const stranger = receiveTransferMessage(e, { ...transferMessage('consumer', 'completion'), senderDid: 'did:web:x.example' }, T0);
    assert.deepEqual(stranger.ok ? null : [stranger.status, stranger.code], [404, 'unknown-process']);
    const pid = receiveTransferMessage(e, { ...transferMessage('consumer', 'completion'), providerPid: 'urn:uuid:zz' }, T0);
    assert.deepEqual(pid.ok ? null : [pid.status, pid.code], [400, 'pid-mismatch']);
  });

  test('nothing follows COMPLETED', () => {
    const done = transferProviderAt('COMPLETED');
    const r = receiveTransferMessage(done, transferMessage('consumer', 'termination', 'late'), T0);
    assert.deepEqual(r.ok ? null : [r.status, r.code], [400, 'terminal-state']);
    const own = beginTransferTermination(done, 'x', T0);
    assert.deepEqual(own.ok ? null : [own.status, own.code], [409, 'terminal-state']);
  });

  test('a suspension that cannot be delivered turns into a termination, then ends locally', () => {
    let e = okNext(beginTransferSuspension(transferConsumerAt('STARTED'), 'pause', T0));
    e = okNext(onTransferSendFailed(e, { error: 'timeout' }, RETRY, T0));
    assert.equal(e.state, 'SUSPENDING');
    assert.equal(e.nextAttemptAt, new Date(T0.getTime() + 500).toISOString());
    const gaveUp = onTransferSendFailed(e, { error: 'timeout' }, RETRY, T0);
    assert.ok(gaveUp.ok);
    assert.equal(gaveUp.next.state, 'TERMINATING');
    assert.deepEqual(gaveUp.effects, [{ type: 'send', message: 'termination' }]);
    const ended = onTransferSendFailed(gaveUp.next, { error: '404', permanent: true }, RETRY, T0);
    assert.ok(ended.ok);
    assert.equal(ended.next.state, 'TERMINATED');
    assert.equal(transferWireState(ended.next), 'TERMINATED');
    assert.deepEqual(ended.effects, [{ type: 'finished', outcome: 'TERMINATED' }]);
  });
});
