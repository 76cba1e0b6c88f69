/**
 * The twin's SoC filter: the EKF (ekf.ts) plus an online ohmic-resistance estimate (scalar RLS on current steps).
 *
 * R0 is the parameter that moves most with temperature (Arrhenius, ×1.5–2 from 25 to 10 °C) and ageing, and a wrong
 * R0 shows up as a current-correlated voltage error that the filter would otherwise push into SoC. Across one sample
 * the OCV and hysteresis barely move, so ΔV_k + Δ(v1+v2)_k ≈ −R0·Δi_k with the RC voltages from the filter itself.
 * Only steps with |Δi| ≥ 0.1 C are used (smaller steps drown in ADC steps), and R0 stays within ×[0.3, 4] of the
 * prior so a burst of bad samples cannot destabilise the filter. The RLS estimates R0 at the reference temperature
 * (regressor scaled by the Arrhenius factor), so a temperature change does not wash out what was learned.
 */
import type { OcvTable } from '../model/ocv.js';
import type { EcmParams } from '../model/params.js';
import { createEkf, ekfPredict, ekfUpdate, ekfV1, ekfV2, type EkfConfig, type EkfInit } from './ekf.js';
import { createRls, rlsCount, rlsUpdate, type RlsState } from './rls.js';

export interface SocFilterConfig {
  ekf: EkfConfig;
  onlineR0: boolean;
  /** forgetting factor of the R0 RLS (per accepted step) */
  r0Forgetting: number;
}

/** Our filter: every robustness feature on. Each level is a sensor or model class; see docs/twin-validation.md. */
export const TWIN_FILTER: SocFilterConfig = {
  ekf: {
    hysteresis: true,
    biasState: true,
    statisticalLinearisation: true,
    observabilityNoise: true,
    adaptiveNoise: true,
    sigmaVoltageV: 0.002, // voltage-sense noise of a BMS front-end channel
    quantStepV: 0,
    ocvModelErrorV: 0.008, // fidelity of a 2-RC + tabulated-OCV model for LFP under dynamic load (5–10 mV)
    ocvSocAxisError: 0.02, // OCV tests count Ah to ≈1–2 %; stage transitions shift with ageing
    overpotentialRelError: 0.3, // 2-RC parameters from defaults or a fit at another temperature: ±30 %
    modelErrorCorrelationS: 300, // model errors live on the diffusion time scale (minutes)
    flatSlopeVPerSoc: 0.2, // below 0.2 V/unit SoC an 8 mV model error is ≥ 4 % SoC: voltage carries no SoC there
    currentNoiseA: 0.01,
    biasDriftAPerSqrtS: 1e-5, // Hall-sensor offset drift: ≈3 mA over a day
    hysteresisNoisePerSoc: 0.5, // minor loops the one-state model does not describe
    rcNoiseVPerSqrtS: 1e-4,
  },
  onlineR0: true,
  r0Forgetting: 0.999,
};

/** The textbook baseline: states [soc, v1, v2], mid OCV curve, fixed parameters, white measurement noise. */
export const PLAIN_EKF: SocFilterConfig = {
  ekf: {
    ...TWIN_FILTER.ekf,
    hysteresis: false,
    biasState: false,
    statisticalLinearisation: false,
    observabilityNoise: false,
    adaptiveNoise: false,
    modelErrorCorrelationS: 1,
    overpotentialRelError: 0,
    ocvSocAxisError: 0,
  },
  onlineR0: false,
  r0Forgetting: 1,
};

export interface SocFilter {
  cfg: SocFilterConfig;
  ekf: Float64Array;
  /** RLS on R0 at the reference temperature */
  r0: RlsState;
  r0PriorOhm: number;
  /** [last current, last voltage, posterior v1+v2 at the last sample, has-last] */
  last: Float64Array;
  /** parameters in use at the present temperature (r0 from the RLS when online) */
  params: EcmParams;
}

export function createSocFilter(cfg: SocFilterConfig, paramsRef: EcmParams, init: EkfInit): SocFilter {
  return {
    cfg,
    ekf: createEkf(cfg.ekf, init),
    // unnormalised RLS: 1/P0 weighs the prior like one minimal (0.1 C) current step, so data takes over quickly
    r0: createRls(paramsRef.r0Ohm, 1 / (0.1 * paramsRef.capacityAh) ** 2),
    r0PriorOhm: paramsRef.r0Ohm,
    last: new Float64Array(4),
    params: { ...paramsRef },
  };
}

/** R0 at the reference temperature as currently estimated. */
export function socFilterR0RefOhm(f: SocFilter): number {
  if (!f.cfg.onlineR0) return f.r0PriorOhm;
  const w = Math.min(1, rlsCount(f.r0) / 50); // blend with the prior until a few dozen steps were seen
  return (1 - w) * f.r0PriorOhm + w * f.r0[0];
}

/**
 * Sets the parameters for the present temperature. `paramsT` are the temperature-scaled parameters; `r0FactorT` the
 * Arrhenius factor of R0 from the reference temperature (1 at the reference).
 */
export function socFilterSetParams(f: SocFilter, paramsT: EcmParams, r0FactorT: number): void {
  f.params.capacityAh = paramsT.capacityAh;
  f.params.r1Ohm = paramsT.r1Ohm;
  f.params.tau1S = paramsT.tau1S;
  f.params.r2Ohm = paramsT.r2Ohm;
  f.params.tau2S = paramsT.tau2S;
  f.params.hysteresisSocScale = paramsT.hysteresisSocScale;
  f.params.r0Ohm = f.cfg.onlineR0 ? socFilterR0RefOhm(f) * r0FactorT : paramsT.r0Ohm;
}

/** Measurement update with one sample of the mean cell. */
export function socFilterUpdate(f: SocFilter, ocv: OcvTable, currentA: number, voltageV: number, dtS: number, r0FactorT = 1): void {
  const L = f.last;
  const rcNow = ekfV1(f.ekf) + ekfV2(f.ekf);
  if (f.cfg.onlineR0 && L[3] === 1) {
    const di = currentA - L[0];
    if (Math.abs(di) >= 0.1 * f.params.capacityAh) {
      const y = voltageV - L[1] + (rcNow - L[2]);
      let r = rlsUpdate(f.r0, -di * r0FactorT, y, f.cfg.r0Forgetting);
      const lo = 0.3 * f.r0PriorOhm;
      const hi = 4 * f.r0PriorOhm;
      if (r < lo) r = lo;
      else if (r > hi) r = hi;
      f.r0[0] = r;
      f.params.r0Ohm = socFilterR0RefOhm(f) * r0FactorT;
    }
  }
  L[0] = currentA;
  L[1] = voltageV;
  L[3] = 1;
  ekfUpdate(f.ekf, ocv, f.params, f.cfg.ekf, currentA, voltageV, dtS);
  // the posterior RC voltage: the next sample's Δ(v1+v2) is then the model's prediction alone, not the measurement
  // corrections (which would feed a wrong R0 back into its own estimate)
  L[2] = ekfV1(f.ekf) + ekfV2(f.ekf);
}

export function socFilterPredict(f: SocFilter, currentA: number, dtS: number): void {
  ekfPredict(f.ekf, f.params, f.cfg.ekf, currentA, dtS);
}

/** Update with the sample, then predict over dtS to the next sample. */
export function socFilterStep(f: SocFilter, ocv: OcvTable, currentA: number, voltageV: number, dtS: number): void {
  socFilterUpdate(f, ocv, currentA, voltageV, dtS);
  socFilterPredict(f, currentA, dtS);
}
