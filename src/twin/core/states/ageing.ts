/**
 * Ageing counters — the battery passport's dynamic attributes (Reg. (EU) 2023/1542 Annex VII Part A / Annex XIII):
 * full equivalent cycles, energy and capacity throughput, time at extreme temperatures, and the capacity and resistance
 * trajectories. Plain JSON so a worker can persist it.
 * Full equivalent cycles (FEC) = discharged Ah / rated Ah (the convention of IEC 62660-1 cycle-life reporting and of
 * the passport's "number of full cycles"): a 100 %→0 % discharge plus its recharge counts as one cycle.
 */

export interface AgeingCounters {
  dischargedAh: number;
  chargedAh: number;
  dischargedWh: number;
  chargedWh: number;
  fullEquivalentCycles: number;
  secondsAboveHighTemp: number;
  secondsBelowLowTemp: number;
  operatingSeconds: number;
  /** [timeS, value] points, thinned to at most TRAJECTORY_MAX */
  capacityTrajectory: [number, number][];
  resistanceTrajectory: [number, number][];
}

export const HIGH_TEMP_C = 45;
export const LOW_TEMP_C = 0;
const TRAJECTORY_MAX = 256;

export function createAgeing(): AgeingCounters {
  return {
    dischargedAh: 0,
    chargedAh: 0,
    dischargedWh: 0,
    chargedWh: 0,
    fullEquivalentCycles: 0,
    secondsAboveHighTemp: 0,
    secondsBelowLowTemp: 0,
    operatingSeconds: 0,
    capacityTrajectory: [],
    resistanceTrajectory: [],
  };
}

/** One interval of dtS at pack current (A, discharge positive), pack voltage and the hottest/coldest sensor. */
export function ageingStep(a: AgeingCounters, packCurrentA: number, packVoltageV: number, dtS: number, ratedPackAh: number, maxTempC: number, minTempC: number): void {
  const ah = (packCurrentA * dtS) / 3600;
  if (ah > 0) {
    a.dischargedAh += ah;
    a.dischargedWh += ah * packVoltageV;
  } else {
    a.chargedAh -= ah;
    a.chargedWh -= ah * packVoltageV;
  }
  a.fullEquivalentCycles = a.dischargedAh / ratedPackAh;
  a.operatingSeconds += dtS;
  if (maxTempC > HIGH_TEMP_C) a.secondsAboveHighTemp += dtS;
  if (minTempC < LOW_TEMP_C) a.secondsBelowLowTemp += dtS;
}

/** Appends a trajectory point; when full, drops every other old point so the whole life stays covered. */
export function pushTrajectory(t: [number, number][], timeS: number, value: number, minSpacingS: number): void {
  const last = t[t.length - 1];
  if (last && timeS - last[0] < minSpacingS) {
    last[1] = value;
    return;
  }
  t.push([timeS, value]);
  if (t.length > TRAJECTORY_MAX) {
    const kept = t.filter((_, i) => i % 2 === 0 || i === t.length - 1);
    t.length = 0;
    t.push(...kept);
  }
}
