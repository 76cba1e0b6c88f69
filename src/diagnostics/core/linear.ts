/**
 * Ridge regression on standardised features (Hoerl & Kennard 1970), solved in closed form by Cholesky. Used as a
 * smooth component next to the trees: over-potentials relate to SoH almost linearly within a chemistry, and a linear
 * term extrapolates more gracefully than trees to cells slightly outside the training range.
 */

export interface Standardizer {
  mean: number[];
  scale: number[];
}

export function fitStandardizer(X: readonly (readonly number[])[]): Standardizer {
  const nf = X[0].length;
  const mean = new Array<number>(nf).fill(0);
  const scale = new Array<number>(nf).fill(0);
  for (const r of X) for (let f = 0; f < nf; f++) mean[f] += r[f] / X.length;
  for (const r of X) for (let f = 0; f < nf; f++) scale[f] += (r[f] - mean[f]) ** 2 / X.length;
  // constant columns (e.g. a one-hot of a single chemistry) get scale 1 so they vanish instead of dividing by zero
  return { mean, scale: scale.map((v) => (v > 1e-24 ? Math.sqrt(v) : 1)) };
}

export function standardize(s: Standardizer, x: readonly number[]): number[] {
  return x.map((v, f) => (v - s.mean[f]) / s.scale[f]);
}

/** Solves A x = b for symmetric positive-definite A (row-major n×n) by Cholesky; A is not modified. */
export function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (s <= 0) throw new Error('matrix is not positive definite');
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
    z[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

export interface Ridge {
  kind: 'ridge';
  standardizer: Standardizer;
  intercept: number;
  coef: number[];
}

export function fitRidge(X: readonly (readonly number[])[], y: readonly number[], lambda: number): Ridge {
  const standardizer = fitStandardizer(X);
  const Z = X.map((r) => standardize(standardizer, r));
  const nf = Z[0].length;
  const yMean = y.reduce((a, b) => a + b, 0) / y.length;
  const A = new Float64Array(nf * nf);
  const b = new Float64Array(nf);
  for (let i = 0; i < Z.length; i++) {
    const z = Z[i];
    const yi = y[i] - yMean;
    for (let p = 0; p < nf; p++) {
      b[p] += z[p] * yi;
      for (let q = 0; q <= p; q++) A[p * nf + q] += z[p] * z[q];
    }
  }
  for (let p = 0; p < nf; p++) {
    for (let q = 0; q < p; q++) A[q * nf + p] = A[p * nf + q];
    A[p * nf + p] += lambda;
  }
  const coef = Array.from(choleskySolve(A, b, nf));
  return { kind: 'ridge', standardizer, intercept: yMean, coef };
}

export function predictRidge(m: Ridge, x: readonly number[]): number {
  const z = standardize(m.standardizer, x);
  let s = m.intercept;
  for (let f = 0; f < z.length; f++) s += m.coef[f] * z[f];
  return s;
}
