/**
 * A pack as a string of series groups (each group = p parallel cells lumped into one cell of p× capacity and 1/p
 * resistance; parallel cells share their voltage, so they balance among themselves). Each group runs the core's 2-RC
 * equivalent circuit (`advanceCell`, `terminalVoltage`) with its own parameters: manufacturing spread of capacity and
 * resistance (a few %, cf. Rumpf et al., J. Energy Storage 14 (2017) 224: σ_C ≈ 0.5–1.5 %, σ_R ≈ 2–4 % for
 * automotive cells), a spread of ageing propensity so cells drift apart with age, and an optional fault: a
 * soft internal short (self-discharge that grows) with rising resistance, the precursor described by Feng et al.,
 * Energy Storage Mater. 10 (2018) 246.
 * Passive balancing (bleed resistors, tens of mA per cell; e.g. Daowd et al., Energies 4 (2011) 1840): while the car
 * rests or charges, every group whose voltage sits more than a threshold above the lowest one is bled. It keeps a
 * healthy pack's groups together and, for a soft short, first spreads the loss over the whole pack (visible as pack
 * self-discharge at rest) until the leak outruns the bleed current and the faulty cell diverges.
 */
import {
  advanceCell,
  arrheniusFactor,
  chemistryDefaults,
  chemistryOcv,
  CELL_LIMITS_V,
  DEFAULT_ARRHENIUS,
  ocvV,
  terminalVoltage,
  type CellState,
  type Chemistry,
  type EcmParams,
  type OcvTable,
  type PackTopology,
} from '../core/index.js';
import { capacityFraction, initialAgeing, resistanceFactor, type AgeingState } from './ageing.js';
import { clamp, normal, type Rng } from './random.js';

export interface CellSpread {
  capacityRel: number;
  resistanceRel: number;
  socAbs: number;
  /** relative spread of how fast each cell ages around the pack mean */
  ageingRel: number;
}

export const DEFAULT_SPREAD: CellSpread = { capacityRel: 0.01, resistanceRel: 0.03, socAbs: 0.003, ageingRel: 0.08 };

export interface Balancing {
  /** bleed current per cell (A); a group of p parallel cells bleeds p times this */
  bleedAPerCell: number;
  /** a group is bled while its voltage exceeds the lowest group's by more than this (V) */
  thresholdV: number;
}

export const DEFAULT_BALANCING: Balancing = { bleedAPerCell: 0.05, thresholdV: 0.01 };

export interface CellFault {
  /** series group that develops the fault (default: a random one) */
  groupIndex?: number;
  /** simulated seconds after the start of the run when the fault begins */
  onsetS: number;
  /** self-discharge of the faulty group at onset, % of its capacity per 30 days */
  leakPctPerMonthStart: number;
  /** growth of that self-discharge per day */
  leakPctPerMonthPerDay: number;
  leakPctPerMonthMax: number;
  /** relative growth of the group's resistance per day after onset */
  resistanceGrowthPerDay: number;
}

export const DEFAULT_FAULT: CellFault = {
  onsetS: 6 * 3600,
  leakPctPerMonthStart: 5,
  leakPctPerMonthPerDay: 4,
  leakPctPerMonthMax: 60,
  resistanceGrowthPerDay: 0.15,
};

export interface PackConfig {
  chemistry: Chemistry;
  topology: PackTopology;
  cellCapacityAh: number;
  initialSoh: number;
  initialSoc: number;
  ageingMultiplier?: number;
  spread?: CellSpread;
  fault?: CellFault | null;
  /** null: no balancing */
  balancing?: Balancing | null;
}

export interface PackState {
  chemistry: Chemistry;
  ocv: OcvTable;
  topology: PackTopology;
  /** one group at 25 °C, beginning of life */
  base: EcmParams;
  ratedPackAh: number;
  groups: CellState[];
  capRel: Float64Array;
  rRel: Float64Array;
  ageRel: Float64Array;
  ageing: AgeingState;
  fault: (CellFault & { groupIndex: number }) | null;
  /** seconds since the start of the run (drives the fault's progression) */
  elapsedS: number;
  /** per-group parameters at the present temperature and age (refreshed by `refreshPack`) */
  capAh: Float64Array;
  r0: Float64Array;
  r1: Float64Array;
  r2: Float64Array;
  leakSocPerS: number;
  scratch: EcmParams;
  limitsV: { vMinV: number; vMaxV: number };
  balancing: Balancing | null;
}

export function createPack(cfg: PackConfig, rng: Rng): PackState {
  const n = cfg.topology.seriesCells;
  const p = cfg.topology.parallelCells;
  const spread = cfg.spread ?? DEFAULT_SPREAD;
  const base = chemistryDefaults(cfg.chemistry, cfg.cellCapacityAh * p);
  const capRel = new Float64Array(n);
  const rRel = new Float64Array(n);
  const ageRel = new Float64Array(n);
  const groups: CellState[] = [];
  // averaging p cells in parallel narrows the group spread by √p
  const narrow = 1 / Math.sqrt(p);
  for (let i = 0; i < n; i++) {
    capRel[i] = normal(rng, 1, spread.capacityRel * narrow);
    rRel[i] = normal(rng, 1, spread.resistanceRel * narrow);
    ageRel[i] = Math.max(0.2, normal(rng, 1, spread.ageingRel * narrow));
    groups.push({ soc: clamp(cfg.initialSoc + normal(rng, 0, spread.socAbs), 0, 1), v1V: 0, v2V: 0, h: 0 });
  }
  const fault = cfg.fault ? { ...cfg.fault, groupIndex: cfg.fault.groupIndex ?? Math.floor(rng() * n) } : null;
  const pack: PackState = {
    chemistry: cfg.chemistry,
    ocv: chemistryOcv(cfg.chemistry),
    topology: cfg.topology,
    base,
    ratedPackAh: base.capacityAh,
    groups,
    capRel,
    rRel,
    ageRel,
    ageing: initialAgeing(cfg.chemistry, cfg.initialSoh, cfg.ageingMultiplier ?? 1),
    fault,
    elapsedS: 0,
    capAh: new Float64Array(n),
    r0: new Float64Array(n),
    r1: new Float64Array(n),
    r2: new Float64Array(n),
    leakSocPerS: 0,
    scratch: { ...base },
    limitsV: CELL_LIMITS_V[cfg.chemistry],
    balancing: cfg.balancing === undefined ? DEFAULT_BALANCING : cfg.balancing,
  };
  refreshPack(pack, 25);
  return pack;
}

/** Days the fault has been active (0 before onset or without a fault). */
export function faultDays(pack: PackState): number {
  return pack.fault ? Math.max(0, pack.elapsedS - pack.fault.onsetS) / 86_400 : 0;
}

/** Self-discharge of the faulty group, % per 30 days (0 when healthy). */
export function faultLeakPctPerMonth(pack: PackState): number {
  const f = pack.fault;
  if (!f || pack.elapsedS < f.onsetS) return 0;
  return Math.min(f.leakPctPerMonthMax, f.leakPctPerMonthStart + f.leakPctPerMonthPerDay * faultDays(pack));
}

/** Recomputes every group's capacity and resistances for the pack temperature, its age and the fault's progress. */
export function refreshPack(pack: PackState, tempC: number): void {
  const b = pack.base;
  const ea = DEFAULT_ARRHENIUS;
  const f0 = arrheniusFactor(tempC, 25, ea.r0JPerMol);
  const f1 = arrheniusFactor(tempC, 25, ea.r1JPerMol);
  const f2 = arrheniusFactor(tempC, 25, ea.r2JPerMol);
  const loss = 1 - capacityFraction(pack.ageing);
  const growth = resistanceFactor(pack.chemistry, pack.ageing) - 1;
  for (let i = 0; i < pack.groups.length; i++) {
    const a = pack.ageRel[i];
    const cap = b.capacityAh * pack.capRel[i] * Math.max(0.3, 1 - loss * a);
    const r = pack.rRel[i] * (1 + growth * a);
    pack.capAh[i] = cap;
    pack.r0[i] = b.r0Ohm * r * f0;
    pack.r1[i] = b.r1Ohm * r * f1;
    pack.r2[i] = b.r2Ohm * r * f2;
  }
  const f = pack.fault;
  if (f && pack.elapsedS >= f.onsetS) {
    const k = 1 + f.resistanceGrowthPerDay * faultDays(pack);
    pack.r0[f.groupIndex] *= k;
    pack.r1[f.groupIndex] *= k;
    pack.r2[f.groupIndex] *= k;
    pack.leakSocPerS = faultLeakPctPerMonth(pack) / 100 / (30 * 86_400);
  } else {
    pack.leakSocPerS = 0;
  }
}

/** Source voltage (OCV minus polarisation) of group i. */
export function groupSourceV(pack: PackState, i: number): number {
  const x = pack.groups[i];
  return ocvV(pack.ocv, x.soc, x.h) - x.v1V - x.v2V;
}

/** Pack source voltage and ohmic resistance: V_pack = E − R·I for the next instant. */
export function packThevenin(pack: PackState): { sourceV: number; r0Ohm: number } {
  let e = 0;
  let r = 0;
  for (let i = 0; i < pack.groups.length; i++) {
    e += groupSourceV(pack, i);
    r += pack.r0[i];
  }
  return { sourceV: e, r0Ohm: r };
}

/**
 * Largest discharge and charge currents (A, both ≥ 0) that keep every group inside its voltage window, with a margin:
 * the BMS's instantaneous power limit. Charging against the highest group is what produces the CV phase.
 */
export function currentLimitsA(pack: PackState, marginV = 0.01): { maxDischargeA: number; maxChargeA: number } {
  let dis = Infinity;
  let chg = Infinity;
  const lo = pack.limitsV.vMinV + marginV;
  const hi = pack.limitsV.vMaxV - marginV;
  for (let i = 0; i < pack.groups.length; i++) {
    const e = groupSourceV(pack, i);
    dis = Math.min(dis, (e - lo) / pack.r0[i]);
    chg = Math.min(chg, (hi - e) / pack.r0[i]);
  }
  return { maxDischargeA: Math.max(0, dis), maxChargeA: Math.max(0, chg) };
}

export interface PackReading {
  packV: number;
  minCellV: number;
  maxCellV: number;
  sourceV: number;
}

/** Terminal voltages under currentA (pack, positive = discharge); fills `cellsOut` with group voltages if given. */
export function readPack(pack: PackState, currentA: number, cellsOut?: number[]): PackReading {
  const s = pack.scratch;
  let sum = 0;
  let src = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pack.groups.length; i++) {
    s.r0Ohm = pack.r0[i];
    const v = terminalVoltage(pack.ocv, s, pack.groups[i], currentA);
    src += groupSourceV(pack, i);
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (cellsOut) cellsOut[i] = v;
  }
  return { packV: sum, minCellV: min, maxCellV: max, sourceV: src };
}

/** Advances every group by dtS under currentA; the faulty group also loses charge through its internal leak. */
export function advancePack(pack: PackState, currentA: number, dtS: number): void {
  const s = pack.scratch;
  const f = pack.fault;
  for (let i = 0; i < pack.groups.length; i++) {
    s.capacityAh = pack.capAh[i];
    s.r1Ohm = pack.r1[i];
    s.r2Ohm = pack.r2[i];
    const x = pack.groups[i];
    advanceCell(s, x, currentA, dtS);
    if (f && i === f.groupIndex) x.soc -= pack.leakSocPerS * dtS;
    x.soc = clamp(x.soc, 0, 1);
  }
  pack.elapsedS += dtS;
}

/** Bleeds the groups that stand above the lowest one by more than the threshold, for dtS (rest or charge only). */
export function balancePack(pack: PackState, dtS: number): void {
  const b = pack.balancing;
  if (!b || b.bleedAPerCell <= 0) return;
  let min = Infinity;
  for (let i = 0; i < pack.groups.length; i++) min = Math.min(min, groupSourceV(pack, i));
  const bleedAh = (b.bleedAPerCell * pack.topology.parallelCells * dtS) / 3600;
  for (let i = 0; i < pack.groups.length; i++) {
    if (groupSourceV(pack, i) - min > b.thresholdV) {
      const x = pack.groups[i];
      x.soc = Math.max(0, x.soc - bleedAh / pack.capAh[i]);
    }
  }
}

/** Capacity-weighted mean SoC (what a BMS reports as pack SoC) and the extremes. */
export function packSoc(pack: PackState): { mean: number; min: number; max: number } {
  let q = 0;
  let c = 0;
  let min = 1;
  let max = 0;
  for (let i = 0; i < pack.groups.length; i++) {
    const soc = pack.groups[i].soc;
    q += soc * pack.capAh[i];
    c += pack.capAh[i];
    if (soc < min) min = soc;
    if (soc > max) max = soc;
  }
  return { mean: q / c, min, max };
}

/** Mean group capacity relative to the rated capacity: the true SoH (what a capacity test of the pack would find
 *  with balanced cells; the weakest group bounds the usable part once cells drift apart). */
export function packSoh(pack: PackState): number {
  let c = 0;
  for (let i = 0; i < pack.capAh.length; i++) c += pack.capAh[i];
  return c / pack.capAh.length / pack.ratedPackAh;
}
