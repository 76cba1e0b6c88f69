/**
 * The scheduling problem behind a disassembly plan: tasks with precedence, one tool each, a duration per resource
 * (robot = 0, human = 1; Infinity when the resource may not do the task), a tool-change time per resource, and the
 * safety interlock: no human works on the pack before the de-energise task has finished (DGUV Information 200-005 /
 * EN 50110-1: establish and verify the de-energised state before work). The only exception is a task of the
 * de-energise chain (the de-energise task and its predecessors) that no robot in the cell can do: a human then does
 * it under the live-working procedure, flagged in the plan.
 *
 * A schedule is built by inserting (task, resource) pairs; each starts as early as its resource (plus a tool change),
 * its predecessors and the interlock allow. Every semi-active schedule arises this way, so searching insertion
 * sequences is complete (exact.ts) and any insertion sequence is feasible (heuristic.ts).
 */
import type { CellConfig } from './costs.js';
import type { Depth, PackModel } from './model.js';

export const ROBOT = 0;
export const HUMAN = 1;
export type Resource = typeof ROBOT | typeof HUMAN;

export interface ProblemTask {
  id: string;
  /** durS[ROBOT], durS[HUMAN]; Infinity when the resource may not do the task. */
  durS: [number, number];
  tool: number;
  preds: number[];
  succs: number[];
  /** The de-energise task or one of its predecessors. */
  chain: boolean;
}

export interface Problem {
  tasks: ProblemTask[];
  deEnergise: number;
  /** Tool-change seconds per resource. */
  changeS: [number, number];
  robotPresent: boolean;
  /** Task indices in a topological order. */
  topo: number[];
  /** Bitsets (words of 32 tasks) of the strict descendants and ancestors of each task, for the lower bound. */
  desc: Uint32Array[];
  anc: Uint32Array[];
  /** Longest path from the start of each task to the end, each task at its fastest resource. */
  tailS: Float64Array;
  toolNames: string[];
}

export interface ScheduledTask {
  task: number;
  resource: Resource;
  startS: number;
  endS: number;
  /** Tool change paid by the resource before this task. */
  toolChangeS: number;
}

export interface Schedule {
  entries: ScheduledTask[];
  makespanS: number;
  toolChanges: [number, number];
}

export class PlanningError extends Error {}

/** Bare problem from plain arrays (tests and generated instances); builds successors, chain and topological order. */
export function makeProblem(input: {
  tasks: { id: string; durS: [number, number]; tool: number; preds: number[] }[];
  deEnergise: number;
  changeS: [number, number];
  robotPresent: boolean;
  toolNames?: string[];
}): Problem {
  const n = input.tasks.length;
  const tasks: ProblemTask[] = input.tasks.map((t) => ({ ...t, durS: [...t.durS] as [number, number], preds: [...t.preds], succs: [], chain: false }));
  tasks.forEach((t, i) => t.preds.forEach((p) => tasks[p].succs.push(i)));
  const indeg = tasks.map((t) => t.preds.length);
  const topo: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) topo.push(i);
  for (let k = 0; k < topo.length; k++) for (const s of tasks[topo[k]].succs) if (--indeg[s] === 0) topo.push(s);
  if (topo.length !== n) throw new PlanningError('precedence relation has a cycle');
  if (input.deEnergise >= 0) {
    const stack = [input.deEnergise];
    while (stack.length) {
      const i = stack.pop() as number;
      if (tasks[i].chain) continue;
      tasks[i].chain = true;
      stack.push(...tasks[i].preds);
    }
  }
  for (const t of tasks) {
    if (!input.robotPresent) t.durS[ROBOT] = Infinity;
    // Interlock: on a robot cell, chain tasks the robot can do are never given to a human.
    if (t.chain && Number.isFinite(t.durS[ROBOT])) t.durS[HUMAN] = Infinity;
    if (!Number.isFinite(t.durS[ROBOT]) && !Number.isFinite(t.durS[HUMAN])) {
      throw new PlanningError(`task ${t.id}: no resource in this cell may do it (robot ${input.robotPresent ? 'cannot' : 'absent'}, no human time given)`);
    }
  }
  // chain tasks first: the chain is closed under predecessors, so this is still a topological order, and the
  // lower bound (bound.ts) knows the de-energise finish before it meets any task waiting for it
  const chainFirst = [...topo.filter((i) => tasks[i].chain), ...topo.filter((i) => !tasks[i].chain)];
  const words = (n + 31) >>> 5;
  const desc = tasks.map(() => new Uint32Array(words));
  const anc = tasks.map(() => new Uint32Array(words));
  const tailS = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const i = topo[k];
    let longest = 0;
    for (const c of tasks[i].succs) {
      desc[i][c >>> 5] |= 1 << (c & 31);
      for (let w = 0; w < words; w++) desc[i][w] |= desc[c][w];
      if (tailS[c] > longest) longest = tailS[c];
    }
    tailS[i] = longest + Math.min(tasks[i].durS[0], tasks[i].durS[1]);
  }
  for (const i of topo) {
    for (const q of tasks[i].preds) {
      anc[i][q >>> 5] |= 1 << (q & 31);
      for (let w = 0; w < words; w++) anc[i][w] |= anc[q][w];
    }
  }
  const toolNames = input.toolNames ?? Array.from({ length: Math.max(0, ...tasks.map((t) => t.tool + 1)) }, (_, i) => `tool${i}`);
  return { tasks, deEnergise: input.deEnergise, changeS: input.changeS, robotPresent: input.robotPresent, topo: chainFirst, desc, anc, tailS, toolNames };
}

/** The problem for a pack model at a target depth; `taskIds[i]` is the model task behind problem task i. */
export function problemFromModel(model: PackModel, depth: Depth, robotPresent: boolean, cfg: CellConfig): Problem {
  const kept = model.tasks.filter((t) => depth === 'cells' || t.depth === 'modules');
  const index = new Map(kept.map((t, i) => [t.id, i]));
  const toolNames = [...new Set(kept.map((t) => t.tool))];
  return makeProblem({
    tasks: kept.map((t) => ({
      id: t.id,
      // HV-exposed steps the robot can do stay with the robot: modules keep their charge after the pack is
      // de-energised, so busbars and connectors can still carry tens to hundreds of volts (Hellmuth et al. 2021)
      durS: [t.time.robotS ?? Infinity, robotPresent && t.hvExposed && t.time.robotS !== undefined ? Infinity : (t.time.humanS ?? Infinity)],
      tool: toolNames.indexOf(t.tool),
      preds: t.after.map((a) => {
        const k = index.get(a);
        if (k === undefined) throw new PlanningError(`task ${t.id} waits for ${a}, which is not part of a '${depth}' plan`);
        return k;
      }),
    })),
    deEnergise: kept.findIndex((t) => t.deEnergise === true),
    changeS: [cfg.robotToolChangeS, cfg.humanToolChangeS],
    robotPresent,
    toolNames,
  });
}

export const capable = (p: Problem, i: number, r: Resource): boolean => Number.isFinite(p.tasks[i].durS[r]);
/** A human needs the de-energised pack unless the task is live work on the chain. */
export const needsDeEnergised = (p: Problem, i: number, r: Resource): boolean => r === HUMAN && p.deEnergise >= 0 && !p.tasks[i].chain;
export const minDurS = (t: ProblemTask): number => Math.min(t.durS[0], t.durS[1]);

/** Mutable partial schedule shared by the decoders and the exact search. */
export interface State {
  endS: Float64Array; // NaN while unscheduled
  free: [number, number];
  tool: [number, number]; // -1: no tool in hand yet (the first pick-up is free)
  lastStartS: number;
  done: number;
}

export const emptyState = (p: Problem): State => ({
  endS: new Float64Array(p.tasks.length).fill(NaN), free: [0, 0], tool: [-1, -1], lastStartS: 0, done: 0,
});

/** Earliest start of task i on resource r in the state, or NaN if a predecessor (or the interlock) is still open. */
export function earliestStart(p: Problem, s: State, i: number, r: Resource): number {
  const t = p.tasks[i];
  let start = s.free[r] + (s.tool[r] !== -1 && s.tool[r] !== t.tool ? p.changeS[r] : 0);
  for (const q of t.preds) {
    const e = s.endS[q];
    if (Number.isNaN(e)) return NaN;
    if (e > start) start = e;
  }
  if (needsDeEnergised(p, i, r)) {
    const e = s.endS[p.deEnergise];
    if (Number.isNaN(e)) return NaN;
    if (e > start) start = e;
  }
  return start;
}

/** Builds the schedule of an insertion sequence (throws if the sequence breaks precedence or capability). */
export function decodeSequence(p: Problem, seq: readonly { task: number; resource: Resource }[]): Schedule {
  const s = emptyState(p);
  const entries: ScheduledTask[] = [];
  const toolChanges: [number, number] = [0, 0];
  for (const { task, resource } of seq) {
    if (!capable(p, task, resource)) throw new PlanningError(`task ${p.tasks[task].id} given to a resource that may not do it`);
    const startS = earliestStart(p, s, task, resource);
    if (Number.isNaN(startS)) throw new PlanningError(`task ${p.tasks[task].id} inserted before its predecessors`);
    const change = s.tool[resource] !== -1 && s.tool[resource] !== p.tasks[task].tool;
    if (change) toolChanges[resource]++;
    const endS = startS + p.tasks[task].durS[resource];
    entries.push({ task, resource, startS, endS, toolChangeS: change ? p.changeS[resource] : 0 });
    s.endS[task] = endS;
    s.free[resource] = endS;
    s.tool[resource] = p.tasks[task].tool;
    s.done++;
  }
  const makespanS = entries.reduce((m, e) => Math.max(m, e.endS), 0);
  return { entries, makespanS, toolChanges };
}
