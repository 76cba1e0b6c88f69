/**
 * Twin data → per-battery end-of-first-life distributions (issue 7). Pure: the caller passes the points and the RNG.
 *
 * The twin stores one SoH point per applied telemetry batch (`twin_points.point.soh` = estimated capacity / the
 * capacity the twin was registered with, src/twin/core/twin-state.ts): dense (minutes apart), noisy, and correlated in
 * time, because the estimate is a recursive least-squares value that only moves at voltage-anchored SoC pairs
 * (src/twin/core/states/soh.ts, Plett 2011) and forgets with λ = 0.98 (a memory of ≈ 50 anchor pairs, weeks of driving).
 * Feeding thousands of such points to the power-law fit as if independent would make it wildly overconfident
 * (scripts/forecast-twins.ts shows the coverage collapse), so the trajectory is reduced first:
 *
 * 1. Start-up: points before the estimator's first update carry the registration value (exactly the same number), and
 *    the first `burnInDays` after it rest on a few anchor pairs whose SoC errors (1–2 % over a ≥ 20 % ΔSoC window)
 *    are capacity errors of up to ≈ 10 % each; both are dropped.
 * 2. Implausible values (outside `sohRange`) are dropped; calendar-month (UTC) medians are taken — the median so an
 *    estimator glitch does not move the month.
 * 3. Weight: the twin's error has a persistent per-battery part (model mismatch: OCV curve, temperature) and a part
 *    that wanders with the RLS memory (Ornstein–Uhlenbeck). `eolDistribution` has one noise level for independent
 *    points, so the bins get the standard deviation that makes n independent bins carry what n correlated monthly
 *    averages of the wandering part carry (`trajectoryNoiseSd`), and the persistent part, which no number of points
 *    averages away and which the fade model 1 − a·t^z cannot tell from fade, is integrated out: the bins are shifted
 *    by the nodes of a 5-point Gauss–Hermite rule over its distribution and the EoL samples pooled with the rule's
 *    weights (prior weights, so the mixture errs wide: the data say a little about the bias through the curve shape).
 *
 * Short trajectories: fewer than `minUsableBins` months with at least `minDaysPerBin` distinct days of converged
 * estimates. Below one such month the twin's value rests on a handful of anchor pairs and the error model (which
 * describes converged estimates) does not hold, so the battery gets the chemistry prior (the ageing model) conditioned only
 * on its age and on being still in service — the path the core takes when data are short (eol.ts).
 *
 * Time origin: the passport's `puttingIntoServiceDate` (Reg. (EU) 2023/1542 Annex VII Part B(1)). The twin's own
 * `origin_ms` is the first telemetry sample, i.e. when the pack was connected to this node, which for retrofitted or
 * resold packs is years after commissioning; calendar ageing runs from putting into service (priors.ts). When the date
 * is unknown, the age is the ageing-model equivalent age of an observed SoH level (the age at which the chemistry's
 * mean fade curve reaches it): the first usable month's median, else the median of what the estimator reported after
 * its first update; when the estimator never moved, the battery is taken as new at its first telemetry.
 */
import { eolDistribution, type EolDistribution, type EolOptions, type SohPoint } from './eol.js';
import { priorFor, type AgeingPrior } from './priors.js';
import type { BatteryForecast } from './aggregate.js';
import { quantileSorted, type Rng } from './rng.js';

export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;
const MONTH_DAYS = 365.25 / 12;

export interface TwinSohPoint {
  tMs: number;
  soh: number;
}

export interface TwinBatteryInput {
  batteryId: string;
  chemistry: string;
  site: string;
  /** Date of putting into service (epoch ms), null when unknown. */
  puttingIntoServiceMs: number | null;
  /** SoH points in any order. */
  points: readonly TwinSohPoint[];
  /** A time at which the battery is known to be still in first life (its last telemetry, or now while it reports). */
  inServiceAtMs: number;
}

/**
 * Error of one twin SoH point: total standard deviation `sd`, of which the share `persistentShare` of the variance is
 * constant per battery (model mismatch: OCV curve, temperature) and the rest an Ornstein–Uhlenbeck process with
 * correlation time `correlationDays` (the RLS memory). 2 % total is the twin's measured capacity error.
 */
export interface TwinErrorModel {
  sd: number;
  persistentShare: number;
  correlationDays: number;
}
export const TWIN_SOH_ERROR: TwinErrorModel = { sd: 0.02, persistentShare: 0.25, correlationDays: 30 };

export interface TwinForecastOptions {
  burnInDays?: number;
  minDaysPerBin?: number;
  minUsableBins?: number;
  sohRange?: readonly [number, number];
  error?: TwinErrorModel;
  /** threshold and sample count for the EoL distribution (noise and conditioning are set here) */
  eol?: Omit<EolOptions, 'noiseSd' | 'inServiceAtAgeYears'>;
  prior?: (chemistry: string) => AgeingPrior;
}

const DEFAULTS = { burnInDays: 14, minDaysPerBin: 4, minUsableBins: 1, sohRange: [0.3, 1.1] as const };

export interface SohBin {
  /** absolute month index (year·12 + month − 1, UTC) */
  month: number;
  /** mean time of the points in the bin */
  tMs: number;
  soh: number;
  points: number;
  /** distinct UTC days with data: the effective sample count, points within a day share their anchors */
  days: number;
}

/** Points after the estimator's start-up: the leading run at the registration value, then `burnInDays`. */
export function afterStartUp(points: readonly TwinSohPoint[], burnInDays: number): TwinSohPoint[] {
  const sorted = [...points].filter((p) => Number.isFinite(p.tMs) && Number.isFinite(p.soh)).sort((a, b) => a.tMs - b.tMs);
  if (sorted.length === 0) return [];
  const first = sorted[0].soh;
  const moved = sorted.findIndex((p) => p.soh !== first);
  if (moved < 0) return [];
  const from = sorted[moved].tMs + burnInDays * DAY_MS;
  return sorted.filter((p) => p.tMs >= from);
}

export function monthOfMs(tMs: number): number {
  const d = new Date(tMs);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Fractional month index, so ages carry the day within the month (aggregate.ts floors the EoL month). */
export function fractionalMonthOfMs(tMs: number): number {
  const m = monthOfMs(tMs);
  const start = Date.UTC(Math.floor(m / 12), m % 12, 1);
  const end = Date.UTC(Math.floor((m + 1) / 12), (m + 1) % 12, 1);
  return m + (tMs - start) / (end - start);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Calendar-month medians of the points inside `sohRange`. */
export function monthlyBins(points: readonly TwinSohPoint[], sohRange: readonly [number, number] = DEFAULTS.sohRange): SohBin[] {
  const groups = new Map<number, TwinSohPoint[]>();
  for (const p of points) {
    if (!(p.soh >= sohRange[0] && p.soh <= sohRange[1])) continue;
    const m = monthOfMs(p.tMs);
    const g = groups.get(m);
    if (g) g.push(p);
    else groups.set(m, [p]);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([month, g]) => ({
      month,
      tMs: g.reduce((s, p) => s + p.tMs, 0) / g.length,
      soh: median(g.map((p) => p.soh)),
      points: g.length,
      days: new Set(g.map((p) => Math.floor(p.tMs / DAY_MS))).size,
    }));
}

/** Variance factor of the mean of an OU process over a window x = length/τ (dense sampling): 2(x − 1 + e^−x)/x². */
function ouWindowFactor(x: number): number {
  return x < 1e-6 ? 1 : (2 * (x - 1 + Math.exp(-x))) / (x * x);
}

/**
 * The noise level to give `eolDistribution` for n monthly bins so that, as independent points, they carry the
 * information the n correlated monthly averages of the wandering (OU) error part carry. Var(mean of n bin errors) =
 * v_u·c_n/n, with v_u the variance of one bin's average (σ_u²·g(x) for dense sampling of a window x = month/τ, g(x) =
 * 2(x − 1 + e^−x)/x²; σ_u²/days when the month was sampled on fewer days) and c_n = 1 + 2 Σ_k (1 − k/n) ρ_k the
 * correlation sum of window averages of an OU process, ρ_k = (1 − e^−x)² e^−(k−1)x / (x² g(x)). Independent points
 * with noise s give s²/n, hence s² = v_u·c_n. Bins are treated as adjacent months: gaps only make them less
 * correlated, so this errs on the wide side. The persistent part is not in here (see `forecastFromTwin`).
 */
export function trajectoryNoiseSd(bins: readonly Pick<SohBin, 'days'>[], model: TwinErrorModel = TWIN_SOH_ERROR): number {
  const n = bins.length;
  const varU = (1 - model.persistentShare) * model.sd ** 2;
  if (n === 0) return Math.sqrt(varU);
  const x = MONTH_DAYS / model.correlationDays;
  const g = ouWindowFactor(x);
  const meanDays = bins.reduce((s, b) => s + b.days, 0) / n;
  const vU = varU * Math.max(g, 1 / Math.max(1, meanDays));
  let c = 1;
  for (let k = 1; k < n; k++) {
    const rho = ((1 - Math.exp(-x)) ** 2 * Math.exp(-(k - 1) * x)) / (x * x * g);
    if (rho < 1e-9) break;
    c += 2 * (1 - k / n) * rho;
  }
  return Math.sqrt(vU * c);
}

/** Probabilists' Gauss–Hermite rule, 5 nodes: E[f(X)], X ~ N(0, 1), ≈ Σ w_i f(x_i); exact for polynomials to degree 9. */
const GH5 = { x: [0, -1.355626179974266, 1.355626179974266, -2.856970013872806, 2.856970013872806], w: [0.533333333333333, 0.222075922005613, 0.222075922005613, 0.011257411327721, 0.011257411327721] };

/**
 * EoL distribution with a per-battery SoH offset b ~ N(0, sdBias²) integrated out: one conditional distribution per
 * Gauss–Hermite node (bins shifted by −b), samples allotted by the node weights and pooled. The reported posterior is
 * the central node's (b = 0).
 */
export function eolWithOffset(points: readonly SohPoint[], sdBias: number, prior: AgeingPrior, rng: Rng, opts: EolOptions): EolDistribution {
  if (points.length === 0 || sdBias <= 0) return eolDistribution(points, prior, rng, opts);
  const total = opts.samples ?? 2000;
  let left = total;
  let central: EolDistribution | null = null;
  const pooled: number[] = [];
  GH5.x.forEach((x, i) => {
    const n = i === GH5.x.length - 1 ? left : Math.max(1, Math.round(GH5.w[i] * total));
    left -= n;
    if (n <= 0) return;
    const b = x * sdBias;
    const d = eolDistribution(points.map((p) => ({ ageYears: p.ageYears, soh: p.soh - b })), prior, rng, { ...opts, samples: n });
    if (i === 0) central = d;
    pooled.push(...d.samplesYears);
  });
  pooled.sort((u, v) => u - v);
  const q = (p: number) => quantileSorted(pooled, p);
  const c = central as unknown as EolDistribution;
  return { samplesYears: pooled, quantilesYears: { p05: q(0.05), p10: q(0.1), p50: q(0.5), p90: q(0.9), p95: q(0.95) }, observedToYears: c.observedToYears, posterior: c.posterior };
}

export type ForecastBasis = 'trajectory' | 'prior';
export type OriginSource = 'puttingIntoService' | 'equivalentAge' | 'assumedNewAtFirstTelemetry';

export interface TwinBatteryForecast extends BatteryForecast {
  basis: ForecastBasis;
  origin: OriginSource;
  commissionedMs: number;
  pointsRead: number;
  binsUsed: number;
  noiseSd: number;
  /** median SoH of the last usable month, when there is one */
  lastSoh: number | null;
}

/** Age (years) at which the chemistry's mean fade curve 1 − a·t^z reaches `soh`. */
export function equivalentAgeYears(soh: number, prior: AgeingPrior): number {
  return soh >= 1 ? 0 : ((1 - soh) / prior.aMean) ** (1 / prior.zMean);
}

export function forecastFromTwin(input: TwinBatteryInput, rng: Rng, opts: TwinForecastOptions = {}): TwinBatteryForecast {
  const burnInDays = opts.burnInDays ?? DEFAULTS.burnInDays;
  const minDays = opts.minDaysPerBin ?? DEFAULTS.minDaysPerBin;
  const minBins = opts.minUsableBins ?? DEFAULTS.minUsableBins;
  const range = opts.sohRange ?? DEFAULTS.sohRange;
  const model = opts.error ?? TWIN_SOH_ERROR;
  const prior = (opts.prior ?? priorFor)(input.chemistry);

  const converged = afterStartUp(input.points, burnInDays);
  const bins = monthlyBins(converged, range).filter((b) => b.days >= minDays);
  const short = bins.length < minBins;

  let origin: OriginSource;
  let commissionedMs: number;
  if (input.puttingIntoServiceMs !== null && Number.isFinite(input.puttingIntoServiceMs)) {
    origin = 'puttingIntoService';
    commissionedMs = input.puttingIntoServiceMs;
  } else {
    // the level for the equivalent age: the first usable month, else whatever the estimator reported after moving
    const moved = afterStartUp(input.points, 0).filter((p) => p.soh >= range[0] && p.soh <= range[1]);
    const level = bins[0] ? { soh: bins[0].soh, tMs: bins[0].tMs } : moved.length ? { soh: median(moved.map((p) => p.soh)), tMs: moved[0].tMs } : null;
    if (level) {
      origin = 'equivalentAge';
      commissionedMs = level.tMs - equivalentAgeYears(level.soh, prior) * YEAR_MS;
    } else {
      origin = 'assumedNewAtFirstTelemetry';
      commissionedMs = input.points.reduce((m, p) => (Number.isFinite(p.tMs) ? Math.min(m, p.tMs) : m), input.inServiceAtMs);
    }
  }

  const used = short ? [] : bins;
  const sohPoints: SohPoint[] = used.map((b) => ({ ageYears: (b.tMs - commissionedMs) / YEAR_MS, soh: b.soh }));
  const noiseSd = trajectoryNoiseSd(used, model);
  const lastBinMs = used.length ? used[used.length - 1].tMs : -Infinity;
  const eol = eolWithOffset(sohPoints, Math.sqrt(model.persistentShare) * model.sd, prior, rng, {
    ...opts.eol,
    noiseSd,
    inServiceAtAgeYears: Math.max(0, (Math.max(input.inServiceAtMs, lastBinMs) - commissionedMs) / YEAR_MS),
  });
  return {
    id: input.batteryId,
    site: input.site,
    chemistry: input.chemistry,
    commissionedMonth: fractionalMonthOfMs(commissionedMs),
    eol,
    basis: short ? 'prior' : 'trajectory',
    origin,
    commissionedMs,
    pointsRead: input.points.length,
    binsUsed: used.length,
    noiseSd,
    lastSoh: used.length ? used[used.length - 1].soh : null,
  };
}
