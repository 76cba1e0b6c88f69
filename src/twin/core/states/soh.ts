/**
 * State of health: capacity by recursive least squares between voltage-anchored SoC points, and resistance growth.
 *
 * Capacity: between two anchors ΔAh = Q·ΔSoC, a scalar regression with forgetting (Plett 2011). An anchor is a SoC
 * read from the relaxed rest voltage through the OCV table where the curve is steep enough to pin it — NOT the
 * filter's SoC: between corrections the filter integrates current with the capacity it assumes, so pairs of its own
 * SoC would only hand that assumption back (a twin whose capacity never moved, found in issue 7's forecast runs).
 * The ΔSoC must be large (≥ 20 %) so SoC errors of the anchors (≈1–2 %) stay small relative to it.
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
  /** start of the current rest (s), and whether it has anchored already (absent in states saved before) */
  restStartS?: number | null;
  restAnchored?: boolean;
}

/** A cell at < 1 % C for 30 min has relaxed: its terminal voltage is the OCV (as in states/self-discharge.ts). */
const REST_CURRENT_C = 0.01;
const RELAX_S = 1800;

/**
 * Per sample: counts charge, follows rests, and once per rest — when it has relaxed — anchors the capacity with the
 * SoC read from the rested voltage (`restedSoc`, NaN while loaded). Returns true when the capacity was updated.
 */
export function capacityStep(c: CapacityEstimator, timeS: number, cellCurrentA: number, dtS: number, ratedAh: number, restedSoc: number, ocvSlopeAtRested: number): boolean {
  if (dtS > 0) capacityAccumulate(c, (cellCurrentA * dtS) / 3600);
  if (Math.abs(cellCurrentA) >= REST_CURRENT_C * ratedAh || !Number.isFinite(restedSoc)) {
    c.restStartS = null;
    c.restAnchored = false;
    return false;
  }
  if (c.restStartS === null || c.restStartS === undefined) c.restStartS = timeS;
  if (c.restAnchored || timeS - c.restStartS < RELAX_S) return false;
  c.restAnchored = true;
  return capacityAnchor(c, restedSoc, ocvSlopeAtRested);
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
/** A relaxed voltage is good to about 2 mV (residual relaxation, entropic shift, ADC): σ_SoC = 2 mV ÷ dOCV/dSoC. */
const REST_VOLTAGE_SIGMA_V = 0.002;
const MAX_REST_ANCHOR_SIGMA = 0.02;

/** Counts charge through the current sensor (Ah, discharge positive) since the last anchor. */
export function capacityAccumulate(c: CapacityEstimator, ahDischarged: number): void {
  c.ahSinceAnchor += ahDischarged;
}

/**
 * A SoC read from a relaxed rest voltage: the first becomes the anchor; a later one ≥ 20 % away updates the capacity
 * with the charge counted in between and becomes the new anchor. Returns true on update.
 */
export function capacityAnchor(c: CapacityEstimator, restedSoc: number, ocvSlopeVPerSoc: number, forgetting = 0.98): boolean {
  // flat curves (the LFP plateau, ~0.1 V per unit SoC) still pin the SoC to ≤ 2 % at rest
  if (!Number.isFinite(restedSoc) || REST_VOLTAGE_SIGMA_V / Math.abs(ocvSlopeVPerSoc) > MAX_REST_ANCHOR_SIGMA) return false;
  if (c.anchorSoc === null) {
    c.anchorSoc = restedSoc;
    c.ahSinceAnchor = 0;
    return false;
  }
  const dSoc = c.anchorSoc - restedSoc; // positive when discharged
  if (Math.abs(dSoc) < MIN_DELTA_SOC) {
    // same state of charge again after a round trip: the charge counted since says nothing about capacity
    if (Math.abs(c.ahSinceAnchor) < 1e-9 || Math.abs(dSoc) < 0.02) {
      c.anchorSoc = restedSoc;
      c.ahSinceAnchor = 0;
    }
    return false;
  }
  const s = Float64Array.from(c.rls);
  rlsUpdate(s, dSoc, c.ahSinceAnchor, forgetting);
  c.rls = Array.from(s);
  c.anchorSoc = restedSoc;
  c.ahSinceAnchor = 0;
  return true;
}

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
