/**
 * Backtest of the returns forecast on a simulated fleet with known truth: cut the telemetry at a date, forecast,
 * and score against what the simulator says really happens.
 *
 * Population scored: batteries still in first life at the cut (true EoL month ≥ cut) — packs already past EoL are
 * known returns in the pipeline, not a forecast. Scores: per-battery EoL error (median forecast vs truth, months),
 * coverage of the central 80 % and 90 % EoL intervals, and for every site × chemistry × month cell of the horizon the
 * absolute error of the expected count and the coverage of the 80 % / 90 % count intervals.
 */
import { streamRng } from './rng.js';
import { priorFor, type AgeingPrior } from './priors.js';
import { eolDistribution, type EolOptions } from './eol.js';
import { aggregateReturns, ALL_KEY, cellKey, uniformLagPmf, type BatteryForecast, type ReturnsForecast } from './aggregate.js';
import { observe, simulateFleet, type FleetSpec, type SimBattery } from './simulate.js';

export interface BacktestSpec {
  fleet: FleetSpec;
  cutMonth: number;
  horizonMonths: number;
  seed: number;
  eol?: EolOptions;
  mcDraws?: number;
  /** stress settings: the forecaster's noise assumption and prior differ from the simulator's truth */
  assumedNoiseSd?: number;
  prior?: AgeingPrior;
}

export interface CellScore {
  cells: number;
  maeCount: number;
  coverage80: number;
  coverage90: number;
  meanTrueCount: number;
}

export interface BacktestResult {
  batteries: number;
  /** median points per battery before the cut */
  medianPoints: number;
  eolMaeMonths: number;
  eolCoverage80: number;
  eolCoverage90: number;
  /** per site × chemistry cell-months */
  monthly: CellScore;
  /** fleet totals per month */
  monthlyTotal: CellScore;
  /** per-cell horizon totals: |expected − true| summed over cells, and how many cells' true total fall in the intervals */
  totals: { cells: number; absErrSum: number; in80: number; in90: number };
  /** horizon totals: expected vs true arrivals */
  expectedInHorizon: number;
  trueInHorizon: number;
  forecast: ReturnsForecast;
}

function scoreCells(forecast: ReturnsForecast, truth: Map<string, number[]>, keys: string[]): CellScore {
  let n = 0;
  let absErr = 0;
  let in80 = 0;
  let in90 = 0;
  let trueSum = 0;
  for (const k of keys) {
    const rows = forecast.cells.get(k);
    const t = truth.get(k);
    if (!rows || !t) continue;
    rows.forEach((r, m) => {
      const y = t[m];
      n++;
      trueSum += y;
      absErr += Math.abs(r.expected - y);
      if (y >= r.lo80 && y <= r.hi80) in80++;
      if (y >= r.lo90 && y <= r.hi90) in90++;
    });
  }
  return { cells: n, maeCount: absErr / n, coverage80: in80 / n, coverage90: in90 / n, meanTrueCount: trueSum / n };
}

export function runBacktest(spec: BacktestSpec): BacktestResult {
  const fleet = simulateFleet(spec.fleet).filter((b) => b.trueEolMonth >= spec.cutMonth);
  const noiseSd = spec.fleet.noiseSd ?? 0.01;
  const lagPmf = uniformLagPmf(spec.fleet.lagMinMonths ?? 1, spec.fleet.lagMaxMonths ?? 6);
  const forecasts: BatteryForecast[] = [];
  const pointCounts: number[] = [];
  let absErr = 0;
  let in80 = 0;
  let in90 = 0;
  fleet.forEach((b: SimBattery, i) => {
    const pts = observe(b, spec.cutMonth, spec.fleet.seed, noiseSd);
    pointCounts.push(pts.length);
    const eol = eolDistribution(pts, spec.prior ?? priorFor(b.chemistry), streamRng(spec.seed, i), {
      noiseSd: spec.assumedNoiseSd ?? noiseSd,
      thresholdSoh: spec.fleet.thresholdSoh,
      ...spec.eol,
      inServiceAtAgeYears: (spec.cutMonth - b.commissionedMonth) / 12,
    });
    const toMonth = (ageYears: number) => b.commissionedMonth + ageYears * 12;
    const trueMonth = b.commissionedMonth + b.trueEolYears * 12;
    absErr += Math.abs(toMonth(eol.quantilesYears.p50) - trueMonth);
    if (trueMonth >= toMonth(eol.quantilesYears.p10) && trueMonth <= toMonth(eol.quantilesYears.p90)) in80++;
    if (trueMonth >= toMonth(eol.quantilesYears.p05) && trueMonth <= toMonth(eol.quantilesYears.p95)) in90++;
    forecasts.push({ id: b.id, site: b.site, chemistry: b.chemistry, commissionedMonth: b.commissionedMonth, eol });
  });
  const horizon = { fromMonth: spec.cutMonth, months: spec.horizonMonths };
  const forecast = aggregateReturns(forecasts, horizon, streamRng(spec.seed, 1_000_003), { lagPmf, mcDraws: spec.mcDraws });
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
  const cellKeys = [...forecast.cells.keys()].filter((k) => k !== ALL_KEY);
  const expectedInHorizon = forecast.cells.get(ALL_KEY)!.reduce((s, r) => s + r.expected, 0);
  const totals = { cells: 0, absErrSum: 0, in80: 0, in90: 0 };
  for (const k of cellKeys) {
    const t = forecast.totals.get(k)!;
    const y = truth.get(k)!.reduce((s, v) => s + v, 0);
    totals.cells++;
    totals.absErrSum += Math.abs(t.expected - y);
    if (y >= t.lo80 && y <= t.hi80) totals.in80++;
    if (y >= t.lo90 && y <= t.hi90) totals.in90++;
  }
  const sortedPts = [...pointCounts].sort((x, y) => x - y);
  const n = fleet.length;
  return {
    batteries: n,
    medianPoints: sortedPts[Math.floor(n / 2)] ?? 0,
    eolMaeMonths: absErr / n,
    eolCoverage80: in80 / n,
    eolCoverage90: in90 / n,
    monthly: scoreCells(forecast, truth, cellKeys),
    monthlyTotal: scoreCells(forecast, truth, [ALL_KEY]),
    totals,
    expectedInHorizon,
    trueInHorizon,
    forecast,
  };
}
