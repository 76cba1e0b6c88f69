/**
 * Exact planner for small instances: depth-first branch and bound over insertion sequences in non-decreasing
 * (start time, task index) order. Every semi-active schedule sorted by start has exactly one such sequence, so
 * the search is complete without enumerating interleavings twice; `lowerBound` prunes and the heuristic plan
 * seeds the incumbent. A node budget keeps the worst case bounded: when it runs out the result says so and the
 * caller reports the best plan with its gap instead of claiming optimality.
 */
import { lowerBound } from './bound.js';
import {
  HUMAN, ROBOT, capable, decodeSequence, earliestStart, emptyState,
  type Problem, type Resource, type Schedule, type State,
} from './problem.js';

export interface ExactResult {
  schedule: Schedule;
  /** True when the search finished: the schedule is optimal. */
  proven: boolean;
  nodes: number;
  /** Root lower bound, or the optimum when proven. */
  lowerBoundS: number;
}

/** Beyond this many tasks the exact search is not attempted (subset search grows as 2^n). */
export const EXACT_MAX_TASKS = 20;
const EPS = 1e-9;

export function planExact(p: Problem, incumbent: Schedule, nodeBudget = 2_000_000): ExactResult {
  const n = p.tasks.length;
  const s = emptyState(p);
  const rootBound = lowerBound(p, s);
  let bestS = incumbent.makespanS;
  let bestSeq: { task: number; resource: Resource }[] | null = null;
  const seq: { task: number; resource: Resource }[] = [];
  const scratch = new Float64Array(n);
  let nodes = 0;
  let aborted = false;
  let lastTask = -1;

  const dfs = (): void => {
    if (aborted) return;
    if (s.done === n) {
      const makespan = Math.max(s.free[ROBOT], s.free[HUMAN]);
      if (makespan < bestS - EPS) {
        bestS = makespan;
        bestSeq = seq.slice();
      }
      return;
    }
    if (++nodes > nodeBudget) {
      aborted = true;
      return;
    }
    const cands: { task: number; resource: Resource; start: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (!Number.isNaN(s.endS[i])) continue;
      for (const r of [ROBOT, HUMAN] as const) {
        if (!capable(p, i, r)) continue;
        const start = earliestStart(p, s, i, r);
        if (Number.isNaN(start)) continue;
        // canonical order: starts never decrease; equal starts go by increasing task index
        if (start < s.lastStartS - EPS || (Math.abs(start - s.lastStartS) <= EPS && i < lastTask && seq.length > 0)) continue;
        cands.push({ task: i, resource: r, start });
      }
    }
    cands.sort((a, b) => a.start + p.tasks[a.task].durS[a.resource] - (b.start + p.tasks[b.task].durS[b.resource]));
    for (const c of cands) {
      const saved = apply(s, p, c.task, c.resource, c.start);
      const prevLast = lastTask;
      lastTask = c.task;
      seq.push({ task: c.task, resource: c.resource });
      if (lowerBound(p, s, scratch) < bestS - EPS) dfs();
      seq.pop();
      lastTask = prevLast;
      undo(s, c.task, c.resource, saved);
      if (aborted) return;
    }
  };
  dfs();
  const schedule = bestSeq ? decodeSequence(p, bestSeq) : incumbent;
  return { schedule, proven: !aborted, nodes, lowerBoundS: aborted ? rootBound : schedule.makespanS };
}

interface Saved {
  free: number;
  tool: number;
  lastStartS: number;
}

function apply(s: State, p: Problem, task: number, r: Resource, start: number): Saved {
  const saved = { free: s.free[r], tool: s.tool[r], lastStartS: s.lastStartS };
  const end = start + p.tasks[task].durS[r];
  s.endS[task] = end;
  s.free[r] = end;
  s.tool[r] = p.tasks[task].tool;
  s.lastStartS = start;
  s.done++;
  return saved;
}

function undo(s: State, task: number, r: Resource, saved: Saved): void {
  s.endS[task] = NaN;
  s.free[r] = saved.free;
  s.tool[r] = saved.tool;
  s.lastStartS = saved.lastStartS;
  s.done--;
}
