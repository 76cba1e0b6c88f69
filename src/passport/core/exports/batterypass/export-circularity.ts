/**
 * Battery Pass v1.2 aspects MaterialComposition and Circularity (longlist #31-51) from a native passport.
 */
import { RECYCLED_CONTENT_METALS } from '../../catalogue/index.js';
import { AttributeSource, type Obj, isObj, joinStreet, scale } from './values.js';

/** Our hazard classes → upstream `hazardousSubstanceClass`; upstream enumerates only these three CLP classes. */
export const HAZARD_CLASS_OUT: Record<string, string> = {
  acuteToxicity: 'AcuteToxicity',
  skinCorrosionOrIrritation: 'SkinCorrosionOrIrritation',
  eyeDamageOrIrritation: 'EyeDamageOrIrritation',
};

/** Our document types → upstream `documentType`. */
export const DOCUMENT_TYPE_OUT: Record<string, string> = {
  billOfMaterial: 'BillOfMaterial',
  model3D: 'Model3D',
  dismantlingManual: 'DismantlingManual',
  removalManual: 'RemovalManual',
  otherManual: 'OtherManual',
  drawing: 'Drawing',
};

export function materialComposition(src: AttributeSource): Obj {
  // batteryMaterialIdentifier (a CAS number) is required upstream: materials without one are not listed.
  const materials = src.needArr('batteryMaterials').filter((m): m is Obj => isObj(m) && typeof m.casNumber === 'string');
  const chemistry = src.needObj('batteryChemistry');
  const hazardous = src.needArr('hazardousSubstances').filter(isObj);
  const impacts = new Map<string, Obj>();
  for (const i of src.arr('substanceImpacts')?.filter(isObj) ?? []) impacts.set(String(i.substanceName), i);
  const listed = hazardous.filter((h) => HAZARD_CLASS_OUT[String(h.hazardClass)] !== undefined && typeof h.casNumber === 'string');
  // Substances of another CLP class, or without CAS number, have no upstream representation; they are left out
  // (and reported as not carried) rather than mislabelled.
  return {
    batteryChemistry: { shortName: chemistry.shortName ?? '', clearName: chemistry.clearName ?? '' },
    batteryMaterials: materials.map((m) => ({
      batteryMaterialLocation: { componentName: m.component },
      batteryMaterialIdentifier: m.casNumber,
      batteryMaterialName: m.materialName,
      // Upstream batteryMaterialMass is in grams (unit:gram); the catalogue holds kg.
      batteryMaterialMass: scale(Number(m.massKg), 1000),
      isCriticalRawMaterial: m.isCriticalRawMaterial,
    })),
    hazardousSubstances: listed.map((h) => {
      const loc = isObj(h.location) ? h.location : {};
      const location: Obj = { componentName: loc.component ?? '' };
      if (typeof loc.componentId === 'string') location.componentId = loc.componentId;
      const impact = impacts.get(String(h.substanceName));
      return {
        hazardousSubstanceClass: HAZARD_CLASS_OUT[String(h.hazardClass)],
        hazardousSubstanceName: h.substanceName,
        hazardousSubstanceConcentration: h.concentrationPercent,
        hazardousSubstanceImpact: impact && Array.isArray(impact.hazardStatements) ? impact.hazardStatements : [],
        hazardousSubstanceLocation: location,
        hazardousSubstanceIdentifier: h.casNumber,
      };
    }),
  };
}

function supplierAddress(a: unknown): Obj {
  if (!isObj(a)) return {};
  return { addressCountry: a.addressCountry, postalCode: a.postalCode, streetAddress: joinStreet(String(a.streetAddress), String(a.locality)) };
}

export function circularity(src: AttributeSource): Obj {
  // supplierWebAddress is required upstream: suppliers known without a web address are not listed.
  const sources = src.needArr('sparePartSources').filter((s): s is Obj => isObj(s) && typeof s.webAddress === 'string');
  return {
    dismantlingAndRemovalInformation: src
      .needArr('dismantlingInformation')
      .filter(isObj)
      .map((d) => ({ documentType: DOCUMENT_TYPE_OUT[String(d.documentType)], mimeType: d.mimeType, documentURL: d.url })),
    sparePartSources: sources.map((s) => ({
      nameOfSupplier: s.supplierName,
      addressOfSupplier: supplierAddress(s.postalAddress),
      emailAddressOfSupplier: s.emailAddress,
      supplierWebAddress: s.webAddress,
      components: (Array.isArray(s.components) ? s.components.filter(isObj) : []).map((c) => ({ partName: c.partName, partNumber: c.partNumber })),
    })),
    // Art. 8(1): pre- and post-consumer shares per metal, in longlist order.
    recycledContent: RECYCLED_CONTENT_METALS.map((metal) => ({
      preConsumerShare: src.needNum(`preConsumerRecycled${metal}Share`),
      recycledMaterial: metal,
      postConsumerShare: src.needNum(`postConsumerRecycled${metal}Share`),
    })),
    safetyMeasures: { safetyInstructions: src.needStr('safetyMeasures'), extinguishingAgent: src.needArr('extinguishingAgents') },
    endOfLifeInformation: {
      wastePrevention: src.needStr('wastePreventionInformation'),
      separateCollection: src.needStr('separateCollectionInformation'),
      informationOnCollection: src.needStr('endOfLifeInformation'),
    },
    renewableContent: src.needNum('renewableContentShare'),
  };
}
