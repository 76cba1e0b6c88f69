/**
 * Random-forest regressor, the baseline of Tao et al. (Nat. Commun. 2024): 20 trees, max depth 64, no bootstrap,
 * otherwise scikit-learn 1.3 RandomForestRegressor defaults (max_features = all features, min_samples_split = 2,
 * min_samples_leaf = 1). Without bootstrap and with all features, the trees differ only by the random order in which
 * tied splits are found, so the forest is close to a single fully grown CART tree, as in scikit-learn.
 */
import { growTree, predictTree, presort, toColumns, type Tree } from './cart.js';
import { mulberry32 } from './types.js';

export interface RandomForestOptions {
  nTrees: number;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  bootstrap: boolean;
  maxFeatures?: number;
  seed: number;
}

export const PAPER_RF: RandomForestOptions = { nTrees: 20, maxDepth: 64, minSamplesSplit: 2, minSamplesLeaf: 1, bootstrap: false, seed: 0 };

export interface RandomForest {
  kind: 'random-forest';
  trees: Tree[];
}

export function fitRandomForest(X: readonly (readonly number[])[], y: readonly number[], opt: RandomForestOptions = PAPER_RF): RandomForest {
  const cols = toColumns(X);
  const sorted = presort(cols);
  const target = Float64Array.from(y);
  const rng = mulberry32(opt.seed);
  const trees: Tree[] = [];
  for (let t = 0; t < opt.nTrees; t++) {
    const weight = new Float64Array(y.length);
    if (opt.bootstrap) for (let i = 0; i < y.length; i++) weight[Math.floor(rng() * y.length)] += 1;
    else weight.fill(1);
    trees.push(growTree(cols, sorted, target, weight, opt, rng));
  }
  return { kind: 'random-forest', trees };
}

export function predictRandomForest(m: RandomForest, x: readonly number[]): number {
  let s = 0;
  for (const t of m.trees) s += predictTree(t, x);
  return s / m.trees.length;
}
