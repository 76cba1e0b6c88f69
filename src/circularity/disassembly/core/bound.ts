/**
 * Lower bound on the makespan of any completion of a partial schedule, the maximum of:
 *  - heads along precedence: a task cannot start before its predecessors finish (each at its fastest resource),
 *    before the work of its unscheduled ancestors fits on the resources that may do it (robot-only work on the
 *    robot, human-only work on the human, the rest pooled), before the last inserted start (schedules are built
 *    in start order), nor, if only a human may do it, before the pack is de-energised (the interlock makes the
 *    de-energise chain an ancestor of such tasks);
 *  - tails: after a task finishes, the work of its descendants still has to be shared by the resources present;
 *  - per-resource workload with the tool changes each resource cannot avoid.
 * Every term relaxes some constraint, so the bound never exceeds the optimum. It prunes the exact search and
 * gives the optimality gap of heuristic plans (energetic reasoning as in Baptiste, Le Pape & Nuijten 2001,
 * "Constraint-Based Scheduling", ch. 3, restricted to precedence-closed sets).
 */
import { HUMAN, ROBOT, minDurS, needsDeEnergised, type Problem, type State } from './problem.js';

interface SetWork {
  robotOnly: number;
  humanOnly: number;
  all: number;
  /** Bit masks of the tools of the robot-only and human-only tasks (tool indices below 32; others are ignored). */
  robotTools: number;
  humanTools: number;
}

/** Work of the unscheduled tasks in the union of two bitsets (the second may be absent). */
function setWork(p: Problem, s: State, a: Uint32Array, b?: Uint32Array): SetWork {
  const out = { robotOnly: 0, humanOnly: 0, all: 0, robotTools: 0, humanTools: 0 };
  for (let w = 0; w < a.length; w++) {
    let bits = b ? a[w] | b[w] : a[w];
    while (bits !== 0) {
      const low = bits & -bits;
      const i = (w << 5) + 31 - Math.clz32(low);
      bits ^= low;
      if (!Number.isNaN(s.endS[i])) continue;
      const t = p.tasks[i];
      const can0 = Number.isFinite(t.durS[ROBOT]);
      const can1 = Number.isFinite(t.durS[HUMAN]);
      const toolBit = t.tool < 32 ? 1 << t.tool : 0;
      if (can0 && !can1) {
        out.robotOnly += t.durS[ROBOT];
        out.robotTools |= toolBit;
      } else if (can1 && !can0) {
        out.humanOnly += t.durS[HUMAN];
        out.humanTools |= toolBit;
      }
      out.all += minDurS(t);
    }
  }
  return out;
}

export function lowerBound(p: Problem, s: State, scratch?: Float64Array): number {
  const n = p.tasks.length;
  const finish = scratch ?? new Float64Array(n);
  const eff: [number, number] = [Math.max(s.free[ROBOT], s.lastStartS), Math.max(s.free[HUMAN], s.lastStartS)];
  const m = p.robotPresent ? 2 : 1;
  // earliest time by which `work` seconds fit on the resources present, each free from eff[r]
  const lo = p.robotPresent ? Math.min(eff[ROBOT], eff[HUMAN]) : eff[HUMAN];
  const hi = p.robotPresent ? Math.max(eff[ROBOT], eff[HUMAN]) : Infinity;
  const pooledDone = (work: number) => (work <= hi - lo ? lo + work : (lo + hi + work) / 2);
  const dE = p.deEnergise;
  const chainSet = dE >= 0 ? withBit(p.anc[dE], dE) : undefined;
  let bound = Math.max(s.free[ROBOT], s.free[HUMAN]);
  const only: [number, number] = [0, 0];
  const onlyTools = [0, 0];
  let humanOnlyNonChain = 0;
  const humanNonChainTools = new Set<number>();
  for (const i of p.topo) {
    if (!Number.isNaN(s.endS[i])) {
      finish[i] = s.endS[i];
      continue;
    }
    const t = p.tasks[i];
    const d = minDurS(t);
    const can0 = Number.isFinite(t.durS[ROBOT]);
    const can1 = Number.isFinite(t.durS[HUMAN]);
    // a tool change may overlap the wait for the last inserted start, so it is added to the free time only
    const ready = (r: 0 | 1) => Math.max(s.free[r] + (s.tool[r] !== -1 && s.tool[r] !== t.tool ? p.changeS[r] : 0), s.lastStartS);
    let head = Math.min(can0 ? ready(ROBOT) : Infinity, can1 ? ready(HUMAN) : Infinity);
    for (const q of t.preds) if (finish[q] > head) head = finish[q];
    // chain tasks come first in p.topo, so finish[dE] is known for every task waiting for it
    const interlocked = !can0 && needsDeEnergised(p, i, HUMAN);
    if (interlocked && finish[dE] > head) head = finish[dE];
    const anc = setWork(p, s, p.anc[i], interlocked ? chainSet : undefined);
    head = Math.max(
      head,
      anc.robotOnly > 0 ? resourceDone(p, s, ROBOT, anc.robotOnly, anc.robotTools) : 0,
      anc.humanOnly > 0 ? resourceDone(p, s, HUMAN, anc.humanOnly, anc.humanTools) : 0,
      pooledDone(anc.all),
    );
    finish[i] = head + d;
    const desc = setWork(p, s, p.desc[i]);
    bound = Math.max(bound, finish[i] + desc.all / m, finish[i] + desc.robotOnly, finish[i] + desc.humanOnly, head + p.tailS[i]);
    if (can0 !== can1) {
      const r = can0 ? ROBOT : HUMAN;
      only[r] += t.durS[r];
      if (t.tool < 32) onlyTools[r] |= 1 << t.tool;
      if (r === HUMAN && !t.chain) {
        humanOnlyNonChain += t.durS[HUMAN];
        humanNonChainTools.add(t.tool);
      }
    }
  }
  bound = Math.max(bound, resourceDone(p, s, ROBOT, only[ROBOT], onlyTools[ROBOT]), resourceDone(p, s, HUMAN, only[HUMAN], onlyTools[HUMAN]));
  if (dE >= 0) {
    // after de-energising the human may hold any tool (live work on the chain can change it): size - 1 changes
    const deEnd = finish[dE];
    bound = Math.max(bound, Math.max(eff[HUMAN], deEnd) + humanOnlyNonChain + Math.max(0, humanNonChainTools.size - 1) * p.changeS[HUMAN]);
  }
  return bound;
}

/**
 * Earliest time resource r can finish `workS` of tasks only it may do, whose tools are in `mask`: from its free time
 * it changes to every tool it does not hold; from the last inserted start (the first change may overlap the wait
 * before it) it still changes between every two tools.
 */
function resourceDone(p: Problem, s: State, r: 0 | 1, workS: number, mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  const held = s.tool[r] === -1 || (s.tool[r] < 32 && (mask & (1 << s.tool[r])) !== 0);
  const fromFree = count === 0 ? 0 : (count - (held ? 1 : 0)) * p.changeS[r];
  const between = Math.max(0, count - 1) * p.changeS[r];
  return Math.max(s.free[r] + fromFree, s.lastStartS + between) + workS;
}

function withBit(set: Uint32Array, i: number): Uint32Array {
  const out = Uint32Array.from(set);
  out[i >>> 5] |= 1 << (i & 31);
  return out;
}
