import { test } from 'node:test';
import assert from 'node:assert/strict';
import { growTree, predictTree, presort, toColumns } from './cart.js';
import { fitRandomForest, PAPER_RF, predictRandomForest } from './random-forest.js';
import { maePct } from './metrics.js';
import { mulberry32 } from './types.js';

test('CART splits at the midpoint between distinct values, like scikit-learn', () => {
  const X = [[1], [2], [3], [10], [11], [12]];
  const y = Float64Array.from([0, 0, 0, 1, 1, 1]);
  const cols = toColumns(X);
  const tree = growTree(cols, presort(cols), y, new Float64Array(6).fill(1), { maxDepth: 5, minSamplesSplit: 2, minSamplesLeaf: 1 }, mulberry32(1));
  assert.equal(tree.feature[0], 0);
  assert.equal(tree.threshold[0], 6.5);
  assert.equal(tree.feature.length, 3); // pure children are not split further
  assert.equal(predictTree(tree, [6]), 0);
  assert.equal(predictTree(tree, [7]), 1);
});

test('the paper random forest interpolates a smooth 2-D function and ignores a noise feature', () => {
  const rng = mulberry32(7);
  const f = (a: number, b: number) => Math.sin(3 * a) + 0.5 * b * b;
  const make = (n: number) => Array.from({ length: n }, () => [rng() * 2 - 1, rng() * 2 - 1, rng()]);
  const Xtr = make(800);
  const Xte = make(300);
  const m = fitRandomForest(Xtr, Xtr.map(([a, b]) => f(a, b)), PAPER_RF);
  assert.equal(m.trees.length, 20);
  // without bootstrap and at full depth the training set is reproduced exactly (distinct inputs)
  assert.ok(maePct(Xtr.map(([a, b]) => f(a, b)), Xtr.map((x) => predictRandomForest(m, x))) < 1e-9);
  const yte = Xte.map(([a, b]) => f(a, b));
  const mae = maePct(yte, Xte.map((x) => predictRandomForest(m, x))) / 100;
  const spread = maePct(yte, yte.map(() => yte.reduce((s, v) => s + v, 0) / yte.length)) / 100;
  assert.ok(mae < 0.15 * spread, `test MAE ${mae.toFixed(4)} vs spread ${spread.toFixed(4)}`);
});

test('bootstrap forests are seeded: same seed, same forest', () => {
  const rng = mulberry32(3);
  const X = Array.from({ length: 100 }, () => [rng(), rng()]);
  const y = X.map(([a, b]) => a + b);
  const o = { ...PAPER_RF, bootstrap: true, nTrees: 5, seed: 11 };
  assert.deepEqual(fitRandomForest(X, y, o), fitRandomForest(X, y, o));
  assert.notDeepEqual(fitRandomForest(X, y, o), fitRandomForest(X, y, { ...o, seed: 12 }));
});
