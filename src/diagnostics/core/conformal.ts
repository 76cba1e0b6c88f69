/**
 * Conformal prediction intervals (Vovk et al. 2005; split conformal, Lei et al., JASA 113, 2018; CV+ variant,
 * Barber et al., Ann. Stat. 49, 2021). Calibration scores are absolute residuals of models that did not see the
 * calibration cells (grouped out-of-fold predictions), optionally divided by a per-prediction difficulty estimate
 * (normalised conformity scores, Papadopoulos et al. 2011), so intervals widen where the ensemble members disagree.
 * Under exchangeability of cells the interval covers the true SoH with probability ≥ 1 − α.
 */

export interface ConformalCalibration {
  /** Miscoverage level α (0.1 → 90 % intervals). */
  alpha: number;
  /** Quantile of the conformity scores. */
  quantile: number;
  /**
   * Normalised scores (|residual| / (floor + difficulty)) or plain |residual|. Grouped CV on PulseBat showed no gain
   * from normalising by member disagreement (coverage within 1 point, wider LFP intervals), so the default is plain.
   */
  normalised: boolean;
  /** Floor added to the difficulty so near-agreeing members still get a non-zero width (SoH fraction). */
  difficultyFloor: number;
  /** Number of calibration scores. */
  n: number;
}

/** The ⌈(n + 1)(1 − α)⌉-th smallest score: the finite-sample-valid split-conformal quantile (∞ if n is too small). */
export function conformalQuantile(scores: readonly number[], alpha: number): number {
  const s = [...scores].sort((a, b) => a - b);
  const k = Math.ceil((s.length + 1) * (1 - alpha));
  return k > s.length ? Infinity : s[k - 1];
}

export function calibrate(residuals: readonly number[], difficulty: readonly number[], alpha: number, normalised: boolean, difficultyFloor: number): ConformalCalibration {
  const scores = residuals.map((r, i) => (normalised ? Math.abs(r) / (difficultyFloor + difficulty[i]) : Math.abs(r)));
  return { alpha, quantile: conformalQuantile(scores, alpha), normalised, difficultyFloor, n: scores.length };
}

/** Half-width of the interval for a prediction with the given difficulty. */
export function halfWidth(c: ConformalCalibration, difficulty: number): number {
  return c.normalised ? c.quantile * (c.difficultyFloor + difficulty) : c.quantile;
}
