/**
 * The lot allocation as a mixed-integer linear programme, solver-independent (the HiGHS adapter translates it).
 *   x_ij ∈ {0,1}: module i goes to project j (only for compatible pairs);  y_j ∈ {0,1}: project j is delivered.
 *   max  Σ_j V_j y_j − Σ_ij (c_ij + r_i) x_ij + Σ_i r_i          (r_i: module's recycling value, the default fate)
 *   s.t. Σ_j x_ij ≤ 1                        each module used once
 *        Σ_i e_i x_ij ≥ E_j y_j             energy delivered (robust usable kWh)
 *        Σ_i e_i x_ij ≤ Emax_j y_j          rack space; no module without a delivered project
 *        Σ_i p_i x_ij ≥ P_j y_j             power
 *        x_ij ≤ y_j                          linking (tightens the LP relaxation)
 * Contracts are all-or-nothing, which makes this a covering/knapsack MILP that a greedy loop cannot solve exactly.
 */
import type { Assignment, Lot, LotEconomics } from './lot.js';
import { usableKWh } from './lot.js';

export interface MilpColumn {
  name: string;
  cost: number;
  lower: number;
  upper: number;
  integer: boolean;
}
export interface MilpRow {
  name: string;
  lower: number;
  upper: number;
  entries: [number, number][];
}
export interface MilpModel {
  sense: 'maximize';
  offset: number;
  columns: MilpColumn[];
  rows: MilpRow[];
}

export interface AllocationModel {
  model: MilpModel;
  /** Column index → (module index, project index) for x columns. */
  pairs: { col: number; i: number; j: number }[];
  /** Column index of y_j. */
  yCol: number[];
}

export function buildAllocationModel(lot: Lot, eco: LotEconomics): AllocationModel {
  const columns: MilpColumn[] = [];
  const rows: MilpRow[] = [];
  const yCol = lot.demands.map((d, j) => {
    columns.push({ name: `y_${j}`, cost: d.contractValueEur, lower: 0, upper: 1, integer: true });
    return columns.length - 1;
  });
  const pairs: AllocationModel['pairs'] = [];
  const byModule: number[][] = lot.modules.map(() => []);
  const byDemand: number[][] = lot.demands.map(() => []);
  lot.modules.forEach((_m, i) => {
    lot.demands.forEach((_d, j) => {
      const c = eco.costEur[i][j];
      if (!Number.isFinite(c)) return;
      columns.push({ name: `x_${i}_${j}`, cost: -(c + eco.recycleEur[i]), lower: 0, upper: 1, integer: true });
      const col = columns.length - 1;
      pairs.push({ col, i, j });
      byModule[i].push(col);
      byDemand[j].push(col);
    });
  });
  const pairOf = new Map(pairs.map((p) => [p.col, p]));
  byModule.forEach((cols, i) => {
    if (cols.length > 1) rows.push({ name: `once_${i}`, lower: -Infinity, upper: 1, entries: cols.map((c) => [c, 1]) });
  });
  lot.demands.forEach((d, j) => {
    const e = byDemand[j].map((c): [number, number] => [c, usableKWh(lot.modules[(pairOf.get(c) as { i: number }).i])]);
    const p = byDemand[j].map((c): [number, number] => [c, lot.modules[(pairOf.get(c) as { i: number }).i].powerKW]);
    rows.push({ name: `energyMin_${j}`, lower: 0, upper: Infinity, entries: [...e, [yCol[j], -d.energyKWh]] });
    rows.push({ name: `energyMax_${j}`, lower: -Infinity, upper: 0, entries: [...e, [yCol[j], -d.maxEnergyKWh]] });
    rows.push({ name: `power_${j}`, lower: 0, upper: Infinity, entries: [...p, [yCol[j], -d.powerKW]] });
    for (const c of byDemand[j]) rows.push({ name: `link_${c}`, lower: -Infinity, upper: 0, entries: [[c, 1], [yCol[j], -1]] });
  });
  return { model: { sense: 'maximize', offset: eco.recycleEur.reduce((a, b) => a + b, 0), columns, rows }, pairs, yCol };
}

/** Reads an assignment from a 0/1 column vector (values rounded: the solver returns integers up to tolerance). */
export function decodeAssignment(lot: Lot, am: AllocationModel, colValue: ArrayLike<number>): Assignment {
  const a: Assignment = new Map(lot.modules.map((m) => [m.id, null]));
  for (const p of am.pairs) if (colValue[p.col] > 0.5) a.set(lot.modules[p.i].id, lot.demands[p.j].id);
  return a;
}

/** Column vector of an assignment (e.g. the greedy one as a MIP start). */
export function encodeAssignment(lot: Lot, am: AllocationModel, a: Assignment): number[] {
  const v = new Array<number>(am.model.columns.length).fill(0);
  const jOf = new Map(lot.demands.map((d, j) => [d.id, j]));
  for (const p of am.pairs) if (a.get(lot.modules[p.i].id) === lot.demands[p.j].id) v[p.col] = 1;
  for (const [, dId] of a) if (dId !== null) v[am.yCol[jOf.get(dId) as number]] = 1;
  return v;
}
