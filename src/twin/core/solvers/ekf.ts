/**
 * Extended Kalman filter on the 2-RC model with hysteresis and current-sensor offset states:
 *   x = [soc, v1, v2, h, b]   (b = current offset in A: i_true = i_meas − b)
 * Allocation-free: one Float64Array holds state, covariance and scratch; `ekfStep` only reads/writes it.
 * bench/c/ekf_step.c is a line-by-line port of `ekfStep` (keep them in step).
 *
 * Choices (each from the physics of the sensor or the cell, not from a data file):
 * - Statistical linearisation: the OCV slope in the Jacobian is the secant over ±√3·σ_soc (the unscented spread of a
 *   1-D prior), so a wide prior starting in the LFP plateau still sees the voltage's information (Gelb 1974, §6.2).
 * - Measurement noise R = σ_sensor² + q²/12 (ADC step q) + σ_model²·(τ_c/Δt): the OCV/ECM error is slow (correlation
 *   time τ_c), and slow errors carry less information per sample than white noise (coloured-noise equivalent).
 * - Weak observability: where |dOCV/dSoC| is below `flatSlopeVPerSoc` the model error in volts maps to a large SoC error
 *   (σ_model/slope), so R is inflated by (s_flat/slope)²: in the plateau the filter keeps Coulomb counting.
 * - Covariance matching (Mehra 1972): R is scaled up when normalised innovations are persistently > 1.
 */
import { lookup, type OcvTable } from '../model/ocv.js';

export interface EkfConfig {
  hysteresis: boolean;
  biasState: boolean;
  statisticalLinearisation: boolean;
  observabilityNoise: boolean;
  adaptiveNoise: boolean;
  sigmaVoltageV: number;
  quantStepV: number;
  ocvModelErrorV: number;
  /** SoC-axis uncertainty of the OCV table (Ah counting of the OCV test, electrode slippage with ageing) */
  ocvSocAxisError: number;
  /** relative uncertainty of the modelled overpotential R0·i + v1 + v2 (parameter error) */
  overpotentialRelError: number;
  modelErrorCorrelationS: number;
  flatSlopeVPerSoc: number;
  currentNoiseA: number;
  biasDriftAPerSqrtS: number;
  /** process noise of h per unit of |ΔSoC| (minor hysteresis loops the one-state model does not describe) */
  hysteresisNoisePerSoc: number;
  rcNoiseVPerSqrtS: number;
}

/** Indices into the workspace. */
const X = 0; // 5 state
const P = 5; // 25 covariance
const TMP = 30; // 25 scratch
const HV = 55; // 5 measurement Jacobian
const KV = 60; // 5 gain
const PHT = 65; // 5 P·Hᵀ
/** scalars */
const S_INNOV = 70;
const S_NIS = 71; // EMA of normalised innovation squared
const S_RSCALE = 72;
const S_LASTV = 73; // predicted voltage at the last update
const S_SIGMA = 74;
export const EKF_WORKSPACE = 80;
export const N = 5;

export interface EkfParamsView {
  capacityAh: number;
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
  r2Ohm: number;
  tau2S: number;
  hysteresisSocScale: number;
}

export interface EkfInit {
  soc: number;
  sigmaSoc: number;
  /** unknown polarisation left by the history before the first sample (≈ R_j·|i|max) */
  sigmaRcV: number;
  sigmaBiasA: number;
  h?: number;
  sigmaH?: number;
}

export function createEkf(cfg: EkfConfig, init: EkfInit): Float64Array {
  const w = new Float64Array(EKF_WORKSPACE);
  w[X] = init.soc;
  w[X + 3] = init.h ?? 0;
  w[P + 0] = init.sigmaSoc * init.sigmaSoc;
  w[P + 6] = init.sigmaRcV * init.sigmaRcV;
  w[P + 12] = init.sigmaRcV * init.sigmaRcV;
  const sh = init.sigmaH ?? 1;
  w[P + 18] = cfg.hysteresis ? sh * sh : 0;
  const sigmaBiasA = init.sigmaBiasA;
  w[P + 24] = cfg.biasState ? sigmaBiasA * sigmaBiasA : 0;
  w[S_NIS] = 1;
  w[S_RSCALE] = 1;
  return w;
}

export const ekfSoc = (w: Float64Array) => w[X];
export const ekfSocSigma = (w: Float64Array) => Math.sqrt(Math.max(0, w[P]));
export const ekfBiasA = (w: Float64Array) => w[X + 4];
export const ekfHysteresis = (w: Float64Array) => w[X + 3];
export const ekfV1 = (w: Float64Array) => w[X + 1];
export const ekfV2 = (w: Float64Array) => w[X + 2];
export const ekfInnovationV = (w: Float64Array) => w[S_INNOV];
export const ekfPredictedV = (w: Float64Array) => w[S_LASTV];

/**
 * One filter step: measurement update with (currentA, voltageV) at this sample, then prediction over dtS with the
 * same current held (zero-order hold). Cell quantities (mean cell of a pack).
 */
export function ekfStep(w: Float64Array, ocv: OcvTable, p: EkfParamsView, cfg: EkfConfig, currentA: number, voltageV: number, dtS: number): void {
  ekfUpdate(w, ocv, p, cfg, currentA, voltageV, dtS);
  ekfPredict(w, p, cfg, currentA, dtS);
}

/** Measurement update with the sample (currentA, voltageV); dtS is the sampling interval (noise colour scaling). */
export function ekfUpdate(w: Float64Array, ocv: OcvTable, p: EkfParamsView, cfg: EkfConfig, currentA: number, voltageV: number, dtS: number): void {
  const soc = w[X];
  const h = cfg.hysteresis ? w[X + 3] : 0;
  const b = cfg.biasState ? w[X + 4] : 0;
  const iTrue = currentA - b;
  const sigma = Math.sqrt(w[P] > 0 ? w[P] : 0);
  w[S_SIGMA] = sigma;
  let slope: number;
  if (cfg.statisticalLinearisation) {
    let hw = 1.7320508075688772 * sigma;
    if (hw < 0.02) hw = 0.02;
    let lo = soc - hw;
    let hi = soc + hw;
    if (lo < 0) lo = 0;
    if (hi > 1) hi = 1;
    slope = hi - lo > 1e-6 ? (lookup(ocv.midV, hi) - lookup(ocv.midV, lo)) / (hi - lo) : lookup(ocv.slopeVPerSoc, soc);
  } else slope = lookup(ocv.slopeVPerSoc, soc);
  const m = cfg.hysteresis ? lookup(ocv.halfWidthV, soc) : 0;
  const dm = cfg.hysteresis ? lookup(ocv.halfSlopeVPerSoc, soc) : 0;
  const vPred = lookup(ocv.midV, soc) + m * h - p.r0Ohm * iTrue - w[X + 1] - w[X + 2];
  w[S_LASTV] = vPred;
  w[HV + 0] = slope + dm * h;
  w[HV + 1] = -1;
  w[HV + 2] = -1;
  w[HV + 3] = m;
  w[HV + 4] = cfg.biasState ? p.r0Ohm : 0;
  let r = cfg.sigmaVoltageV * cfg.sigmaVoltageV + (cfg.quantStepV * cfg.quantStepV) / 12;
  // model error: OCV-table error plus a relative error of the modelled overpotential (parameters known to ±x %)
  const v1a = w[X + 1] < 0 ? -w[X + 1] : w[X + 1];
  const v2a = w[X + 2] < 0 ? -w[X + 2] : w[X + 2];
  const ohm = p.r0Ohm * iTrue;
  const eta = cfg.overpotentialRelError * ((ohm < 0 ? -ohm : ohm) + v1a + v2a);
  // OCV-table SoC-axis error δs: in steep regions a small SoC misalignment is a large voltage error (slope·δs)
  const sl = slope * cfg.ocvSocAxisError;
  let rModel = (cfg.ocvModelErrorV * cfg.ocvModelErrorV + eta * eta + sl * sl) * (cfg.modelErrorCorrelationS / (dtS > 0 ? dtS : 1));
  if (cfg.observabilityNoise) {
    const as = slope < 0 ? -slope : slope;
    const ratio = cfg.flatSlopeVPerSoc / (as > 1e-6 ? as : 1e-6);
    rModel *= 1 + ratio * ratio;
  }
  r = (r + rModel) * w[S_RSCALE];
  // P·Hᵀ and S
  let s = r;
  for (let i = 0; i < N; i++) {
    let acc = 0;
    for (let j = 0; j < N; j++) acc += w[P + i * N + j] * w[HV + j];
    w[PHT + i] = acc;
    s += w[HV + i] * acc;
  }
  const innov = voltageV - vPred;
  w[S_INNOV] = innov;
  if (cfg.adaptiveNoise) {
    // covariance matching over ≈300 samples; only ever inflates R (never trusts the voltage more than designed)
    const nis = (innov * innov) / s;
    w[S_NIS] += (nis - w[S_NIS]) / 300;
    w[S_RSCALE] = w[S_NIS] > 1 ? w[S_NIS] : 1;
  }
  for (let i = 0; i < N; i++) w[KV + i] = w[PHT + i] / s;
  for (let i = 0; i < N; i++) w[X + i] += w[KV + i] * innov;
  // Joseph-free symmetric update P −= K·S·Kᵀ (= K·(P·Hᵀ)ᵀ)
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) w[P + i * N + j] -= w[KV + i] * w[PHT + j];
  if (w[X] < 0) w[X] = 0;
  else if (w[X] > 1) w[X] = 1;
  if (w[X + 3] > 1) w[X + 3] = 1;
  else if (w[X + 3] < -1) w[X + 3] = -1;
}

/** Time update over dtS with currentA held (zero-order hold). */
export function ekfPredict(w: Float64Array, p: EkfParamsView, cfg: EkfConfig, currentA: number, dtS: number): void {
  const bb = cfg.biasState ? w[X + 4] : 0;
  const i2 = currentA - bb;
  const a1 = Math.exp(-dtS / p.tau1S);
  const a2 = Math.exp(-dtS / p.tau2S);
  const qAs = 3600 * p.capacityAh;
  const absI = i2 < 0 ? -i2 : i2;
  const e = Math.exp(-(absI * dtS) / (p.hysteresisSocScale * qAs));
  const f04 = dtS / qAs;
  const f14 = -p.r1Ohm * (1 - a1);
  const f24 = -p.r2Ohm * (1 - a2);
  w[X] -= (i2 * dtS) / qAs;
  w[X + 1] = a1 * w[X + 1] + p.r1Ohm * (1 - a1) * i2;
  w[X + 2] = a2 * w[X + 2] + p.r2Ohm * (1 - a2) * i2;
  if (i2 > 0) w[X + 3] = e * w[X + 3] - (1 - e);
  else if (i2 < 0) w[X + 3] = e * w[X + 3] + (1 - e);
  // TMP = F·P (F has diag [1, a1, a2, e, 1] and last column [f04, f14, f24, 0, 1])
  for (let j = 0; j < N; j++) {
    const p4j = w[P + 4 * N + j];
    w[TMP + 0 * N + j] = w[P + 0 * N + j] + f04 * p4j;
    w[TMP + 1 * N + j] = a1 * w[P + 1 * N + j] + f14 * p4j;
    w[TMP + 2 * N + j] = a2 * w[P + 2 * N + j] + f24 * p4j;
    w[TMP + 3 * N + j] = e * w[P + 3 * N + j];
    w[TMP + 4 * N + j] = p4j;
  }
  // P = TMP·Fᵀ
  for (let i = 0; i < N; i++) {
    const t4 = w[TMP + i * N + 4];
    w[P + i * N + 0] = w[TMP + i * N + 0] + f04 * t4;
    w[P + i * N + 1] = a1 * w[TMP + i * N + 1] + f14 * t4;
    w[P + i * N + 2] = a2 * w[TMP + i * N + 2] + f24 * t4;
    w[P + i * N + 3] = e * w[TMP + i * N + 3];
    w[P + i * N + 4] = t4;
  }
  // process noise
  const qi = (cfg.currentNoiseA * dtS) / qAs;
  w[P + 0] += qi * qi;
  const qrc = cfg.rcNoiseVPerSqrtS * cfg.rcNoiseVPerSqrtS * dtS;
  w[P + 6] += qrc;
  w[P + 12] += qrc;
  const dsoc = (absI * dtS) / qAs;
  w[P + 18] += cfg.hysteresis ? cfg.hysteresisNoisePerSoc * cfg.hysteresisNoisePerSoc * dsoc : 0;
  if (cfg.biasState) w[P + 24] += cfg.biasDriftAPerSqrtS * cfg.biasDriftAPerSqrtS * dtS;
  // keep P symmetric against round-off
  for (let i = 0; i < N; i++)
    for (let j = i + 1; j < N; j++) {
      const avg = 0.5 * (w[P + i * N + j] + w[P + j * N + i]);
      w[P + i * N + j] = avg;
      w[P + j * N + i] = avg;
    }
}
