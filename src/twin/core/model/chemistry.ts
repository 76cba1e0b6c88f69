/**
 * Built-in OCV–SoC curves and 2-RC defaults per chemistry, for when a cell has no measured table or pulse fit.
 *
 * These are APPROXIMATIONS: representative shapes read off published curves, not measurements of a particular cell.
 * - NMC/graphite: shape of NMC532/622 full cells at C/20 (e.g. Birkl et al., J. Electrochem. Soc. 162 (2015) A2271;
 *   Plett vol. 1 fig. 2.x). Hysteresis ≤ 5 mV, modelled as 3 mV half-width.
 * - LFP/graphite: flat two-plateau curve (≈3.29 V and ≈3.33 V, graphite stage transition near 65–70 % SoC) with a
 *   ≈20 mV half-width hysteresis band, the thermodynamic hysteresis of LiFePO4 (Dreyer et al., Nature Materials 9 (2010)
 *   448; Roscher & Sauer, J. Power Sources 196 (2011) 331).
 * - LMO/graphite: sloping spinel curve with the two-step at ≈4.0/4.1 V (Thackeray's LiMn2O4; e.g. Plett vol. 1).
 *   Hysteresis ≈ 5 mV half-width.
 * Resistances are per ampere-hour (Ω·Ah) so they scale with capacity as cells in parallel do (R ∝ 1/area ∝ 1/capacity).
 * Orders of magnitude from published 2-RC fits of 18650/26650 cells at 25 °C (Hu, Li, Peng, J. Power Sources 198 (2012)
 * 359 for LiFePO4 and LiNMC cells; PulseBat NMC cells in ../shared fit to R0·Ah ≈ 0.05–0.1 Ω·Ah).
 */
import { buildOcvTable, type OcvTable } from './ocv.js';
import type { EcmParams } from './params.js';

export type Chemistry = 'NMC' | 'LFP' | 'LMO';

const SOC = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 1];

const MID: Record<Chemistry, number[]> = {
  NMC: [3.0, 3.3, 3.45, 3.55, 3.6, 3.63, 3.67, 3.72, 3.78, 3.86, 3.94, 4.02, 4.1, 4.14, 4.17, 4.19],
  LFP: [2.8, 3.0, 3.12, 3.2, 3.23, 3.25, 3.275, 3.29, 3.295, 3.3, 3.315, 3.33, 3.335, 3.34, 3.37, 3.55],
  LMO: [3.3, 3.55, 3.7, 3.78, 3.83, 3.86, 3.9, 3.94, 3.97, 4.0, 4.04, 4.08, 4.12, 4.15, 4.18, 4.2],
};

const HALF_WIDTH_V: Record<Chemistry, number> = { NMC: 0.003, LFP: 0.02, LMO: 0.005 };

/** Per-Ah 2-RC values at 25 °C and their activation energies (see params.ts). */
const RC: Record<Chemistry, { r0OhmAh: number; r1OhmAh: number; tau1S: number; r2OhmAh: number; tau2S: number }> = {
  // LFP: R0 ≈ 25 mΩ for a 1.2 Ah 18650; charge-transfer RC of a few seconds, diffusion RC of minutes.
  LFP: { r0OhmAh: 0.03, r1OhmAh: 0.012, tau1S: 8, r2OhmAh: 0.018, tau2S: 150 },
  NMC: { r0OhmAh: 0.06, r1OhmAh: 0.02, tau1S: 5, r2OhmAh: 0.025, tau2S: 100 },
  LMO: { r0OhmAh: 0.05, r1OhmAh: 0.02, tau1S: 5, r2OhmAh: 0.025, tau2S: 100 },
};

/** Voltage limits of one cell (datasheet class values). */
export const CELL_LIMITS_V: Record<Chemistry, { vMinV: number; vMaxV: number }> = {
  LFP: { vMinV: 2.5, vMaxV: 3.65 },
  NMC: { vMinV: 2.8, vMaxV: 4.2 },
  LMO: { vMinV: 3.0, vMaxV: 4.2 },
};

const cache = new Map<Chemistry, OcvTable>();

export function chemistryOcv(chem: Chemistry): OcvTable {
  const hit = cache.get(chem);
  if (hit) return hit;
  const mid = MID[chem];
  const hw = HALF_WIDTH_V[chem];
  // the band narrows towards the ends, where both branches meet the steep knees
  const taper = (s: number) => Math.min(1, s / 0.1, (1 - s) / 0.05);
  const t = buildOcvTable({
    socs: SOC,
    ocvChargeV: mid.map((v, i) => v + hw * taper(SOC[i])),
    ocvDischargeV: mid.map((v, i) => v - hw * taper(SOC[i])),
    source: `built-in ${chem} approximation (see src/twin/core/model/chemistry.ts)`,
  });
  cache.set(chem, t);
  return t;
}

/** Default 2-RC parameters at 25 °C for a cell of the given capacity. */
export function chemistryDefaults(chem: Chemistry, capacityAh: number): EcmParams {
  const rc = RC[chem];
  return {
    capacityAh,
    r0Ohm: rc.r0OhmAh / capacityAh,
    r1Ohm: rc.r1OhmAh / capacityAh,
    tau1S: rc.tau1S,
    r2Ohm: rc.r2OhmAh / capacityAh,
    tau2S: rc.tau2S,
    // one-state hysteresis approaches its branch with e-folding after ≈10 % SoC of throughput for LFP
    // (major-loop transitions of 5–15 % SoC reported by Roscher & Sauer 2011 and Plett vol. 1 §2.7)
    hysteresisSocScale: chem === 'LFP' ? 0.1 : 0.05,
  };
}

/** Guesses the chemistry from a table's mid-range voltage (LFP plateau ≈3.3 V, NMC ≈3.7 V, LMO ≈3.95 V). */
export function guessChemistry(t: OcvTable): Chemistry {
  let s = 0;
  for (let k = 0; k <= 10; k++) s += t.midV[Math.round(((0.3 + 0.04 * k) * (t.n - 1)))];
  const mean = s / 11;
  if (mean < 3.45) return 'LFP';
  if (mean < 3.85) return 'NMC';
  return 'LMO';
}
