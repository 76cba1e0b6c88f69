/**
 * Backtest of the twin path (from-twins.ts) on the simulated fleet of simulate.ts: the same packs and known truth as
 * backtest.ts, but observed the way a digital twin reports them instead of as sparse 1 % readings.
 *
 * Twin-like observations (one point per day from the pack's telemetry start to the cut — a real twin reports per
 * telemetry batch, minutes apart, but points within a day share their anchor pairs, so a day is the unit that carries
 * new information):
 * - start-up: the first `stuckDays` report exactly 1 (the RLS still holds the registration capacity), then a
 *   transient error that decays with a 5-day time constant (the first anchor pairs);
 * - error of a converged estimate: per-pack constant + Ornstein–Uhlenbeck, `TwinErrorModel` (default 2 % total);
 * - glitches: with probability `glitchProb` a point is off by N(0, 10 %) (a bad anchor), which the monthly median
 *   must absorb.
 * Scores are those of backtest.ts. The `naive` mode feeds every daily point to the fit as independent with σ = 2 %,
 * the mistake the binning and weighting of from-twins.ts exist to avoid.
 */
import { gaussian, streamRng } from './rng.js';
import { eolDistribution } from './eol.js';
import { priorFor } from './priors.js';
import { aggregateReturns, ALL_KEY, cellKey, uniformLagPmf, type ReturnsForecast } from './aggregate.js';
import { simulateFleet, type FleetSpec, type SimBattery } from './simulate.js';
import { DAY_MS, forecastFromTwin, TWIN_SOH_ERROR, YEAR_MS, type TwinBatteryForecast, type TwinErrorModel, type TwinForecastOptions, type TwinSohPoint } from './from-twins.js';
import type { CellScore } from './backtest.js';

export interface TwinObservationModel {
  error: TwinErrorModel;
  stuckDays: number;
  transientSd: number;
  glitchProb: number;
}
export const TWIN_OBSERVATIONS: TwinObservationModel = { error: TWIN_SOH_ERROR, stuckDays: 2, transientSd: 0.05, glitchProb: 0.01 };

/** Absolute month index → epoch ms of its first day (UTC). */
export const msOfMonth = (m: number) => Date.UTC(Math.floor(m / 12), ((m % 12) + 12) % 12, 1);

/** Daily twin-like SoH points of one simulated pack from its telemetry start up to (excluding) `cutMonth`. */
export function observeLikeTwin(b: SimBattery, cutMonth: number, seed: number, m: TwinObservationModel = TWIN_OBSERVATIONS): TwinSohPoint[] {
  const rng = streamRng(seed ^ 0x2f6b7a13, Number(b.id.slice(4)));
  const sdB = Math.sqrt(m.error.persistentShare) * m.error.sd;
  const sdU = Math.sqrt(1 - m.error.persistentShare) * m.error.sd;
  const rho = Math.exp(-1 / m.error.correlationDays);
  const bias = sdB * gaussian(rng);
  let u = sdU * gaussian(rng);
  const t0 = msOfMonth(b.telemetryStartMonth);
  const commissionedMs = msOfMonth(b.commissionedMonth);
  const pts: TwinSohPoint[] = [];
  for (let tMs = t0 + DAY_MS / 2, d = 0; tMs < msOfMonth(cutMonth); tMs += DAY_MS, d++) {
    u = rho * u + Math.sqrt(1 - rho * rho) * sdU * gaussian(rng);
    const age = (tMs - commissionedMs) / YEAR_MS;
    if (age <= 0) continue;
    if (d < m.stuckDays) {
      pts.push({ tMs, soh: 1 });
      continue;
    }
    const transient = m.transientSd * Math.exp(-(d - m.stuckDays) / 5) * gaussian(rng);
    const glitch = rng() < m.glitchProb ? 0.1 * gaussian(rng) : 0;
    pts.push({ tMs, soh: 1 - b.trueA * age ** b.trueZ + bias + u + transient + glitch });
  }
  return pts;
}

export interface TwinBacktestSpec {
  fleet: FleetSpec;
  cutMonth: number;
  horizonMonths: number;
  seed: number;
  mcDraws?: number;
  observations?: TwinObservationModel;
  forecast?: TwinForecastOptions;
  /** forecast as if the putting-into-service date were unknown (equivalent age from the first converged level) */
  unknownServiceDate?: boolean;
  /** every daily point into the fit as independent, σ = the model's total sd */
  naive?: boolean;
}

export interface TwinBacktestResult {
  batteries: number;
  medianPoints: number;
  basis: { trajectory: number; prior: number };
  eolMaeMonths: number;
  eolCoverage80: number;
  eolCoverage90: number;
  monthly: CellScore;
  monthlyTotal: CellScore;
  expectedInHorizon: number;
  trueInHorizon: number;
  forecast: ReturnsForecast;
}

function score(forecast: ReturnsForecast, truth: Map<string, number[]>, keys: string[]): CellScore {
  let n = 0;
  let absErr = 0;
  let in80 = 0;
  let in90 = 0;
  let trueSum = 0;
  for (const k of keys) {
    const rows = forecast.cells.get(k);
    const t = truth.get(k);
    if (!rows || !t) continue;
    rows.forEach((r, i) => {
      n++;
      trueSum += t[i];
      absErr += Math.abs(r.expected - t[i]);
      if (t[i] >= r.lo80 && t[i] <= r.hi80) in80++;
      if (t[i] >= r.lo90 && t[i] <= r.hi90) in90++;
    });
  }
  return { cells: n, maeCount: absErr / n, coverage80: in80 / n, coverage90: in90 / n, meanTrueCount: trueSum / n };
}

export function runTwinBacktest(spec: TwinBacktestSpec): TwinBacktestResult {
  const fleet = simulateFleet(spec.fleet).filter((b) => b.trueEolMonth >= spec.cutMonth);
  const obs = spec.observations ?? TWIN_OBSERVATIONS;
  const lagPmf = uniformLagPmf(spec.fleet.lagMinMonths ?? 1, spec.fleet.lagMaxMonths ?? 6);
  const cutMs = msOfMonth(spec.cutMonth);
  const forecasts: TwinBatteryForecast[] = [];
  const pointCounts: number[] = [];
  const basis = { trajectory: 0, prior: 0 };
  let absErr = 0;
  let in80 = 0;
  let in90 = 0;
  fleet.forEach((b, i) => {
    const pts = observeLikeTwin(b, spec.cutMonth, spec.fleet.seed, obs);
    pointCounts.push(pts.length);
    const commissionedMs = msOfMonth(b.commissionedMonth);
    const rng = streamRng(spec.seed, i);
    let f: TwinBatteryForecast;
    if (spec.naive) {
      const eol = eolDistribution(pts.map((p) => ({ ageYears: (p.tMs - commissionedMs) / YEAR_MS, soh: p.soh })), priorFor(b.chemistry), rng, {
        noiseSd: obs.error.sd,
        thresholdSoh: spec.fleet.thresholdSoh,
        inServiceAtAgeYears: (cutMs - commissionedMs) / YEAR_MS,
      });
      f = { id: b.id, site: b.site, chemistry: b.chemistry, commissionedMonth: b.commissionedMonth, eol, basis: 'trajectory', origin: 'puttingIntoService', commissionedMs, pointsRead: pts.length, binsUsed: pts.length, noiseSd: obs.error.sd, lastSoh: null };
    } else {
      f = forecastFromTwin(
        { batteryId: b.id, chemistry: b.chemistry, site: b.site, puttingIntoServiceMs: spec.unknownServiceDate ? null : commissionedMs, points: pts, inServiceAtMs: cutMs },
        rng,
        { ...spec.forecast, eol: { thresholdSoh: spec.fleet.thresholdSoh, ...spec.forecast?.eol } },
      );
    }
    basis[f.basis]++;
    // scored in months since the true commissioning, whatever origin the forecast assumed
    const toMonth = (ageYears: number) => f.commissionedMonth + ageYears * 12;
    const trueMonth = b.commissionedMonth + b.trueEolYears * 12;
    const q = f.eol.quantilesYears;
    absErr += Math.abs(toMonth(q.p50) - trueMonth);
    if (trueMonth >= toMonth(q.p10) && trueMonth <= toMonth(q.p90)) in80++;
    if (trueMonth >= toMonth(q.p05) && trueMonth <= toMonth(q.p95)) in90++;
    forecasts.push(f);
  });
  const forecast = aggregateReturns(forecasts, { fromMonth: spec.cutMonth, months: spec.horizonMonths }, streamRng(spec.seed, 1_000_003), { lagPmf, mcDraws: spec.mcDraws });
  const truth = new Map<string, number[]>();
  for (const k of forecast.cells.keys()) truth.set(k, new Array(spec.horizonMonths).fill(0));
  let trueInHorizon = 0;
  for (const b of fleet) {
    const m = b.trueArrivalMonth - spec.cutMonth;
    if (m < 0 || m >= spec.horizonMonths) continue;
    truth.get(cellKey(b.site, b.chemistry))![m]++;
    truth.get(ALL_KEY)![m]++;
    trueInHorizon++;
  }
  const n = fleet.length;
  const sorted = [...pointCounts].sort((x, y) => x - y);
  return {
    batteries: n,
    medianPoints: sorted[Math.floor(n / 2)] ?? 0,
    basis,
    eolMaeMonths: absErr / n,
    eolCoverage80: in80 / n,
    eolCoverage90: in90 / n,
    monthly: score(forecast, truth, [...forecast.cells.keys()].filter((k) => k !== ALL_KEY)),
    monthlyTotal: score(forecast, truth, [ALL_KEY]),
    expectedInHorizon: forecast.cells.get(ALL_KEY)!.reduce((s, r) => s + r.expected, 0),
    trueInHorizon,
    forecast,
  };
}
