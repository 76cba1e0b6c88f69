/**
 * Two-RC equivalent-circuit model (Thevenin model with a fast charge-transfer and a slow diffusion branch; e.g.
 * Plett, Battery Management Systems Vol. 1, 2015, ch. 2) to synthesise pulse tests with known parameters. Tests use it
 * to check feature extraction against closed-form voltages; it is not used for prediction.
 */

export interface EcmParams {
  /** Open-circuit voltage at the starting SoC and its slope with SoC (V per unit SoC). */
  ocvV: number;
  ocvSlopeVPerSoc: number;
  qAh: number;
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
  r2Ohm: number;
  tau2S: number;
}

/**
 * Terminal voltage for a sampled current (A, positive = charge). The current is held constant between samples
 * (zero-order hold), for which the RC update below is exact.
 */
export function simulateEcm(p: EcmParams, timeS: readonly number[], currentA: readonly number[]): number[] {
  let v1 = 0;
  let v2 = 0;
  let socDelta = 0;
  const out: number[] = [];
  for (let i = 0; i < timeS.length; i++) {
    const I = currentA[i];
    out.push(p.ocvV + p.ocvSlopeVPerSoc * socDelta + I * p.r0Ohm + v1 + v2);
    const dt = i + 1 < timeS.length ? timeS[i + 1] - timeS[i] : 0;
    const e1 = Math.exp(-dt / p.tau1S);
    const e2 = Math.exp(-dt / p.tau2S);
    v1 = v1 * e1 + I * p.r1Ohm * (1 - e1);
    v2 = v2 * e2 + I * p.r2Ohm * (1 - e2);
    socDelta += (I * dt) / 3600 / p.qAh;
  }
  return out;
}
