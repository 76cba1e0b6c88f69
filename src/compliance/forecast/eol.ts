/**
 * Per-battery end-of-first-life (EoL) distribution from a state-of-health trajectory.
 *
 * Model: SoH(t) = 1 − a·t^z, t in years since commissioning, z ∈ [0.5, 1] (power-law fade; Schmalstieg et al. 2014,
 * Wang et al. 2011 — see priors.ts). Given z the model is linear in a, so with Gaussian measurement noise and a
 * Gaussian prior on a the conditional posterior of a is Gaussian in closed form; z is integrated on a fine grid
 * (exact marginal likelihood of a linear-Gaussian model). With many points the data dominate (≈ least squares);
 * with one or two points the chemistry prior dominates, which is what the issue asks for when data are short.
 *
 * EoL threshold: 80 % of rated capacity by default, the usual EV end-of-first-life point (USABC EV test manual;
 * second-life studies quote 70–80 %), configurable.
 */
import { drawIndex, gaussian, quantileSorted, type Rng } from './rng.js';
import { Z_MAX, Z_MIN, type AgeingPrior } from './priors.js';

export interface SohPoint {
  ageYears: number;
  /** relative state of health, capacity / rated capacity */
  soh: number;
}

export interface EolOptions {
  /** SoH at which the battery leaves first life (default 0.8) */
  thresholdSoh?: number;
  /** standard deviation of one SoH measurement (default 0.01 = 1 % point, typical of on-board capacity estimates) */
  noiseSd?: number;
  /** Monte Carlo samples of the EoL age (default 2000) */
  samples?: number;
  /** grid resolution for z (default 51 points over [0.5, 1]) */
  zGridPoints?: number;
  /** age (years) at which the battery is known to be still in first life, e.g. its age at the forecast date */
  inServiceAtAgeYears?: number;
}

export interface PowerLawPosterior {
  zGrid: number[];
  /** posterior probability of each z grid point */
  zWeight: number[];
  /** conditional posterior mean / sd of a for each z */
  aMean: number[];
  aSd: number[];
  /** posterior-mode parameters (the "fit") */
  aMap: number;
  zMap: number;
  pointsUsed: number;
}

export interface EolDistribution {
  /** sorted EoL ages in years, conditioned on the battery not having reached EoL by its last observation */
  samplesYears: number[];
  quantilesYears: { p05: number; p10: number; p50: number; p90: number; p95: number };
  /** age of the last observation or the known in-service age, whichever is later (the conditioning point) */
  observedToYears: number;
  posterior: PowerLawPosterior;
}

/** Posterior over (a, z) on a z-grid; exact given z (linear-Gaussian in a). */
export function fitPowerLaw(points: readonly SohPoint[], prior: AgeingPrior, opts: EolOptions = {}): PowerLawPosterior {
  const noiseVar = (opts.noiseSd ?? 0.01) ** 2;
  const nGrid = opts.zGridPoints ?? 51;
  // Age 0 carries no information about a (t^z = 0) and log t is undefined there; drop it.
  const pts = points.filter((p) => p.ageYears > 0 && Number.isFinite(p.soh));
  const zGrid: number[] = [];
  const logW: number[] = [];
  const aMean: number[] = [];
  const aSd: number[] = [];
  const priorPrec = 1 / prior.aSd ** 2;
  for (let g = 0; g < nGrid; g++) {
    const z = Z_MIN + ((Z_MAX - Z_MIN) * g) / Math.max(1, nGrid - 1);
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (const p of pts) {
      const x = p.ageYears ** z;
      const y = 1 - p.soh;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
    }
    const prec = sxx / noiseVar + priorPrec;
    const mean = (sxy / noiseVar + prior.aMean * priorPrec) / prec;
    // log marginal likelihood of y given z, a integrated out (completing the square), plus the z prior
    const quad = syy / noiseVar + prior.aMean ** 2 * priorPrec - mean * mean * prec;
    const lw = -0.5 * quad - 0.5 * Math.log(prec / priorPrec) - 0.5 * ((z - prior.zMean) / prior.zSd) ** 2;
    zGrid.push(z);
    logW.push(lw);
    aMean.push(mean);
    aSd.push(1 / Math.sqrt(prec));
  }
  const maxLw = Math.max(...logW);
  const w = logW.map((l) => Math.exp(l - maxLw));
  const sumW = w.reduce((s, v) => s + v, 0);
  const zWeight = w.map((v) => v / sumW);
  let best = 0;
  for (let g = 1; g < nGrid; g++) if (zWeight[g] > zWeight[best]) best = g;
  return { zGrid, zWeight, aMean, aSd, aMap: aMean[best], zMap: zGrid[best], pointsUsed: pts.length };
}

/** Age at which 1 − a·t^z reaches the threshold: t = ((1 − thr)/a)^(1/z). */
export function eolAgeYears(a: number, z: number, thresholdSoh: number): number {
  return ((1 - thresholdSoh) / a) ** (1 / z);
}

/**
 * EoL age distribution by posterior sampling. Samples that put EoL before the last observation are rejected: a
 * battery still reporting telemetry is still in first life (the forecast is conditional on "not yet returned").
 */
export function eolDistribution(points: readonly SohPoint[], prior: AgeingPrior, rng: Rng, opts: EolOptions = {}): EolDistribution {
  const thr = opts.thresholdSoh ?? 0.8;
  const n = opts.samples ?? 2000;
  const post = fitPowerLaw(points, prior, opts);
  const observedToYears = points.reduce((m, p) => Math.max(m, p.ageYears), opts.inServiceAtAgeYears ?? 0);
  const halfStep = (Z_MAX - Z_MIN) / Math.max(1, post.zGrid.length - 1) / 2;
  const out: number[] = [];
  const maxTries = n * 50;
  for (let tries = 0; out.length < n && tries < maxTries; tries++) {
    const g = drawIndex(rng, post.zWeight, 1);
    // jitter z inside its grid cell so the samples are continuous, clamped to the physical range
    const z = Math.min(Z_MAX, Math.max(Z_MIN, post.zGrid[g] + (2 * rng() - 1) * halfStep));
    const a = post.aMean[g] + post.aSd[g] * gaussian(rng);
    if (a <= 1e-6) continue; // non-positive fade is unphysical (capacity does not grow)
    const t = eolAgeYears(a, z, thr);
    if (t < observedToYears) continue;
    out.push(Math.min(t, 100));
  }
  // If the data and the conditioning are nearly incompatible (battery measured below threshold yet still in the
  // field), it is at EoL now: put the mass at the last observation.
  while (out.length < n) out.push(observedToYears);
  out.sort((x, y) => x - y);
  const q = (p: number) => quantileSorted(out, p);
  return {
    samplesYears: out,
    quantilesYears: { p05: q(0.05), p10: q(0.1), p50: q(0.5), p90: q(0.9), p95: q(0.95) },
    observedToYears,
    posterior: post,
  };
}

/**
 * Twin wiring: the twin keeps capacityTrajectory as [timeS, capacityAh] pairs (src/twin/core/states/ageing.ts).
 * Relative SoH = capacity / rated; age = (timeS − commissioningTimeS) in years (365.25 d).
 */
export function sohPointsFromCapacityTrajectory(trajectory: readonly [number, number][], ratedAh: number, commissioningTimeS: number): SohPoint[] {
  const yearS = 365.25 * 86400;
  return trajectory.map(([timeS, capacityAh]) => ({ ageYears: (timeS - commissioningTimeS) / yearS, soh: capacityAh / ratedAh }));
}
