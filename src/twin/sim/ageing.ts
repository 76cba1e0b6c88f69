/**
 * Semi-empirical ageing of a cell: calendar and cyclic capacity loss as power laws with stress factors, and resistance
 * growth tied to each loss mechanism.
 *
 *   calendar:  L_cal = k_cal(T, SoC) · t^z_cal        (Schmalstieg et al., J. Power Sources 257 (2014) 325: NMC,
 *                                                       t^0.75 with an Arrhenius term and a voltage/SoC term;
 *                                                       LFP t^0.5 after Naumann et al., J. Energy Storage 17 (2018) 153)
 *   cyclic:    L_cyc = k_cyc(T, C-rate) · FEC^z_cyc    (Schmalstieg 2014: √Q for NMC; Wang et al., J. Power Sources 196
 *                                                       (2011) 3942: Ah^0.55 with exp(−(Ea − 370.3·C)/RT) for LFP)
 *   R/R_BoL = 1 + g_cal·L_cal + g_cyc·L_cyc           (Schmalstieg's resistance terms grow ≈2× faster than capacity loss
 *                                                       in relative terms over the same stress)
 *
 * Under varying stress the laws are integrated with the "equivalent time" method: the current loss L is mapped back
 * to the time (or FEC) that would have produced it at today's rate k, and advanced from there:
 *   L' = k · ((L/k)^(1/z) + Δt)^z.
 * Temperature of cycling ageing follows Waldmann et al., J. Power Sources 262 (2014) 129: a minimum near 25 °C,
 * Arrhenius above (Ea ≈ 22 kJ/mol) and lithium plating below (apparent Ea ≈ −55 kJ/mol, fitted at 1C charging). Plating
 * happens while charging, so the cold factor applies to charge throughput only, in proportion to the C-rate up to 1C.
 * Cyclic ageing is driven by charge throughput in both directions (one full equivalent cycle = one discharge and one
 * charge of the rated capacity).
 * Coefficients at 25 °C are set so a cell loses ≈2.5 % (NMC), ≈2 % (LFP) in its first calendar year at 50 % SoC and
 * ≈11 % (NMC), ≈6 % (LFP) after 1000 full equivalent cycles at C/2 — typical of automotive cells, not one product.
 */
import type { Chemistry } from '../core/index.js';

const R_GAS = 8.314462618;
const KELVIN = 273.15;
const T_REF_K = 298.15;

interface AgeingLaw {
  kCal25: number; // per day^zCal at 25 °C, 50 % SoC
  zCal: number;
  eaCalJPerMol: number;
  /** calendar stress vs SoC, normalised to 1 at 50 %: a + b·SoC (Schmalstieg's linear voltage term / Naumann's SoC term) */
  socA: number;
  socB: number;
  kCyc25: number; // per FEC^zCyc at 25 °C, C/2
  zCyc: number;
  gCal: number;
  gCyc: number;
}

export const AGEING_LAWS: Record<Chemistry, AgeingLaw> = {
  // Schmalstieg: α_cap = (7.543·V − 23.75)·1e6·exp(−6976/T) ≈ 2.8e-4 day^-0.75 at 3.7 V / 25 °C; Ea = 6976 K·R ≈ 58 kJ/mol
  NMC: { kCal25: 2.9e-4, zCal: 0.75, eaCalJPerMol: 58_000, socA: 0.35, socB: 1.3, kCyc25: 3.5e-3, zCyc: 0.5, gCal: 2.0, gCyc: 2.5 },
  LFP: { kCal25: 1.05e-3, zCal: 0.5, eaCalJPerMol: 50_000, socA: 0.3, socB: 1.4, kCyc25: 1.35e-3, zCyc: 0.55, gCal: 1.5, gCyc: 2.0 },
  LMO: { kCal25: 4.0e-4, zCal: 0.75, eaCalJPerMol: 58_000, socA: 0.35, socB: 1.3, kCyc25: 4.7e-3, zCyc: 0.5, gCal: 2.0, gCyc: 2.5 },
};

export interface AgeingState {
  /** capacity loss fractions by mechanism */
  calLoss: number;
  cycLoss: number;
  /** full equivalent cycles (discharged Ah / rated Ah) since beginning of life, including the initial age */
  fec: number;
  /** calendar days since beginning of life (including the initial age) */
  ageDays: number;
}

/**
 * Splits an initial capacity loss between calendar (55 %) and cycling (45 %) — a car of typical mixed use — and
 * derives the age and cycle count that produce it at reference stress with the vehicle's multiplier.
 */
export function initialAgeing(chem: Chemistry, initialSoh: number, multiplier = 1): AgeingState {
  const law = AGEING_LAWS[chem];
  const loss = Math.max(0, 1 - initialSoh);
  const calLoss = 0.55 * loss;
  const cycLoss = 0.45 * loss;
  return {
    calLoss,
    cycLoss,
    fec: Math.pow(cycLoss / (multiplier * law.kCyc25), 1 / law.zCyc),
    ageDays: Math.pow(calLoss / (multiplier * law.kCal25), 1 / law.zCal),
  };
}

function arrhenius(eaJPerMol: number, tempC: number): number {
  return Math.exp((eaJPerMol / R_GAS) * (1 / T_REF_K - 1 / (tempC + KELVIN)));
}

/**
 * Cycling stress vs temperature (Waldmann 2014): Arrhenius above 25 °C; below, the plating term grows as the cell
 * gets colder, for charge current only and scaled by the charge C-rate (none on discharge, full at ≥ 1C).
 */
export function cycleTempFactor(tempC: number, cRate = 1): number {
  if (tempC >= 25) return arrhenius(22_400, tempC);
  const charging = cRate < 0 ? Math.min(1, -cRate) : 0;
  return 1 + (arrhenius(-55_500, tempC) - 1) * charging;
}

/** Wang 2011: exp(370.3·C/(R·T)), normalised to C/2. */
export function cycleRateFactor(cRate: number, tempC: number): number {
  return Math.exp((370.3 * (Math.abs(cRate) - 0.5)) / (R_GAS * (tempC + KELVIN)));
}

export function calendarRate(chem: Chemistry, tempC: number, soc: number): number {
  const law = AGEING_LAWS[chem];
  const socFactor = Math.max(0.05, law.socA + law.socB * Math.min(1, Math.max(0, soc)));
  return law.kCal25 * arrhenius(law.eaCalJPerMol, tempC) * socFactor;
}

function advanceLaw(loss: number, k: number, z: number, dx: number): number {
  if (k <= 0 || dx <= 0) return loss;
  const xEq = Math.pow(loss / k, 1 / z);
  return k * Math.pow(xEq + dx, z);
}

/**
 * Advances ageing by dtS at a mean temperature and SoC under a C-rate (signed, positive = discharge, held for the
 * whole interval); `timeFactor` compresses time (ageing as if dtS·timeFactor had passed at this use) and `multiplier`
 * scales both rates (a per-vehicle ageing propensity). Mutates and returns `a`.
 */
export function ageStep(a: AgeingState, chem: Chemistry, dtS: number, tempC: number, soc: number, cRate: number, multiplier: number, timeFactor = 1): AgeingState {
  const law = AGEING_LAWS[chem];
  const dDays = (dtS * timeFactor) / 86_400;
  a.calLoss = advanceLaw(a.calLoss, multiplier * calendarRate(chem, tempC, soc), law.zCal, dDays);
  a.ageDays += dDays;
  // throughput in full equivalent cycles: half a cycle per rated capacity moved in either direction
  const dCycles = (Math.abs(cRate) * dtS * timeFactor) / 3600 / 2;
  if (dCycles > 0) {
    const kCyc = multiplier * law.kCyc25 * cycleTempFactor(tempC, cRate) * cycleRateFactor(cRate, tempC);
    a.cycLoss = advanceLaw(a.cycLoss, kCyc, law.zCyc, dCycles);
    if (cRate > 0) a.fec += dCycles * 2;
  }
  return a;
}

/** Capacity relative to beginning of life. */
export function capacityFraction(a: AgeingState): number {
  return Math.max(0.3, 1 - a.calLoss - a.cycLoss);
}

/** Resistance relative to beginning of life. */
export function resistanceFactor(chem: Chemistry, a: AgeingState): number {
  const law = AGEING_LAWS[chem];
  return 1 + law.gCal * a.calLoss + law.gCyc * a.cycLoss;
}
