import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  beginAcceptOffer,
  beginAgreement,
  beginContractOffer,
  beginContractRequest,
  beginFinalization,
  beginNegotiationTermination,
  beginVerification,
  NEGOTIATION_MESSAGE_KINDS,
  NEGOTIATION_STATES,
  NEGOTIATION_WIRE_EDGES,
  NEXT,
  negotiationWireState,
  pendingNegotiationMessage,
  receiveNegotiationMessage,
  onNegotiationSent,
  type NegotiationMessageKind,
  type NegotiationState,
  type NegotiationWireState,
} from './negotiation.js';
import type { Side } from './process.js';
import { at, message, okNext, T0, type N, type WireOrInitial } from './test-support/negotiation-states.js';

const STATES: readonly WireOrInitial[] = ['INITIAL', 'REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED'];
const SENT_BY: Record<NegotiationMessageKind, readonly Side[]> = {
  request: ['consumer'],
  offer: ['provider'],
  accepted: ['consumer'],
  agreement: ['provider'],
  verification: ['consumer'],
  finalized: ['provider'],
  termination: ['consumer', 'provider'],
};
const other = (s: Side): Side => (s === 'consumer' ? 'provider' : 'consumer');
const terminal = (s: WireOrInitial): boolean => s === 'FINALIZED' || s === 'TERMINATED';

/** What each side accepts from the counter-party in each state (DSP 2025-1 CN table, notes §1.2), written out by hand. */
const RECEIVES: Record<Side, Record<WireOrInitial, Partial<Record<NegotiationMessageKind, NegotiationWireState>>>> = {
  consumer: {
    INITIAL: { offer: 'OFFERED' },
    REQUESTED: { offer: 'OFFERED', agreement: 'AGREED', termination: 'TERMINATED' },
    OFFERED: { termination: 'TERMINATED' },
    ACCEPTED: { agreement: 'AGREED', termination: 'TERMINATED' },
    AGREED: {},
    VERIFIED: { finalized: 'FINALIZED', termination: 'TERMINATED' },
    FINALIZED: {},
    TERMINATED: {},
  },
  provider: {
    INITIAL: { request: 'REQUESTED' },
    REQUESTED: { termination: 'TERMINATED' },
    OFFERED: { request: 'REQUESTED', accepted: 'ACCEPTED', termination: 'TERMINATED' },
    ACCEPTED: {},
    AGREED: { verification: 'VERIFIED', termination: 'TERMINATED' },
    VERIFIED: {},
    FINALIZED: {},
    TERMINATED: {},
  },
};

/** What each side may decide to send in each state: the "-ING" state it enters (TERMINATED: ends locally). */
const BEGINS: Record<Side, Record<WireOrInitial, Partial<Record<NegotiationMessageKind, NegotiationState>>>> = {
  consumer: {
    INITIAL: { request: 'REQUESTING', termination: 'TERMINATED' },
    REQUESTED: { termination: 'TERMINATING' },
    OFFERED: { request: 'REQUESTING', accepted: 'ACCEPTING', termination: 'TERMINATING' },
    ACCEPTED: {},
    AGREED: { verification: 'VERIFYING', termination: 'TERMINATING' },
    VERIFIED: {},
    FINALIZED: {},
    TERMINATED: {},
  },
  provider: {
    INITIAL: { offer: 'OFFERING', termination: 'TERMINATED' },
    REQUESTED: { offer: 'OFFERING', agreement: 'AGREEING', termination: 'TERMINATING' },
    OFFERED: { termination: 'TERMINATING' },
    ACCEPTED: { agreement: 'AGREEING', termination: 'TERMINATING' },
    AGREED: {},
    VERIFIED: { finalized: 'FINALIZING', termination: 'TERMINATING' },
    FINALIZED: {},
    TERMINATED: {},
  },
};

const ACKED: Partial<Record<NegotiationState, NegotiationWireState>> = {
  REQUESTING: 'REQUESTED',
  OFFERING: 'OFFERED',
  ACCEPTING: 'ACCEPTED',
  AGREEING: 'AGREED',
  VERIFYING: 'VERIFIED',
  FINALIZING: 'FINALIZED',
  TERMINATING: 'TERMINATED',
};

function beginKind(e: N, kind: NegotiationMessageKind) {
  switch (kind) {
    case 'request':
      return beginContractRequest(e, { id: 'offer-new' }, T0);
    case 'offer':
      return beginContractOffer(e, { id: 'offer-new' }, T0);
    case 'accepted':
      return beginAcceptOffer(e, T0);
    case 'agreement':
      return beginAgreement(e, { id: 'agreement-new' }, T0);
    case 'verification':
      return beginVerification(e, T0);
    case 'finalized':
      return beginFinalization(e, T0);
    case 'termination':
      return beginNegotiationTermination(e, 'no longer needed', T0);
  }
}

/** A state reached fresh, so that a table message is never mistaken for a resend of the one that led there. */
const fresh = (side: Side, state: WireOrInitial): N => ({ ...at(side, state), lastIncoming: null });

for (const side of ['consumer', 'provider'] as const) {
  describe(`negotiation, ${side} side, incoming messages`, () => {
    for (const state of STATES) {
      for (const kind of NEGOTIATION_MESSAGE_KINDS) {
        const sender = other(side);
        const target = RECEIVES[side][state][kind];
        const name = `${state} + ${kind} from ${sender} → ${target ?? '400'}`;
        test(name, () => {
          const before = fresh(side, state);
          assert.equal(negotiationWireState(before), state === 'INITIAL' ? null : state);
          const r = receiveNegotiationMessage(before, message(sender, kind, 'table'), T0);
          if (target !== undefined) {
            assert.ok(r.ok, r.ok ? '' : r.reason);
            assert.equal(r.next.state, target);
            assert.equal(r.next.wireState, target);
            assert.deepEqual(r.next.history.at(-1), { at: T0.toISOString(), from: before.state, to: target, reason: `received ${kind} from ${sender}` });
            return;
          }
          assert.equal(r.ok, false);
          if (r.ok) return;
          assert.equal(r.status, 400);
          const expected = !SENT_BY[kind].includes(sender) ? 'sender-not-allowed' : terminal(state) ? 'terminal-state' : 'invalid-transition';
          assert.equal(r.code, expected, r.reason);
        });
      }
      test(`${state}: a message from its own role is refused (wrong-recipient)`, () => {
        for (const kind of NEGOTIATION_MESSAGE_KINDS) {
          // The counter-party's DID on a message routed as if it came from this side's own role.
          const msg = { ...message(side, kind, 'table'), senderDid: message(other(side), 'termination').senderDid };
          const r = receiveNegotiationMessage(fresh(side, state), msg, T0);
          assert.equal(r.ok, false);
          if (!r.ok) assert.deepEqual([r.status, r.code], [400, 'wrong-recipient']);
        }
      });
    }
  });

  describe(`negotiation, ${side} side, own intents and acknowledgements`, () => {
    for (const state of STATES) {
      for (const kind of NEGOTIATION_MESSAGE_KINDS) {
        const target = BEGINS[side][state][kind];
        test(`${state}: begin ${kind} → ${target ?? '409'}`, () => {
          const before = at(side, state);
          const r = beginKind(before, kind);
          if (target === undefined) {
            assert.equal(r.ok, false);
            if (r.ok) return;
            assert.equal(r.status, 409);
            const expected = !SENT_BY[kind].includes(side) ? 'wrong-role' : terminal(state) ? 'terminal-state' : 'invalid-transition';
            assert.equal(r.code, expected, r.reason);
            return;
          }
          assert.ok(r.ok, r.ok ? '' : r.reason);
          assert.equal(r.next.state, target);
          assert.equal(r.next.wireState, before.wireState, 'an intent changes nothing on the wire');
          if (target === 'TERMINATED') {
            assert.deepEqual(r.effects, [{ type: 'finished', outcome: 'TERMINATED' }]);
            assert.equal(pendingNegotiationMessage(r.next), null);
            return;
          }
          assert.deepEqual(r.effects, [{ type: 'send', message: kind }]);
          assert.equal(pendingNegotiationMessage(r.next), kind);
          assert.equal(r.next.nextAttemptAt, T0.toISOString());
          const acked = okNext(onNegotiationSent(r.next, T0, { counterPartyPid: side === 'consumer' ? 'urn:uuid:p-1' : 'urn:uuid:c-1' }));
          assert.equal(acked.state, ACKED[target]);
          assert.equal(acked.wireState, ACKED[target]);
          assert.equal(acked.nextAttemptAt, null);
          assert.equal(pendingNegotiationMessage(acked), null);
        });
      }
    }
  });
}

describe('negotiation tables', () => {
  test('NEXT has every state, and every DSP edge is in it', () => {
    assert.deepEqual(Object.keys(NEXT).sort(), [...NEGOTIATION_STATES].sort());
    for (const e of NEGOTIATION_WIRE_EDGES) {
      const from: NegotiationState = e.from ?? 'INITIAL';
      assert.ok(NEXT[from].includes(e.to), `${from} → ${e.to}`);
    }
  });

  test('the hand-written RECEIVES table is exactly the DSP edge list', () => {
    const fromTables = (['consumer', 'provider'] as const).flatMap((side) =>
      STATES.flatMap((s) => Object.entries(RECEIVES[side][s]).map(([k, to]) => `${s === 'INITIAL' ? '*' : s}-${k}-${other(side)}->${to}`)),
    );
    const fromEdges = NEGOTIATION_WIRE_EDGES.flatMap((e) => e.by.map((by) => `${e.from ?? '*'}-${e.kind}-${by}->${e.to}`));
    assert.deepEqual(fromTables.sort(), fromEdges.sort());
  });

  test('FINALIZED and TERMINATED have no way out', () => {
    assert.deepEqual(NEXT.FINALIZED, []);
    assert.deepEqual(NEXT.TERMINATED, []);
  });
});
