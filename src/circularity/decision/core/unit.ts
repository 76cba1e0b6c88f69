/**
 * The thing a route is evaluated for: a whole pack or one module. Modules inherit the pack's State of Safety and
 * negative events (the events were recorded on the pack; without per-module evidence every module carries them).
 */
import type { Chemistry, ModuleInput, NegativeEventInput, RouteInput } from './types.js';
import type { DecisionFactors } from './factors.js';

export interface Unit {
  kind: 'pack' | 'module';
  id: string;
  chemistry: Chemistry;
  ratedEnergyKWh: number;
  massKg: number;
  sohPct: number;
  sohLowPct: number;
  sosScore: number;
  sosDriver: string;
  events: NegativeEventInput[];
  warrantyRemainingMonths: number;
  modules: ModuleInput[];
  decisionDate: string;
}

export function packUnit(x: RouteInput): Unit {
  return {
    kind: 'pack',
    id: x.batteryId,
    chemistry: x.battery.chemistry,
    ratedEnergyKWh: x.battery.ratedEnergyKWh,
    massKg: x.battery.massKg,
    sohPct: x.soh.pointPct,
    sohLowPct: x.soh.lowPct,
    sosScore: x.sos.score,
    sosDriver: x.sos.driver,
    events: x.negativeEvents,
    warrantyRemainingMonths: x.warrantyRemainingMonths,
    modules: x.modules,
    decisionDate: x.decisionDate,
  };
}

export function moduleLow(m: ModuleInput, x: RouteInput): number {
  return m.sohLowPct ?? m.sohPct - (x.soh.pointPct - x.soh.lowPct);
}

export function moduleUnit(m: ModuleInput, x: RouteInput): Unit {
  return {
    ...packUnit(x),
    kind: 'module',
    id: m.id,
    ratedEnergyKWh: m.ratedEnergyKWh,
    massKg: m.massKg,
    sohPct: m.sohPct,
    sohLowPct: moduleLow(m, x),
    // Warranty covers the pack as sold; a loose module carries none.
    warrantyRemainingMonths: 0,
    modules: [],
  };
}

/** Max − min module SoH, % points (0 for fewer than two modules). */
export function sohSpreadPct(mods: readonly ModuleInput[]): number {
  if (mods.length < 2) return 0;
  const s = mods.map((m) => m.sohPct);
  return Math.max(...s) - Math.min(...s);
}

/** Relative spread of module resistance, %, with R ∝ 1 + increase/100. */
export function resistanceSpreadPct(mods: readonly ModuleInput[]): number {
  if (mods.length < 2) return 0;
  const r = mods.map((m) => 1 + m.resistanceIncreasePct / 100);
  return (Math.max(...r) / Math.min(...r) - 1) * 100;
}

/**
 * Modules a remanufacturer replaces: robust SoH below the re-use threshold, or resistance beyond the allowed spread
 * over the best module in the pack (the weakest series module limits pack power and capacity).
 */
export function modulesToReplace(u: Unit, f: DecisionFactors): ModuleInput[] {
  const t = f.thresholds;
  if (u.modules.length === 0) return [];
  const bestR = Math.min(...u.modules.map((m) => 1 + m.resistanceIncreasePct / 100));
  const delta = u.sohPct - u.sohLowPct;
  return u.modules.filter(
    (m) => (m.sohLowPct ?? m.sohPct - delta) < t.reuseMinSohPct.value || ((1 + m.resistanceIncreasePct / 100) / bestR - 1) * 100 > t.maxResistanceSpreadPct.value,
  );
}
