/**
 * Physical rules of thumb behind the demo histories: capacity fade, pack resistance growth and the element
 * content of battery modules. The numbers are typical literature values, good enough for plausible
 * demonstration data; they are not measurements of any product.
 */
import type { Chemistry } from '../../passport/index.js';
import type { RecoverableElement } from './payload-schemas.js';

export type Rng = () => number;

export function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return Math.min(max, Math.floor(between(rng, min, max + 1)));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(rng() * items.length))];
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * Semi-empirical fade model: calendar ageing grows with √t, cyclic ageing linearly with full equivalent
 * cycles (e.g. Schmalstieg et al., J. Power Sources 257 (2014)). LFP fades more slowly on both counts.
 */
const FADE: Record<Chemistry, { calendarPctPerSqrtYear: number; cyclePctPer100Fec: number; cellVoltageV: number }> = {
  NMC: { calendarPctPerSqrtYear: 2.5, cyclePctPer100Fec: 1.2, cellVoltageV: 3.65 },
  NCA: { calendarPctPerSqrtYear: 2.7, cyclePctPer100Fec: 1.3, cellVoltageV: 3.6 },
  LFP: { calendarPctPerSqrtYear: 1.8, cyclePctPer100Fec: 0.6, cellVoltageV: 3.2 },
  LMFP: { calendarPctPerSqrtYear: 2.0, cyclePctPer100Fec: 0.8, cellVoltageV: 3.7 },
  LMO: { calendarPctPerSqrtYear: 3.2, cyclePctPer100Fec: 1.6, cellVoltageV: 3.7 },
  LTO: { calendarPctPerSqrtYear: 1.0, cyclePctPer100Fec: 0.2, cellVoltageV: 2.3 },
  NaIon: { calendarPctPerSqrtYear: 2.2, cyclePctPer100Fec: 1.0, cellVoltageV: 3.1 },
  other: { calendarPctPerSqrtYear: 2.5, cyclePctPer100Fec: 1.2, cellVoltageV: 3.6 },
};

export function stateOfHealthPct(chemistry: Chemistry, years: number, fullEquivalentCycles: number, severity: number): number {
  const f = FADE[chemistry];
  const fadePct = severity * (f.calendarPctPerSqrtYear * Math.sqrt(Math.max(0, years)) + (f.cyclePctPer100Fec * fullEquivalentCycles) / 100);
  return Math.max(40, 100 - fadePct);
}

/**
 * DC resistance of the whole pack: about 1 mΩ per series cell of a 100 Ah-class cell at beginning of life,
 * rising as capacity fades (resistance growth roughly 2.5× the relative capacity loss).
 */
export function packResistanceOhm(chemistry: Chemistry, nominalVoltageV: number, nominalCapacityAh: number, sohPct: number): number {
  const seriesCells = Math.max(1, Math.round(nominalVoltageV / FADE[chemistry].cellVoltageV));
  const cellOhm = 0.1 / Math.max(1, nominalCapacityAh);
  return seriesCells * cellOhm * (1 + (2.5 * (100 - sohPct)) / 100);
}

/** Mass fraction of each element in battery modules (cells + module hardware, without pack housing). */
const MODULE_ELEMENT_FRACTIONS: Record<Chemistry, Partial<Record<RecoverableElement, number>>> = {
  NMC: { Li: 0.02, Ni: 0.12, Co: 0.02, Mn: 0.02, Cu: 0.09, Al: 0.12, C: 0.12 },
  NCA: { Li: 0.02, Ni: 0.14, Co: 0.02, Cu: 0.09, Al: 0.13, C: 0.12 },
  LFP: { Li: 0.014, Fe: 0.1, P: 0.055, Cu: 0.09, Al: 0.12, C: 0.11 },
  LMFP: { Li: 0.014, Fe: 0.06, Mn: 0.045, P: 0.055, Cu: 0.09, Al: 0.12, C: 0.11 },
  LMO: { Li: 0.012, Mn: 0.17, Cu: 0.09, Al: 0.12, C: 0.12 },
  LTO: { Li: 0.025, Ti: 0.12, Mn: 0.1, Al: 0.2 },
  NaIon: { Na: 0.04, Fe: 0.05, Mn: 0.05, Al: 0.22, C: 0.12 },
  other: { Cu: 0.09, Al: 0.12 },
};

/**
 * Recovery efficiency ranges. Annex XII Part C sets material recovery targets of 90 % for Co, Cu, Ni and 50 % for
 * Li by end of 2027 (95 % / 80 % by end of 2031); other elements have no target and are recovered less.
 */
const RECOVERY_RANGE: Record<RecoverableElement, [number, number]> = {
  Co: [0.9, 0.98],
  Ni: [0.9, 0.98],
  Cu: [0.9, 0.98],
  Pb: [0.9, 0.98],
  Li: [0.5, 0.85],
  Al: [0.85, 0.95],
  Fe: [0.7, 0.9],
  Mn: [0.7, 0.9],
  P: [0.4, 0.7],
  C: [0.3, 0.6],
  Ti: [0.5, 0.8],
  Na: [0.5, 0.8],
};

export function recoveredMaterialsKg(rng: Rng, chemistry: Chemistry, moduleMassKg: number): Partial<Record<RecoverableElement, number>> {
  const out: Partial<Record<RecoverableElement, number>> = {};
  for (const [el, fraction] of Object.entries(MODULE_ELEMENT_FRACTIONS[chemistry]) as [RecoverableElement, number][]) {
    const [lo, hi] = RECOVERY_RANGE[el];
    out[el] = round(moduleMassKg * fraction * between(rng, lo, hi), 2);
  }
  return out;
}
