/**
 * Hard constraints: a route that violates one is excluded, with the reason and its source. Feasibility uses the
 * LOWER end of the SoH interval (a robust decision: the route must hold for the worst plausible health).
 */
import type { DecisionFactors } from './factors.js';
import { lithiumYield } from './recycling.js';
import { type RecyclingProcess, type Route, RECYCLING_PROCESSES, recyclingRoute } from './types.js';
import { type Unit, modulesToReplace, resistanceSpreadPct, sohSpreadPct } from './unit.js';

export interface Check {
  name: string;
  value: number;
  limit: number;
  ok: boolean;
  reason: string;
}

const atLeast = (name: string, value: number, limit: number, why: string): Check => ({
  name,
  value,
  limit,
  ok: value >= limit,
  reason: `${name} ${round(value)} < ${round(limit)} (${why})`,
});
const atMost = (name: string, value: number, limit: number, why: string): Check => ({
  name,
  value,
  limit,
  ok: value <= limit,
  reason: `${name} ${round(value)} > ${round(limit)} (${why})`,
});
const flag = (name: string, bad: boolean, reason: string): Check => ({ name, value: bad ? 1 : 0, limit: 0, ok: !bad, reason });
const round = (v: number) => Math.round(v * 100) / 100;

export const hasThermalEvent = (u: Unit) => u.events.some((e) => e.eventType === 'thermalIncident');
export const hasCriticalEvent = (u: Unit) => u.events.some((e) => e.severity === 'critical');
const STRUCTURAL = new Set(['accident', 'mechanicalDamage', 'waterIngress']);
export const hasStructuralEvent = (u: Unit) => u.events.some((e) => STRUCTURAL.has(e.eventType) && (e.severity === 'major' || e.severity === 'critical'));

/** Damaged or defective in the sense of ADR special provision 376: changes the transport class. */
export function isDamaged(u: Unit, f: DecisionFactors): boolean {
  return u.sosScore < f.thresholds.criticalSos.value || hasThermalEvent(u) || hasCriticalEvent(u);
}

function safetyGate(u: Unit, f: DecisionFactors): Check[] {
  const t = f.thresholds;
  return [
    atLeast('State of Safety', u.sosScore, t.criticalSos.value, `critical, driver ${u.sosDriver}: damaged/defective battery (ADR SP 376), recycling only`),
    flag('thermal incident', hasThermalEvent(u), 'thermal incident recorded: a thermally stressed battery goes to recycling only'),
    flag('critical event', hasCriticalEvent(u), 'critical negative event recorded: recycling only'),
  ];
}

/** All checks of a route; `ok: false` ones exclude it. */
export function checksFor(route: Route, u: Unit, f: DecisionFactors): Check[] {
  const t = f.thresholds;
  switch (route) {
    case 'reuse':
      return [
        ...safetyGate(u, f),
        atLeast('SoH (interval low)', u.sohLowPct, t.reuseMinSohPct.value, `EV re-use threshold: ${t.reuseMinSohPct.source}`),
        atLeast('State of Safety', u.sosScore, t.reuseMinSos.value, `re-use needs a high SoS, driver ${u.sosDriver}`),
        flag('structural event', hasStructuralEvent(u), 'major accident/mechanical damage/water ingress: EV re-use not certifiable without opening the pack'),
        atMost('module SoH spread', sohSpreadPct(u.modules), t.maxModuleSohSpreadPct.value, 'imbalanced pack: remanufacture first'),
        atMost('module resistance spread', resistanceSpreadPct(u.modules), t.maxResistanceSpreadPct.value, 'imbalanced pack: remanufacture first'),
      ];
    case 'repurpose':
      return [
        ...safetyGate(u, f),
        atLeast('SoH (interval low)', u.sohLowPct, t.repurposeMinSohPct.value, `second-life threshold: ${t.repurposeMinSohPct.source}`),
        atLeast('State of Safety', u.sosScore, t.repurposeMinSos.value, `second life needs at least a medium SoS, driver ${u.sosDriver}`),
      ];
    case 'remanufacture':
      return [flag('module-level unit', u.kind !== 'pack', 'remanufacturing applies to packs'), ...safetyGate(u, f), ...remanufactureChecks(u, f)];
    default: {
      const process = route.slice('recycle-'.length) as RecyclingProcess;
      return recyclingChecks(process, u, f);
    }
  }
}

function remanufactureChecks(u: Unit, f: DecisionFactors): Check[] {
  const t = f.thresholds;
  if (u.kind !== 'pack') return [];
  const n = u.modules.length;
  const uneven = sohSpreadPct(u.modules) > t.maxModuleSohSpreadPct.value || resistanceSpreadPct(u.modules) > t.maxResistanceSpreadPct.value;
  const healthy = n - modulesToReplace(u, f).length;
  return [
    atLeast('module count', n, 2, 'needs module-level data'),
    flag('balanced modules', !uneven, `modules balanced (SoH spread ≤ ${t.maxModuleSohSpreadPct.value} points, resistance spread ≤ ${t.maxResistanceSpreadPct.value} %): nothing to replace`),
    atLeast('healthy module share', n === 0 ? 0 : healthy / n, t.remanufactureMinHealthyShare.value, t.remanufactureMinHealthyShare.source),
    atLeast('State of Safety', u.sosScore, t.repurposeMinSos.value, `remanufacturing needs at least a medium SoS, driver ${u.sosDriver}`),
  ];
}

function recyclingChecks(process: RecyclingProcess, u: Unit, f: DecisionFactors): Check[] {
  const target = f.lithiumRecoveryTarget;
  const containsLithium = f.materialKgPerKWh[u.chemistry].lithiumCarbonate.value > 0;
  const inForce = u.decisionDate >= target.appliesFrom;
  const out: Check[] = [];
  if (containsLithium && inForce) {
    out.push(atLeast(`${process} lithium yield`, lithiumYield(process, f), target.share.value, `${target.share.source}, in force from ${target.appliesFrom}`));
  }
  if (process === 'direct') {
    out.push(flag('known Li-ion cathode', u.chemistry === 'other' || u.chemistry === 'NaIon', 'direct recycling regenerates a known lithium-ion cathode; unknown or non-lithium chemistry excluded'));
    out.push(flag('thermal incident', hasThermalEvent(u), 'thermal damage degrades the cathode crystal structure: direct recycling excluded'));
  }
  return out;
}

export function exclusions(route: Route, u: Unit, f: DecisionFactors): string[] {
  return checksFor(route, u, f).filter((c) => !c.ok).map((c) => c.reason);
}

/** Satisfied numeric check with the smallest relative margin. */
export function nearestCheck(route: Route, u: Unit, f: DecisionFactors): { name: string; value: number; limit: number; marginPct: number } | undefined {
  let best: { name: string; value: number; limit: number; marginPct: number } | undefined;
  for (const c of checksFor(route, u, f)) {
    if (!c.ok || c.limit === 0) continue;
    const marginPct = (Math.abs(c.value - c.limit) / Math.abs(c.limit)) * 100;
    if (!best || marginPct < best.marginPct) best = { name: c.name, value: round(c.value), limit: c.limit, marginPct: round(marginPct) };
  }
  return best;
}

export const RECYCLING_ROUTES: readonly Route[] = RECYCLING_PROCESSES.map(recyclingRoute);
