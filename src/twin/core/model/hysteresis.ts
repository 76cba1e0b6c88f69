/**
 * One-state dynamic hysteresis (Plett, J. Power Sources 134 (2004) 262, "ESC" model; vol. 1 §2.7):
 *   h_{k+1} = e·h_k + (1 − e)·(−sgn i_k),  e = exp(−|i_k|·Δt / (γ·Q)),
 * with i > 0 = discharge, so h → −1 on discharge (lower branch) and → +1 on charge. γ·Q is the charge throughput over
 * which the cell moves 1/e of the way between branches (EcmParams.hysteresisSocScale · capacity).
 */

/** Decay factor e for one step. */
export function hysteresisDecay(currentA: number, dtS: number, capacityAh: number, socScale: number): number {
  return Math.exp(-Math.abs(currentA) * dtS / (socScale * capacityAh * 3600));
}

export function hysteresisStep(h: number, currentA: number, dtS: number, capacityAh: number, socScale: number): number {
  const e = hysteresisDecay(currentA, dtS, capacityAh, socScale);
  const target = currentA > 0 ? -1 : currentA < 0 ? 1 : h;
  return e * h + (1 - e) * target;
}
