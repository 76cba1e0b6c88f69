/**
 * Indicative pack-level composition per chemistry, as mass fraction (kg of component per kg of battery pack).
 *
 * WHY indicative: the passport's own composition (Annex XIII point 1(c)/(d) materials data) always wins; these
 * defaults only fill gaps so a batch can still be balanced. Values are rounded from published pack bills of
 * materials of the kind used in Argonne's BatPaC / EverBatt models and in Dunn et al., "The significance of Li-ion
 * batteries in electric vehicle life-cycle energy and emissions and recycling's role in its reduction",
 * Energy Environ. Sci. 8 (2015) 158, e.g. NMC622 cells ≈ 0.6 kg Ni, 0.2 kg Co, 0.19 kg Mn, 0.11 kg Li per kWh at
 * ≈ 0.15 kWh/kg pack. They are order-of-magnitude figures for planning, not for a declaration.
 * `other` lumps oxygen/phosphate bound in the cathode, steel, electronics, binders and separators.
 */
import type { Chemistry } from '../../passport/index.js';

export const COMPONENTS = [
  'Co',
  'Ni',
  'Li',
  'Mn',
  'Cu',
  'Al',
  'Fe',
  'P',
  'Pb',
  'graphite',
  'electrolyte',
  'plastics',
  'steel',
  'other',
] as const;
export type Component = (typeof COMPONENTS)[number];
export type Composition = Partial<Record<Component, number>>;

export const COMPOSITION_SOURCE =
  'indicative pack BOM rounded from Argonne BatPaC/EverBatt and Dunn et al. 2015 (Energy Environ. Sci. 8:158)';

export const DEFAULT_PACK_COMPOSITION: Readonly<Partial<Record<Chemistry, Composition>>> = {
  NMC: { Ni: 0.09, Co: 0.03, Mn: 0.028, Li: 0.017, Cu: 0.09, Al: 0.22, graphite: 0.15, electrolyte: 0.1, plastics: 0.05, steel: 0.1, other: 0.125 },
  NCA: { Ni: 0.11, Co: 0.02, Mn: 0, Li: 0.017, Cu: 0.09, Al: 0.225, graphite: 0.15, electrolyte: 0.1, plastics: 0.05, steel: 0.1, other: 0.138 },
  LFP: { Li: 0.012, Fe: 0.08, P: 0.045, Cu: 0.1, Al: 0.22, graphite: 0.14, electrolyte: 0.11, plastics: 0.05, steel: 0.11, other: 0.133 },
  LMFP: { Li: 0.012, Mn: 0.045, Fe: 0.04, P: 0.045, Cu: 0.1, Al: 0.22, graphite: 0.14, electrolyte: 0.11, plastics: 0.05, steel: 0.11, other: 0.128 },
  LMO: { Li: 0.012, Mn: 0.1, Cu: 0.1, Al: 0.22, graphite: 0.14, electrolyte: 0.1, plastics: 0.05, steel: 0.11, other: 0.168 },
  LTO: { Li: 0.025, Mn: 0.03, Ni: 0.03, Co: 0.01, Cu: 0.02, Al: 0.3, electrolyte: 0.1, plastics: 0.05, steel: 0.12, other: 0.315 },
  NaIon: { Li: 0, Mn: 0.04, Fe: 0.04, Ni: 0.03, Cu: 0.01, Al: 0.3, electrolyte: 0.1, plastics: 0.05, steel: 0.12, other: 0.31 },
};

export class CompositionError extends Error {
  override name = 'CompositionError';
}

/** Check a composition: fractions in [0, 1] and summing to at most 1 (+ rounding slack). */
export function validateComposition(c: Composition, label: string): void {
  let sum = 0;
  for (const [k, v] of Object.entries(c)) {
    if (!(COMPONENTS as readonly string[]).includes(k)) throw new CompositionError(`${label}: unknown component "${k}"`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new CompositionError(`${label}: fraction of ${k} must be in [0, 1], got ${v}`);
    }
    sum += v;
  }
  if (sum > 1 + 1e-6) throw new CompositionError(`${label}: fractions sum to ${sum.toFixed(4)} > 1`);
}

/**
 * Composition for one battery: the passport's fractions when given (source 'passport'), else the chemistry default.
 * 'other' chemistry has no default and must come with a passport composition.
 */
export function resolveComposition(
  chemistry: Chemistry,
  passportComposition: Composition | undefined,
  label: string,
): { composition: Composition; source: 'passport' | 'chemistry-default' } {
  if (passportComposition) {
    validateComposition(passportComposition, label);
    return { composition: passportComposition, source: 'passport' };
  }
  const def = DEFAULT_PACK_COMPOSITION[chemistry];
  if (!def) throw new CompositionError(`${label}: chemistry "${chemistry}" has no default composition; the passport must give one`);
  return { composition: def, source: 'chemistry-default' };
}
