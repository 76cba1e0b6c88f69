/**
 * The pulse SoH model: an equal-weight ensemble of kernel ridge and gradient-boosted trees on the physics features,
 * chosen by grouped (unseen-cell) 5-fold cross-validation on PulseBat W3000 — see docs/soh-validation.md. The gap
 * between the two members is the difficulty estimate that scales the conformal interval.
 */
import { fitGbt, predictGbt, type Gbt, type GbtOptions } from './gbt.js';
import { fitKernelRidge, predictKernelRidge, type KernelRidge } from './kernel-ridge.js';
import { featureVector, type FeatureSpec } from './physics-features.js';
import type { PulseFeatureRow } from './types.js';

export interface EnsembleParams {
  featureSpec: FeatureSpec;
  krrGamma: number;
  krrLambda: number;
  gbt: GbtOptions;
  krrWeight: number;
}

/** Selected by grouped 5-fold CV (see scripts/soh-validation.ts for the comparison with single models). */
export const DEFAULT_PULSE_PARAMS: EnsembleParams = {
  featureSpec: { set: 'physics', withChemistry: false },
  krrGamma: 0.3,
  krrLambda: 0.003,
  gbt: { nTrees: 400, learningRate: 0.05, maxDepth: 4, minSamplesLeaf: 10, subsample: 0.7, colsample: 0.5, seed: 1 },
  krrWeight: 0.5,
};

export interface EnsembleModel {
  featureSpec: FeatureSpec;
  krrWeight: number;
  krr: KernelRidge;
  gbt: Gbt;
}

export interface EnsemblePrediction {
  soh: number;
  /** |kernel ridge − boosted trees|: member disagreement, the difficulty estimate for normalised conformal scores. */
  difficulty: number;
}

export function fitEnsemble(rows: readonly PulseFeatureRow[], soh: readonly number[], p: EnsembleParams, seed: number): EnsembleModel {
  const X = rows.map((r) => featureVector(r, p.featureSpec));
  return {
    featureSpec: p.featureSpec,
    krrWeight: p.krrWeight,
    krr: fitKernelRidge(X, soh, p.krrGamma, p.krrLambda),
    gbt: fitGbt(X, soh, { ...p.gbt, seed }),
  };
}

export function predictEnsemble(m: EnsembleModel, row: PulseFeatureRow): EnsemblePrediction {
  const x = featureVector(row, m.featureSpec);
  const a = predictKernelRidge(m.krr, x);
  const b = predictGbt(m.gbt, x);
  return { soh: m.krrWeight * a + (1 - m.krrWeight) * b, difficulty: Math.abs(a - b) };
}
