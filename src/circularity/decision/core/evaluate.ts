/**
 * Evaluates every route for a pack and for each of its modules: feasibility (robust, on the SoH interval low), expected
 * net value (point SoH), robust net value (interval low), CO₂ avoided, and the score routes are ranked by:
 * score = net value + carbon price × CO₂ avoided.
 */
import { exclusions, nearestCheck } from './constraints.js';
import { type RemovedModuleValue, type SohView, contributionsFor } from './economics.js';
import type { DecisionFactors } from './factors.js';
import { type ModuleInput, type Route, type RouteEvaluation, type RouteInput, ROUTES, RECYCLING_PROCESSES, recyclingRoute } from './types.js';
import { type Unit, moduleUnit, packUnit } from './unit.js';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const MODULE_EXIT_ROUTES: readonly Route[] = ['repurpose', ...RECYCLING_PROCESSES.map(recyclingRoute)];

/** Modules have no sub-modules to take out. */
const NO_REMOVED = (): RemovedModuleValue => () => ({ valueEur: 0, co2AvoidedKg: 0, route: 'none' });

export function scoreOf(valueEur: number, co2AvoidedKg: number, f: DecisionFactors): number {
  return valueEur + (f.prices.carbonPriceEurPerTonne.value * co2AvoidedKg) / 1000;
}

export function evaluateRoute(route: Route, u: Unit, f: DecisionFactors, removed: (view: SohView) => RemovedModuleValue): RouteEvaluation {
  const contributions = contributionsFor(route, u, f, 'point', removed('point'));
  const low = contributionsFor(route, u, f, 'low', removed('low'));
  const netValueEur = sum(contributions.map((c) => c.valueEur));
  const co2AvoidedKg = sum(contributions.map((c) => c.co2AvoidedKg));
  const ex = exclusions(route, u, f);
  return {
    route,
    feasible: ex.length === 0,
    exclusions: ex,
    netValueEur,
    netValueLowEur: sum(low.map((c) => c.valueEur)),
    co2AvoidedKg,
    scoreEur: scoreOf(netValueEur, co2AvoidedKg, f),
    contributions,
    nearestConstraint: ex.length === 0 ? nearestCheck(route, u, f) : undefined,
  };
}

/** Best feasible evaluation by score (ties: earlier route in ROUTES order). */
export function bestOf(evals: readonly RouteEvaluation[]): RouteEvaluation | undefined {
  let best: RouteEvaluation | undefined;
  for (const e of evals) if (e.feasible && (!best || e.scoreEur > best.scoreEur)) best = e;
  return best;
}

/** Where a module taken out of a pack goes: its best feasible exit (second life or a recycling process). */
export function removedModuleValue(x: RouteInput, f: DecisionFactors): (view: SohView) => RemovedModuleValue {
  return (view) => (m: ModuleInput) => {
    const u = moduleUnit(m, x);
    const evals = MODULE_EXIT_ROUTES.map((r) => evaluateRoute(r, u, f, NO_REMOVED));
    const best = bestOf(evals);
    if (!best) return { valueEur: 0, co2AvoidedKg: 0, route: 'no feasible exit' };
    const value = view === 'point' ? best.netValueEur : best.netValueLowEur;
    return { valueEur: value, co2AvoidedKg: best.co2AvoidedKg, route: best.route };
  };
}

export function evaluatePack(x: RouteInput, f: DecisionFactors): RouteEvaluation[] {
  const u = packUnit(x);
  const removed = removedModuleValue(x, f);
  return ROUTES.map((r) => evaluateRoute(r, u, f, removed));
}

export interface ModuleEvaluation {
  moduleId: string;
  sohPct: number;
  sohLowPct: number;
  resistanceIncreasePct: number;
  best: Route | null;
  evaluations: RouteEvaluation[];
}

/** Each module as its own unit: re-use (as a spare for EV packs), second life, or recycling. */
export function evaluateModules(x: RouteInput, f: DecisionFactors): ModuleEvaluation[] {
  return x.modules.map((m) => {
    const u = moduleUnit(m, x);
    const evaluations = ROUTES.map((r) => evaluateRoute(r, u, f, NO_REMOVED));
    return { moduleId: m.id, sohPct: m.sohPct, sohLowPct: u.sohLowPct, resistanceIncreasePct: m.resistanceIncreasePct, best: bestOf(evaluations)?.route ?? null, evaluations };
  });
}
