/**
 * EIS route training: candidate feature sets chosen by grouped 5-fold CV on the training cells only (the `isTest`
 * cells of Gasper et al. stay untouched until the final report), conformal calibration on grouped out-of-fold
 * residuals.
 */
import { calibrate, type ConformalCalibration } from './conformal.js';
import { groupedFolds } from './cv.js';
import { fitEisModel, predictEis, type EisModel, type EisParams, type EisSpectrumRow } from './eis.js';
import { maePct } from './metrics.js';
import { mulberry32 } from './types.js';

export interface EisTrainingRow extends EisSpectrumRow {
  soh: number;
  group: string;
}

const GBT = { nTrees: 400, learningRate: 0.05, maxDepth: 3, minSamplesLeaf: 5, subsample: 0.7, colsample: 0.7, seed: 1 };

/** Two frequencies as in the published anchor (≈1 Hz and ≈1 kHz), and a five-frequency decade set. */
export const EIS_CANDIDATES: EisParams[] = [
  { frequenciesHz: [1, 1000], useTemperature: false, krrGamma: 1, krrLambda: 0.01, gbt: GBT, krrWeight: 0 },
  { frequenciesHz: [1, 1000], useTemperature: true, krrGamma: 1, krrLambda: 0.01, gbt: GBT, krrWeight: 0 },
  { frequenciesHz: [1, 1000], useTemperature: true, krrGamma: 1, krrLambda: 0.01, gbt: GBT, krrWeight: 0.5 },
  { frequenciesHz: [0.1, 1, 10, 100, 1000], useTemperature: true, krrGamma: 1, krrLambda: 0.01, gbt: GBT, krrWeight: 0 },
  { frequenciesHz: [0.1, 1, 10, 100, 1000], useTemperature: true, krrGamma: 1, krrLambda: 0.01, gbt: GBT, krrWeight: 0.5 },
];

export function eisOutOfFold(rows: readonly EisTrainingRow[], p: EisParams, folds: number, seed: number): { pred: number[]; difficulty: number[] } {
  const fold = groupedFolds(rows.map((r) => r.group), folds, mulberry32(seed));
  const pred = new Array<number>(rows.length).fill(NaN);
  const difficulty = new Array<number>(rows.length).fill(NaN);
  for (let k = 0; k < folds; k++) {
    const train = rows.filter((_, i) => fold[i] !== k);
    const m = fitEisModel(train, train.map((r) => r.soh), p, seed + k);
    rows.forEach((r, i) => {
      if (fold[i] !== k) return;
      const e = predictEis(m, r);
      // an out-of-range fold row still counts against the candidate: predict the training mean
      pred[i] = 'soh' in e ? e.soh : train.reduce((s, x) => s + x.soh, 0) / train.length;
      difficulty[i] = 'soh' in e ? e.difficulty : 0;
    });
  }
  return { pred, difficulty };
}

export interface EisTrained {
  params: EisParams;
  model: EisModel;
  conformal: ConformalCalibration;
  candidates: { frequenciesHz: number[]; useTemperature: boolean; krrWeight: number; cvMaePct: number }[];
}

export function trainEis(rows: readonly EisTrainingRow[], seed: number, alpha = 0.1): EisTrained {
  const y = rows.map((r) => r.soh);
  const scored = EIS_CANDIDATES.map((p) => ({ p, oof: eisOutOfFold(rows, p, 5, seed) }));
  const cvs = scored.map((s) => maePct(y, s.oof.pred));
  const best = cvs.indexOf(Math.min(...cvs));
  const { p, oof } = scored[best];
  return {
    params: p,
    model: fitEisModel(rows, y, p, seed),
    conformal: calibrate(y.map((v, i) => v - oof.pred[i]), oof.difficulty, alpha, false, 0.01),
    candidates: scored.map((s, i) => ({ frequenciesHz: s.p.frequenciesHz, useTemperature: s.p.useTemperature, krrWeight: s.p.krrWeight, cvMaePct: cvs[i] })),
  };
}
