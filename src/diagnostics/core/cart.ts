/**
 * CART regression trees (Breiman et al. 1984) with exact splits on squared error, as scikit-learn's
 * DecisionTreeRegressor builds them: candidate thresholds are midpoints between consecutive distinct values, a node is
 * split if it holds at least `minSamplesSplit` samples and both children keep `minSamplesLeaf`. Per node each feature's
 * members are kept in sorted order and partitioned into the children, so a tree costs O(n·features·depth).
 * Shared by the random-forest baseline and the gradient-boosted model.
 */
import type { Rng } from './types.js';

/** Flat tree: node i is a leaf when feature[i] < 0; children indices in left/right. Serialisable as JSON. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface TreeOptions {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features considered per split (scikit-learn max_features); all when undefined. */
  maxFeatures?: number;
  /** Minimum SSE reduction for a split. */
  minGain?: number;
}

/** Column-major design matrix: cols[f][i] is feature f of sample i. */
export type Columns = Float64Array[];

export function toColumns(rows: readonly (readonly number[])[]): Columns {
  const nf = rows.length ? rows[0].length : 0;
  const cols: Columns = [];
  for (let f = 0; f < nf; f++) {
    const c = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) c[i] = rows[i][f];
    cols.push(c);
  }
  return cols;
}

/** Indices of all samples sorted by each feature (computed once per data set, reused by every tree). */
export function presort(cols: Columns): Int32Array[] {
  return cols.map((c) => {
    const idx = Array.from({ length: c.length }, (_, i) => i);
    idx.sort((a, b) => c[a] - c[b] || a - b);
    return Int32Array.from(idx);
  });
}

const THRESHOLD_EPS = 1e-7; // scikit-learn FEATURE_THRESHOLD: values closer than this are not split apart

/**
 * Grows one tree on the samples with `weight[i] > 0` (integer weights = bootstrap multiplicity).
 * `target` is the regression target (labels for forests, pseudo-residuals for boosting).
 */
export function growTree(cols: Columns, sorted: Int32Array[], target: Float64Array, weight: Float64Array, opt: TreeOptions, rng: Rng): Tree {
  const nf = cols.length;
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const side = new Uint8Array(target.length);
  const rootLists = sorted.map((s) => {
    const out = new Int32Array(s.length);
    let k = 0;
    for (let j = 0; j < s.length; j++) if (weight[s[j]] > 0) out[k++] = s[j];
    return out.subarray(0, k);
  });
  const maxFeatures = Math.min(nf, opt.maxFeatures ?? nf);
  const featOrder = Array.from({ length: nf }, (_, i) => i);

  const build = (lists: Int32Array[], depth: number): number => {
    const members = lists[0];
    let wSum = 0;
    let ySum = 0;
    for (let j = 0; j < members.length; j++) {
      const i = members[j];
      wSum += weight[i];
      ySum += weight[i] * target[i];
    }
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(wSum > 0 ? ySum / wSum : 0);
    if (depth >= opt.maxDepth || wSum < opt.minSamplesSplit || wSum < 2 * opt.minSamplesLeaf) return node;

    // Fisher–Yates draw of the candidate features (all of them, in random order, when maxFeatures = nf).
    for (let a = nf - 1; a > 0; a--) {
      const b = Math.floor(rng() * (a + 1));
      [featOrder[a], featOrder[b]] = [featOrder[b], featOrder[a]];
    }
    const parentScore = (ySum * ySum) / wSum;
    let bestGain = opt.minGain ?? 1e-12;
    let bestF = -1;
    let bestThr = 0;
    for (let q = 0; q < maxFeatures; q++) {
      const f = featOrder[q];
      const col = cols[f];
      const list = lists[f];
      let wl = 0;
      let sl = 0;
      for (let j = 0; j < list.length - 1; j++) {
        const i = list[j];
        wl += weight[i];
        sl += weight[i] * target[i];
        const x0 = col[i];
        const x1 = col[list[j + 1]];
        if (x1 <= x0 + THRESHOLD_EPS) continue;
        const wr = wSum - wl;
        if (wl < opt.minSamplesLeaf || wr < opt.minSamplesLeaf) continue;
        const sr = ySum - sl;
        const gain = (sl * sl) / wl + (sr * sr) / wr - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestThr = (x0 + x1) / 2;
          if (bestThr === x1) bestThr = x0; // floating-point midpoint collapse, as scikit-learn guards
        }
      }
    }
    if (bestF < 0) return node;
    const col = cols[bestF];
    for (let j = 0; j < members.length; j++) side[members[j]] = col[members[j]] <= bestThr ? 1 : 2;
    const leftLists: Int32Array[] = [];
    const rightLists: Int32Array[] = [];
    for (let f = 0; f < nf; f++) {
      const list = lists[f];
      const l = new Int32Array(list.length);
      const r = new Int32Array(list.length);
      let nl = 0;
      let nr = 0;
      for (let j = 0; j < list.length; j++) {
        const i = list[j];
        if (side[i] === 1) l[nl++] = i;
        else r[nr++] = i;
      }
      leftLists.push(l.subarray(0, nl));
      rightLists.push(r.subarray(0, nr));
    }
    tree.feature[node] = bestF;
    tree.threshold[node] = bestThr;
    tree.left[node] = build(leftLists, depth + 1);
    tree.right[node] = build(rightLists, depth + 1);
    return node;
  };
  build(rootLists, 0);
  return tree;
}

export function predictTree(tree: Tree, x: readonly number[] | Float64Array): number {
  let n = 0;
  while (tree.feature[n] >= 0) n = x[tree.feature[n]] <= tree.threshold[n] ? tree.left[n] : tree.right[n];
  return tree.value[n];
}

/** Rounds a tree's numbers so artifacts stay small and byte-identical across runs. */
export function compactTree(t: Tree, digits = 9): Tree {
  const r = (v: number) => Number(v.toPrecision(digits));
  return { ...t, threshold: t.threshold.map(r), value: t.value.map(r) };
}
