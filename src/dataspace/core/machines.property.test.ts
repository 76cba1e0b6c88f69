import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  abandonNegotiation,
  beginAcceptOffer,
  beginAgreement,
  beginContractOffer,
  beginContractRequest,
  beginFinalization,
  beginNegotiationTermination,
  beginVerification,
  NEGOTIATION_MESSAGE_KINDS,
  NEGOTIATION_STATES,
  NEXT as NEGOTIATION_NEXT,
  newNegotiation,
  onNegotiationSendFailed,
  onNegotiationSent,
  pendingNegotiationMessage,
  receiveNegotiationMessage,
} from './negotiation.js';
import type { RetryPolicy } from './outbox.js';
import type { Outcome, Side } from './process.js';
import { CONSUMER_DID, CONSUMER_PID, message, PROVIDER_DID, PROVIDER_PID, type N, type NMessage } from './test-support/negotiation-states.js';
import { Simulator, type MachineAdapter, type Step } from './test-support/pair.js';
import { transferMessage, type X, type XMessage } from './test-support/transfer-states.js';
import {
  abandonTransfer,
  beginTransferCompletion,
  beginTransferRequest,
  beginTransferResume,
  beginTransferStart,
  beginTransferSuspension,
  beginTransferTermination,
  newTransfer,
  NEXT as TRANSFER_NEXT,
  onTransferSendFailed,
  onTransferSent,
  pendingTransferMessage,
  receiveTransferMessage,
  TRANSFER_MESSAGE_KINDS,
  TRANSFER_STATES,
} from './transfer.js';

const DID: Record<Side, string> = { consumer: CONSUMER_DID, provider: PROVIDER_DID };
const CALLBACK: Record<Side, string> = { consumer: 'https://consumer.example/cb', provider: 'https://provider.example/dsp' };
const RUNS = 300;

function ids(e: { role: Side; consumerPid: string | null; providerPid: string | null }) {
  return { sender: e.role, senderDid: DID[e.role], consumerPid: e.consumerPid ?? undefined, providerPid: e.providerPid ?? undefined };
}

const negotiationAdapter: MachineAdapter<N, NMessage> = {
  states: NEGOTIATION_STATES,
  next: NEGOTIATION_NEXT,
  terminal: ['FINALIZED', 'TERMINATED'],
  receive: receiveNegotiationMessage,
  sent: onNegotiationSent,
  failed: onNegotiationSendFailed,
  pending: pendingNegotiationMessage,
  build(e, kind): NMessage {
    const base = ids(e);
    switch (kind) {
      case 'request':
      case 'offer':
        return { ...base, kind, offer: e.offer ?? { id: 'none' }, callbackAddress: CALLBACK[e.role] };
      case 'agreement':
        return { ...base, kind, agreement: e.agreement ?? { id: 'none' } };
      case 'termination':
        return { ...base, kind, code: 'sim', reason: [e.errorDetail ?? ''] };
      case 'accepted':
      case 'verification':
      case 'finalized':
        return { ...base, kind };
      default:
        throw new Error(`unexpected kind ${kind}`);
    }
  },
  decisions: [
    (e, now) => beginContractRequest(e, { id: `req-${now.getTime()}` }, now),
    (e, now) => beginContractOffer(e, { id: `off-${now.getTime()}` }, now),
    (e, now) => beginAcceptOffer(e, now),
    (e, now) => beginAgreement(e, { id: `agr-${now.getTime()}` }, now),
    (e, now) => beginVerification(e, now),
    (e, now) => beginFinalization(e, now),
  ],
  terminate: (e, now) => beginNegotiationTermination(e, 'winding down', now),
  abandon: (e, now) => abandonNegotiation(e, 'counter-party silent', now),
};

const transferAdapter: MachineAdapter<X, XMessage> = {
  states: TRANSFER_STATES,
  next: TRANSFER_NEXT,
  terminal: ['COMPLETED', 'TERMINATED'],
  receive: receiveTransferMessage,
  sent: onTransferSent,
  failed: onTransferSendFailed,
  pending: pendingTransferMessage,
  build(e, kind): XMessage {
    const base = ids(e);
    switch (kind) {
      case 'request':
        return { ...base, kind, agreementId: e.agreementId ?? 'none', format: e.format ?? 'none', callbackAddress: CALLBACK[e.role] };
      case 'start':
        return e.role === 'provider' && e.dataAddress !== null ? { ...base, kind, dataAddress: e.dataAddress } : { ...base, kind };
      case 'suspension':
      case 'termination':
        return { ...base, kind, reason: [e.errorDetail ?? ''] };
      case 'completion':
        return { ...base, kind };
      default:
        throw new Error(`unexpected kind ${kind}`);
    }
  },
  decisions: [
    (e, now) => beginTransferRequest(e, undefined, now),
    (e, now) => beginTransferStart(e, { endpoint: 'https://provider.example/data', token: `t-${now.getTime()}` }, now),
    (e, now) => beginTransferResume(e, e.role === 'provider' ? { endpoint: 'https://provider.example/data', token: `r-${now.getTime()}` } : undefined, now),
    (e, now) => beginTransferSuspension(e, 'pause', now),
    (e, now) => beginTransferCompletion(e, now),
  ],
  terminate: (e, now) => beginTransferTermination(e, 'winding down', now),
  abandon: (e, now) => abandonTransfer(e, 'counter-party silent', now),
};

const stepArb = (network: fc.Arbitrary<'ok' | 'lost-ack' | 'down'>): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.record({ t: fc.constant('decide' as const), side: fc.constantFrom<Side>('consumer', 'provider'), choice: fc.nat(99) }),
    fc.record({ t: fc.constant('deliver' as const), side: fc.constantFrom<Side>('consumer', 'provider'), network }),
  );
const lossy = fc.constantFrom<'ok' | 'lost-ack' | 'down'>('ok', 'ok', 'ok', 'ok', 'lost-ack', 'down');
const reliable = fc.constant<'ok'>('ok');

function negotiationPair(initiator: Side) {
  return {
    initiator,
    clockMs: Date.parse('2026-03-01T00:00:00Z'),
    acks: 0,
    abandoned: 0,
    consumer: newNegotiation<{ id: string }, { id: string }>({
      id: 'c',
      role: 'consumer',
      consumerPid: CONSUMER_PID,
      counterPartyDid: initiator === 'consumer' ? PROVIDER_DID : null,
      counterPartyAddress: initiator === 'consumer' ? CALLBACK.provider : null,
    }),
    provider: newNegotiation<{ id: string }, { id: string }>({
      id: 'p',
      role: 'provider',
      providerPid: PROVIDER_PID,
      counterPartyDid: initiator === 'provider' ? CONSUMER_DID : null,
      counterPartyAddress: initiator === 'provider' ? CALLBACK.consumer : null,
    }),
  };
}

function transferPair() {
  return {
    initiator: 'consumer' as Side,
    clockMs: Date.parse('2026-03-01T00:00:00Z'),
    acks: 0,
    abandoned: 0,
    consumer: newTransfer<{ endpoint: string; token: string }>({
      id: 'c',
      role: 'consumer',
      consumerPid: CONSUMER_PID,
      counterPartyDid: PROVIDER_DID,
      agreementId: 'agreement-1',
      format: 'HttpData-PULL',
    }),
    provider: newTransfer<{ endpoint: string; token: string }>({ id: 'p', role: 'provider', providerPid: PROVIDER_PID }),
  };
}

describe('negotiation: consumer/provider pair (property)', () => {
  test('over a lossy network, acknowledged steps leave both sides on the same wire state and nothing leaves the diagram', () => {
    fc.assert(
      fc.property(fc.constantFrom<Side>('consumer', 'provider'), fc.array(stepArb(lossy), { maxLength: 80, size: 'max' }), (initiator, steps) => {
        const sim = new Simulator(negotiationAdapter, negotiationPair(initiator));
        for (const s of steps) sim.run(s);
        sim.windDown();
      }),
      { numRuns: RUNS },
    );
  });

  test('over a reliable network, both sides end in the same state', () => {
    fc.assert(
      fc.property(fc.constantFrom<Side>('consumer', 'provider'), fc.array(stepArb(reliable), { maxLength: 80, size: 'max' }), (initiator, steps) => {
        const sim = new Simulator(negotiationAdapter, negotiationPair(initiator));
        for (const s of steps) sim.run(s);
        sim.windDown();
        const { consumer, provider } = sim.pair;
        assert.equal(sim.pair.abandoned, 0);
        const untouched = (initiator === 'consumer' ? provider : consumer).state === 'INITIAL';
        if (!untouched) assert.equal(consumer.state, provider.state);
      }),
      { numRuns: RUNS },
    );
  });

  test('the happy path is reachable: request, agree, verify, finalize', () => {
    const sim = new Simulator(negotiationAdapter, negotiationPair('consumer'));
    const script: Step[] = [
      { t: 'decide', side: 'consumer', choice: 0 },
      { t: 'deliver', side: 'consumer', network: 'lost-ack' },
      { t: 'deliver', side: 'consumer', network: 'ok' },
      { t: 'decide', side: 'provider', choice: 3 },
      { t: 'deliver', side: 'provider', network: 'ok' },
      { t: 'decide', side: 'consumer', choice: 4 },
      { t: 'deliver', side: 'consumer', network: 'ok' },
      { t: 'decide', side: 'provider', choice: 5 },
      { t: 'deliver', side: 'provider', network: 'ok' },
    ];
    for (const s of script) sim.run(s);
    assert.equal(sim.pair.consumer.state, 'FINALIZED');
    assert.equal(sim.pair.provider.state, 'FINALIZED');
    assert.equal(sim.pair.acks, 4);
    assert.deepEqual(sim.pair.consumer.agreement, sim.pair.provider.agreement);
  });
});

describe('transfer: consumer/provider pair (property)', () => {
  test('over a lossy network, acknowledged steps leave both sides on the same wire state and nothing leaves the diagram', () => {
    fc.assert(
      fc.property(fc.array(stepArb(lossy), { maxLength: 80, size: 'max' }), (steps) => {
        const sim = new Simulator(transferAdapter, transferPair());
        for (const s of steps) sim.run(s);
        sim.windDown();
      }),
      { numRuns: RUNS },
    );
  });

  test('over a reliable network, both sides end in the same state', () => {
    fc.assert(
      fc.property(fc.array(stepArb(reliable), { maxLength: 80, size: 'max' }), (steps) => {
        const sim = new Simulator(transferAdapter, transferPair());
        for (const s of steps) sim.run(s);
        sim.windDown();
        const { consumer, provider } = sim.pair;
        assert.equal(sim.pair.abandoned, 0);
        if (provider.state !== 'INITIAL') assert.equal(consumer.state, provider.state);
      }),
      { numRuns: RUNS },
    );
  });

  test('request, start, consumer suspends, consumer resumes, provider completes', () => {
    const sim = new Simulator(transferAdapter, transferPair());
    const script: Step[] = [
      { t: 'decide', side: 'consumer', choice: 0 },
      { t: 'deliver', side: 'consumer', network: 'ok' },
      { t: 'decide', side: 'provider', choice: 1 },
      { t: 'deliver', side: 'provider', network: 'ok' },
      { t: 'decide', side: 'consumer', choice: 3 },
      { t: 'deliver', side: 'consumer', network: 'ok' },
      { t: 'decide', side: 'consumer', choice: 2 },
      { t: 'deliver', side: 'consumer', network: 'ok' },
      { t: 'decide', side: 'provider', choice: 4 },
      { t: 'deliver', side: 'provider', network: 'ok' },
    ];
    for (const s of script) sim.run(s);
    assert.equal(sim.pair.consumer.state, 'COMPLETED');
    assert.equal(sim.pair.provider.state, 'COMPLETED');
    assert.equal(sim.pair.acks, 5);
  });
});

/** Any message (kind, sender, pids right or wrong), decision, acknowledgement or failure, applied to one entity. */
type Op =
  | { t: 'msg'; kind: number; sender: Side; tag: string; wrongPid: boolean }
  | { t: 'decide'; choice: number }
  | { t: 'sent' }
  | { t: 'failed'; permanent: boolean };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('msg' as const), kind: fc.nat(10), sender: fc.constantFrom<Side>('consumer', 'provider'), tag: fc.constantFrom('a', 'b'), wrongPid: fc.boolean() }),
  fc.record({ t: fc.constant('decide' as const), choice: fc.nat(10) }),
  fc.constant({ t: 'sent' as const }),
  fc.record({ t: fc.constant('failed' as const), permanent: fc.boolean() }),
);
const RETRY: RetryPolicy = { limit: 2, baseDelayMs: 1, maxDelayMs: 4 };

function fuzzOne<E extends { state: string; history: { from: string; to: string }[] }, M>(
  start: E,
  ops: readonly Op[],
  adapter: {
    states: readonly string[];
    next: Readonly<Record<string, readonly string[]>>;
    terminal: readonly string[];
    decisions: readonly ((e: E, now: Date) => Outcome<E, unknown>)[];
    terminate: (e: E, now: Date) => Outcome<E, unknown>;
  },
  apply: { msg: (e: E, op: Extract<Op, { t: 'msg' }>, now: Date) => Outcome<E, unknown>; sent: (e: E, now: Date) => Outcome<E, unknown>; failed: (e: E, permanent: boolean, now: Date) => Outcome<E, unknown> },
): void {
  let e = start;
  let clock = Date.parse('2026-03-01T00:00:00Z');
  for (const op of ops) {
    const now = new Date((clock += 1_000));
    const decide = (choice: number): Outcome<E, unknown> => {
      const d = adapter.decisions[choice % (adapter.decisions.length + 1)];
      return d === undefined ? adapter.terminate(e, now) : d(e, now);
    };
    const r = op.t === 'msg' ? apply.msg(e, op, now) : op.t === 'decide' ? decide(op.choice) : op.t === 'sent' ? apply.sent(e, now) : apply.failed(e, op.permanent, now);
    if (!r.ok) {
      assert.ok([400, 404, 409].includes(r.status));
      continue;
    }
    if (adapter.terminal.includes(e.state)) assert.equal(r.next.state, e.state, `left terminal ${e.state}`);
    assert.ok(adapter.states.includes(r.next.state));
    for (const h of r.next.history) assert.ok(h.from === h.to || adapter.next[h.from]?.includes(h.to), `${h.from} → ${h.to}`);
    e = r.next;
  }
}

describe('single process under random input (property)', () => {
  for (const role of ['consumer', 'provider'] as const) {
    test(`negotiation, ${role}: random messages never leave the diagram, terminal states stay terminal`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 60, size: 'max' }), (ops) => {
          const start = newNegotiation<{ id: string }, { id: string }>({ id: 'n', role, consumerPid: role === 'consumer' ? CONSUMER_PID : null, providerPid: role === 'provider' ? PROVIDER_PID : null });
          fuzzOne(start, ops, negotiationAdapter, {
            msg: (e, op, now) => {
              const m = message(op.sender, NEGOTIATION_MESSAGE_KINDS[op.kind % NEGOTIATION_MESSAGE_KINDS.length] ?? 'request', op.tag);
              return receiveNegotiationMessage(e, op.wrongPid ? { ...m, consumerPid: 'urn:uuid:wrong' } : m, now);
            },
            sent: (e, now) => onNegotiationSent(e, now),
            failed: (e, permanent, now) => onNegotiationSendFailed(e, { error: 'x', permanent }, RETRY, now),
          });
        }),
        { numRuns: RUNS },
      );
    });

    test(`transfer, ${role}: random messages never leave the diagram, terminal states stay terminal`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 60, size: 'max' }), (ops) => {
          const start = newTransfer<{ endpoint: string; token: string }>({
            id: 't',
            role,
            consumerPid: role === 'consumer' ? CONSUMER_PID : null,
            providerPid: role === 'provider' ? PROVIDER_PID : null,
            agreementId: 'agreement-1',
            format: 'HttpData-PULL',
          });
          fuzzOne(start, ops, transferAdapter, {
            msg: (e, op, now) => {
              const m = transferMessage(op.sender, TRANSFER_MESSAGE_KINDS[op.kind % TRANSFER_MESSAGE_KINDS.length] ?? 'request', op.tag);
              return receiveTransferMessage(e, op.wrongPid ? { ...m, providerPid: 'urn:uuid:wrong' } : m, now);
            },
            sent: (e, now) => onTransferSent(e, now),
            failed: (e, permanent, now) => onTransferSendFailed(e, { error: 'x', permanent }, RETRY, now),
          });
        }),
        { numRuns: RUNS },
      );
    });
  }
});
