/**
 * Heuristic planner for large packs: priority-rule list scheduling (serial schedule generation) followed by a
 * seeded local search over the rule's parameters and priorities. At each step every eligible (task, resource) pair
 * is scored by its finish time plus a penalty for changing tools; ties go to the larger priority (longest remaining
 * path, the classic LFT/critical-path rule of resource-constrained project scheduling, Kolisch 1996, EJOR 90:320-333).
 * The local search perturbs priorities and the weights and keeps improvements; it stops at the lower bound or after
 * a fixed number of evaluations (deterministic, no clock).
 */
import {
  HUMAN, ROBOT, capable, decodeSequence, earliestStart, emptyState, minDurS,
  type Problem, type Resource, type Schedule,
} from './problem.js';

export interface RuleParams {
  /** Weight of the task duration in the score (0: earliest start, 1: earliest finish). */
  finishWeight: number;
  /** Extra seconds charged per tool change, in multiples of the change time (batches same-tool work). */
  toolPenalty: number;
  /** Priority per task; larger goes first on ties. */
  priority: Float64Array;
}

/** Longest path (fastest-resource durations) from the start of each task to the end of the plan. */
export function tailPriorities(p: Problem): Float64Array {
  const tail = new Float64Array(p.tasks.length);
  for (let k = p.topo.length - 1; k >= 0; k--) {
    const i = p.topo[k];
    let m = 0;
    for (const s of p.tasks[i].succs) if (tail[s] > m) m = tail[s];
    tail[i] = m + minDurS(p.tasks[i]);
  }
  return tail;
}

/** One pass of list scheduling with the given rule. */
export function listSchedule(p: Problem, rule: RuleParams): Schedule {
  const n = p.tasks.length;
  const s = emptyState(p);
  const waiting = p.tasks.map((t) => t.preds.length);
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) eligible.push(i);
  const seq: { task: number; resource: Resource }[] = [];
  // human tasks needing the de-energised pack stay unavailable to the human until the de-energise task ends
  while (seq.length < n) {
    let best = -1;
    let bestR: Resource = ROBOT;
    let bestScore = Infinity;
    let bestPrio = -Infinity;
    for (let k = 0; k < eligible.length; k++) {
      const i = eligible[k];
      const t = p.tasks[i];
      for (const r of [ROBOT, HUMAN] as const) {
        if (!capable(p, i, r)) continue;
        const start = earliestStart(p, s, i, r);
        if (Number.isNaN(start)) continue;
        const change = s.tool[r] !== -1 && s.tool[r] !== t.tool ? p.changeS[r] * rule.toolPenalty : 0;
        const score = start + rule.finishWeight * t.durS[r] + change;
        const prio = rule.priority[i];
        if (score < bestScore - 1e-9 || (score <= bestScore + 1e-9 && prio > bestPrio)) {
          best = k;
          bestR = r;
          bestScore = score;
          bestPrio = prio;
        }
      }
    }
    if (best < 0) throw new Error('no eligible task: precedence or interlock cannot be met');
    const i = eligible[best];
    eligible[best] = eligible[eligible.length - 1];
    eligible.pop();
    const start = earliestStart(p, s, i, bestR);
    const end = start + p.tasks[i].durS[bestR];
    s.endS[i] = end;
    s.free[bestR] = end;
    s.tool[bestR] = p.tasks[i].tool;
    s.done++;
    seq.push({ task: i, resource: bestR });
    for (const q of p.tasks[i].succs) if (--waiting[q] === 0) eligible.push(q);
  }
  return decodeSequence(p, seq);
}

/** mulberry32: small seeded generator so plans are reproducible (core code takes no Math.random). */
export function seededRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HeuristicOptions {
  seed?: number;
  /** List-scheduling passes of the local search (each O(tasks x eligible)). */
  evaluations?: number;
  /** Stop once the makespan is within this many seconds of the bound. */
  targetS?: number;
}

export function planHeuristic(p: Problem, opts: HeuristicOptions = {}): { schedule: Schedule; evaluations: number } {
  const rng = seededRng(opts.seed ?? 1);
  const evaluations = opts.evaluations ?? 60;
  const target = opts.targetS ?? 0;
  const base = tailPriorities(p);
  // start from a few rule variants: earliest start / earliest finish, with and without tool batching
  let bestRule: RuleParams = { finishWeight: 1, toolPenalty: 0, priority: base };
  let best = listSchedule(p, bestRule);
  let used = 1;
  for (const [finishWeight, toolPenalty] of [[0, 0], [1, 1], [0.5, 2], [1, 4]] as const) {
    if (best.makespanS <= target) break;
    const rule = { finishWeight, toolPenalty, priority: base };
    const sch = listSchedule(p, rule);
    used++;
    if (sch.makespanS < best.makespanS) [best, bestRule] = [sch, rule];
  }
  const n = p.tasks.length;
  const scale = base.reduce((m, v) => Math.max(m, v), 1);
  while (used < evaluations && best.makespanS > target) {
    const priority = Float64Array.from(bestRule.priority);
    const moves = 1 + Math.floor(rng() * Math.max(1, n / 10));
    for (let m = 0; m < moves; m++) priority[Math.floor(rng() * n)] += (rng() - 0.5) * scale * 0.5;
    const rule: RuleParams = {
      finishWeight: rng() < 0.2 ? rng() : bestRule.finishWeight,
      toolPenalty: rng() < 0.2 ? rng() * 4 : bestRule.toolPenalty,
      priority,
    };
    const sch = listSchedule(p, rule);
    used++;
    if (sch.makespanS <= best.makespanS) [best, bestRule] = [sch, rule];
  }
  return { schedule: best, evaluations: used };
}
