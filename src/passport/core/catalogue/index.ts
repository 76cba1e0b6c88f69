/**
 * The attribute catalogue: all 93 attributes of the Battery Pass v1.2 / DIN DKE SPEC 99100 longlist,
 * ordered by longlist number. Facts (access tier, behaviour, granularity, EV applicability, unit)
 * follow the longlist; names, keys and descriptions are our own.
 */
import type { AttributeDef, AttributeGroup } from './model.js';
import { IDENTIFIER_ATTRIBUTES } from './identifiers.js';
import { LABEL_ATTRIBUTES } from './labels.js';
import { CARBON_FOOTPRINT_ATTRIBUTES } from './carbon-footprint.js';
import { DUE_DILIGENCE_ATTRIBUTES } from './due-diligence.js';
import { MATERIAL_ATTRIBUTES } from './materials.js';
import { CIRCULARITY_ATTRIBUTES } from './circularity.js';
import { PERFORMANCE_CAPACITY_ATTRIBUTES } from './performance-capacity.js';
import { PERFORMANCE_LIFETIME_ATTRIBUTES } from './performance-lifetime.js';

export type { AttributeDef, AttributeGroup, Behaviour, DataType, EvApplicability, FieldDef, Granularity } from './model.js';
export { CHEMISTRY_CODES, CRITICAL_RAW_MATERIALS, HAZARD_CLASSES } from './materials.js';
export { RECYCLED_CONTENT_METALS } from './circularity.js';

export const CATALOGUE: readonly AttributeDef[] = Object.freeze(
  [
    ...IDENTIFIER_ATTRIBUTES,
    ...LABEL_ATTRIBUTES,
    ...CARBON_FOOTPRINT_ATTRIBUTES,
    ...DUE_DILIGENCE_ATTRIBUTES,
    ...MATERIAL_ATTRIBUTES,
    ...CIRCULARITY_ATTRIBUTES,
    ...PERFORMANCE_CAPACITY_ATTRIBUTES,
    ...PERFORMANCE_LIFETIME_ATTRIBUTES,
  ].sort((a, b) => a.number - b.number),
);

/** Groups in longlist order, with display labels (IDTA-02035 style layout). */
export const ATTRIBUTE_GROUPS: readonly { readonly key: AttributeGroup; readonly label: string }[] = Object.freeze([
  { key: 'identifiersAndProductData', label: 'Identifiers and product data' },
  { key: 'symbolsLabelsConformity', label: 'Symbols, labels and conformity documents' },
  { key: 'carbonFootprint', label: 'Battery carbon footprint' },
  { key: 'supplyChainDueDiligence', label: 'Supply chain due diligence' },
  { key: 'materialsAndComposition', label: 'Materials and composition' },
  { key: 'circularityAndResourceEfficiency', label: 'Circularity and resource efficiency' },
  { key: 'performanceAndDurability', label: 'Performance and durability' },
]);

const BY_KEY: ReadonlyMap<string, AttributeDef> = new Map(CATALOGUE.map((d) => [d.key, d]));
const BY_NUMBER: ReadonlyMap<number, AttributeDef> = new Map(CATALOGUE.map((d) => [d.number, d]));

export function attributeByKey(key: string): AttributeDef | undefined {
  return BY_KEY.get(key);
}

export function attributeByNumber(n: number): AttributeDef | undefined {
  return BY_NUMBER.get(n);
}

export function attributesInGroup(group: AttributeGroup): readonly AttributeDef[] {
  return CATALOGUE.filter((d) => d.group === group);
}

/**
 * Attributes whose value is bound to the passport envelope (identifiers, status): they are set when a
 * passport is created or by the lifecycle and never through an ordinary attribute write.
 */
export const ENVELOPE_BOUND_KEYS: ReadonlySet<string> = new Set([
  'batteryPassportIdentifier',
  'batteryIdentifier',
  'batteryStatus',
]);
