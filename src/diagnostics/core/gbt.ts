/**
 * Gradient-boosted regression trees (Friedman, Ann. Stat. 29, 2001; stochastic variant, Comput. Stat. Data Anal. 38,
 * 2002) with squared loss: each shallow tree fits the residuals of the ensemble so far, shrunk by a learning rate,
 * on a seeded row subsample. Shallow trees on a few hundred cells generalise better to unseen cells than the fully
 * grown trees of the random-forest baseline, which memorise cells (grouped cross-validation decides).
 */
import { compactTree, growTree, predictTree, presort, toColumns, type Tree } from './cart.js';
import { mulberry32 } from './types.js';

export interface GbtOptions {
  nTrees: number;
  learningRate: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** Fraction of rows drawn (without replacement) for each tree. */
  subsample: number;
  /** Fraction of features considered per split. */
  colsample: number;
  seed: number;
}

export interface Gbt {
  kind: 'gbt';
  base: number;
  learningRate: number;
  trees: Tree[];
}

export function fitGbt(X: readonly (readonly number[])[], y: readonly number[], opt: GbtOptions): Gbt {
  const n = y.length;
  const cols = toColumns(X);
  const sorted = presort(cols);
  const rng = mulberry32(opt.seed);
  const base = y.reduce((a, b) => a + b, 0) / n;
  const pred = new Float64Array(n).fill(base);
  const resid = new Float64Array(n);
  const weight = new Float64Array(n);
  const trees: Tree[] = [];
  const nSub = Math.max(2, Math.round(opt.subsample * n));
  const perm = Array.from({ length: n }, (_, i) => i);
  const maxFeatures = Math.max(1, Math.round(opt.colsample * cols.length));
  for (let t = 0; t < opt.nTrees; t++) {
    for (let i = 0; i < n; i++) resid[i] = y[i] - pred[i];
    weight.fill(0);
    for (let a = 0; a < nSub; a++) {
      const b = a + Math.floor(rng() * (n - a));
      [perm[a], perm[b]] = [perm[b], perm[a]];
      weight[perm[a]] = 1;
    }
    const grown = growTree(cols, sorted, resid, weight, { maxDepth: opt.maxDepth, minSamplesSplit: 2 * opt.minSamplesLeaf, minSamplesLeaf: opt.minSamplesLeaf, maxFeatures }, rng);
    for (let k = 0; k < grown.value.length; k++) grown.value[k] *= opt.learningRate;
    const tree = compactTree(grown);
    const row = new Float64Array(cols.length);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < cols.length; f++) row[f] = cols[f][i];
      pred[i] += predictTree(tree, row);
    }
    trees.push(tree);
  }
  return { kind: 'gbt', base, learningRate: opt.learningRate, trees };
}

export function predictGbt(m: Gbt, x: readonly number[]): number {
  let s = m.base;
  for (const t of m.trees) s += predictTree(t, x);
  return s;
}
