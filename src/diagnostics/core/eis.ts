/**
 * SoH from impedance at a few frequencies (Gasper et al., Cell Rep. Phys. Sci. 3, 2022: capacity from EIS at varying
 * temperature and SoC). Features are Re/Im Z at the selected frequencies (interpolated in log-frequency from the
 * measured spectrum) and the cell temperature, which a lab always records and which moves impedance far more than
 * ageing does at −10 °C. The regressor is the same kernel-ridge + boosted-trees ensemble as the pulse route.
 * The model is specific to the cell design it was trained on (large-format NMC/graphite DENSO cells): impedance in
 * ohms scales with cell size, so other designs are refused through the feature-range check.
 */
import { fitGbt, predictGbt, type Gbt, type GbtOptions } from './gbt.js';
import { fitKernelRidge, predictKernelRidge, type KernelRidge } from './kernel-ridge.js';
import { refuse, type Refusal } from './types.js';

export interface EisSpectrumRow {
  tempC: number;
  freqsHz: number[];
  zRealOhm: number[];
  /** Imaginary part as measured (positive = inductive). */
  zImagOhm: number[];
}

export interface EisParams {
  frequenciesHz: number[];
  useTemperature: boolean;
  krrGamma: number;
  krrLambda: number;
  gbt: GbtOptions;
  krrWeight: number;
}

export interface EisModel {
  params: EisParams;
  featureNames: string[];
  ranges: { min: number[]; max: number[] };
  krr: KernelRidge;
  gbt: Gbt;
}

/** Value at `fHz` by linear interpolation in log10(f); null when f is outside the measured band (±5 %). */
export function atFrequency(freqsHz: readonly number[], values: readonly number[], fHz: number): number | null {
  const lf = Math.log10(fHz);
  const pts = freqsHz.map((f, i) => [Math.log10(f), values[i]] as const).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).sort((a, b) => a[0] - b[0]);
  if (!pts.length) return null;
  const tol = Math.log10(1.05);
  if (lf < pts[0][0] - tol || lf > pts[pts.length - 1][0] + tol) return null;
  if (lf <= pts[0][0]) return pts[0][1];
  for (let i = 0; i + 1 < pts.length; i++) {
    const [x0, y0] = pts[i];
    const [x1, y1] = pts[i + 1];
    if (lf <= x1) return x1 === x0 ? y0 : y0 + ((y1 - y0) * (lf - x0)) / (x1 - x0);
  }
  return pts[pts.length - 1][1];
}

export function eisFeatureNames(p: Pick<EisParams, 'frequenciesHz' | 'useTemperature'>): string[] {
  const n = p.frequenciesHz.flatMap((f) => [`zRealOhm@${f}Hz`, `zImagOhm@${f}Hz`]);
  return p.useTemperature ? [...n, 'tempC'] : n;
}

export function eisFeatures(row: EisSpectrumRow, p: Pick<EisParams, 'frequenciesHz' | 'useTemperature'>): number[] | Refusal {
  const x: number[] = [];
  for (const f of p.frequenciesHz) {
    const re = atFrequency(row.freqsHz, row.zRealOhm, f);
    const im = atFrequency(row.freqsHz, row.zImagOhm, f);
    if (re === null || im === null) return refuse('missing-feature', `impedance at ${f} Hz is needed (measured band does not cover it)`);
    // milliohm scale keeps the standardised features and the stored ranges readable
    x.push(re * 1000, im * 1000);
  }
  if (p.useTemperature) {
    if (!Number.isFinite(row.tempC)) return refuse('missing-feature', 'cell temperature during EIS (°C) is needed');
    x.push(row.tempC);
  }
  return x;
}

export function fitEisModel(rows: readonly EisSpectrumRow[], y: readonly number[], p: EisParams, seed: number): EisModel {
  const X = rows.map((r) => {
    const x = eisFeatures(r, p);
    if (!Array.isArray(x)) throw new Error(x.reason);
    return x;
  });
  const min = X[0].map((_, f) => Math.min(...X.map((x) => x[f])));
  const max = X[0].map((_, f) => Math.max(...X.map((x) => x[f])));
  return {
    params: p,
    featureNames: eisFeatureNames(p),
    ranges: { min, max },
    krr: fitKernelRidge(X, y, p.krrGamma, p.krrLambda),
    gbt: fitGbt(X, y, { ...p.gbt, seed }),
  };
}

/** Accepts features up to this fraction of the training range beyond it (temperature: ±5 °C). */
const RANGE_MARGIN = 0.25;

export function predictEis(m: EisModel, row: EisSpectrumRow): { soh: number; difficulty: number } | Refusal {
  const x = eisFeatures(row, m.params);
  if (!Array.isArray(x)) return x;
  for (let f = 0; f < x.length; f++) {
    const isTemp = m.featureNames[f] === 'tempC';
    const margin = isTemp ? 5 : RANGE_MARGIN * (m.ranges.max[f] - m.ranges.min[f]);
    if (x[f] < m.ranges.min[f] - margin || x[f] > m.ranges.max[f] + margin) {
      return refuse('out-of-range', `${m.featureNames[f]} = ${x[f].toPrecision(4)} is outside the training range [${m.ranges.min[f].toPrecision(4)}, ${m.ranges.max[f].toPrecision(4)}] (the EIS model covers large-format NMC cells at −10…25 °C)`);
    }
  }
  const a = predictKernelRidge(m.krr, x);
  const b = predictGbt(m.gbt, x);
  const w = m.params.krrWeight;
  return { soh: w * a + (1 - w) * b, difficulty: Math.abs(a - b) };
}

export interface EisSohPrediction {
  ok: true;
  sohPred: number;
  sohLow: number;
  sohHigh: number;
  coverage: number;
  modelVersion: string;
}

/** SoH from an impedance spectrum with the artifact's conformal interval (constant width, grouped CV calibration). */
export function predictSohFromEis(
  a: { model: EisModel; conformal: { alpha: number; quantile: number }; modelVersion: string },
  row: EisSpectrumRow,
): EisSohPrediction | Refusal {
  const e = predictEis(a.model, row);
  if ('ok' in e) return e;
  const h = a.conformal.quantile;
  return { ok: true, sohPred: e.soh, sohLow: Math.max(0, e.soh - h), sohHigh: e.soh + h, coverage: 1 - a.conformal.alpha, modelVersion: a.modelVersion };
}
