/**
 * The committed model artifacts (`models/soh-pulse.json`, `models/soh-eis.json`): everything inference needs, plus
 * provenance (data sha256, seed) and the validation metrics measured when they were trained. Checked structurally
 * on load so a truncated or foreign file is rejected before it can produce a number.
 */
import type { ConformalCalibration } from './conformal.js';
import type { EisModel } from './eis.js';
import type { FeatureSpec } from './physics-features.js';
import type { EnsembleModel, EnsembleParams } from './soh-model.js';
import type { FeatureRanges } from './training.js';

export const PULSE_ARTIFACT_KIND = 'batteryloop-soh-pulse';
export const EIS_ARTIFACT_KIND = 'batteryloop-soh-eis';

export interface DataProvenance {
  file: string;
  sha256: string;
  rows: number;
  cells: number;
}

export interface ChemistryModel {
  nRows: number;
  nCells: number;
  qnAhSeen: number[];
  /** Open-circuit voltage range seen in training (V per cell). */
  u1RangeV: [number, number];
  ranges: FeatureRanges;
  model: EnsembleModel;
  conformal: ConformalCalibration;
  /** Grouped 5-fold (unseen-cell) metrics measured at training time. */
  cv: { mapePct: number; maePct: number; coverage: number };
}

export interface PulseArtifact {
  kind: typeof PULSE_ARTIFACT_KIND;
  modelVersion: string;
  protocolId: string;
  data: DataProvenance;
  seed: number;
  featureSpec: FeatureSpec;
  featureNames: string[];
  params: EnsembleParams;
  chemistries: Record<string, ChemistryModel>;
}

export interface EisArtifact {
  kind: typeof EIS_ARTIFACT_KIND;
  modelVersion: string;
  data: DataProvenance;
  seed: number;
  model: EisModel;
  conformal: ConformalCalibration;
  metrics: Record<string, number>;
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function parsePulseArtifact(x: unknown): PulseArtifact {
  if (!isObj(x) || x.kind !== PULSE_ARTIFACT_KIND) throw new Error(`not a ${PULSE_ARTIFACT_KIND} artifact`);
  if (typeof x.modelVersion !== 'string' || !isObj(x.chemistries) || !isObj(x.data)) throw new Error('pulse artifact lacks modelVersion, data or chemistries');
  for (const [chem, m] of Object.entries(x.chemistries)) {
    if (!isObj(m) || !isObj(m.model) || !isObj(m.conformal) || !isObj(m.ranges)) throw new Error(`pulse artifact: chemistry ${chem} is incomplete`);
    const model = m.model as Record<string, unknown>;
    if (!isObj(model.krr) || !isObj(model.gbt)) throw new Error(`pulse artifact: chemistry ${chem} lacks ensemble members`);
  }
  return x as unknown as PulseArtifact;
}

export function parseEisArtifact(x: unknown): EisArtifact {
  if (!isObj(x) || x.kind !== EIS_ARTIFACT_KIND) throw new Error(`not a ${EIS_ARTIFACT_KIND} artifact`);
  if (typeof x.modelVersion !== 'string' || !isObj(x.model) || !isObj(x.conformal)) throw new Error('EIS artifact lacks modelVersion, model or conformal');
  return x as unknown as EisArtifact;
}
