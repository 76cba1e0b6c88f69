/**
 * Chemistry ageing priors for the power-law fade SoH(t) = 1 − a·t^z (t in years since commissioning).
 * The exponent family comes from the empirical ageing literature: calendar capacity loss ∝ t^0.75 for NMC
 * (Schmalstieg et al. 2014, J. Power Sources 257:325–334) and cycle loss ∝ Ah^z with z ≈ 0.55 for graphite/LFP
 * (Wang et al. 2011, J. Power Sources 196:3942–3948); a field pack mixes both, so z is bounded to [0.5, 1].
 * The magnitudes are set so the median pack reaches 80 % SoH after roughly 8–10 (NMC) and 11–13 (LFP) years, the
 * range of EV warranty and field-fade reports; they are the prior used when a battery has little data, and the
 * population the synthetic fleet draws from. Replace with a fitted fleet population once real returns are known.
 */

export interface AgeingPrior {
  /** mean and standard deviation of the fade coefficient a (fraction of SoH per year^z) */
  aMean: number;
  aSd: number;
  /** mean and standard deviation of the exponent z */
  zMean: number;
  zSd: number;
}

export const Z_MIN = 0.5;
export const Z_MAX = 1;

export const CHEMISTRY_PRIORS: Record<string, AgeingPrior> = {
  NMC: { aMean: 0.038, aSd: 0.009, zMean: 0.75, zSd: 0.1 },
  LFP: { aMean: 0.036, aSd: 0.008, zMean: 0.68, zSd: 0.1 },
};

/** Fallback for an unknown chemistry: the NMC prior widened (less certain). */
export const GENERIC_PRIOR: AgeingPrior = { aMean: 0.036, aSd: 0.014, zMean: 0.72, zSd: 0.14 };

export function priorFor(chemistry: string): AgeingPrior {
  return CHEMISTRY_PRIORS[chemistry] ?? GENERIC_PRIOR;
}
