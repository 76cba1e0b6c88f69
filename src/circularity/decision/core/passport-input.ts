/**
 * Builds a RouteInput from a native battery passport (catalogue keys of src/passport/core/catalogue) plus overrides
 * (a test lab's module measurements, a twin's live State of Safety, the decision date). Every derived value records
 * where it came from in `provenance`.
 */
import { type AttributeValue, type Passport, listModules } from '../../../passport/index.js';
import { DEFAULT_FACTORS, type DecisionFactors } from './factors.js';
import type { Chemistry, EventType, ModuleInput, NegativeEventInput, RouteInput } from './types.js';

export interface RouteInputOverrides {
  decisionDate?: string;
  soh?: { pointPct?: number; lowPct?: number; highPct?: number };
  sos?: { score: number; driver: string };
  /**
   * The State of Safety the OEM's digital twin signed into its latest operationalSnapshot event (issue 4), with the
   * time of that snapshot. It is combined with the passport's own evidence as the weaker of the two.
   */
  twinSos?: { score: number; driver: string; at: string };
  /** Per-module measurements by module id (e.g. from a test lab); unknown ids are an error. */
  modules?: { id: string; sohPct?: number; sohLowPct?: number; resistanceIncreasePct?: number }[];
  warrantyRemainingMonths?: number;
  /** Replaces the passport's negative events when given. */
  negativeEvents?: NegativeEventInput[];
}

const num = (v: AttributeValue | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const ramp = (x: number, nominal: number, critical: number) => Math.max(0, Math.min(1, 1 - (x - nominal) / (critical - nominal)));

function componentIncrease(v: AttributeValue | undefined, component: string): number | undefined {
  if (!Array.isArray(v)) return undefined;
  for (const e of v) if (e && typeof e === 'object' && !Array.isArray(e) && e.component === component) return num(e.increasePercent);
  return undefined;
}

function passportEvents(v: AttributeValue | undefined): NegativeEventInput[] {
  if (!Array.isArray(v)) return [];
  const out: NegativeEventInput[] = [];
  for (const e of v) {
    if (!e || typeof e !== 'object' || Array.isArray(e) || typeof e.eventType !== 'string') continue;
    const sev = e.severity;
    out.push({ eventType: e.eventType as EventType, severity: sev === 'minor' || sev === 'major' || sev === 'critical' ? sev : undefined });
  }
  return out;
}

/**
 * State of Safety from passport facts, as the weakest factor (same scheme and event caps as the twin's
 * src/twin/core/states/sos.ts, after Cabrera-Castillo et al. 2016): resistance growth 1 at ×1.3 → 0 at ×3; deep
 * discharge caps at 0.5, overcharge at 0.4; recorded accidents by severity; a thermal incident caps at 0.2.
 */
export function sosFromPassport(p: Passport, events: readonly NegativeEventInput[]): { score: number; driver: string } {
  const a = p.attributes;
  const factors: [string, number][] = [];
  const inc = componentIncrease(a.internalResistanceIncrease, 'pack');
  if (inc !== undefined) factors.push(['resistanceGrowth', ramp(1 + inc / 100, 1.3, 3)]);
  if ((num(a.deepDischargeEvents) ?? 0) > 0) factors.push(['deepDischarge', 0.5]);
  if ((num(a.overchargeEvents) ?? 0) > 0) factors.push(['overcharge', 0.4]);
  // An event without a recorded severity is treated as medium: it blocks EV re-use (needs ≥ 0.8), not second life.
  const sevCap = { minor: 0.9, unknown: 0.75, major: 0.4, critical: 0.1 } as const;
  for (const e of events) {
    const sev = e.severity ?? 'unknown';
    const cap = e.eventType === 'thermalIncident' ? Math.min(0.2, sevCap[sev]) : sevCap[sev];
    factors.push([`negativeEvent:${e.eventType}(${sev})`, cap]);
  }
  let score = 1;
  let driver = 'none';
  for (const [k, v] of factors) if (v < score) [score, driver] = [v, k];
  return { score, driver };
}

function monthsBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / (30.4375 * 86_400_000);
}

export function routeInputFromPassport(p: Passport, overrides: RouteInputOverrides = {}, f: DecisionFactors = DEFAULT_FACTORS): RouteInput {
  const a = p.attributes;
  const prov: string[] = [];
  const ratedAh = num(a.ratedCapacity) ?? p.structure.nominalCapacityAh;
  const voltage = num(a.nominalVoltage) ?? p.structure.nominalVoltageV;
  const mass = num(a.batteryMass) ?? p.structure.massKg;
  if (ratedAh === undefined || voltage === undefined || mass === undefined) throw new RangeError(`passport ${p.batteryId} lacks ratedCapacity, nominalVoltage or batteryMass`);
  prov.push('battery: ratedCapacity × nominalVoltage → rated energy; batteryMass');

  const events = overrides.negativeEvents ?? passportEvents(a.negativeEvents);
  prov.push(overrides.negativeEvents ? 'negative events: overrides' : 'negative events: negativeEvents');

  const packInc = componentIncrease(a.internalResistanceIncrease, 'module') ?? componentIncrease(a.internalResistanceIncrease, 'pack') ?? 0;
  const byId = new Map((overrides.modules ?? []).map((m) => [m.id, m]));
  const nodes = listModules(p.structure);
  for (const id of byId.keys()) if (!nodes.some((n) => n.id === id)) throw new RangeError(`override for unknown module ${id} of ${p.batteryId}`);

  let point = num(a.stateOfCertifiedEnergy);
  let sohSource = 'stateOfCertifiedEnergy (Annex VII EV SoH)';
  if (point === undefined) {
    const rem = num(a.remainingCapacity);
    point = rem !== undefined ? (rem / ratedAh) * 100 : 100 - (num(a.capacityFade) ?? 0);
    sohSource = rem !== undefined ? 'remainingCapacity / ratedCapacity' : '100 − capacityFade';
  }
  const measured = (overrides.modules ?? []).map((m) => m.sohPct).filter((v): v is number => v !== undefined);
  if (overrides.soh?.pointPct !== undefined) [point, sohSource] = [overrides.soh.pointPct, 'overrides'];
  else if (measured.length === nodes.length && nodes.length > 0) {
    // Series modules: the pack holds what its weakest module holds.
    [point, sohSource] = [Math.min(...measured), 'minimum of measured module SoH (series pack)'];
  }
  const u = f.thresholds.sohUncertaintyPct.value;
  const low = overrides.soh?.lowPct ?? Math.max(0, point - u);
  const high = overrides.soh?.highPct ?? Math.min(100, point + u);
  prov.push(`SoH: ${sohSource}; interval ${overrides.soh?.lowPct !== undefined ? 'overrides' : `±${u} points (${f.thresholds.sohUncertaintyPct.source})`}`);

  const modules: ModuleInput[] = nodes.map((n) => {
    const o = byId.get(n.id);
    const energy = n.nominalCapacityAh !== undefined && n.nominalVoltageV !== undefined ? (n.nominalCapacityAh * n.nominalVoltageV) / 1000 : (voltage * ratedAh) / 1000 / nodes.length;
    return {
      id: n.id,
      sohPct: o?.sohPct ?? point,
      sohLowPct: o?.sohLowPct,
      resistanceIncreasePct: o?.resistanceIncreasePct ?? packInc,
      ratedEnergyKWh: energy,
      massKg: n.massKg ?? mass / nodes.length,
      nominalVoltageV: n.nominalVoltageV,
    };
  });
  prov.push(byId.size > 0 ? `modules: structure + ${byId.size} measured overrides` : 'modules: structure; SoH and resistance = pack values (no module measurements in the passport)');

  const decisionDate = overrides.decisionDate ?? p.updatedAt.slice(0, 10);
  let warranty = overrides.warrantyRemainingMonths;
  if (warranty === undefined) {
    const period = num(a.warrantyPeriod) ?? 0;
    const start = typeof a.puttingIntoServiceDate === 'string' ? a.puttingIntoServiceDate : undefined;
    warranty = start ? Math.max(0, period - monthsBetween(start, decisionDate)) : 0;
    prov.push(`warranty: warrantyPeriod − months since puttingIntoServiceDate at ${decisionDate}`);
  }
  let sos = overrides.sos ?? sosFromPassport(p, events);
  prov.push(overrides.sos ? 'SoS: overrides' : 'SoS: internalResistanceIncrease, deep discharge/overcharge counts, negative events');
  if (!overrides.sos && overrides.twinSos) {
    const t = overrides.twinSos;
    const ageDays = Math.max(0, (Date.parse(decisionDate) - Date.parse(t.at)) / 86_400_000);
    // weakest factor across both sources: a twin that saw a hazard in use outweighs a clean passport, and vice versa
    if (t.score < sos.score) sos = { score: t.score, driver: `twin:${t.driver}` };
    prov.push(`SoS: digital twin ${t.score.toFixed(2)} (${t.driver}) from the operational snapshot of ${t.at.slice(0, 10)}${ageDays > 90 ? `, ${Math.round(ageDays)} days old` : ''}; the lower of twin and passport counts`);
  }

  return {
    batteryId: p.batteryId,
    battery: { chemistry: p.model.chemistry as Chemistry, format: nodes.length > 0 ? 'pack' : 'module', ratedCapacityAh: ratedAh, nominalVoltageV: voltage, ratedEnergyKWh: (ratedAh * voltage) / 1000, massKg: mass },
    soh: { pointPct: point, lowPct: low, highPct: high, source: sohSource },
    sos,
    modules,
    warrantyRemainingMonths: warranty,
    negativeEvents: events,
    decisionDate,
    provenance: prov,
  };
}
