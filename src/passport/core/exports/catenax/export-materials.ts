/**
 * Catena-X battery_pass 6.1.0: sustainability (documents, carbon footprint, status) and materials.
 */
import type { CatenaXSupplement, HeavyMetal, HeavyMetalContent, RecycledMetal } from './model.js';
import { HEADERS, STATUS_OUT } from './export-general.js';
import { AttributeSource, type Obj, linkDoc, roundSig } from './values.js';

/** Art. 7(1)(c) life-cycle stages, spelled as in the upstream description of `lifecycle`. */
export const STAGES: readonly [key: string, lifecycle: string][] = [
  ['carbonFootprintRawMaterialShare', 'raw material acquisition and pre-processing'],
  ['carbonFootprintProductionShare', 'main product production'],
  ['carbonFootprintDistributionShare', 'distribution'],
  ['carbonFootprintEndOfLifeShare', 'end of life and recycling'],
];
export const TOTAL_LIFECYCLE = 'total';
export const PER_KWH_UNIT = 'kg CO2e / kWh';
export const ABSOLUTE_UNIT = 'kg CO2e';

/** CAS numbers of the heavy metals Catena-X lists separately (Art. 6 restrictions, Art. 13(5) symbols). */
export const HEAVY_METAL_CAS: Record<HeavyMetal, string> = { cadmium: '7440-43-9', mercury: '7439-97-6', lead: '7439-92-1' };
const METAL_KEY: Record<RecycledMetal, string> = { nickel: 'Nickel', cobalt: 'Cobalt', lithium: 'Lithium', lead: 'Lead' };
/**
 * Critical raw materials per Regulation (EU) 2024/1252 Annex II: cobalt, lithium and nickel (battery grade) are
 * listed; lead, cadmium and mercury are not. A fact about the substance, not about this battery.
 */
const CRITICAL: Record<RecycledMetal | HeavyMetal, boolean> = { nickel: true, cobalt: true, lithium: true, lead: false, cadmium: false, mercury: false };
/** Art. 8(1): Co, Li and Ni recycled shares refer to the active materials. */
const ACTIVE_LOCATION = 'active materials';

function carbonFootprint(src: AttributeSource, sup: CatenaXSupplement): Obj[] {
  const total = src.num('carbonFootprintPerFunctionalUnit');
  if (total === undefined) return [];
  const study = src.str('carbonFootprintStudy');
  const base = (): Obj => ({
    type: 'Climate Change Total',
    rulebook: [],
    manufacturingPlant: [{ facility: sup.manufacturingSiteBpna }],
    declaration: study === undefined ? [] : [linkDoc(HEADERS.carbonFootprintStudy, study)],
  });
  const totalEntry: Obj = { ...base(), lifecycle: TOTAL_LIFECYCLE, value: total, unit: PER_KWH_UNIT };
  const performanceClass = src.str('carbonFootprintPerformanceClass');
  if (performanceClass !== undefined) totalEntry.performanceClass = performanceClass;
  const out = [totalEntry];
  for (const [key, lifecycle] of STAGES) {
    const share = src.num(key);
    // Catena-X wants each stage's footprint per kWh; the catalogue holds the stage's share of the total in %.
    if (share !== undefined) out.push({ ...base(), lifecycle, value: roundSig((total * share) / 100), unit: PER_KWH_UNIT });
  }
  const absolute = src.num('absoluteCarbonFootprint');
  // The catalogue holds t CO2e; written in kg CO2e like the per-kWh values.
  if (absolute !== undefined) out.push({ ...base(), lifecycle: TOTAL_LIFECYCLE, value: roundSig(absolute * 1000), unit: ABSOLUTE_UNIT });
  return out;
}

export function sustainability(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const separate = src.str('separateCollectionInformation');
  const prevention = src.str('wastePreventionInformation');
  return {
    documents: {
      separateCollection: separate === undefined ? [] : [linkDoc(HEADERS.separateCollection, separate)],
      wastePrevention: prevention === undefined ? [] : [linkDoc(HEADERS.wastePrevention, prevention)],
    },
    carbonFootprint: carbonFootprint(src, sup),
    status: STATUS_OUT[src.p.status],
  };
}

/** Art. 8(1) recycled content = pre-consumer + post-consumer share; the supplement stands in when the split is unknown. */
function recycled(src: AttributeSource, sup: CatenaXSupplement, metal: RecycledMetal): number {
  const pre = src.num(`preConsumerRecycled${METAL_KEY[metal]}Share`);
  const post = src.num(`postConsumerRecycled${METAL_KEY[metal]}Share`);
  if (pre !== undefined && post !== undefined) return roundSig(pre + post);
  const given = sup.recycledContentPercent?.[metal];
  if (given === undefined) src.gap(`postConsumerRecycled${METAL_KEY[metal]}Share`, `recycled ${metal} content unknown (needs the pre- and post-consumer shares)`);
  return given ?? Number.NaN;
}

/** Heavy-metal content: from hazardousSubstances when listed there by CAS number, else from the supplement. */
export function heavyMetal(src: AttributeSource, sup: CatenaXSupplement, metal: HeavyMetal): HeavyMetalContent {
  const listed = (src.list('hazardousSubstances') ?? []).find((h) => h.casNumber === HEAVY_METAL_CAS[metal]);
  if (listed && typeof listed.concentrationPercent === 'number') {
    const loc = listed.location as Obj | undefined;
    return { concentration: listed.concentrationPercent, unit: 'unit:percent', location: String(loc?.component ?? '') };
  }
  return sup.heavyMetals[metal];
}

function hazardousEntry(src: AttributeSource, sup: CatenaXSupplement, metal: HeavyMetal): Obj {
  const h = heavyMetal(src, sup, metal);
  return {
    impactOfSubstances: [],
    concentration: h.concentration,
    location: h.location,
    materialUnit: h.unit,
    critical: CRITICAL[metal],
    documentation: [],
  };
}

export function materials(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const active = (metal: 'nickel' | 'cobalt' | 'lithium'): Obj => ({
    location: ACTIVE_LOCATION,
    recycled: recycled(src, sup, metal),
    documentation: [],
    critical: CRITICAL[metal],
  });
  const lead = { ...hazardousEntry(src, sup, 'lead'), recycled: recycled(src, sup, 'lead') };
  return {
    active: { nickel: active('nickel'), lithium: active('lithium'), cobalt: active('cobalt'), lead },
    hazardous: { cadmium: hazardousEntry(src, sup, 'cadmium'), mercury: hazardousEntry(src, sup, 'mercury'), lead },
    // Entries need per-material recycled and renewable shares, which the passport does not hold per material.
    composition: [],
  };
}
