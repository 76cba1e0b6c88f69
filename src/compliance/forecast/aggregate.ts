/**
 * Monthly expected returns per site and chemistry, with intervals, from per-battery EoL distributions.
 *
 * Each battery arrives at a hub at EoL + a return lag (dismantling, logistics, paperwork; default uniform 1–6 months).
 * Per battery this gives a probability of arriving in each calendar month; the monthly count in a cell is a sum of
 * independent Bernoulli variables with different p (Poisson-binomial), so its mean is the sum of the per-battery
 * probabilities, and its intervals come from Monte Carlo: each draw places every battery in one month (or outside the
 * horizon) and the counts are tallied. Independence between batteries ignores fleet-wide shocks (a recall, a
 * heat wave), so the intervals are a floor on the true uncertainty.
 */
import { quantileSorted, type Rng } from './rng.js';
import type { EolDistribution } from './eol.js';

/** Absolute month index (year·12 + month − 1), so month arithmetic is integer arithmetic. */
export function monthIndex(year: number, month1to12: number): number {
  return year * 12 + (month1to12 - 1);
}

export function monthLabel(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** Uniform return lag over [minMonths, maxMonths] inclusive, as a pmf indexed by lag in months. */
export function uniformLagPmf(minMonths = 1, maxMonths = 6): number[] {
  const pmf = new Array(maxMonths + 1).fill(0);
  for (let l = minMonths; l <= maxMonths; l++) pmf[l] = 1 / (maxMonths - minMonths + 1);
  return pmf;
}

export interface BatteryForecast {
  id: string;
  site: string;
  chemistry: string;
  commissionedMonth: number;
  eol: EolDistribution;
}

export interface Horizon {
  fromMonth: number;
  months: number;
}

/** Probability of arriving in each horizon month; `before` / `after` hold the mass outside the horizon. */
export interface ArrivalPmf {
  inHorizon: number[];
  before: number;
  after: number;
}

export function arrivalPmf(b: BatteryForecast, lagPmf: readonly number[], horizon: Horizon): ArrivalPmf {
  const inHorizon = new Array(horizon.months).fill(0);
  let before = 0;
  let after = 0;
  const w = 1 / b.eol.samplesYears.length;
  for (const ageYears of b.eol.samplesYears) {
    const eolMonth = Math.floor(b.commissionedMonth + ageYears * 12);
    for (let lag = 0; lag < lagPmf.length; lag++) {
      const p = lagPmf[lag] * w;
      if (p === 0) continue;
      const k = eolMonth + lag - horizon.fromMonth;
      if (k < 0) before += p;
      else if (k >= horizon.months) after += p;
      else inHorizon[k] += p;
    }
  }
  return { inHorizon, before, after };
}

export interface MonthlyReturns {
  month: number;
  label: string;
  expected: number;
  lo80: number;
  hi80: number;
  lo90: number;
  hi90: number;
}

export interface HorizonTotal {
  expected: number;
  lo80: number;
  hi80: number;
  lo90: number;
  hi90: number;
}

export interface ReturnsForecast {
  /** key `${site}|${chemistry}`, plus `ALL|ALL` for the whole fleet */
  cells: Map<string, MonthlyReturns[]>;
  /** arrivals summed over the whole horizon per cell (the hub-capacity question "how many in the next N months") */
  totals: Map<string, HorizonTotal>;
  perBattery: Map<string, ArrivalPmf>;
}

export const cellKey = (site: string, chemistry: string) => `${site}|${chemistry}`;
export const ALL_KEY = cellKey('ALL', 'ALL');

export interface AggregateOptions {
  mcDraws?: number;
  lagPmf?: readonly number[];
}

/** Equal-tailed interval of an integer count sample: empirical quantiles rounded outward so the bounds are counts. */
function countInterval(sorted: readonly number[], level: number): [number, number] {
  const tail = (1 - level) / 2;
  return [Math.floor(quantileSorted(sorted, tail)), Math.ceil(quantileSorted(sorted, 1 - tail))];
}

export function aggregateReturns(batteries: readonly BatteryForecast[], horizon: Horizon, rng: Rng, opts: AggregateOptions = {}): ReturnsForecast {
  const lag = opts.lagPmf ?? uniformLagPmf();
  const draws = opts.mcDraws ?? 1000;
  const perBattery = new Map<string, ArrivalPmf>();
  const keys = [ALL_KEY];
  const keyOf: number[] = [];
  const cdfs: Float64Array[] = [];
  const pmfs: ArrivalPmf[] = [];
  for (const b of batteries) {
    const pmf = arrivalPmf(b, lag, horizon);
    perBattery.set(b.id, pmf);
    pmfs.push(pmf);
    const k = cellKey(b.site, b.chemistry);
    if (!keys.includes(k)) keys.push(k);
    keyOf.push(keys.indexOf(k));
    // cumulative over [before, month 0 … month H−1]; any remainder is "after the horizon"
    const cdf = new Float64Array(horizon.months + 1);
    let c = pmf.before;
    cdf[0] = c;
    for (let m = 0; m < horizon.months; m++) cdf[m + 1] = c += pmf.inHorizon[m];
    cdfs.push(cdf);
  }
  // counts[key][month][draw]
  const counts = keys.map(() => Array.from({ length: horizon.months }, () => new Float64Array(draws)));
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < batteries.length; i++) {
      const u = rng();
      const cdf = cdfs[i];
      if (u < cdf[0] || u >= cdf[horizon.months]) continue;
      let lo = 1;
      let hi = horizon.months;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u < cdf[mid]) hi = mid;
        else lo = mid + 1;
      }
      const m = lo - 1;
      counts[keyOf[i]][m][d] += 1;
      counts[0][m][d] += 1;
    }
  }
  const cells = new Map<string, MonthlyReturns[]>();
  const totals = new Map<string, HorizonTotal>();
  keys.forEach((k, ki) => {
    const perDraw = new Float64Array(draws);
    for (let m = 0; m < horizon.months; m++) for (let d = 0; d < draws; d++) perDraw[d] += counts[ki][m][d];
    const rows: MonthlyReturns[] = [];
    for (let m = 0; m < horizon.months; m++) {
      let expected = 0;
      for (let i = 0; i < pmfs.length; i++) if (ki === 0 || keyOf[i] === ki) expected += pmfs[i].inHorizon[m];
      const sorted = Array.from(counts[ki][m]).sort((x, y) => x - y);
      const [lo80, hi80] = countInterval(sorted, 0.8);
      const [lo90, hi90] = countInterval(sorted, 0.9);
      const month = horizon.fromMonth + m;
      rows.push({ month, label: monthLabel(month), expected, lo80, hi80, lo90, hi90 });
    }
    cells.set(k, rows);
    const sortedTotals = Array.from(perDraw).sort((x, y) => x - y);
    const [lo80, hi80] = countInterval(sortedTotals, 0.8);
    const [lo90, hi90] = countInterval(sortedTotals, 0.9);
    totals.set(k, { expected: rows.reduce((s, r) => s + r.expected, 0), lo80, hi80, lo90, hi90 });
  });
  return { cells, totals, perBattery };
}
