/**
 * The recommendation: best feasible route by score, why (value/CO₂ contributions), what holds it back (the binding
 * constraint), what would change it (what-if flips), and the module-level plan.
 */
import { type ModuleEvaluation, bestOf, evaluateModules, evaluatePack } from './evaluate.js';
import type { DecisionFactors } from './factors.js';
import { type ModulePlan, modulePlan } from './module-plan.js';
import type { Route, RouteEvaluation, RouteInput } from './types.js';
import { type WhatIf, whatIfs } from './what-if.js';

export interface BindingConstraint {
  /** 'exclusion': a better route is excluded by this constraint; 'margin': no better route exists, nearest limit shown. */
  kind: 'exclusion' | 'margin' | 'none';
  route: Route | null;
  text: string;
  /** Score given up because of the constraint (exclusion only). */
  scoreGivenUpEur?: number;
}

export interface Recommendation {
  batteryId: string;
  route: Route | null;
  scoreEur: number | null;
  netValueEur: number | null;
  co2AvoidedKg: number | null;
  evaluations: RouteEvaluation[];
  binding: BindingConstraint;
  whatIf: WhatIf[];
  modulePlan: ModulePlan;
  modules: ModuleEvaluation[];
  explanation: string[];
  factorsAsOf: string;
  /** What the decision was made from, with the source of every derived value. */
  input: { soh: RouteInput['soh']; sos: RouteInput['sos']; warrantyRemainingMonths: number; decisionDate: string; provenance: string[] };
}

/** Just the chosen route: the function the what-if analysis re-runs. */
export function decideRoute(x: RouteInput, f: DecisionFactors): Route | null {
  return bestOf(evaluatePack(x, f))?.route ?? null;
}

export function bindingConstraint(evals: readonly RouteEvaluation[]): BindingConstraint {
  const best = bestOf(evals);
  const better = evals.filter((e) => !e.feasible && (!best || e.scoreEur > best.scoreEur)).sort((a, b) => b.scoreEur - a.scoreEur);
  if (better.length > 0) {
    const top = better[0];
    return {
      kind: 'exclusion',
      route: top.route,
      text: `${top.route} would score ${eur(top.scoreEur)} but is excluded: ${top.exclusions[0]}`,
      scoreGivenUpEur: best ? top.scoreEur - best.scoreEur : top.scoreEur,
    };
  }
  if (best?.nearestConstraint) {
    const n = best.nearestConstraint;
    return { kind: 'margin', route: best.route, text: `no better route is excluded; nearest limit of ${best.route}: ${n.name} ${n.value} vs ${n.limit} (margin ${n.marginPct} %)` };
  }
  return { kind: 'none', route: best?.route ?? null, text: 'no better route is excluded and the chosen route has no numeric limit' };
}

const eur = (v: number) => `${v >= 0 ? '' : '−'}€${Math.abs(v).toFixed(0)}`;

export function recommend(x: RouteInput, f: DecisionFactors, opts: { whatIf?: boolean } = {}): Recommendation {
  const evaluations = evaluatePack(x, f).sort((a, b) => Number(b.feasible) - Number(a.feasible) || b.scoreEur - a.scoreEur);
  const best = bestOf(evaluations);
  const modules = evaluateModules(x, f);
  const binding = bindingConstraint(evaluations);
  const plan = modulePlan(best?.route ?? null, x, modules, f);
  const explanation: string[] = [
    `feasibility uses the lower end of the SoH interval [${x.soh.lowPct.toFixed(1)}, ${x.soh.highPct.toFixed(1)}] %, i.e. ${x.soh.lowPct.toFixed(1)} % (a robust decision); values are expected at the point SoH ${x.soh.pointPct.toFixed(1)} %`,
    `routes ranked by net value + CO₂ avoided × ${f.prices.carbonPriceEurPerTonne.value} EUR/t (factors as of ${f.asOf}, indicative)`,
  ];
  if (best) {
    const top = [...best.contributions].sort((a, b) => Math.abs(b.valueEur) - Math.abs(a.valueEur)).slice(0, 3);
    explanation.push(`${best.route}: net ${eur(best.netValueEur)} (robust ${eur(best.netValueLowEur)}), ${best.co2AvoidedKg.toFixed(0)} kg CO₂e avoided; largest terms: ${top.map((c) => `${c.factor} ${eur(c.valueEur)}`).join(', ')}`);
    const runner = evaluations.find((e) => e.feasible && e.route !== best.route);
    if (runner) explanation.push(`runner-up ${runner.route} scores ${eur(runner.scoreEur)} (${eur(best.scoreEur - runner.scoreEur)} less)`);
  }
  explanation.push(binding.text);
  const whatIf = opts.whatIf === false ? [] : whatIfs(x, f, decideRoute);
  if (whatIf.length > 0) explanation.push(`nearest flip: ${whatIf[0].text}`);
  explanation.push(`module plan: ${plan.summary}`);
  return {
    batteryId: x.batteryId,
    route: best?.route ?? null,
    scoreEur: best?.scoreEur ?? null,
    netValueEur: best?.netValueEur ?? null,
    co2AvoidedKg: best?.co2AvoidedKg ?? null,
    evaluations,
    binding,
    whatIf,
    modulePlan: plan,
    modules,
    explanation,
    factorsAsOf: f.asOf,
    input: { soh: x.soh, sos: x.sos, warrantyRemainingMonths: x.warrantyRemainingMonths, decisionDate: x.decisionDate, provenance: x.provenance ?? [] },
  };
}
