/**
 * From twin estimates to what the passport and the alerting need (pure): the operational snapshot payload
 * (Annex VII Part A SoH parameters, Annex XIII(4) dynamic attributes) and the State-of-Safety alert level.
 */
import type { TwinOutputs, TwinState } from './twin-state.js';
import type { TwinParams } from './twin-params.js';

/** Windowed statistics kept between two snapshots. */
export interface SnapshotWindow {
  minTempC: number | null;
  maxTempC: number | null;
  lastTempC: number | null;
}

export const EMPTY_WINDOW: SnapshotWindow = { minTempC: null, maxTempC: null, lastTempC: null };

export function widenWindow(w: SnapshotWindow, minC: number | undefined, maxC: number | undefined): SnapshotWindow {
  const lo = minC ?? maxC;
  const hi = maxC ?? minC;
  if (lo === undefined || hi === undefined) return w;
  return { minTempC: w.minTempC === null ? lo : Math.min(w.minTempC, lo), maxTempC: w.maxTempC === null ? hi : Math.max(w.maxTempC, hi), lastTempC: hi };
}

export interface LatestEstimates {
  timeMs: number;
  soc: number;
  socSigma: number;
  soeWh: number;
  sopDischargeW: number[];
  sopChargeW: number[];
  sos: number;
  sosDriver: string;
}

export function latestOf(out: TwinOutputs, timeMs: number): LatestEstimates {
  const k = out.soc.length - 1;
  return {
    timeMs,
    soc: out.soc[k],
    socSigma: out.socSigma[k],
    soeWh: out.soeWh[k],
    sopDischargeW: out.sopDischargeW.map((a) => a[k]),
    sopChargeW: out.sopChargeW.map((a) => a[k]),
    sos: out.sos[k],
    sosDriver: out.sosDriver[k],
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The `operationalSnapshot` payload (history event schema) for the pack. */
export function snapshotPayload(params: TwinParams, state: TwinState, out: TwinOutputs, latest: LatestEstimates, w: SnapshotWindow): Record<string, unknown> {
  const s = out.summary;
  const p = params.topology.parallelCells;
  const a = state.ageing;
  const i10 = params.sopHorizonsS.indexOf(10);
  const minC = clamp(w.minTempC ?? w.lastTempC ?? params.defaultTempC, -60, 150);
  const maxC = clamp(w.maxTempC ?? w.lastTempC ?? params.defaultTempC, -60, 150);
  const payload: Record<string, unknown> = {
    stateOfChargePct: r(clamp(latest.soc * 100, 0, 100), 2),
    stateOfHealthPct: r(clamp(s.capacityRelative * 100, 0, 100), 2),
    fullEquivalentCycles: r(a.fullEquivalentCycles, 2),
    energyThroughputKwh: r((a.dischargedWh + a.chargedWh) / 1000, 3),
    capacityThroughputAh: r(a.dischargedAh + a.chargedAh, 3),
    temperatures: { minC: r(minC, 1), maxC: r(Math.max(minC, maxC), 1) },
    hoursAboveMaxTemperature: r(a.secondsAboveHighTemp / 3600, 3),
    hoursBelowMinTemperature: r(a.secondsBelowLowTemp / 3600, 3),
    source: 'bms',
    remainingCapacityAh: r(s.capacityAh * p, 3),
    remainingUsableEnergyKwh: r(s.measuredUsableEnergyWh / 1000, 3),
    deepDischargeEvents: state.events.filter((e) => e === 'deepDischarge').length,
    overchargeEvents: state.events.filter((e) => e === 'overcharge').length,
    stateOfSafety: { score: r(clamp(latest.sos, 0, 1), 3), driver: latest.sosDriver },
  };
  if (w.lastTempC !== null) payload.currentTemperatureC = r(clamp(w.lastTempC, -60, 150), 1);
  if (s.soce !== null) payload.stateOfCertifiedEnergyPct = r(clamp(s.soce * 100, 0, 100), 2);
  if (i10 >= 0 && Number.isFinite(latest.sopDischargeW[i10])) payload.remainingPowerW = [{ atSocPct: r(clamp(latest.soc * 100, 0, 100), 1), powerW: Math.round(clamp(latest.sopDischargeW[i10], 0, 5_000_000)) }];
  return payload;
}

export type AlertLevel = 'warning' | 'critical';

/** State-of-Safety bands: below 0.5 a warning (inspect before handling), below 0.2 critical (treat as defective). */
export const SOS_THRESHOLDS: Readonly<Record<AlertLevel, number>> = { warning: 0.5, critical: 0.2 };

export function alertLevelOf(sos: number): AlertLevel | null {
  return sos < SOS_THRESHOLDS.critical ? 'critical' : sos < SOS_THRESHOLDS.warning ? 'warning' : null;
}

/** An alert is raised when the level gets worse than the last one raised; recovering above the bands re-arms it. */
export function nextAlert(previous: AlertLevel | null, sos: number): { raise: AlertLevel | null; level: AlertLevel | null } {
  const level = alertLevelOf(sos);
  const rank = (l: AlertLevel | null) => (l === 'critical' ? 2 : l === 'warning' ? 1 : 0);
  return { raise: rank(level) > rank(previous) ? level : null, level: level === null ? null : rank(level) > rank(previous) ? level : previous };
}

/** Negative event for the passport when an alert's driving factor is one (Annex XIII(4)(d)). */
export function negativeEventFor(driver: string): string | undefined {
  if (driver === 'temperature' || driver === 'temperatureRise') return 'thermalIncident';
  if (driver === 'negativeEvents') return 'other';
  if (driver === 'voltageLimits' || driver === 'selfDischarge') return 'electricalFault';
  return undefined;
}
