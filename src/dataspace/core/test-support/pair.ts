/**
 * Test-only: a tiny in-memory simulator of one consumer and one provider running the same state machine, exchanging
 * DSP messages through their outboxes over a network that may be down or lose acknowledgements. It checks the
 * invariants after every step and throws on the first violation, so fast-check can shrink the scenario.
 */
import assert from 'node:assert/strict';
import type { RetryPolicy, SendAck, SendFailure } from '../outbox.js';
import type { IncomingBase, Outcome, ProcessEntity, Side } from '../process.js';

type Entity = ProcessEntity<string, string, unknown>;

export interface MachineAdapter<E extends Entity, M extends IncomingBase<string>> {
  states: readonly string[];
  next: Readonly<Record<string, readonly string[]>>;
  terminal: readonly string[];
  receive(e: E, m: M, now: Date): Outcome<E, unknown>;
  sent(e: E, now: Date, ack: SendAck): Outcome<E, unknown>;
  failed(e: E, f: SendFailure, retry: RetryPolicy, now: Date): Outcome<E, unknown>;
  pending(e: E): string | null;
  /** The message the outbox of `e` sends for its pending kind. */
  build(e: E, kind: string): M;
  /** Every local decision except termination (begin* with canned payloads). */
  decisions: readonly ((e: E, now: Date) => Outcome<E, unknown>)[];
  /** The decision that terminates, used to wind a run down. */
  terminate(e: E, now: Date): Outcome<E, unknown>;
  /** The local timeout for a side left waiting on a counter-party that ended. */
  abandon(e: E, now: Date): Outcome<E, unknown>;
}

export type Step =
  /** `choice` 0-99: from 90 on the side terminates, below it takes the first decision allowed from `choice`. */
  | { t: 'decide'; side: Side; choice: number }
  | { t: 'deliver'; side: Side; network: 'ok' | 'lost-ack' | 'down' };

export interface Pair<E> {
  consumer: E;
  provider: E;
  /** The side that opened the process; the other is created (INITIAL) when its first message arrives. */
  initiator: Side;
  clockMs: number;
  acks: number;
  /** Sides that had to give up locally while winding down, waiting for a counter-party that had already ended. */
  abandoned: number;
}

const RETRY: RetryPolicy = { limit: 2, baseDelayMs: 10, maxDelayMs: 40 };

function other(s: Side): Side {
  return s === 'consumer' ? 'provider' : 'consumer';
}

function checkEntity<E extends Entity>(adapter: MachineAdapter<E, IncomingBase<string>>, e: E): void {
  assert.ok(adapter.states.includes(e.state), `unknown state ${e.state}`);
  for (const h of e.history) {
    assert.ok(h.from === h.to || adapter.next[h.from]?.includes(h.to), `history leaves the diagram: ${h.from} → ${h.to}`);
  }
  if (e.wireState !== null) assert.ok(adapter.states.includes(e.wireState));
}

export class Simulator<E extends Entity, M extends IncomingBase<string>> {
  constructor(
    private readonly adapter: MachineAdapter<E, M>,
    readonly pair: Pair<E>,
  ) {}

  private now(): Date {
    this.pair.clockMs += 1_000;
    return new Date(this.pair.clockMs);
  }

  private set(side: Side, e: E): void {
    const before = this.pair[side];
    if (this.adapter.terminal.includes(before.state)) assert.equal(e.state, before.state, `${side} left terminal state ${before.state}`);
    checkEntity(this.adapter as unknown as MachineAdapter<E, IncomingBase<string>>, e);
    this.pair[side] = e;
  }

  private dormant(side: Side): boolean {
    return side !== this.pair.initiator && this.pair[side].state === 'INITIAL';
  }

  run(step: Step): void {
    if (step.t === 'decide') {
      if (this.dormant(step.side)) return;
      // Take the first decision, from `choice` on, that the state allows, so that runs get somewhere; terminating
      // is only chosen when `choice` asks for it, else almost every run would end early.
      const { decisions } = this.adapter;
      const now = this.now();
      const wantsEnd = step.choice >= 90;
      if (wantsEnd) {
        const r = this.adapter.terminate(this.pair[step.side], now);
        if (r.ok) this.set(step.side, r.next);
        return;
      }
      for (let i = 0; i < decisions.length; i++) {
        const r = (decisions[(step.choice + i) % decisions.length] as (e: E, now: Date) => Outcome<E, unknown>)(this.pair[step.side], now);
        if (!r.ok) {
          assert.ok([400, 404, 409].includes(r.status));
          continue;
        }
        this.set(step.side, r.next);
        return;
      }
      return;
    }
    this.deliver(step.side, step.network);
  }

  /** One outbox attempt of `side`; returns false when it had nothing to send. */
  deliver(side: Side, network: 'ok' | 'lost-ack' | 'down'): boolean {
    const sender = this.pair[side];
    const kind = this.adapter.pending(sender);
    if (kind === null) return false;
    const now = this.now();
    if (network === 'down') {
      this.set(side, okNext(this.adapter.failed(sender, { error: 'connection refused' }, RETRY, now)));
      return true;
    }
    const receiverSide = other(side);
    const received = this.adapter.receive(this.pair[receiverSide], this.adapter.build(sender, kind), now);
    if (!received.ok) {
      this.set(side, okNext(this.adapter.failed(sender, { error: `${received.status} ${received.code}`, permanent: true }, RETRY, now)));
      return true;
    }
    this.set(receiverSide, received.next);
    if (network === 'lost-ack') {
      this.set(side, okNext(this.adapter.failed(sender, { error: 'reply lost' }, RETRY, now)));
      return true;
    }
    const receiverPid = receiverSide === 'consumer' ? received.next.consumerPid : received.next.providerPid;
    this.set(side, okNext(this.adapter.sent(sender, now, receiverPid === null ? {} : { counterPartyPid: receiverPid })));
    this.pair.acks += 1;
    // The invariant: once the counter-party acknowledged, both sides stand at the same wire state.
    assert.equal(this.pair.consumer.wireState, this.pair.provider.wireState, `after ${kind} from ${side}: wire states differ`);
    return true;
  }

  /** Over a reliable network: deliver everything, then let a side terminate, until both sides are done. */
  windDown(maxSteps = 100): void {
    for (let i = 0; i < maxSteps; i++) {
      if (this.deliver('consumer', 'ok') || this.deliver('provider', 'ok')) continue;
      if (this.finished()) return;
      const closed = (['consumer', 'provider'] as const).some((side) => {
        if (this.dormant(side) || this.adapter.terminal.includes(this.pair[side].state)) return false;
        const r = this.adapter.terminate(this.pair[side], this.now());
        if (r.ok) this.set(side, r.next);
        return r.ok;
      });
      if (closed) continue;
      // No side may terminate: one side waits for a message its counter-party, already ended, will never send.
      const waiting = (['consumer', 'provider'] as const).find((side) => !this.dormant(side) && !this.adapter.terminal.includes(this.pair[side].state));
      assert.ok(waiting !== undefined && this.adapter.terminal.includes(this.pair[other(waiting)].state), `stuck: consumer ${this.pair.consumer.state}, provider ${this.pair.provider.state}`);
      this.set(waiting, okNext(this.adapter.abandon(this.pair[waiting], this.now())));
      this.pair.abandoned += 1;
    }
    assert.fail('did not wind down');
  }

  finished(): boolean {
    const done = (s: Side): boolean => this.adapter.terminal.includes(this.pair[s].state) || this.dormant(s);
    return done('consumer') && done('provider');
  }
}

function okNext<E>(r: Outcome<E, unknown>): E {
  if (!r.ok) assert.fail(`outbox step refused: ${r.code} ${r.reason}`);
  return r.next;
}
