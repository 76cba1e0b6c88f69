/**
 * Worked-example outputs for any intake: what a hydrometallurgical plant would plausibly ship for the element mass
 * it took in, at stated yields. Used by tests, demos and the sample reports; the yields are illustrative round
 * figures in the range reported for industrial Li-ion hydrometallurgy (e.g. Harper et al., "Recycling lithium-ion
 * batteries from electric vehicles", Nature 575 (2019) 75), not measurements. Salt masses follow stoichiometry
 * (Ni is 22.3 % of NiSO4·6H2O, Co 21.0 % of CoSO4·7H2O, Mn 32.5 % of MnSO4·H2O, Li 18.8 % of Li2CO3).
 */
import type { IntakeItem, OutputFraction } from './batch.js';
import { COMPONENTS, resolveComposition, type Component } from './composition.js';

export const EXAMPLE_YIELDS: Readonly<Partial<Record<Component, number>>> = {
  Ni: 0.95, Co: 0.95, Mn: 0.9, Li: 0.8, Cu: 0.92, Al: 0.9, Fe: 0.9, steel: 0.98, graphite: 0.6, plastics: 0.95, electrolyte: 0.9, other: 0.8,
};

const SALTS: Partial<Record<Component, { name: string; elementShare: number }>> = {
  Ni: { name: 'nickel sulfate hexahydrate', elementShare: 0.2233 },
  Co: { name: 'cobalt sulfate heptahydrate', elementShare: 0.2097 },
  Mn: { name: 'manganese sulfate monohydrate', elementShare: 0.325 },
  Li: { name: 'lithium carbonate', elementShare: 0.1878 },
};

const FATE: Partial<Record<Component, OutputFraction['fate']>> = { plastics: 'energy-recovery', electrolyte: 'disposal', other: 'disposal' };
const NAMES: Partial<Record<Component, string>> = { Cu: 'copper granulate', Al: 'aluminium scrap', Fe: 'iron phosphate residue', steel: 'steel scrap', graphite: 'graphite (purified)', plastics: 'plastics', electrolyte: 'electrolyte (scrubbed)', other: 'leach residue' };

/** Intake element mass per component, from the items' compositions (passport or indicative default). */
export function intakeComponentsKg(intake: readonly IntakeItem[]): Record<Component, number> {
  const kg = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  for (const i of intake) {
    const { composition } = resolveComposition(i.chemistry, i.composition, i.passportId);
    for (const c of COMPONENTS) kg[c] += (composition[c] ?? 0) * i.massKg;
  }
  return kg;
}

/** One output fraction per component the intake carries, at `yields` (default EXAMPLE_YIELDS), rounded to grams. */
export function exampleOutputsFor(intake: readonly IntakeItem[], yields: Readonly<Partial<Record<Component, number>>> = EXAMPLE_YIELDS): OutputFraction[] {
  const inKg = intakeComponentsKg(intake);
  const out: OutputFraction[] = [];
  for (const c of COMPONENTS) {
    const y = yields[c];
    if (!y || !(inKg[c] > 0)) continue;
    const kg = Math.floor(inKg[c] * y * 1000) / 1000;
    if (kg <= 0) continue;
    const salt = SALTS[c];
    out.push(salt
      ? { fractionId: `F-${c}`, name: salt.name, massKg: Math.round((kg / salt.elementShare) * 1000) / 1000, inputDerivedMassKg: kg, componentsKg: { [c]: kg }, fate: 'recycled' }
      : { fractionId: `F-${c}`, name: NAMES[c] ?? c, massKg: kg, componentsKg: { [c]: kg }, fate: FATE[c] ?? 'recycled' });
  }
  return out;
}
