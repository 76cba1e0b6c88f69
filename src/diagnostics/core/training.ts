/**
 * Training pipeline for one chemistry (pure: rows in, model out): grouped out-of-fold predictions, conformal
 * calibration on them, the final ensemble on all rows, and the feature ranges used to refuse inputs unlike the
 * training data. Also the nested variant that measures interval coverage honestly on unseen cells.
 */
import { calibrate, halfWidth, type ConformalCalibration } from './conformal.js';
import { groupedFolds } from './cv.js';
import { featureVector, type FeatureSpec } from './physics-features.js';
import { fitEnsemble, predictEnsemble, type EnsembleModel, type EnsembleParams } from './soh-model.js';
import { mulberry32, type PulseFeatureRow } from './types.js';

export interface LabelledRow extends PulseFeatureRow {
  soh: number;
  /** Physical cell: rows of one cell never straddle a train/validation split. */
  group: string;
}

export interface FeatureRanges {
  min: number[];
  max: number[];
}

export interface TrainOptions {
  folds: number;
  seed: number;
  alpha: number;
  normalised: boolean;
  difficultyFloor: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { folds: 5, seed: 20240611, alpha: 0.1, normalised: false, difficultyFloor: 0.01 };

export interface OofResult {
  pred: number[];
  difficulty: number[];
  fold: number[];
}

export function featureRanges(rows: readonly PulseFeatureRow[], spec: FeatureSpec): FeatureRanges {
  const X = rows.map((r) => featureVector(r, spec));
  const min = X[0].map((_, f) => Math.min(...X.map((x) => x[f])));
  const max = X[0].map((_, f) => Math.max(...X.map((x) => x[f])));
  return { min, max };
}

/** Grouped K-fold out-of-fold predictions. */
export function outOfFold(rows: readonly LabelledRow[], p: EnsembleParams, o: TrainOptions): OofResult {
  const fold = groupedFolds(rows.map((r) => r.group), o.folds, mulberry32(o.seed));
  const pred = new Array<number>(rows.length).fill(NaN);
  const difficulty = new Array<number>(rows.length).fill(NaN);
  for (let k = 0; k < o.folds; k++) {
    const train = rows.filter((_, i) => fold[i] !== k);
    const m = fitEnsemble(train, train.map((r) => r.soh), p, o.seed + k);
    rows.forEach((r, i) => {
      if (fold[i] !== k) return;
      const e = predictEnsemble(m, r);
      pred[i] = e.soh;
      difficulty[i] = e.difficulty;
    });
  }
  return { pred, difficulty, fold };
}

export interface ChemModel {
  model: EnsembleModel;
  conformal: ConformalCalibration;
  ranges: FeatureRanges;
  oof: OofResult;
}

/** Final model on all rows; interval calibrated on grouped out-of-fold residuals (CV+ style, Barber et al. 2021). */
export function trainChemModel(rows: readonly LabelledRow[], p: EnsembleParams, o: TrainOptions): ChemModel {
  const oof = outOfFold(rows, p, o);
  const conformal = calibrate(rows.map((r, i) => r.soh - oof.pred[i]), oof.difficulty, o.alpha, o.normalised, o.difficultyFloor);
  const model = fitEnsemble(rows, rows.map((r) => r.soh), p, o.seed);
  return { model, conformal, ranges: featureRanges(rows, p.featureSpec), oof };
}

export interface NestedResult {
  pred: number[];
  low: number[];
  high: number[];
  fold: number[];
}

/**
 * Honest interval coverage: for each outer fold of unseen cells, the calibration comes only from inner grouped
 * out-of-fold residuals of the other folds, and the outer cells are predicted by a model trained without them.
 */
export function nestedConformal(rows: readonly LabelledRow[], p: EnsembleParams, o: TrainOptions): NestedResult {
  const fold = groupedFolds(rows.map((r) => r.group), o.folds, mulberry32(o.seed));
  const n = rows.length;
  const out: NestedResult = { pred: new Array(n).fill(NaN), low: new Array(n).fill(NaN), high: new Array(n).fill(NaN), fold };
  for (let k = 0; k < o.folds; k++) {
    const train = rows.filter((_, i) => fold[i] !== k);
    const inner = trainChemModel(train, p, { ...o, seed: o.seed + 1000 * (k + 1) });
    rows.forEach((r, i) => {
      if (fold[i] !== k) return;
      const e = predictEnsemble(inner.model, r);
      const h = halfWidth(inner.conformal, e.difficulty);
      out.pred[i] = e.soh;
      out.low[i] = e.soh - h;
      out.high[i] = e.soh + h;
    });
  }
  return out;
}
