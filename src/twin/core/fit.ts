/**
 * `cell fit`: identifies R0, R1, τ1, R2, τ2 from a pulse test (current steps and rests) and an OCV table.
 *
 * For fixed time constants the terminal voltage is LINEAR in (R0, R1, R2, ΔV):
 *   V_k − OCV(soc_k, h) = −R0·i_k − R1·u1_k − R2·u2_k + ΔV,   u_j = unit-resistance RC response to the current
 * so the fit is a grid search over (τ1, τ2) on a log grid with a linear least-squares solve per point, then a local
 * refinement of the best point (variable projection, Golub & Pereyra 1973). ΔV absorbs the OCV-table offset at the
 * test's SoC (table from another cell or another ageing state). Resistances are kept non-negative.
 * Current sign: positive = discharge (convert charge-positive data before calling).
 */
import { ocvV, type OcvTable } from './model/ocv.js';

export interface PulseData {
  timeS: ArrayLike<number>;
  currentA: ArrayLike<number>;
  voltageV: ArrayLike<number>;
}

export interface FitOptions {
  capacityAh: number;
  initialSoc: number;
  /** hysteresis branch during the test (0 = mid curve) */
  h?: number;
  tau1RangeS?: [number, number];
  tau2RangeS?: [number, number];
  fitOffset?: boolean;
}

export interface FitResult {
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
  r2Ohm: number;
  tau2S: number;
  offsetV: number;
  rmseV: number;
  samples: number;
}

function rcResponse(t: ArrayLike<number>, i: ArrayLike<number>, tauS: number, out: Float64Array): void {
  let v = 0;
  out[0] = 0;
  for (let k = 1; k < t.length; k++) {
    const a = Math.exp(-(t[k] - t[k - 1]) / tauS);
    v = a * v + (1 - a) * i[k - 1];
    out[k] = v;
  }
}

/** Solves the m×m normal equations in place (Gaussian elimination with partial pivoting); m ≤ 4. */
function solve(a: number[][], b: number[]): number[] | null {
  const m = b.length;
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) < 1e-14) return null;
    [a[c], a[piv]] = [a[piv], a[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = c + 1; r < m; r++) {
      const fct = a[r][c] / a[c][c];
      for (let j = c; j < m; j++) a[r][j] -= fct * a[c][j];
      b[r] -= fct * b[c];
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < m; j++) s -= a[r][j] * x[j];
    x[r] = s / a[r][r];
  }
  return x;
}

/** Least squares of y on the given columns, dropping columns whose coefficient must be ≥ 0 but comes out negative. */
function nnlsSmall(cols: Float64Array[], y: Float64Array, nonNeg: boolean[]): { coef: number[]; sse: number } {
  let active = cols.map((_, j) => j);
  for (let pass = 0; pass < cols.length; pass++) {
    const m = active.length;
    const a = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    const b = new Array<number>(m).fill(0);
    for (let k = 0; k < y.length; k++) {
      for (let p = 0; p < m; p++) {
        const cp = cols[active[p]][k];
        b[p] += cp * y[k];
        for (let q = p; q < m; q++) a[p][q] += cp * cols[active[q]][k];
      }
    }
    for (let p = 0; p < m; p++) for (let q = 0; q < p; q++) a[p][q] = a[q][p];
    const x = solve(a, b) ?? new Array<number>(m).fill(0);
    const neg = active.findIndex((j, p) => nonNeg[j] && x[p] < 0);
    if (neg < 0 || pass === cols.length - 1) {
      const coef = new Array<number>(cols.length).fill(0);
      active.forEach((j, p) => (coef[j] = x[p]));
      let sse = 0;
      for (let k = 0; k < y.length; k++) {
        let e = y[k];
        for (let j = 0; j < cols.length; j++) e -= coef[j] * cols[j][k];
        sse += e * e;
      }
      return { coef, sse };
    }
    active = active.filter((_, p) => p !== neg);
  }
  return { coef: new Array<number>(cols.length).fill(0), sse: Infinity };
}

export function fitCell(data: PulseData, ocv: OcvTable, o: FitOptions): FitResult {
  const n = data.timeS.length;
  if (n < 10) throw new Error('pulse fit needs at least 10 samples');
  const y = new Float64Array(n);
  let soc = o.initialSoc;
  for (let k = 0; k < n; k++) {
    y[k] = data.voltageV[k] - ocvV(ocv, soc, o.h ?? 0);
    if (k + 1 < n) soc -= (data.currentA[k] * (data.timeS[k + 1] - data.timeS[k])) / (3600 * o.capacityAh);
  }
  const negI = Float64Array.from(data.currentA, (v) => -v);
  const ones = new Float64Array(n).fill(1);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const [t1lo, t1hi] = o.tau1RangeS ?? [0.3, 30];
  const [t2lo, t2hi] = o.tau2RangeS ?? [10, 3000];
  const fitOffset = o.fitOffset ?? true;
  const evalAt = (tau1: number, tau2: number) => {
    rcResponse(data.timeS, data.currentA, tau1, u1);
    rcResponse(data.timeS, data.currentA, tau2, u2);
    for (let k = 0; k < n; k++) {
      u1[k] = -u1[k];
      u2[k] = -u2[k];
    }
    const cols = fitOffset ? [negI, u1, u2, ones] : [negI, u1, u2];
    return nnlsSmall(cols, y, fitOffset ? [true, true, true, false] : [true, true, true]);
  };
  let best = { sse: Infinity, tau1: t1lo, tau2: t2lo, coef: [0, 0, 0, 0] };
  const G = 24;
  for (let a = 0; a < G; a++) {
    const tau1 = t1lo * (t1hi / t1lo) ** (a / (G - 1));
    for (let b = 0; b < G; b++) {
      const tau2 = t2lo * (t2hi / t2lo) ** (b / (G - 1));
      if (tau2 < 3 * tau1) continue; // keep the two RC branches on separate time scales
      const r = evalAt(tau1, tau2);
      if (r.sse < best.sse) best = { sse: r.sse, tau1, tau2, coef: r.coef };
    }
  }
  // local refinement: coordinate search on log τ with a shrinking step
  let step = Math.log((t1hi / t1lo) ** (1 / (G - 1)));
  for (let it = 0; it < 40 && step > 1e-3; it++) {
    let improved = false;
    for (const [d1, d2] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const tau1 = best.tau1 * Math.exp(d1 * step);
      const tau2 = best.tau2 * Math.exp(d2 * step);
      if (tau2 < 3 * tau1 || tau1 < t1lo / 2 || tau2 > t2hi * 2) continue;
      const r = evalAt(tau1, tau2);
      if (r.sse < best.sse) {
        best = { sse: r.sse, tau1, tau2, coef: r.coef };
        improved = true;
      }
    }
    if (!improved) step /= 2;
  }
  return {
    r0Ohm: best.coef[0],
    r1Ohm: best.coef[1],
    tau1S: best.tau1,
    r2Ohm: best.coef[2],
    tau2S: best.tau2,
    offsetV: fitOffset ? best.coef[3] : 0,
    rmseV: Math.sqrt(best.sse / n),
    samples: n,
  };
}
