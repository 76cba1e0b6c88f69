/** Longlist #31-35: battery materials and composition (Annex VI Part A(7)-(8), (10); Annex XIII(1)(b), (2)(a)). */
import type { AttributeDef } from './model.js';
import { MANUFACTURER, attr } from './define.js';
import { PATTERNS, bool, list, num, obj, oneOf, opt, percent, req, text } from './shapes.js';

const group = 'materialsAndComposition' as const;

/** Same codes as `Chemistry` in types.ts; the passport envelope's model.chemistry must match. */
export const CHEMISTRY_CODES = ['NMC', 'NCA', 'LFP', 'LMFP', 'LMO', 'LTO', 'NaIon', 'other'] as const;

/** Raw materials relevant to batteries on the Critical Raw Materials Act (EU) 2024/1252 Annex II list. */
export const CRITICAL_RAW_MATERIALS = [
  'aluminium',
  'antimony',
  'boron',
  'cobalt',
  'copper',
  'fluorspar',
  'lithium',
  'magnesium',
  'manganese',
  'naturalGraphite',
  'nickel',
  'niobium',
  'phosphorus',
  'siliconMetal',
  'titanium',
  'vanadium',
] as const;

/** GHS/CLP hazard classes; the first three are the ones the Battery Pass 1.2 aspect enumerates. */
export const HAZARD_CLASSES = [
  'acuteToxicity',
  'skinCorrosionOrIrritation',
  'eyeDamageOrIrritation',
  'respiratoryOrSkinSensitisation',
  'carcinogenicity',
  'reproductiveToxicity',
  'specificTargetOrganToxicity',
  'aquaticHazard',
  'flammability',
] as const;

const cellComponent = oneOf(['cathode', 'anode', 'electrolyte', 'separator', 'housing', 'other']);

export const MATERIAL_ATTRIBUTES: readonly AttributeDef[] = [
  attr({
    key: 'batteryChemistry',
    number: 31,
    name: 'Battery chemistry',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: obj({ shortName: req(oneOf(CHEMISTRY_CODES)), clearName: req(text(200)) }),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(b); Annex VI Part A(7)',
    description: 'Cell chemistry as a short code (matching the passport model) and its full name.',
  }),
  attr({
    key: 'criticalRawMaterials',
    number: 32,
    name: 'Critical raw materials',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: list(oneOf(CRITICAL_RAW_MATERIALS), CRITICAL_RAW_MATERIALS.length, 0),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(b); Annex VI Part A(10)',
    description: 'Critical raw materials present in the battery above 0.1 % by weight.',
  }),
  attr({
    key: 'batteryMaterials',
    number: 33,
    name: 'Cathode, anode and electrolyte materials',
    group,
    tier: 'legitimateInterestAndCommission',
    behaviour: 'static',
    granularity: 'model',
    type: list(
      obj({
        component: req(oneOf(['cathode', 'anode', 'electrolyte'])),
        materialName: req(text(200)),
        casNumber: opt(text(12, PATTERNS.casNumber)),
        massKg: req(num(0, 5000, 'kg')),
        massFractionPercent: req(num(0, 100, '%')),
        isCriticalRawMaterial: req(bool),
      }),
      100,
      1,
    ),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(2)(a)',
    description: 'Detailed composition of the active materials and electrolyte, with mass and share of the battery mass.',
  }),
  attr({
    key: 'hazardousSubstances',
    number: 34,
    name: 'Hazardous substances',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: list(
      obj({
        substanceName: req(text(200)),
        casNumber: opt(text(12, PATTERNS.casNumber)),
        hazardClass: req(oneOf(HAZARD_CLASSES)),
        concentrationPercent: req(percent),
        location: req(obj({ component: req(cellComponent), componentId: opt(text(100)) })),
      }),
      100,
      0,
    ),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(b); Annex VI Part A(8)',
    description: 'Substances classified as hazardous (other than mercury, cadmium and lead) contained in the battery.',
  }),
  attr({
    key: 'substanceImpacts',
    number: 35,
    name: 'Impact of substances',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: list(
      obj({
        substanceName: req(text(200)),
        hazardStatements: req(list(text(8, PATTERNS.hazardStatement), 20, 1)),
        impact: req(text(2000)),
      }),
      100,
      0,
    ),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(s); Art. 74(1)(f)',
    description: 'Effects of the contained substances on the environment, human health and safety, with CLP hazard statements.',
  }),
];
