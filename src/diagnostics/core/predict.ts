/**
 * Inference: a feature row or a raw pulse test → SoH with a calibrated interval, grade and remaining capacity/energy,
 * or a typed refusal. Needs only the artifact object (no training data); one prediction is a few hundred kernel
 * evaluations plus 400 shallow trees, well under a millisecond.
 */
import type { PulseArtifact } from './artifact.js';
import { extractFeatures, type CurveSegment, type ExtractOptions, type RelaxationReport } from './features.js';
import { gradeFor, NOMINAL_VOLTAGE_V, type SohGrade } from './grade.js';
import { halfWidth } from './conformal.js';
import { featureNames, featureVector } from './physics-features.js';
import { predictEnsemble } from './soh-model.js';
import type { TimeSeries } from './segments.js';
import { isPulseChemistry, refuse, U_COUNT, type PulseFeatureRow, type Refusal } from './types.js';

export interface SohPrediction {
  ok: true;
  chem: string;
  qnAh: number;
  /** SoH as a fraction of nominal capacity, and the interval bounds (nominal coverage `coverage`). */
  sohPred: number;
  sohLow: number;
  sohHigh: number;
  coverage: number;
  grade: SohGrade;
  remainingCapacityAh: number;
  remainingEnergyWh: number;
  nominalVoltageV: number;
  modelVersion: string;
}

export interface PulseTestPrediction extends SohPrediction {
  u: number[];
  segments: CurveSegment[];
  relaxation: RelaxationReport[];
}

/** Accepted nominal capacities: from a small cell to a large pack string (features are normalised by Qn). */
export const QN_AH_RANGE: readonly [number, number] = [0.1, 2000];
/** Tolerance around the open-circuit voltages seen in training (V per cell). */
const U1_MARGIN_V = 0.05;
/** A physics feature may exceed the training range by this fraction of the range before the row is refused. */
const RANGE_MARGIN = 0.5;

export function checkFeatureRow(a: PulseArtifact, row: PulseFeatureRow): Refusal | null {
  if (!isPulseChemistry(row.chem) || !a.chemistries[row.chem]) {
    return refuse('unknown-chemistry', `chemistry "${row.chem}" is not modelled; known: ${Object.keys(a.chemistries).join(', ')}`);
  }
  if (typeof row.qnAh !== 'number' || !Number.isFinite(row.qnAh) || row.qnAh < QN_AH_RANGE[0] || row.qnAh > QN_AH_RANGE[1]) {
    return refuse('invalid-capacity', `nominal capacity must be ${QN_AH_RANGE[0]}–${QN_AH_RANGE[1]} Ah (got ${row.qnAh})`);
  }
  if (!Array.isArray(row.u) || row.u.length !== U_COUNT) return refuse('missing-feature', `U1..U${U_COUNT} are required (got ${Array.isArray(row.u) ? row.u.length : 0} values)`);
  const missing = row.u.map((x, i) => (typeof x === 'number' && Number.isFinite(x) ? null : `U${i + 1}`)).filter((x) => x !== null);
  if (missing.length) return refuse('missing-feature', `missing or non-numeric: ${missing.join(', ')}`);
  const m = a.chemistries[row.chem];
  const [lo, hi] = m.u1RangeV;
  if (row.u[0] < lo - U1_MARGIN_V || row.u[0] > hi + U1_MARGIN_V) {
    return refuse('out-of-range', `open-circuit voltage U1 = ${row.u[0]} V is outside ${row.chem} training range ${lo}–${hi} V per cell (pack voltage? divide by the series cell count)`);
  }
  const x = featureVector(row, a.featureSpec);
  const names = featureNames(a.featureSpec);
  for (let f = 0; f < x.length; f++) {
    const span = m.ranges.max[f] - m.ranges.min[f];
    if (x[f] < m.ranges.min[f] - RANGE_MARGIN * span || x[f] > m.ranges.max[f] + RANGE_MARGIN * span) {
      return refuse('out-of-range', `feature ${names[f]} = ${x[f].toPrecision(4)} is far outside the ${row.chem} training range [${m.ranges.min[f].toPrecision(4)}, ${m.ranges.max[f].toPrecision(4)}]: check pulse currents, wiring and Qn`);
    }
  }
  return null;
}

export function predictFromFeatures(a: PulseArtifact, row: PulseFeatureRow): SohPrediction | Refusal {
  const bad = checkFeatureRow(a, row);
  if (bad) return bad;
  const m = a.chemistries[row.chem];
  const e = predictEnsemble(m.model, row);
  const h = halfWidth(m.conformal, e.difficulty);
  const sohLow = Math.max(0, e.soh - h);
  const nominalVoltageV = NOMINAL_VOLTAGE_V[row.chem];
  const remainingCapacityAh = e.soh * row.qnAh;
  return {
    ok: true,
    chem: row.chem,
    qnAh: row.qnAh,
    sohPred: e.soh,
    sohLow,
    sohHigh: e.soh + h,
    coverage: 1 - m.conformal.alpha,
    grade: gradeFor(sohLow),
    remainingCapacityAh,
    remainingEnergyWh: remainingCapacityAh * nominalVoltageV,
    nominalVoltageV,
    modelVersion: a.modelVersion,
  };
}

export function predictFromPulseTest(a: PulseArtifact, ts: TimeSeries, chem: string, qnAh: number, opts: ExtractOptions = {}): PulseTestPrediction | Refusal {
  if (!isPulseChemistry(chem) || !a.chemistries[chem]) return refuse('unknown-chemistry', `chemistry "${chem}" is not modelled; known: ${Object.keys(a.chemistries).join(', ')}`);
  const f = extractFeatures(ts, qnAh, opts);
  if (!f.ok) return f;
  const p = predictFromFeatures(a, { chem, qnAh, u: f.u });
  if (!p.ok) return p;
  return { ...p, u: f.u, segments: f.segments, relaxation: f.relaxation };
}
