/**
 * Lot allocation end to end: economics from the factors, the greedy baseline, the MILP (HiGHS, warm-started from the
 * greedy allocation so it can only improve on it), the LP relaxation as an independent upper bound, and an
 * independent feasibility check of the solver's answer.
 */
import { buildAllocationModel, decodeAssignment, encodeAssignment } from '../core/allocation-model.js';
import { type AllocationReport, checkAllocation, greedyAllocation } from '../core/allocation-check.js';
import type { DecisionFactors } from '../core/factors.js';
import { type Assignment, type Lot, lotEconomics } from '../core/lot.js';
import { solveMilp } from './highs-milp.js';

export interface AllocationResult {
  status: string;
  valueEur: number;
  greedyValueEur: number;
  /** Value if every module were recycled. */
  allRecycleValueEur: number;
  mipDualBoundEur: number | null;
  lpRelaxationBoundEur: number;
  /** Relative gap to the best proved bound (min of MIP dual bound and LP relaxation), %. */
  gapPct: number;
  solverGapPct: number | null;
  solveTimeS: number;
  lpTimeS: number;
  nodes: number | null;
  variables: number;
  constraints: number;
  check: AllocationReport;
  assignment: Assignment;
}

export async function allocateLot(lot: Lot, f: DecisionFactors, opts: { timeLimitS?: number; mipRelGap?: number } = {}): Promise<AllocationResult> {
  const eco = lotEconomics(lot, f);
  const am = buildAllocationModel(lot, eco);
  const greedy = greedyAllocation(lot, eco);
  const greedyCheck = checkAllocation(lot, eco, greedy);
  const start = greedyCheck.feasible ? encodeAssignment(lot, am, greedy) : undefined;
  const mip = await solveMilp(am.model, { ...opts, start });
  const lp = await solveMilp(am.model, { relax: true, timeLimitS: opts.timeLimitS });
  const assignment = decodeAssignment(lot, am, mip.colValue);
  const check = checkAllocation(lot, eco, assignment);
  const bounds = [lp.objective, ...(mip.mipDualBound !== null && Number.isFinite(mip.mipDualBound) ? [mip.mipDualBound] : [])];
  const bound = Math.min(...bounds);
  const value = check.valueEur;
  return {
    status: mip.status,
    valueEur: value,
    greedyValueEur: greedyCheck.valueEur,
    allRecycleValueEur: eco.recycleEur.reduce((a, b) => a + b, 0),
    mipDualBoundEur: mip.mipDualBound,
    lpRelaxationBoundEur: lp.objective,
    gapPct: (Math.max(0, bound - value) / Math.max(1, Math.abs(value))) * 100,
    solverGapPct: mip.mipGap === null ? null : mip.mipGap * 100,
    solveTimeS: mip.solveTimeS,
    lpTimeS: lp.solveTimeS,
    nodes: mip.nodes,
    variables: am.model.columns.length,
    constraints: am.model.rows.length,
    check,
    assignment,
  };
}
