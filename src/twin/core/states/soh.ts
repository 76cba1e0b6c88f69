/**
 * State of health: capacity by recursive least squares between voltage-anchored SoC points, and resistance growth.
 *
 * Capacity: whenever the filter is confident (σ_soc small) in a region where the OCV is steep enough to pin SoC, the
 * point becomes an anchor; between two anchors ΔAh = Q·ΔSoC, a scalar regression with forgetting (Plett 2011). The
 * ΔSoC must be large (≥ 20 %) so SoC errors of the anchors (≈1–2 %) stay small relative to it.
 * Resistance growth: online R0 brought back to the reference temperature by Arrhenius, divided by the beginning-of-life
 * R0 — the "internal resistance increase" dynamic attribute of Reg. (EU) 2023/1542 Annex VII.
 */
import { arrheniusFactor, DEFAULT_ARRHENIUS } from '../model/params.js';
import { createRls, rlsUpdate } from '../solvers/rls.js';

export interface CapacityEstimator {
  /** [θ = capacity Ah, P, n] */
  rls: number[];
  anchorSoc: number | null;
  ahSinceAnchor: number;
}

export function createCapacityEstimator(ratedAh: number): CapacityEstimator {
  return { rls: Array.from(createRls(ratedAh, (0.1 * ratedAh) ** 2)), anchorSoc: null, ahSinceAnchor: 0 };
}

export interface AnchorQuality {
  socSigma: number;
  ocvSlopeVPerSoc: number;
}

const MIN_DELTA_SOC = 0.2;
const MAX_ANCHOR_SIGMA = 0.02;
const MIN_ANCHOR_SLOPE = 0.2;

/** Accumulates charge (Ah, discharge positive) and, at good anchors, updates the capacity. Returns true on update. */
export function capacityObserve(c: CapacityEstimator, ahDischarged: number, soc: number, q: AnchorQuality, forgetting = 0.98): boolean {
  c.ahSinceAnchor += ahDischarged;
  const good = q.socSigma <= MAX_ANCHOR_SIGMA && Math.abs(q.ocvSlopeVPerSoc) >= MIN_ANCHOR_SLOPE;
  if (!good) return false;
  if (c.anchorSoc === null) {
    c.anchorSoc = soc;
    c.ahSinceAnchor = 0;
    return false;
  }
  const dSoc = c.anchorSoc - soc; // positive when discharged
  if (Math.abs(dSoc) < MIN_DELTA_SOC) return false;
  const s = Float64Array.from(c.rls);
  rlsUpdate(s, dSoc, c.ahSinceAnchor, forgetting);
  c.rls = Array.from(s);
  c.anchorSoc = soc;
  c.ahSinceAnchor = 0;
  return true;
}

/** Batch form for a list of (ΔSoC, ΔAh) pairs, e.g. from a lab test. */
export function capacityFromPairs(pairs: { dSoc: number; dAh: number }[], priorAh: number, forgetting = 1): number {
  const s = createRls(priorAh, (priorAh * 0.5) ** 2);
  for (const p of pairs) rlsUpdate(s, p.dSoc, p.dAh, forgetting);
  return s[0];
}

/** R0 measured at tempC, expressed at refTempC (divide out the Arrhenius factor) and relative to the BoL value. */
export function resistanceGrowth(r0MeasuredOhm: number, tempC: number, r0BolOhm: number, refTempC = 25): number {
  const atRef = r0MeasuredOhm / arrheniusFactor(tempC, refTempC, DEFAULT_ARRHENIUS.r0JPerMol);
  return atRef / r0BolOhm;
}

export function capacityFade(capacityAh: number, ratedAh: number): number {
  return capacityAh / ratedAh;
}
