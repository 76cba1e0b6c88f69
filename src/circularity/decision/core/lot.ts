/**
 * Lot allocation inputs: a batch of returned modules and the second-life projects that could take them. Each module
 * either goes to one project or to recycling. Compatibility (chemistry, voltage window, minimum SoH on the robust
 * interval low, delivery date) is a hard filter; energy and power are project-level constraints.
 */
import type { DecisionFactors } from './factors.js';
import { evaluateRoute } from './evaluate.js';
import type { Chemistry, RecyclingProcess, RouteEvaluation } from './types.js';
import { RECYCLING_PROCESSES, recyclingRoute } from './types.js';
import type { Unit } from './unit.js';

export interface LotModule {
  id: string;
  chemistry: Chemistry;
  ratedEnergyKWh: number;
  sohPct: number;
  sohLowPct: number;
  nominalVoltageV: number;
  /** Continuous discharge power the module can still deliver, kW. */
  powerKW: number;
  massKg: number;
  /** Day (from lot arrival) the module is tested and ready to ship. */
  readyDay: number;
}

export interface Demand {
  id: string;
  name: string;
  /** Usable energy the project needs (robust: modules count with their interval-low SoH). */
  energyKWh: number;
  /** Rack space: at most this much usable energy can be installed. */
  maxEnergyKWh: number;
  powerKW: number;
  chemistries: Chemistry[];
  voltageMinV: number;
  voltageMaxV: number;
  minSohPct: number;
  deliveryDay: number;
  /** Paid when the project is delivered in full (all or nothing). */
  contractValueEur: number;
  distanceKm: number;
}

export interface Lot {
  modules: LotModule[];
  demands: Demand[];
}

/** Module id → project id, or null for recycling. */
export type Assignment = Map<string, string | null>;

export const usableKWh = (m: LotModule) => (m.ratedEnergyKWh * m.sohLowPct) / 100;

/** Why a module cannot serve a project (empty when compatible). */
export function incompatibility(m: LotModule, d: Demand): string[] {
  const out: string[] = [];
  if (!d.chemistries.includes(m.chemistry)) out.push(`chemistry ${m.chemistry} not in ${d.chemistries.join('/')}`);
  if (m.nominalVoltageV < d.voltageMinV || m.nominalVoltageV > d.voltageMaxV) out.push(`voltage ${m.nominalVoltageV} V outside ${d.voltageMinV}–${d.voltageMaxV} V`);
  if (m.sohLowPct < d.minSohPct) out.push(`SoH low ${m.sohLowPct.toFixed(1)} % < ${d.minSohPct} %`);
  if (m.readyDay > d.deliveryDay) out.push(`ready day ${m.readyDay} after delivery day ${d.deliveryDay}`);
  return out;
}

const moduleAsUnit = (m: LotModule): Unit => ({
  kind: 'module',
  id: m.id,
  chemistry: m.chemistry,
  ratedEnergyKWh: m.ratedEnergyKWh,
  massKg: m.massKg,
  sohPct: m.sohPct,
  sohLowPct: m.sohLowPct,
  sosScore: 1,
  sosDriver: 'none',
  events: [],
  warrantyRemainingMonths: 0,
  modules: [],
  decisionDate: '2025-06-30',
});

/** Net value of the module's best feasible recycling process (same factors as the route decision). */
export function recycleValueEur(m: LotModule, f: DecisionFactors, decisionDate = f.asOf): { valueEur: number; process: RecyclingProcess } {
  const u = { ...moduleAsUnit(m), decisionDate };
  const noRemoved = () => () => ({ valueEur: 0, co2AvoidedKg: 0, route: 'none' });
  let best: { e: RouteEvaluation; p: RecyclingProcess } | undefined;
  for (const p of RECYCLING_PROCESSES) {
    const e = evaluateRoute(recyclingRoute(p), u, f, noRemoved);
    if (e.feasible && (!best || e.netValueEur > best.e.netValueEur)) best = { e, p };
  }
  return best ? { valueEur: best.e.netValueEur, process: best.p } : { valueEur: 0, process: 'hydrometallurgical' };
}

/** Cost of sending one module to one project: test, handling labour, rack integration, transport (ADR class 9). */
export function assignCostEur(m: LotModule, d: Demand, f: DecisionFactors): number {
  const t = f.transport;
  const transport = (m.massKg / 1000) * d.distanceKm * t.eurPerTonneKm.value * t.adrClass9Multiplier.value;
  return f.labour.moduleTestEur.value + f.labour.hours.repurposePerModule.value * f.labour.rateEurPerHour.value + usableKWh(m) * f.prices.repurposeIntegrationEurPerKWh.value + transport;
}

/** Per-module and per-pair numbers the model, the checker and the baselines share. */
export interface LotEconomics {
  recycleEur: number[];
  /** cost[i][j], NaN when module i cannot serve project j. */
  costEur: number[][];
}

export function lotEconomics(lot: Lot, f: DecisionFactors): LotEconomics {
  return {
    recycleEur: lot.modules.map((m) => recycleValueEur(m, f).valueEur),
    costEur: lot.modules.map((m) => lot.demands.map((d) => (incompatibility(m, d).length === 0 ? assignCostEur(m, d, f) : Number.NaN))),
  };
}
