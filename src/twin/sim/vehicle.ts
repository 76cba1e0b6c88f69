/**
 * One simulated vehicle: its pack (cell-level ECM), lumped thermal model, ageing and schedule, stepped in time to
 * produce what the car's BMS would log — pack current (A, discharge positive), pack voltage, lowest/highest cell
 * voltage, coldest/hottest sensor and optionally every series group's voltage — plus the negative events its BMS would
 * report (deep discharge, over-temperature).
 * Pure: no clock or I/O; randomness comes from the RNG passed in. The state is mutated in place (it is large and
 * stepped thousands of times per simulated hour).
 * Sample convention (the core's zero-order hold): a sample at t carries the current held over [t, t + Δt) and the
 * terminal voltage at t under that current.
 */
import { ocvV, type Chemistry, type PackTopology } from '../core/index.js';
import { ageStep } from './ageing.js';
import { advancePack, balancePack, createPack, currentLimitsA, DEFAULT_FAULT, packSoc, packThevenin, readPack, refreshPack, type Balancing, type CellFault, type CellSpread, type PackState } from './pack.js';
import { auxPowerW, batteryPowerW, chargeCurrentRequestA, currentForPowerA, DEFAULT_BODY, wheelPowerW, type VehicleBody } from './profiles.js';
import { clamp, gaussian, type Rng } from './random.js';
import { DEFAULT_HABITS, planNext, randomHabits, resolvePark, type Activity, type Habits, type Schedule } from './schedule.js';
import { climateTempC, CLIMATES, sensorSpread, smoothHeatW, thermalSpecFor, thermalStep, weatherStep, type Climate, type ClimateSpec, type ThermalSpec } from './thermal.js';

export interface VehicleConfig {
  batteryId: string;
  participant: string;
  chemistry: Chemistry;
  topology: PackTopology;
  cellCapacityAh: number;
  /** capacity relative to rated at the start of the run (the vehicle's age) */
  initialSoh?: number;
  /** scales this vehicle's ageing rates (hot garage, aggressive use, weaker cells) */
  ageingMultiplier?: number;
  initialSoc?: number;
  climate?: Climate;
  /** 'random' (default): habits drawn per vehicle; null: manual (only queued activities, else parked) */
  habits?: Partial<Habits> | 'random' | null;
  body?: Partial<VehicleBody>;
  spread?: CellSpread;
  /** passive balancing (default 50 mA per cell above a 10 mV lead); null disables it */
  balancing?: Balancing | null;
  /** a cell that develops a soft internal short; `true` for the default progression */
  fault?: Partial<CellFault> | boolean | null;
  coolingWPerK?: number;
  initialTempC?: number;
  /** start with a departure instead of a parked night (so a demo shows traffic at once) */
  startDriving?: boolean;
}

export interface SimOptions {
  sampleIntervalS: number;
  parkedSampleIntervalS: number;
  includeCells: boolean;
  /** ageing runs this many times faster than simulated time (demo: make SoH move within hours) */
  ageingTimeFactor: number;
  currentNoiseA: number;
  /** hottest-sensor threshold of the over-temperature event (re-armed 5 K below) */
  overTempC: number;
  /** the same while charging: 5 K beyond the 45 °C upper charge limit of typical EV cell datasheets */
  overTempChargeC: number;
}

export const DEFAULT_SIM: SimOptions = {
  sampleIntervalS: 1,
  parkedSampleIntervalS: 60,
  includeCells: false,
  ageingTimeFactor: 1,
  currentNoiseA: 0.05,
  overTempC: 55,
  overTempChargeC: 50,
};

export type EventKind = 'deepDischarge' | 'overTemperature' | 'crash' | 'overcharge' | 'internalShort' | 'thermalEvent';

export interface VehicleEvent {
  tMs: number;
  kind: EventKind;
}

export type Mode = 'park' | 'drive' | 'charge';

export interface VehicleSample {
  tMs: number;
  currentA: number;
  voltageV: number;
  minCellV: number;
  maxCellV: number;
  minTempC: number;
  maxTempC: number;
  cellsV?: number[];
  /** ground truth, not sent on the wire */
  soc: number;
  mode: Mode;
  speedMps: number;
  ambientC: number;
}

export interface VehicleCounters {
  distanceM: number;
  /** net battery energy while driving (discharge − regen), Wh */
  driveNetWh: number;
  chargedWh: number;
  dischargedWh: number;
  driveS: number;
  chargeS: number;
  events: number;
}

export interface VehicleState {
  batteryId: string;
  participant: string;
  chemistry: Chemistry;
  ageingMultiplier: number;
  opts: SimOptions;
  pack: PackState;
  thermal: ThermalSpec;
  climate: ClimateSpec;
  body: VehicleBody;
  schedule: Schedule;
  activity: Activity | null;
  clockMs: number;
  targetMs: number;
  tempC: number;
  heatW: number;
  weatherC: number;
  counters: VehicleCounters;
  overTempActive: boolean;
  deepDischargeActive: boolean;
  deepDischargeV: number;
  lastEnRouteMs: number;
}

export function createVehicle(cfg: VehicleConfig, startMs: number, rng: Rng, opts: Partial<SimOptions> = {}): VehicleState {
  const o = { ...DEFAULT_SIM, ...opts };
  const fault = cfg.fault === true ? DEFAULT_FAULT : cfg.fault ? { ...DEFAULT_FAULT, ...cfg.fault } : null;
  const habits = cfg.habits === null ? null : cfg.habits === undefined || cfg.habits === 'random' ? randomHabits(rng) : { ...DEFAULT_HABITS, ...cfg.habits };
  const pack = createPack(
    { chemistry: cfg.chemistry, topology: cfg.topology, cellCapacityAh: cfg.cellCapacityAh, initialSoh: cfg.initialSoh ?? 1, initialSoc: cfg.initialSoc ?? 0.3 + 0.6 * rng(), ageingMultiplier: cfg.ageingMultiplier, spread: cfg.spread, fault, balancing: cfg.balancing },
    rng,
  );
  const climate = CLIMATES[cfg.climate ?? 'central'];
  const nominalV = cfg.topology.seriesCells * ocvV(pack.ocv, 0.5, 0);
  const ambient0 = climateTempC(climate, startMs);
  return {
    batteryId: cfg.batteryId,
    participant: cfg.participant,
    chemistry: cfg.chemistry,
    ageingMultiplier: cfg.ageingMultiplier ?? 1,
    opts: o,
    pack,
    thermal: thermalSpecFor(nominalV * pack.ratedPackAh, cfg.coolingWPerK),
    climate,
    body: { ...DEFAULT_BODY, ...cfg.body },
    schedule: { habits, utcOffsetH: climate.utcOffsetH, place: 'home', next: cfg.startDriving ? 'depart' : 'arrive', queue: [] },
    activity: null,
    clockMs: startMs,
    targetMs: startMs,
    tempC: cfg.initialTempC ?? ambient0,
    heatW: 0,
    weatherC: 0,
    counters: { distanceM: 0, driveNetWh: 0, chargedWh: 0, dischargedWh: 0, driveS: 0, chargeS: 0, events: 0 },
    overTempActive: false,
    deepDischargeActive: false,
    // a resting cell below the OCV at 1 % SoC has been drawn past the bottom of its window
    deepDischargeV: ocvV(pack.ocv, 0.01, -1),
    lastEnRouteMs: Number.NEGATIVE_INFINITY,
  };
}

/** Queues activities (tests and manual schedules). */
export function enqueue(v: VehicleState, ...acts: Activity[]): void {
  v.schedule.queue.push(...acts);
}

export function ambientC(v: VehicleState, epochMs: number): number {
  return climateTempC(v.climate, epochMs) + v.weatherC;
}

/** Takes the next activity (planning when the queue is empty), skipping charges that are not needed. */
function nextActivity(v: VehicleState, rng: Rng): Activity {
  const soc = packSoc(v.pack).mean;
  for (let guard = 0; guard < 20; guard++) {
    if (v.schedule.queue.length === 0) v.schedule.queue.push(...planNext(v.schedule, v.clockMs, soc, rng));
    const a = v.schedule.queue.shift()!;
    if (a.kind === 'charge' && (soc >= a.targetSoc || (a.onlyBelowSoc !== undefined && soc >= a.onlyBelowSoc))) continue;
    if (a.kind === 'park') resolvePark(a, v.schedule, v.clockMs, rng);
    return a;
  }
  return { kind: 'park', untilMs: v.clockMs + 3_600_000, standbyW: 0 };
}

/** Speed of a 1 Hz trace at a fractional second (linear), 0 past its end. */
function speedAt(trace: Float64Array, x: number): number {
  const k = Math.floor(x);
  if (k >= trace.length - 1) return k === trace.length - 1 && x === k ? trace[k] : 0;
  return trace[k] + (x - k) * (trace[k + 1] - trace[k]);
}

interface StepPlan {
  currentA: number;
  mode: Mode;
  speedMps: number;
  done: boolean;
}

/** Decides the pack current for the next interval from the activity and the BMS limits. */
function planStep(v: VehicleState, a: Activity, dtS: number, ambient: number): StepPlan {
  const pack = v.pack;
  const lim = currentLimitsA(pack);
  const th = packThevenin(pack);
  const cooling = v.tempC > v.thermal.coolOnAboveC ? 600 : 0;
  if (a.kind === 'park') {
    const soc = packSoc(pack);
    // the standby drain stops once a cell is empty (the BMS opens the contactors and sleeps)
    const i = a.standbyW > 0 && soc.min > 0 ? a.standbyW / th.sourceV : 0;
    return { currentA: Math.min(i, lim.maxDischargeA), mode: 'park', speedMps: 0, done: false };
  }
  if (a.kind === 'charge') {
    const soc = packSoc(pack).mean;
    const req = chargeCurrentRequestA(a.charger, pack.chemistry, soc, pack.ratedPackAh, th.sourceV, v.tempC);
    const aux = a.charger.mode === 'AC' ? (300 + cooling) / th.sourceV : 0;
    const chargeA = Math.min(req - aux, lim.maxChargeA);
    // end of charge: target reached, or the CV phase has tapered below C/20
    const done = soc >= a.targetSoc || lim.maxChargeA < 0.05 * pack.ratedPackAh;
    return { currentA: -Math.max(0, chargeA), mode: 'charge', speedMps: 0, done };
  }
  const h = v.schedule.habits;
  const soc = packSoc(pack);
  const remainingS = a.trace.length - 1 - a.index;
  if (h && remainingS > 120 && (soc.mean < h.enRouteDcBelowSoc || soc.min < 0.02) && v.clockMs - v.lastEnRouteMs > 1_800_000) {
    // pull in at a fast charger, then continue the same trace (at most every 30 min: a pack whose weakest cell cannot
    // be lifted must not bounce between charger and road)
    v.lastEnRouteMs = v.clockMs;
    v.schedule.queue.unshift({ kind: 'charge', charger: h.dcCharger, targetSoc: Math.max(h.dcTargetSoc, soc.mean + 0.3) }, a);
    return { currentA: 0, mode: 'drive', speedMps: 0, done: true };
  }
  const v0 = speedAt(a.trace, a.index);
  const v1 = speedAt(a.trace, a.index + dtS);
  const wheel = wheelPowerW(v.body, v0, v1, dtS);
  const p = batteryPowerW(v.body, wheel, auxPowerW(ambient) + cooling, lim.maxChargeA * th.sourceV);
  const i = clamp(currentForPowerA(p, th.sourceV, th.r0Ohm), -lim.maxChargeA, lim.maxDischargeA);
  v.counters.distanceM += ((v0 + v1) / 2) * dtS;
  a.index += dtS;
  return { currentA: i, mode: 'drive', speedMps: v0, done: a.index >= a.trace.length - 1 };
}

/**
 * Advances the vehicle by dtS of simulated time and returns the samples and events produced. Steps are whole sample
 * intervals; time left over (less than one interval) is carried to the next call.
 */
export function stepVehicle(v: VehicleState, dtS: number, rng: Rng): { samples: VehicleSample[]; events: VehicleEvent[] } {
  const samples: VehicleSample[] = [];
  const events: VehicleEvent[] = [];
  v.targetMs += Math.round(dtS * 1000);
  const o = v.opts;
  const pack = v.pack;
  for (let guard = 0; guard < 10_000_000; guard++) {
    if (!v.activity) v.activity = nextActivity(v, rng);
    const a = v.activity;
    let hMs = Math.round((a.kind === 'park' ? o.parkedSampleIntervalS : o.sampleIntervalS) * 1000);
    if (a.kind === 'park') {
      const left = (a.untilMs ?? v.clockMs) - v.clockMs;
      if (left <= 0) {
        v.activity = null;
        continue;
      }
      hMs = Math.min(hMs, left);
    }
    if (v.clockMs + hMs > v.targetMs) break;
    const dt = hMs / 1000;
    const ambient = ambientC(v, v.clockMs);
    refreshPack(pack, v.tempC);
    const plan = planStep(v, a, dt, ambient);
    if (plan.done && a.kind !== 'drive') {
      v.activity = null;
      continue;
    }
    if (plan.done && a.kind === 'drive' && a.index < a.trace.length - 1) {
      v.activity = null; // interrupted for an en-route charge
      continue;
    }
    const cells = o.includeCells ? new Array<number>(pack.groups.length) : undefined;
    const r = readPack(pack, plan.currentA, cells);
    const soc = packSoc(pack);
    let ocvSum = 0;
    for (const x of pack.groups) ocvSum += ocvV(pack.ocv, x.soc, x.h);
    const heat = Math.max(0, plan.currentA * (ocvSum - r.packV));
    const sensors = sensorSpread(v.tempC, v.heatW, v.thermal);
    samples.push({
      tMs: v.clockMs,
      currentA: plan.currentA + o.currentNoiseA * gaussian(rng),
      voltageV: r.packV,
      minCellV: r.minCellV,
      maxCellV: r.maxCellV,
      minTempC: sensors.minC,
      maxTempC: sensors.maxC,
      cellsV: cells,
      soc: soc.mean,
      mode: plan.mode,
      speedMps: plan.speedMps,
      ambientC: ambient,
    });
    detectEvents(v, plan, r.minCellV, sensors.maxC, soc.min, events);
    // energy bookkeeping
    const wh = (plan.currentA * r.packV * dt) / 3600;
    if (wh > 0) v.counters.dischargedWh += wh;
    else v.counters.chargedWh -= wh;
    if (plan.mode === 'drive') {
      v.counters.driveNetWh += wh;
      v.counters.driveS += dt;
    } else if (plan.mode === 'charge') v.counters.chargeS += dt;
    // physics
    advancePack(pack, plan.currentA, dt);
    if (plan.mode !== 'drive') balancePack(pack, dt);
    const awake = plan.mode !== 'park';
    v.tempC = thermalStep(v.tempC, heat, ambient, awake, plan.mode === 'drive', dt, v.thermal);
    v.heatW = smoothHeatW(v.heatW, heat, dt);
    v.weatherC = weatherStep(v.weatherC, v.climate, dt, rng);
    ageStep(pack.ageing, pack.chemistry, dt, v.tempC, soc.mean, plan.currentA / pack.ratedPackAh, v.ageingMultiplier, o.ageingTimeFactor);
    v.clockMs += hMs;
    if (plan.done) {
      if (a.kind === 'drive') v.schedule.place = a.to;
      v.activity = null;
    }
  }
  return { samples, events };
}

function detectEvents(v: VehicleState, plan: StepPlan, minCellV: number, maxTempC: number, minSoc: number, out: VehicleEvent[]): void {
  const limitC = plan.mode === 'charge' ? v.opts.overTempChargeC : v.opts.overTempC;
  if (!v.overTempActive && maxTempC > limitC) {
    v.overTempActive = true;
    out.push({ tMs: v.clockMs, kind: 'overTemperature' });
    v.counters.events++;
  } else if (v.overTempActive && maxTempC < v.opts.overTempChargeC - 5) v.overTempActive = false;
  if (!v.deepDischargeActive && plan.mode === 'park' && minCellV < v.deepDischargeV) {
    v.deepDischargeActive = true;
    out.push({ tMs: v.clockMs, kind: 'deepDischarge' });
    v.counters.events++;
  } else if (v.deepDischargeActive && minSoc > 0.2) v.deepDischargeActive = false;
}

/** Truth for tests and the demo console: SoC, SoH, temperature, fault progress. */
export function vehicleTruth(v: VehicleState) {
  const soc = packSoc(v.pack);
  let cap = 0;
  for (let i = 0; i < v.pack.capAh.length; i++) cap += v.pack.capAh[i];
  return {
    socMean: soc.mean,
    socMin: soc.min,
    socMax: soc.max,
    soh: cap / v.pack.capAh.length / v.pack.ratedPackAh,
    tempC: v.tempC,
    fec: v.pack.ageing.fec,
    ageDays: v.pack.ageing.ageDays,
    place: v.schedule.place,
    activity: v.activity?.kind ?? 'park',
  };
}
