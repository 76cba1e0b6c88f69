/**
 * Relaxation after a pulse, fitted as V(t) = a + b·exp(−t/τ) (one RC branch of an equivalent-circuit model;
 * after the first seconds the slow diffusion branch dominates, so one exponential describes the tail well).
 * τ is searched on a log grid; a and b follow by linear least squares for each τ. The fit lets a 19 s rest be
 * referred to the 45 s rest of the training data (Tao et al. 2024 used rest = 15 × pulse width).
 */

export interface RelaxationFit {
  a: number;
  b: number;
  tauS: number;
  rmsV: number;
}

const TAU_GRID_S = Array.from({ length: 61 }, (_, i) => 0.5 * Math.pow(10, (i * 3) / 60)); // 0.5 s … 500 s

/** Fits samples (t since rest start, V). */
export function fitRelaxation(tS: readonly number[], vV: readonly number[]): RelaxationFit {
  let best: RelaxationFit = { a: vV[vV.length - 1], b: 0, tauS: Infinity, rmsV: Infinity };
  const n = tS.length;
  for (const tau of TAU_GRID_S) {
    let se = 0, see = 0, sv = 0, sev = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-tS[i] / tau);
      se += e;
      see += e * e;
      sv += vV[i];
      sev += e * vV[i];
    }
    const det = n * see - se * se;
    if (Math.abs(det) < 1e-18) continue;
    const b = (n * sev - se * sv) / det;
    const a = (sv - b * se) / n;
    let sse = 0;
    for (let i = 0; i < n; i++) sse += (vV[i] - a - b * Math.exp(-tS[i] / tau)) ** 2;
    const rms = Math.sqrt(sse / n);
    if (rms < best.rmsV) best = { a, b, tauS: tau, rmsV: rms };
  }
  return best;
}

export function relaxationAt(f: RelaxationFit, tS: number): number {
  return Number.isFinite(f.tauS) ? f.a + f.b * Math.exp(-tS / f.tauS) : f.a;
}
