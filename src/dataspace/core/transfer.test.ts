import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Side } from './process.js';
import { okNext, T0 } from './test-support/negotiation-states.js';
import { transferAt, transferMessage, type X, type XWireOrInitial } from './test-support/transfer-states.js';
import {
  beginTransferCompletion,
  beginTransferRequest,
  beginTransferResume,
  beginTransferStart,
  beginTransferSuspension,
  beginTransferTermination,
  NEXT,
  onTransferSent,
  pendingTransferMessage,
  receiveTransferMessage,
  TRANSFER_MESSAGE_KINDS,
  TRANSFER_STATES,
  TRANSFER_WIRE_EDGES,
  transferWireState,
  type TransferMessageKind,
  type TransferState,
  type TransferWireState,
} from './transfer.js';

const STATES: readonly XWireOrInitial[] = ['INITIAL', 'REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'];
const other = (s: Side): Side => (s === 'consumer' ? 'provider' : 'consumer');
const terminal = (s: XWireOrInitial): boolean => s === 'COMPLETED' || s === 'TERMINATED';
const SENT_BY: Record<TransferMessageKind, readonly Side[]> = {
  request: ['consumer'],
  start: ['consumer', 'provider'],
  suspension: ['consumer', 'provider'],
  completion: ['consumer', 'provider'],
  termination: ['consumer', 'provider'],
};

/** DSP 2025-1 TP table (notes §1.3) with the consumer resume of DSP issue #252, written out by hand. */
const RECEIVES: Record<Side, Record<XWireOrInitial, Partial<Record<TransferMessageKind, TransferWireState>>>> = {
  consumer: {
    INITIAL: {},
    REQUESTED: { start: 'STARTED', termination: 'TERMINATED' },
    STARTED: { suspension: 'SUSPENDED', completion: 'COMPLETED', termination: 'TERMINATED' },
    SUSPENDED: { start: 'STARTED', termination: 'TERMINATED' },
    COMPLETED: {},
    TERMINATED: {},
  },
  provider: {
    INITIAL: { request: 'REQUESTED' },
    REQUESTED: { termination: 'TERMINATED' },
    STARTED: { suspension: 'SUSPENDED', completion: 'COMPLETED', termination: 'TERMINATED' },
    SUSPENDED: { start: 'STARTED', termination: 'TERMINATED' },
    COMPLETED: {},
    TERMINATED: {},
  },
};

const BEGINS: Record<Side, Record<XWireOrInitial, Partial<Record<TransferMessageKind, TransferState>>>> = {
  consumer: {
    INITIAL: { request: 'REQUESTING', termination: 'TERMINATED' },
    REQUESTED: { termination: 'TERMINATING' },
    STARTED: { suspension: 'SUSPENDING', completion: 'COMPLETING', termination: 'TERMINATING' },
    SUSPENDED: { start: 'RESUMING', termination: 'TERMINATING' },
    COMPLETED: {},
    TERMINATED: {},
  },
  provider: {
    INITIAL: { termination: 'TERMINATED' },
    REQUESTED: { start: 'STARTING', termination: 'TERMINATING' },
    STARTED: { suspension: 'SUSPENDING', completion: 'COMPLETING', termination: 'TERMINATING' },
    SUSPENDED: { start: 'RESUMING', termination: 'TERMINATING' },
    COMPLETED: {},
    TERMINATED: {},
  },
};

const ACKED: Partial<Record<TransferState, TransferWireState>> = {
  REQUESTING: 'REQUESTED',
  STARTING: 'STARTED',
  RESUMING: 'STARTED',
  SUSPENDING: 'SUSPENDED',
  COMPLETING: 'COMPLETED',
  TERMINATING: 'TERMINATED',
};

function beginKind(e: X, kind: TransferMessageKind) {
  switch (kind) {
    case 'request':
      return beginTransferRequest(e, undefined, T0);
    case 'start':
      return e.wireState === 'SUSPENDED' ? beginTransferResume(e, undefined, T0) : beginTransferStart(e, { endpoint: 'https://p/data', token: 't' }, T0);
    case 'suspension':
      return beginTransferSuspension(e, 'maintenance', T0);
    case 'completion':
      return beginTransferCompletion(e, T0);
    case 'termination':
      return beginTransferTermination(e, 'no longer needed', T0);
  }
}

const fresh = (side: Side, state: XWireOrInitial): X => ({ ...transferAt(side, state), lastIncoming: null });

for (const side of ['consumer', 'provider'] as const) {
  describe(`transfer, ${side} side, incoming messages`, () => {
    for (const state of STATES) {
      for (const kind of TRANSFER_MESSAGE_KINDS) {
        const sender = other(side);
        const target = RECEIVES[side][state][kind];
        test(`${state} + ${kind} from ${sender} → ${target ?? '400'}`, () => {
          const before = fresh(side, state);
          assert.equal(transferWireState(before), state === 'INITIAL' ? null : state);
          const r = receiveTransferMessage(before, transferMessage(sender, kind, 'table'), T0);
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
        for (const kind of TRANSFER_MESSAGE_KINDS) {
          const msg = { ...transferMessage(side, kind, 'table'), senderDid: transferMessage(other(side), 'completion').senderDid };
          const r = receiveTransferMessage(fresh(side, state), msg, T0);
          assert.equal(r.ok, false);
          if (!r.ok) assert.deepEqual([r.status, r.code], [400, 'wrong-recipient']);
        }
      });
    }
  });

  describe(`transfer, ${side} side, own intents and acknowledgements`, () => {
    for (const state of STATES) {
      for (const kind of TRANSFER_MESSAGE_KINDS) {
        const target = BEGINS[side][state][kind];
        test(`${state}: begin ${kind} → ${target ?? '409'}`, () => {
          const before = transferAt(side, state);
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
          assert.equal(r.next.wireState, before.wireState);
          if (target === 'TERMINATED') {
            assert.deepEqual(r.effects, [{ type: 'finished', outcome: 'TERMINATED' }]);
            return;
          }
          const stopsFlow = state === 'STARTED';
          assert.deepEqual(r.effects, [...(stopsFlow ? [{ type: 'flow-stopped' }] : []), { type: 'send', message: kind }]);
          assert.equal(pendingTransferMessage(r.next), kind);
          const acked = okNext(onTransferSent(r.next, T0, { counterPartyPid: 'urn:uuid:p-1' }));
          assert.equal(acked.state, ACKED[target]);
          assert.equal(acked.wireState, ACKED[target]);
          assert.equal(pendingTransferMessage(acked), null);
        });
      }
    }
  });
}

describe('transfer tables', () => {
  test('NEXT has every state, and every DSP edge is in it', () => {
    assert.deepEqual(Object.keys(NEXT).sort(), [...TRANSFER_STATES].sort());
    for (const e of TRANSFER_WIRE_EDGES) assert.ok(NEXT[e.from ?? 'INITIAL'].includes(e.to), `${e.from} → ${e.to}`);
  });

  test('the hand-written RECEIVES table is exactly the DSP edge list', () => {
    const fromTables = (['consumer', 'provider'] as const).flatMap((side) =>
      STATES.flatMap((s) => Object.entries(RECEIVES[side][s]).map(([k, to]) => `${s === 'INITIAL' ? '*' : s}-${k}-${other(side)}->${to}`)),
    );
    const fromEdges = TRANSFER_WIRE_EDGES.flatMap((e) => e.by.map((by) => `${e.from ?? '*'}-${e.kind}-${by}->${e.to}`));
    assert.deepEqual(fromTables.sort(), fromEdges.sort());
  });

  test('COMPLETED and TERMINATED have no way out', () => {
    assert.deepEqual(NEXT.COMPLETED, []);
    assert.deepEqual(NEXT.TERMINATED, []);
  });
});
