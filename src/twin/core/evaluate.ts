/**
 * The SoC estimators side by side on one logged run, as the validation table and the Berkeley test compute them:
 * Coulomb counting, a plain EKF (no hysteresis/bias state, fixed parameters) and the twin's filter (through the
 * reducer, i.e. exactly what `twin replay` does). Conditions: an added current offset and ADC quantisation.
 */
import { chemistryDefaults, guessChemistry } from './model/chemistry.js';
import type { OcvTable } from './model/ocv.js';
import type { EcmParams } from './model/params.js';
import { coulombCount } from './solvers/coulomb.js';
import { ekfSoc } from './solvers/ekf.js';
import { createSocFilter, PLAIN_EKF, socFilterPredict, socFilterUpdate, type SocFilterConfig } from './solvers/soc-filter.js';
import { replayRun } from './replay.js';
import { quantise } from './synthetic.js';

export interface ErrorStats {
  rmse: number;
  maxAbs: number;
  samples: number;
}

/** RMSE and max |error| of estimate vs reference for samples at or after `skipS` from the start. */
export function socErrorStats(est: ArrayLike<number>, ref: ArrayLike<number>, timeS: ArrayLike<number>, skipS: number): ErrorStats {
  let se = 0;
  let mx = 0;
  let c = 0;
  for (let k = 0; k < est.length; k++) {
    if (timeS[k] - timeS[0] < skipS) continue;
    const e = est[k] - ref[k];
    se += e * e;
    c++;
    if (Math.abs(e) > mx) mx = Math.abs(e);
  }
  return { rmse: Math.sqrt(se / Math.max(1, c)), maxAbs: mx, samples: c };
}

export interface RunCondition {
  label: string;
  currentBiasA: number;
  quantStepV: number;
}

export type EstimatorName = 'coulomb' | 'plainEkf' | 'twin';

export interface EvalInput {
  timeS: Float64Array;
  currentA: Float64Array;
  voltageV: Float64Array;
  ocv: OcvTable;
  capacityAh: number;
  initialSoc: number;
  tempC: number;
  /** overrides of the twin's default cell parameters (robustness checks) */
  cell?: Partial<EcmParams>;
  twinFilter?: SocFilterConfig;
}

function corrupt(x: EvalInput, c: RunCondition): { i: Float64Array; v: Float64Array } {
  const i = Float64Array.from(x.currentA, (a) => a + c.currentBiasA);
  const v = Float64Array.from(x.voltageV, (a) => quantise(a, c.quantStepV));
  return { i, v };
}

/** Plain EKF: PLAIN_EKF config, chemistry defaults, predict-then-update like the reducer. */
function runPlain(x: EvalInput, i: Float64Array, v: Float64Array, quantStepV: number): Float64Array {
  const p = { ...chemistryDefaults(guessChemistry(x.ocv), x.capacityAh), ...(x.cell ?? {}) };
  const cfg: SocFilterConfig = { ...PLAIN_EKF, ekf: { ...PLAIN_EKF.ekf, quantStepV } };
  const f = createSocFilter(cfg, p, { soc: x.initialSoc, sigmaSoc: 0.5, sigmaRcV: 0.02, sigmaBiasA: 0 });
  const out = new Float64Array(i.length);
  for (let k = 0; k < i.length; k++) {
    const dt = k > 0 ? x.timeS[k] - x.timeS[k - 1] : 1;
    if (k > 0) socFilterPredict(f, i[k - 1], dt);
    socFilterUpdate(f, x.ocv, i[k], v[k], dt);
    out[k] = ekfSoc(f.ekf);
  }
  return out;
}

export function runEstimator(name: EstimatorName, x: EvalInput, c: RunCondition): Float64Array {
  const { i, v } = corrupt(x, c);
  if (name === 'coulomb') return coulombCount(x.timeS, i, x.initialSoc, x.capacityAh);
  if (name === 'plainEkf') return runPlain(x, i, v, c.quantStepV);
  const r = replayRun(
    { timeS: x.timeS, currentA: i, voltageV: v },
    { capacityAh: x.capacityAh, ocv: x.ocv, initialSoc: x.initialSoc, tempC: x.tempC, voltageQuantStepV: c.quantStepV, filter: x.twinFilter, cellOverrides: x.cell },
  );
  return r.soc;
}

/** 10-bit ADC over 5 V, as in the Berkeley paper's repository script. */
export const ADC_10BIT_5V = 5 / 1023;

export function standardConditions(capacityAh: number): RunCondition[] {
  const bias = 0.01 * capacityAh; // +1 % of the 1C current, towards discharge
  return [
    { label: 'clean', currentBiasA: 0, quantStepV: 0 },
    { label: '+1 % current bias', currentBiasA: bias, quantStepV: 0 },
    { label: '10-bit voltage', currentBiasA: 0, quantStepV: ADC_10BIT_5V },
    { label: 'bias + 10-bit', currentBiasA: bias, quantStepV: ADC_10BIT_5V },
  ];
}
