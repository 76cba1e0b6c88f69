/**
 * Per-battery reorder gate: MQTT QoS 1 is at-least-once and a vehicle that reconnects may resend or interleave
 * batches, but the estimators are recursive filters that must see samples in time order exactly once.
 * The gate decides, for each incoming batch counter `seq`, whether to apply it now (with any buffered successors),
 * hold it until the gap before it is filled, or drop it as a duplicate. A gap is given up on after a window
 * (too many batches held, or the oldest held too long): the held batches are released in order and the skipped
 * counters reported, since a vehicle that lost data must not stall its twin forever.
 *
 * Pure and JSON-serialisable (the state is stored with the twin state); the clock is passed in.
 */

export interface ReorderWindow {
  /** batches held behind a gap before the gap is given up on */
  maxBuffered: number;
  /** how long the oldest held batch may wait, ms */
  maxWaitMs: number;
}

/** 16 batches or 5 minutes: a vehicle's resend after a reconnect arrives well within this. */
export const DEFAULT_REORDER_WINDOW: ReorderWindow = { maxBuffered: 16, maxWaitMs: 5 * 60_000 };

/** Inclusive range of batch counters. */
export interface SeqRange {
  from: number;
  to: number;
}

export interface PendingBatch<T> {
  seq: number;
  receivedMs: number;
  item: T;
}

export interface ReorderGateState<T> {
  v: 1;
  /** highest counter applied or given up on; −1 before the first batch */
  lastSeq: number;
  /** held batches, ascending seq */
  pending: PendingBatch<T>[];
  /** the most recent gaps given up on (at most MAX_SKIPPED_KEPT): a batch arriving inside one is `late` */
  skipped: SeqRange[];
}

const MAX_SKIPPED_KEPT = 16;

export type GateDecision = 'applyNow' | 'buffered' | 'duplicate' | 'late';

export interface GateRelease<T> {
  state: ReorderGateState<T>;
  /** batches to apply now, in this order (may be non-empty whatever the decision: a window can close on any call) */
  release: { seq: number; item: T }[];
  /** gaps given up on by this call */
  skipped: SeqRange[];
}

export interface GateOutcome<T> extends GateRelease<T> {
  decision: GateDecision;
}

/** `lastSeq` = the counter before the first expected batch (−1 when the vehicle counts from 0). */
export function createReorderGate<T>(lastSeq = -1): ReorderGateState<T> {
  return { v: 1, lastSeq, pending: [], skipped: [] };
}

function copy<T>(s: ReorderGateState<T>): ReorderGateState<T> {
  return { v: 1, lastSeq: s.lastSeq, pending: s.pending.slice(), skipped: s.skipped.slice() };
}

function drain<T>(s: ReorderGateState<T>, out: { seq: number; item: T }[]) {
  while (s.pending.length > 0 && s.pending[0].seq === s.lastSeq + 1) {
    const p = s.pending.shift()!;
    out.push({ seq: p.seq, item: p.item });
    s.lastSeq = p.seq;
  }
}

function closeWindow<T>(s: ReorderGateState<T>, nowMs: number, w: ReorderWindow, out: { seq: number; item: T }[], skipped: SeqRange[]) {
  for (;;) {
    if (s.pending.length === 0) return;
    let oldestMs = Infinity;
    for (const p of s.pending) oldestMs = Math.min(oldestMs, p.receivedMs);
    if (s.pending.length <= w.maxBuffered && nowMs - oldestMs < w.maxWaitMs) return;
    const gap = { from: s.lastSeq + 1, to: s.pending[0].seq - 1 };
    skipped.push(gap);
    s.skipped.push(gap);
    if (s.skipped.length > MAX_SKIPPED_KEPT) s.skipped.splice(0, s.skipped.length - MAX_SKIPPED_KEPT);
    s.lastSeq = gap.to;
    drain(s, out);
  }
}

/** Offers batch `seq` received at `nowMs`. Does not mutate `state`. */
export function offerToGate<T>(state: ReorderGateState<T>, seq: number, item: T, nowMs: number, window: ReorderWindow = DEFAULT_REORDER_WINDOW): GateOutcome<T> {
  const s = copy(state);
  const release: { seq: number; item: T }[] = [];
  const skipped: SeqRange[] = [];
  let decision: GateDecision;
  if (seq <= s.lastSeq) {
    decision = s.skipped.some((r) => seq >= r.from && seq <= r.to) ? 'late' : 'duplicate';
  } else if (s.pending.some((p) => p.seq === seq)) {
    decision = 'duplicate';
  } else if (seq === s.lastSeq + 1) {
    decision = 'applyNow';
    release.push({ seq, item });
    s.lastSeq = seq;
    drain(s, release);
  } else {
    decision = 'buffered';
    let at = s.pending.length;
    while (at > 0 && s.pending[at - 1].seq > seq) at--;
    s.pending.splice(at, 0, { seq, receivedMs: nowMs, item });
  }
  closeWindow(s, nowMs, window, release, skipped);
  return { state: s, decision, release, skipped };
}

/** Gives up on gaps whose window has closed by `nowMs` (call from a timer at `gateDeadlineMs`). */
export function expireGate<T>(state: ReorderGateState<T>, nowMs: number, window: ReorderWindow = DEFAULT_REORDER_WINDOW): GateRelease<T> {
  const s = copy(state);
  const release: { seq: number; item: T }[] = [];
  const skipped: SeqRange[] = [];
  closeWindow(s, nowMs, window, release, skipped);
  return { state: s, release, skipped };
}

/** When the oldest held batch's wait runs out (epoch ms), or null when nothing is held. */
export function gateDeadlineMs(state: ReorderGateState<unknown>, window: ReorderWindow = DEFAULT_REORDER_WINDOW): number | null {
  if (state.pending.length === 0) return null;
  let oldestMs = Infinity;
  for (const p of state.pending) oldestMs = Math.min(oldestMs, p.receivedMs);
  return oldestMs + window.maxWaitMs;
}
