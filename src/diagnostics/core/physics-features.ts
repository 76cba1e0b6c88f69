/**
 * Physically motivated features from U1..U21. A pulse of c (C-rate) on a cell of capacity Qn drives I = c·Qn; an
 * overpotential η divided by c is η·Qn / I = R·Qn (Ω·Ah), a resistance normalised by capacity. That makes cells of
 * different size comparable (parallel strings lower R and raise Qn by the same factor) and removes the current scale.
 * Resistance growth and capacity fade share causes (SEI growth, loss of active material; Birkl et al., J. Power Sources
 * 341, 2017), which is why pulse overpotentials carry SoH information. U1 (OCV) locates the unknown SoC on the
 * chemistry's OCV curve, which the model needs because resistance depends on SoC.
 */
import { PULSE_SLOTS } from './protocol.js';
import { PULSE_CHEMISTRIES, U_COUNT, type PulseFeatureRow } from './types.js';

export type FeatureSet = 'raw' | 'physics' | 'physics+raw' | 'physics+log';

export interface FeatureSpec {
  set: FeatureSet;
  /** Adds one-hot chemistry and log10(Qn) so one model can serve every chemistry. */
  withChemistry: boolean;
}

const PULSE_PARTS = ['r0', 'rp', 'rr', 'rx', 'rt', 'h'] as const;

function physicsNames(): string[] {
  const names = ['ocvV'];
  for (const s of PULSE_SLOTS) for (const p of PULSE_PARTS) names.push(`${p}_${s.cRate}C`);
  names.push('asym0.5C', 'asym1C', 'nonlinCharge', 'nonlinDischarge', 'nonlin1.5C');
  return names;
}

export function featureNames(spec: FeatureSpec): string[] {
  const names: string[] = [];
  if (spec.set !== 'raw') names.push(...physicsNames());
  if (spec.set === 'physics+log') names.push(...LOG_PARTS.flatMap((p) => PULSE_SLOTS.map((s) => `log_${p}_${s.cRate}C`)));
  if (spec.set === 'raw' || spec.set === 'physics+raw') for (let i = 1; i <= U_COUNT; i++) names.push(`U${i}`);
  if (spec.withChemistry) names.push(...PULSE_CHEMISTRIES.map((c) => `is${c}`), 'log10QnAh');
  return names;
}

/** Values of `physicsNames()` for one row: resistances in Ω·Ah (= V per C-rate), residuals in V. */
export function physicsValues(u: readonly number[]): number[] {
  const U = (i: number) => u[i - 1];
  const ocv = U(1);
  const out = [ocv];
  const rt: number[] = [];
  let baseline = ocv;
  for (const s of PULSE_SLOTS) {
    const [a, b, c, d] = s.uIndex.map(U);
    const k = s.cRate;
    // r0: jump at pulse onset (ohmic + charge transfer within the first sample);
    // rp: diffusion-driven growth during the 3 s; rr: instantaneous release; rx: relaxation over the rest;
    // rt: total overpotential at pulse end against OCV; h: residual after the rest (hysteresis, incomplete relaxation).
    const tot = (b - ocv) / k;
    out.push((a - baseline) / k, (b - a) / k, (b - c) / k, (c - d) / k, tot, d - ocv);
    rt.push(tot);
    baseline = d;
  }
  // Charge/discharge asymmetry and current nonlinearity (Butler–Volmer curvature grows with ageing kinetics).
  out.push(rt[0] - rt[1], rt[2] - rt[3], rt[2] - rt[0], rt[3] - rt[1], rt[4] - rt[2]);
  return out;
}

const LOG_PARTS = ['r0', 'rp', 'rt'] as const;

/** Log resistances: ageing scales resistances multiplicatively, so ratios (differences of logs) carry the signal. */
export function logValues(u: readonly number[]): number[] {
  const v = physicsValues(u);
  const at = (part: string, k: number) => v[1 + k * PULSE_PARTS.length + PULSE_PARTS.indexOf(part as (typeof PULSE_PARTS)[number])];
  const out: number[] = [];
  for (const p of LOG_PARTS) for (let k = 0; k < PULSE_SLOTS.length; k++) out.push(Math.log(Math.max(1e-5, at(p, k))));
  return out;
}

export function featureVector(row: PulseFeatureRow, spec: FeatureSpec): number[] {
  const v: number[] = [];
  if (spec.set !== 'raw') v.push(...physicsValues(row.u));
  if (spec.set === 'physics+log') v.push(...logValues(row.u));
  if (spec.set === 'raw' || spec.set === 'physics+raw') v.push(...row.u);
  if (spec.withChemistry) {
    for (const c of PULSE_CHEMISTRIES) v.push(row.chem === c ? 1 : 0);
    v.push(Math.log10(row.qnAh));
  }
  return v;
}
