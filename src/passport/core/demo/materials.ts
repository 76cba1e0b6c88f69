/**
 * Demo composition by chemistry: active materials, electrolyte and current collectors as typical
 * mass fractions of the cells, converted to kilograms and to shares of the pack mass.
 * LFP cells contain no nickel or cobalt, so neither appears in their materials or critical raw materials.
 */
import type { AttributeValue } from '../types.js';
import type { PackDesign, PackFigures } from './designs.js';
import { round } from './prng.js';

interface MaterialSpec {
  component: 'cathode' | 'anode' | 'electrolyte';
  materialName: string;
  casNumber: string;
  /** Share of total cell mass. */
  cellMassFraction: number;
  isCriticalRawMaterial: boolean;
}

interface HazardSpec {
  materialName: string;
  hazardClass: string;
  hazardStatements: string[];
  impact: string;
}

const COMMON: readonly MaterialSpec[] = [
  { component: 'anode', materialName: 'Natural graphite', casNumber: '7782-42-5', cellMassFraction: 0.165, isCriticalRawMaterial: true },
  { component: 'anode', materialName: 'Copper foil', casNumber: '7440-50-8', cellMassFraction: 0.095, isCriticalRawMaterial: true },
  { component: 'cathode', materialName: 'Aluminium foil', casNumber: '7429-90-5', cellMassFraction: 0.05, isCriticalRawMaterial: true },
  { component: 'electrolyte', materialName: 'Lithium hexafluorophosphate', casNumber: '21324-40-3', cellMassFraction: 0.015, isCriticalRawMaterial: true },
  { component: 'electrolyte', materialName: 'Ethylene carbonate', casNumber: '96-49-1', cellMassFraction: 0.055, isCriticalRawMaterial: false },
  { component: 'electrolyte', materialName: 'Dimethyl carbonate', casNumber: '616-38-6', cellMassFraction: 0.05, isCriticalRawMaterial: false },
];

const CATHODE: Record<'NMC' | 'LFP', MaterialSpec> = {
  NMC: { component: 'cathode', materialName: 'Lithium nickel manganese cobalt oxide', casNumber: '346417-97-8', cellMassFraction: 0.3, isCriticalRawMaterial: true },
  LFP: { component: 'cathode', materialName: 'Lithium iron phosphate', casNumber: '15365-14-7', cellMassFraction: 0.33, isCriticalRawMaterial: true },
};

const HAZARDS: readonly HazardSpec[] = [
  {
    materialName: 'Lithium hexafluorophosphate',
    hazardClass: 'acuteToxicity',
    hazardStatements: ['H301', 'H314', 'H372'],
    impact: 'Toxic if swallowed and corrosive to skin and eyes; releases hydrogen fluoride on contact with moisture or in a fire.',
  },
  {
    materialName: 'Ethylene carbonate',
    hazardClass: 'eyeDamageOrIrritation',
    hazardStatements: ['H302', 'H319', 'H373'],
    impact: 'Harmful if swallowed and irritating to the eyes; repeated exposure may damage the kidneys.',
  },
  {
    materialName: 'Dimethyl carbonate',
    hazardClass: 'flammability',
    hazardStatements: ['H225'],
    impact: 'Highly flammable liquid and vapour; contributes to fire spread when a damaged cell vents.',
  },
];

const NMC_HAZARD: HazardSpec = {
  materialName: 'Lithium nickel manganese cobalt oxide',
  hazardClass: 'carcinogenicity',
  hazardStatements: ['H317', 'H350i', 'H372'],
  impact: 'Dust of the cathode powder may cause allergic skin reactions and cancer by inhalation; relevant when cells are opened during recycling.',
};

export interface Composition {
  criticalRawMaterials: AttributeValue;
  batteryMaterials: AttributeValue;
  hazardousSubstances: AttributeValue;
  substanceImpacts: AttributeValue;
}

export function materialsFor(d: PackDesign, f: PackFigures): Composition {
  const specs = [CATHODE[d.chemistry], ...COMMON];
  const massOf = (s: MaterialSpec) => round(s.cellMassFraction * f.cellMassKg, 2);
  const shareOf = (massKg: number) => round((massKg / f.packMassKg) * 100, 2);
  const batteryMaterials = specs.map((s) => {
    const massKg = massOf(s);
    return {
      component: s.component,
      materialName: s.materialName,
      casNumber: s.casNumber,
      massKg,
      massFractionPercent: shareOf(massKg),
      isCriticalRawMaterial: s.isCriticalRawMaterial,
    };
  });
  const hazards = d.chemistry === 'NMC' ? [NMC_HAZARD, ...HAZARDS] : [...HAZARDS];
  const bySpec = new Map(specs.map((s) => [s.materialName, s]));
  const hazardousSubstances = hazards.map((h) => {
    const s = bySpec.get(h.materialName) as MaterialSpec;
    return {
      substanceName: h.materialName,
      casNumber: s.casNumber,
      hazardClass: h.hazardClass,
      concentrationPercent: shareOf(massOf(s)),
      location: { component: s.component },
    };
  });
  const substanceImpacts = hazards.map((h) => ({
    substanceName: h.materialName,
    hazardStatements: h.hazardStatements,
    impact: h.impact,
  }));
  const criticalRawMaterials =
    d.chemistry === 'NMC'
      ? ['aluminium', 'cobalt', 'copper', 'lithium', 'manganese', 'naturalGraphite', 'nickel']
      : ['aluminium', 'copper', 'lithium', 'naturalGraphite', 'phosphorus'];
  return { criticalRawMaterials, batteryMaterials, hazardousSubstances, substanceImpacts };
}
