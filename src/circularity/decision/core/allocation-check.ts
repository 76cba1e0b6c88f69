/**
 * Independent checks of an allocation (never trusting the solver): feasibility with reasons, objective value, a
 * greedy baseline and an exhaustive search for tiny lots.
 */
import { type Assignment, type Lot, type LotEconomics, incompatibility, usableKWh } from './lot.js';

export interface AllocationReport {
  feasible: boolean;
  violations: string[];
  valueEur: number;
  delivered: { demandId: string; modules: number; energyKWh: number; powerKW: number }[];
}

const TOL = 1e-6;

export function checkAllocation(lot: Lot, eco: LotEconomics, a: Assignment): AllocationReport {
  const violations: string[] = [];
  const jOf = new Map(lot.demands.map((d, j) => [d.id, j]));
  const energy = lot.demands.map(() => 0);
  const power = lot.demands.map(() => 0);
  const count = lot.demands.map(() => 0);
  let value = 0;
  lot.modules.forEach((m, i) => {
    const dId = a.get(m.id) ?? null;
    if (dId === null) {
      value += eco.recycleEur[i];
      return;
    }
    const j = jOf.get(dId);
    if (j === undefined) {
      violations.push(`${m.id}: unknown project ${dId}`);
      return;
    }
    for (const why of incompatibility(m, lot.demands[j])) violations.push(`${m.id} → ${dId}: ${why}`);
    energy[j] += usableKWh(m);
    power[j] += m.powerKW;
    count[j] += 1;
    value -= eco.costEur[i][j];
  });
  lot.demands.forEach((d, j) => {
    if (count[j] === 0) return;
    if (energy[j] < d.energyKWh - TOL) violations.push(`${d.id}: ${energy[j].toFixed(1)} kWh < ${d.energyKWh} kWh needed`);
    if (energy[j] > d.maxEnergyKWh + TOL) violations.push(`${d.id}: ${energy[j].toFixed(1)} kWh > rack space ${d.maxEnergyKWh} kWh`);
    if (power[j] < d.powerKW - TOL) violations.push(`${d.id}: ${power[j].toFixed(1)} kW < ${d.powerKW} kW needed`);
    value += d.contractValueEur;
  });
  return {
    feasible: violations.length === 0,
    violations,
    valueEur: value,
    delivered: lot.demands.map((d, j) => ({ demandId: d.id, modules: count[j], energyKWh: energy[j], powerKW: power[j] })).filter((x) => x.modules > 0),
  };
}

/**
 * Greedy baseline (what a planner would do by hand): projects by contract value, each filled with its cheapest
 * compatible modules per usable kWh (cost + lost recycling value) until energy and power are met within rack space;
 * a project that cannot be completed or loses money is dropped and its modules released.
 */
export function greedyAllocation(lot: Lot, eco: LotEconomics): Assignment {
  const a: Assignment = new Map(lot.modules.map((m) => [m.id, null]));
  const order = lot.demands.map((d, j) => ({ d, j })).sort((p, q) => q.d.contractValueEur - p.d.contractValueEur);
  for (const { d, j } of order) {
    const cand = lot.modules
      .map((m, i) => ({ m, i }))
      .filter(({ m, i }) => a.get(m.id) === null && Number.isFinite(eco.costEur[i][j]))
      .sort((p, q) => (eco.costEur[p.i][j] + eco.recycleEur[p.i]) / usableKWh(p.m) - (eco.costEur[q.i][j] + eco.recycleEur[q.i]) / usableKWh(q.m));
    let e = 0;
    let p = 0;
    let cost = 0;
    const chosen: string[] = [];
    for (const { m, i } of cand) {
      if (e >= d.energyKWh && p >= d.powerKW) break;
      if (e + usableKWh(m) > d.maxEnergyKWh) continue;
      e += usableKWh(m);
      p += m.powerKW;
      cost += eco.costEur[i][j] + eco.recycleEur[i];
      chosen.push(m.id);
    }
    if (e >= d.energyKWh && p >= d.powerKW && d.contractValueEur - cost > 0) for (const id of chosen) a.set(id, d.id);
  }
  return a;
}

/** Exhaustive search over (projects + 1)^modules assignments; only for tiny lots (tests). */
export function bruteForceAllocation(lot: Lot, eco: LotEconomics): { assignment: Assignment; valueEur: number } {
  const n = lot.modules.length;
  const k = lot.demands.length + 1;
  if (k ** n > 2_000_000) throw new RangeError(`brute force over ${k}^${n} assignments is too large`);
  let best: { assignment: Assignment; valueEur: number } | undefined;
  const choice = new Array<number>(n).fill(0);
  for (let idx = 0; idx < k ** n; idx++) {
    let r = idx;
    for (let i = 0; i < n; i++) {
      choice[i] = r % k;
      r = Math.floor(r / k);
    }
    const a: Assignment = new Map(lot.modules.map((m, i) => [m.id, choice[i] === 0 ? null : lot.demands[choice[i] - 1].id]));
    const rep = checkAllocation(lot, eco, a);
    if (rep.feasible && (!best || rep.valueEur > best.valueEur + 1e-9)) best = { assignment: a, valueEur: rep.valueEur };
  }
  return best as { assignment: Assignment; valueEur: number };
}
