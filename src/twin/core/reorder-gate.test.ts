import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createReorderGate, expireGate, gateDeadlineMs, offerToGate, type ReorderGateState, type ReorderWindow, type SeqRange } from './reorder-gate.js';

const WIDE: ReorderWindow = { maxBuffered: 1_000_000, maxWaitMs: Infinity };

/** Feeds seqs through the gate, collecting what it releases; returns the applied order and decisions. */
function run(seqs: number[], window: ReorderWindow, stepMs = 1) {
  let s: ReorderGateState<string> = createReorderGate<string>();
  const applied: number[] = [];
  const skipped: SeqRange[] = [];
  const decisions: string[] = [];
  let now = 0;
  for (const q of seqs) {
    now += stepMs;
    const r = offerToGate(s, q, `batch-${q}`, now, window);
    // the state must survive a JSON round trip (it is stored with the twin state)
    s = JSON.parse(JSON.stringify(r.state)) as ReorderGateState<string>;
    for (const x of r.release) {
      assert.equal(x.item, `batch-${x.seq}`);
      applied.push(x.seq);
    }
    skipped.push(...r.skipped);
    decisions.push(r.decision);
  }
  return { applied, skipped, decisions, state: s };
}

test('in order: every batch applies at once', () => {
  const r = run([0, 1, 2, 3], WIDE);
  assert.deepEqual(r.applied, [0, 1, 2, 3]);
  assert.deepEqual(r.decisions, ['applyNow', 'applyNow', 'applyNow', 'applyNow']);
});

test('a gap holds later batches; filling it releases them in order; resends are duplicates', () => {
  const r = run([0, 2, 3, 2, 1, 1, 0, 4], WIDE);
  assert.deepEqual(r.decisions, ['applyNow', 'buffered', 'buffered', 'duplicate', 'applyNow', 'duplicate', 'duplicate', 'applyNow']);
  assert.deepEqual(r.applied, [0, 1, 2, 3, 4]);
  assert.deepEqual(r.skipped, []);
});

test('too many held batches: the gap is given up on, reported, and a late arrival is told apart from a duplicate', () => {
  const r = run([0, 3, 4, 5, 1, 5], { maxBuffered: 2, maxWaitMs: Infinity });
  // holding 3, 4, 5 exceeds 2: give up on 1..2, release 3, 4, 5
  assert.deepEqual(r.applied, [0, 3, 4, 5]);
  assert.deepEqual(r.skipped, [{ from: 1, to: 2 }]);
  assert.deepEqual(r.decisions, ['applyNow', 'buffered', 'buffered', 'buffered', 'late', 'duplicate']);
});

test('waiting too long: expireGate at the deadline releases the held batches', () => {
  const w: ReorderWindow = { maxBuffered: 10, maxWaitMs: 1000 };
  let s = createReorderGate<number>();
  s = offerToGate(s, 0, 0, 0, w).state;
  s = offerToGate(s, 5, 5, 100, w).state;
  s = offerToGate(s, 6, 6, 200, w).state;
  assert.equal(gateDeadlineMs(s, w), 1100);
  const early = expireGate(s, 1099, w);
  assert.deepEqual(early.release, []);
  const due = expireGate(s, 1100, w);
  assert.deepEqual(due.release.map((x) => x.seq), [5, 6]);
  assert.deepEqual(due.skipped, [{ from: 1, to: 4 }]);
  assert.equal(due.state.lastSeq, 6);
  assert.equal(gateDeadlineMs(due.state, w), null);
  // the input state is not changed
  assert.equal(s.pending.length, 2);
});

test('a gate can start at a known counter', () => {
  let s = createReorderGate<null>(41);
  const r = offerToGate(s, 42, null, 0);
  assert.equal(r.decision, 'applyNow');
  s = r.state;
  assert.equal(offerToGate(s, 10, null, 0).decision, 'duplicate');
});

test('property: any permutation of 0..n with duplicates applies each batch exactly once, in increasing order', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 60 }).chain((n) =>
        fc.tuple(
          fc.shuffledSubarray([...Array(n + 1).keys()], { minLength: n + 1, maxLength: n + 1 }),
          fc.array(fc.integer({ min: 0, max: n }), { maxLength: 30 }),
          fc.array(fc.nat(), { maxLength: 30 }),
        ),
      ),
      ([perm, dups, positions]) => {
        const seqs = perm.slice();
        dups.forEach((d, j) => seqs.splice((positions[j] ?? 0) % (seqs.length + 1), 0, d));
        const r = run(seqs, WIDE);
        assert.deepEqual(r.applied, perm.slice().sort((a, b) => a - b));
        assert.equal(r.state.pending.length, 0);
        assert.equal(r.decisions.filter((d) => d === 'duplicate').length, dups.length);
      },
    ),
    { numRuns: 300 },
  );
});

test('property: with a narrow window, applied batches are unique and increasing, and applied + skipped + late cover every seq', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }).chain((n) =>
        fc.tuple(fc.shuffledSubarray([...Array(n + 1).keys()], { minLength: n + 1, maxLength: n + 1 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 20 })),
      ),
      ([perm, maxBuffered, maxWaitMs]) => {
        const r = run(perm, { maxBuffered, maxWaitMs });
        const final = expireGate(r.state, Number.MAX_SAFE_INTEGER, { maxBuffered, maxWaitMs: 0 });
        const applied = [...r.applied, ...final.release.map((x) => x.seq)];
        for (let k = 1; k < applied.length; k++) assert.ok(applied[k] > applied[k - 1], `not increasing at ${k}: ${applied}`);
        const skipped = [...r.skipped, ...final.skipped];
        const covered = new Set(applied);
        for (const g of skipped) for (let q = g.from; q <= g.to; q++) covered.add(q);
        assert.equal(covered.size, perm.length);
        // a seq is either applied or inside a skipped gap, never both
        for (const g of skipped) for (const a of applied) assert.ok(a < g.from || a > g.to);
        const late = r.decisions.filter((d) => d === 'late').length;
        assert.equal(applied.length + late, perm.length);
      },
    ),
    { numRuns: 300 },
  );
});
