/**
 * Kernel ridge regression with a Gaussian (RBF) kernel on standardised features (Schölkopf & Smola 2002). It is a
 * smooth interpolator of the physics features: with a few hundred cells per chemistry it captures the non-linear
 * SoC × resistance interaction without the piecewise-constant steps of trees.
 */
import { choleskySolve, fitStandardizer, standardize, type Standardizer } from './linear.js';

export interface KernelRidge {
  kind: 'kernel-ridge';
  standardizer: Standardizer;
  /** RBF width: k(a, b) = exp(-gamma · |a − b|² / nFeatures). */
  gamma: number;
  yMean: number;
  support: number[][];
  alpha: number[];
}

function rbf(a: readonly number[], b: readonly number[], g: number): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i] - b[i]) ** 2;
  return Math.exp(-g * d);
}

export function fitKernelRidge(X: readonly (readonly number[])[], y: readonly number[], gamma: number, lambda: number): KernelRidge {
  const standardizer = fitStandardizer(X);
  // Rounded before solving so the stored support reproduces the fitted model exactly (smaller, stable artifacts).
  const Z = X.map((r) => standardize(standardizer, r).map((v) => Math.round(v * 1e6) / 1e6));
  const n = Z.length;
  const g = gamma / Z[0].length;
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rbf(Z[i], Z[j], g);
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
    K[i * n + i] += lambda;
  }
  const alpha = choleskySolve(K, Float64Array.from(y, (v) => v - yMean), n);
  return { kind: 'kernel-ridge', standardizer, gamma, yMean, support: Z, alpha: Array.from(alpha) };
}

export function predictKernelRidge(m: KernelRidge, x: readonly number[]): number {
  const z = standardize(m.standardizer, x);
  const g = m.gamma / z.length;
  let s = m.yMean;
  for (let i = 0; i < m.support.length; i++) s += m.alpha[i] * rbf(z, m.support[i], g);
  return s;
}
