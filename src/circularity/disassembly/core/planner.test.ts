import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lowerBound } from './bound.js';
import { planExact } from './exact.js';
import { planHeuristic } from './heuristic.js';
import {
  HUMAN, ROBOT, capable, decodeSequence, emptyState, makeProblem, needsDeEnergised,
  type Problem, type Resource, type Schedule,
} from './problem.js';

/** Random precedence DAG (edges only from lower to higher index) with times, tools and a de-energise task. */
const instance = (maxTasks: number) =>
  fc.integer({ min: 2, max: maxTasks }).chain((n) =>
    fc.record({
      robotPresent: fc.boolean(),
      deEnergise: fc.integer({ min: 0, max: n - 1 }),
      changeS: fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })),
      tasks: fc.array(
        fc.record({
          robotS: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
          humanS: fc.integer({ min: 1, max: 60 }),
          humanCan: fc.boolean(),
          tool: fc.integer({ min: 0, max: 2 }),
          predMask: fc.integer({ min: 0, max: 2 ** 12 - 1 }),
        }),
        { minLength: n, maxLength: n },
      ),
    }),
  ).map(({ robotPresent, deEnergise, changeS, tasks }) =>
    makeProblem({
      robotPresent,
      deEnergise,
      changeS: changeS as [number, number],
      tasks: tasks.map((t, i) => ({
        id: `T${i}`,
        // the human may always step in when the robot cannot, so every instance is feasible
        durS: [t.robotS ?? Infinity, t.humanCan || t.robotS === undefined || !robotPresent ? t.humanS : Infinity] as [number, number],
        tool: t.tool,
        preds: Array.from({ length: i }, (_, j) => j).filter((j) => (t.predMask >> j) & 1),
      })),
    }),
  );

/** Every rule a plan must keep; returns the first violation or null. */
function violation(p: Problem, s: Schedule): string | null {
  const byTask = new Map(s.entries.map((e) => [e.task, e]));
  if (byTask.size !== p.tasks.length) return `scheduled ${byTask.size} of ${p.tasks.length} tasks`;
  for (const e of s.entries) {
    const t = p.tasks[e.task];
    if (!capable(p, e.task, e.resource)) return `${t.id} on a resource that may not do it`;
    if (e.resource === ROBOT && !p.robotPresent) return `${t.id} on an absent robot`;
    if (Math.abs(e.endS - e.startS - t.durS[e.resource]) > 1e-9) return `${t.id} has the wrong duration`;
    for (const q of t.preds) if (byTask.get(q)!.endS > e.startS + 1e-9) return `${t.id} starts before its predecessor ${p.tasks[q].id} ends`;
    if (needsDeEnergised(p, e.task, e.resource) && byTask.get(p.deEnergise)!.endS > e.startS + 1e-9) return `human task ${t.id} before de-energising`;
    if (e.resource === HUMAN && !needsDeEnergised(p, e.task, e.resource) && p.deEnergise >= 0 && Number.isFinite(t.durS[ROBOT])) return `human live work on ${t.id} that the robot can do`;
  }
  for (const r of [ROBOT, HUMAN] as const) {
    const mine = s.entries.filter((e) => e.resource === r).sort((a, b) => a.startS - b.startS);
    for (let k = 1; k < mine.length; k++) {
      const change = p.tasks[mine[k].task].tool !== p.tasks[mine[k - 1].task].tool ? p.changeS[r] : 0;
      if (mine[k].startS < mine[k - 1].endS + change - 1e-9) return `overlap or missing tool change on resource ${r}`;
    }
  }
  return null;
}

/** Minimum makespan over every linear extension and every resource assignment (semi-active decoding). */
function bruteForce(p: Problem): number {
  const n = p.tasks.length;
  let best = Infinity;
  const order: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  const extend = () => {
    if (order.length === n) {
      for (let mask = 0; mask < 1 << n; mask++) {
        const seq = order.map((task) => ({ task, resource: ((mask >> task) & 1) as Resource }));
        if (seq.some((x) => !capable(p, x.task, x.resource))) continue;
        // the interlock needs de-energise before any human task that waits for it
        const pos = order.indexOf(p.deEnergise);
        if (seq.some((x, k) => needsDeEnergised(p, x.task, x.resource) && k < pos)) continue;
        best = Math.min(best, decodeSequence(p, seq).makespanS);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      if (used[i] || p.tasks[i].preds.some((q) => !used[q])) continue;
      used[i] = true;
      order.push(i);
      extend();
      order.pop();
      used[i] = false;
    }
  };
  extend();
  return best;
}

test('heuristic plans respect precedence, capability, interlock and tool changes on random DAGs; the bound is below them', () => {
  fc.assert(
    fc.property(instance(14), fc.integer({ min: 1, max: 1000 }), (p, seed) => {
      const { schedule } = planHeuristic(p, { seed, evaluations: 30 });
      assert.equal(violation(p, schedule), null);
      assert.ok(lowerBound(p, emptyState(p)) <= schedule.makespanS + 1e-9);
    }),
    { numRuns: 300, seed: 42 },
  );
});

test('exact planner equals brute force on small instances; bound and heuristic bracket the optimum', () => {
  fc.assert(
    fc.property(instance(6), (p) => {
      const h = planHeuristic(p, { evaluations: 20 }).schedule;
      const x = planExact(p, h);
      const opt = bruteForce(p);
      assert.ok(x.proven);
      assert.equal(violation(p, x.schedule), null);
      assert.ok(Math.abs(x.schedule.makespanS - opt) < 1e-9, `exact ${x.schedule.makespanS} vs brute force ${opt}`);
      assert.ok(lowerBound(p, emptyState(p)) <= opt + 1e-9, 'lower bound above the optimum');
      assert.ok(h.makespanS >= opt - 1e-9);
    }),
    { numRuns: 400, seed: 7 },
  );
});

test('a human task that the robot could do never runs on a live pack', () => {
  // chain: T0 (cover) → T1 (de-energise); T2 human-only, independent of the chain; T3 flexible after T0
  const p = makeProblem({
    robotPresent: true,
    deEnergise: 1,
    changeS: [8, 15],
    tasks: [
      { id: 'T0', durS: [10, 5], tool: 0, preds: [] },
      { id: 'T1', durS: [100, 50], tool: 1, preds: [0] },
      { id: 'T2', durS: [Infinity, 20], tool: 2, preds: [] },
      { id: 'T3', durS: [40, 10], tool: 0, preds: [0] },
    ],
  });
  const x = planExact(p, planHeuristic(p).schedule);
  const end = (t: number) => x.schedule.entries.find((e) => e.task === t)!;
  assert.equal(end(0).resource, ROBOT);
  assert.equal(end(1).resource, ROBOT);
  assert.ok(end(2).startS >= end(1).endS, 'human-only task waits for de-energising');
  // optimum: robot T0 0-10, tool change 8, T1 18-118; then the human T3 118-128, change 15, T2 143-163
  // (robot T3 would end at 126 + 40 = 166)
  assert.equal(x.schedule.makespanS, 163);
});

test('without a robot the de-energise chain goes to the human under the live-working procedure', () => {
  const p = makeProblem({
    robotPresent: false,
    deEnergise: 0,
    changeS: [8, 15],
    tasks: [
      { id: 'D', durS: [100, 60], tool: 0, preds: [] },
      { id: 'A', durS: [30, 40], tool: 1, preds: [0] },
    ],
  });
  const s = planHeuristic(p).schedule;
  assert.deepEqual(s.entries.map((e) => e.resource), [HUMAN, HUMAN]);
  assert.equal(s.makespanS, 60 + 15 + 40);
});
