/**
 * Synthetic fleet with known truth, for backtesting the returns forecast. Pure: all randomness from a seed.
 *
 * Each battery draws its true fade parameters (a, z) from its chemistry population (priors.ts, truncated normals),
 * a site, a commissioning month, a telemetry start (many packs join the platform years after commissioning, so the
 * observed part of the trajectory varies from a few months to the whole life), a reporting interval, and a true
 * return lag. Measurements are the true SoH plus Gaussian noise.
 */
import { gaussian, streamRng, type Rng } from './rng.js';
import { CHEMISTRY_PRIORS, Z_MAX, Z_MIN } from './priors.js';
import { eolAgeYears, type SohPoint } from './eol.js';

export interface SimBattery {
  id: string;
  site: string;
  chemistry: string;
  commissionedMonth: number;
  trueA: number;
  trueZ: number;
  /** true EoL age in years and the absolute month it happens */
  trueEolYears: number;
  trueEolMonth: number;
  trueLagMonths: number;
  trueArrivalMonth: number;
  /** first month with telemetry, and the months between reports */
  telemetryStartMonth: number;
  reportEveryMonths: number;
}

export interface FleetSpec {
  size: number;
  seed: number;
  sites?: string[];
  chemistries?: string[];
  /** commissioning window [first, last] as absolute month indices */
  commissionedFrom: number;
  commissionedTo: number;
  noiseSd?: number;
  thresholdSoh?: number;
  lagMinMonths?: number;
  lagMaxMonths?: number;
}

function truncNormal(rng: Rng, mean: number, sd: number, lo: number, hi: number): number {
  for (let i = 0; i < 100; i++) {
    const x = mean + sd * gaussian(rng);
    if (x >= lo && x <= hi) return x;
  }
  return Math.min(hi, Math.max(lo, mean));
}

export function simulateFleet(spec: FleetSpec): SimBattery[] {
  const sites = spec.sites ?? ['HUB-NORTH', 'HUB-SOUTH', 'HUB-EAST'];
  const chems = spec.chemistries ?? ['NMC', 'LFP'];
  const thr = spec.thresholdSoh ?? 0.8;
  const lagMin = spec.lagMinMonths ?? 1;
  const lagMax = spec.lagMaxMonths ?? 6;
  const out: SimBattery[] = [];
  for (let i = 0; i < spec.size; i++) {
    const rng = streamRng(spec.seed, i);
    const chemistry = chems[Math.floor(rng() * chems.length)];
    const site = sites[Math.floor(rng() * sites.length)];
    const pop = CHEMISTRY_PRIORS[chemistry];
    const trueA = truncNormal(rng, pop.aMean, pop.aSd, 0.005, 1);
    const trueZ = truncNormal(rng, pop.zMean, pop.zSd, Z_MIN, Z_MAX);
    const commissionedMonth = spec.commissionedFrom + Math.floor(rng() * (spec.commissionedTo - spec.commissionedFrom + 1));
    const trueEolYears = eolAgeYears(trueA, trueZ, thr);
    const trueEolMonth = Math.floor(commissionedMonth + trueEolYears * 12);
    const trueLagMonths = lagMin + Math.floor(rng() * (lagMax - lagMin + 1));
    // Telemetry joins 0–48 months after commissioning (retrofit connectivity), reports every 1–3 months.
    const telemetryStartMonth = commissionedMonth + Math.floor(rng() * 49);
    const reportEveryMonths = 1 + Math.floor(rng() * 3);
    out.push({
      id: `SIM-${String(i).padStart(4, '0')}`, site, chemistry, commissionedMonth, trueA, trueZ, trueEolYears, trueEolMonth,
      trueLagMonths, trueArrivalMonth: trueEolMonth + trueLagMonths, telemetryStartMonth, reportEveryMonths,
    });
  }
  return out;
}

/** Noisy SoH observations of one battery up to (excluding) cutMonth. The noise stream is per battery and seed. */
export function observe(b: SimBattery, cutMonth: number, seed: number, noiseSd = 0.01): SohPoint[] {
  const rng = streamRng(seed ^ 0x5bd1e995, Number(b.id.slice(4)));
  const pts: SohPoint[] = [];
  for (let m = b.telemetryStartMonth; m < cutMonth; m += b.reportEveryMonths) {
    const ageYears = (m - b.commissionedMonth) / 12;
    if (ageYears <= 0) continue;
    const soh = 1 - b.trueA * ageYears ** b.trueZ + noiseSd * gaussian(rng);
    pts.push({ ageYears, soh });
  }
  return pts;
}
