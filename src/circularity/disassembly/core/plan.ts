/**
 * Disassembly plan for a pack model at a target depth: exact branch and bound when the task count is small, list
 * scheduling with local search otherwise; either way the plan carries a lower bound and its optimality gap, the
 * schedule per resource, tool changes, busy times and cost.
 */
import { DEFAULT_CELL_CONFIG, planCostEur, type CellConfig } from './costs.js';
import { EXACT_MAX_TASKS, planExact } from './exact.js';
import { planHeuristic } from './heuristic.js';
import { lowerBound } from './bound.js';
import type { Depth, PackModel, Tool } from './model.js';
import { HUMAN, ROBOT, emptyState, problemFromModel, type Problem, type Schedule } from './problem.js';

export interface PlannedStep {
  index: number;
  taskId: string;
  step: string;
  componentIds: string[];
  resource: 'robot' | 'human';
  tool: Tool;
  startS: number;
  endS: number;
  durationS: number;
  /** Tool change the resource makes just before this step. */
  toolChangeS: number;
  hvExposed: boolean;
  /** A human doing a de-energise-chain task (no robot can): done under the live-working procedure (EN 50110-1 6.3). */
  liveWorking: boolean;
}

export interface DisassemblyPlan {
  packId: string;
  depth: Depth;
  robotPresent: boolean;
  method: 'exact' | 'heuristic';
  /** True when the makespan is proven minimal (exact search finished or the heuristic met the bound). */
  optimal: boolean;
  makespanS: number;
  lowerBoundS: number;
  /** (makespan - lower bound) / lower bound, in percent. */
  gapPct: number;
  deEnergisedAtS: number;
  toolChanges: { robot: number; human: number };
  busyS: { robot: number; human: number };
  cost: { labourEur: number; robotEur: number; totalEur: number; configAsOf: string };
  steps: PlannedStep[];
  search: { tasks: number; exactNodes?: number; heuristicEvaluations: number };
}

export interface PlanOptions {
  depth?: Depth;
  robot?: boolean;
  config?: CellConfig;
  seed?: number;
  /** Exact search up to this many tasks (default EXACT_MAX_TASKS). */
  exactMaxTasks?: number;
  exactNodeBudget?: number;
  heuristicEvaluations?: number;
}

export function planDisassembly(model: PackModel, opts: PlanOptions = {}): DisassemblyPlan {
  const depth = opts.depth ?? 'modules';
  const robot = opts.robot ?? true;
  const cfg = opts.config ?? DEFAULT_CELL_CONFIG;
  const p = problemFromModel(model, depth, robot, cfg);
  const rootBound = lowerBound(p, emptyState(p));
  const h = planHeuristic(p, { seed: opts.seed, evaluations: opts.heuristicEvaluations ?? defaultEvaluations(p), targetS: rootBound + 1e-9 });
  let schedule = h.schedule;
  let bound = rootBound;
  let method: DisassemblyPlan['method'] = 'heuristic';
  let exactNodes: number | undefined;
  let proven = schedule.makespanS <= rootBound + 1e-9;
  if (!proven && p.tasks.length <= (opts.exactMaxTasks ?? EXACT_MAX_TASKS)) {
    const x = planExact(p, schedule, opts.exactNodeBudget);
    exactNodes = x.nodes;
    schedule = x.schedule;
    if (x.proven) {
      method = 'exact';
      proven = true;
      bound = schedule.makespanS;
    }
  }
  return toPlan(model, p, schedule, { depth, robot, cfg, method, proven, bound, exactNodes, evaluations: h.evaluations });
}

/** Fewer passes on big packs keep a 200-component plan well under a second on a shared 2-core machine. */
function defaultEvaluations(p: Problem): number {
  const n = p.tasks.length;
  return n <= 60 ? 400 : n <= 300 ? 200 : 60;
}

function toPlan(
  model: PackModel, p: Problem, schedule: Schedule,
  o: { depth: Depth; robot: boolean; cfg: CellConfig; method: DisassemblyPlan['method']; proven: boolean; bound: number; exactNodes?: number; evaluations: number },
): DisassemblyPlan {
  const byId = new Map(model.tasks.map((t) => [t.id, t]));
  const entries = [...schedule.entries].sort((a, b) => a.startS - b.startS || a.resource - b.resource);
  const busy = [0, 0];
  const steps = entries.map((e, index): PlannedStep => {
    const t = byId.get(p.tasks[e.task].id)!;
    busy[e.resource] += e.endS - e.startS;
    return {
      index, taskId: t.id, step: t.step, componentIds: t.componentIds, resource: e.resource === ROBOT ? 'robot' : 'human', tool: t.tool,
      startS: e.startS, endS: e.endS, durationS: e.endS - e.startS, toolChangeS: e.toolChangeS,
      hvExposed: t.hvExposed === true, liveWorking: e.resource === HUMAN && p.tasks[e.task].chain,
    };
  });
  const deStep = p.deEnergise >= 0 ? schedule.entries.find((e) => e.task === p.deEnergise) : undefined;
  const bound = Math.min(o.bound, schedule.makespanS);
  return {
    packId: model.packId,
    depth: o.depth,
    robotPresent: o.robot,
    method: o.method,
    optimal: o.proven,
    makespanS: schedule.makespanS,
    lowerBoundS: bound,
    gapPct: bound > 0 ? (100 * (schedule.makespanS - bound)) / bound : 0,
    deEnergisedAtS: deStep?.endS ?? 0,
    toolChanges: { robot: schedule.toolChanges[ROBOT], human: schedule.toolChanges[HUMAN] },
    busyS: { robot: busy[ROBOT], human: busy[HUMAN] },
    cost: { ...planCostEur(schedule.makespanS, o.robot, o.cfg), configAsOf: o.cfg.asOf },
    steps,
    search: { tasks: p.tasks.length, exactNodes: o.exactNodes, heuristicEvaluations: o.evaluations },
  };
}
