/**
 * Scalar recursive least squares with exponential forgetting, y ≈ θ·φ:
 *   K = Pφ/(λ + φ²P),  θ += K(y − θφ),  P = (P − KφP)/λ
 * (Ljung & Söderström 1983). The state is a 3-element Float64Array [θ, P, n] so it is allocation-free and JSON-able.
 * Used for the online ohmic resistance (ΔV = −R0·Δi at current steps) and for capacity (ΔAh = Q·ΔSoC between two
 * voltage-anchored SoC points, Plett, J. Power Sources 196 (2011) 2319 — the RLS special case of his total least squares).
 */

export type RlsState = Float64Array;

export function createRls(theta0: number, variance0: number): RlsState {
  return Float64Array.of(theta0, variance0, 0);
}

/** One update; `lambda` ∈ (0, 1], 1 = no forgetting. Returns the new estimate. */
export function rlsUpdate(s: RlsState, phi: number, y: number, lambda: number): number {
  const pPhi = s[1] * phi;
  const k = pPhi / (lambda + phi * pPhi);
  s[0] += k * (y - s[0] * phi);
  s[1] = (s[1] - k * pPhi) / lambda;
  s[2] += 1;
  return s[0];
}

export const rlsEstimate = (s: RlsState) => s[0];
export const rlsVariance = (s: RlsState) => s[1];
export const rlsCount = (s: RlsState) => s[2];
