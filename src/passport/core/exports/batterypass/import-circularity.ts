/**
 * Reads MaterialComposition and Circularity back into catalogue values.
 */
import { RECYCLED_CONTENT_METALS } from '../../catalogue/index.js';
import type { AttributeValue } from '../../types.js';
import { DOCUMENT_TYPE_OUT, HAZARD_CLASS_OUT } from './export-circularity.js';
import type { ImportState } from './import-state.js';
import type { Node } from './reader.js';
import { type Obj, scale, splitStreet } from './values.js';

const HAZARD_CLASS_IN = Object.fromEntries(Object.entries(HAZARD_CLASS_OUT).map(([k, v]) => [v, k]));
const DOCUMENT_TYPE_IN = Object.fromEntries(Object.entries(DOCUMENT_TYPE_OUT).map(([k, v]) => [v, k]));

/**
 * MaterialComposition gives material masses but not their share of the battery mass, which the catalogue
 * requires: the share is computed from the battery mass (GeneralProductInformation, or the imported pack node),
 * rounded to 0.01 %.
 */
export function readMaterialComposition(n: Node, s: ImportState, packMassKg: number | undefined): void {
  const chemistry = n.obj('batteryChemistry');
  const chem = { shortName: chemistry.str('shortName'), clearName: chemistry.str('clearName') };
  s.set('batteryChemistry', chem, n, 'batteryChemistry');
  s.envelope.chemistry = chem.shortName as NonNullable<typeof s.envelope.chemistry>;

  const batteryMass = s.batteryMassKg ?? packMassKg;
  const materials = n.list('batteryMaterials').map((m) => {
    const massKg = scale(m.num('batteryMaterialMass'), 1 / 1000);
    const out: Obj = {
      component: m.obj('batteryMaterialLocation').str('componentName'),
      materialName: m.str('batteryMaterialName'),
      casNumber: m.str('batteryMaterialIdentifier'),
      massKg,
      massFractionPercent: batteryMass ? Math.round((massKg / batteryMass) * 10000) / 100 : Number.NaN,
      isCriticalRawMaterial: m.bool('isCriticalRawMaterial'),
    };
    const componentId = m.obj('batteryMaterialLocation').optStr('componentId');
    if (componentId !== undefined) m.r.warn(m.at('batteryMaterialLocation.componentId'), 'component identifiers of materials are not kept');
    return out;
  });
  if (batteryMass === undefined || batteryMass <= 0) {
    n.r.warn(n.at('batteryMaterials'), 'battery mass unknown (no GeneralProductInformation, no pack mass), so mass fractions cannot be computed; not imported');
  } else s.set('batteryMaterials', materials, n, 'batteryMaterials');

  const hazardous: AttributeValue[] = n.list('hazardousSubstances').map((h) => {
    const loc = h.obj('hazardousSubstanceLocation');
    const location: Obj = { component: loc.str('componentName') };
    const componentId = loc.optStr('componentId');
    if (componentId !== undefined) location.componentId = componentId;
    return {
      substanceName: h.str('hazardousSubstanceName'),
      casNumber: h.str('hazardousSubstanceIdentifier'),
      hazardClass: HAZARD_CLASS_IN[h.oneOf('hazardousSubstanceClass', Object.keys(HAZARD_CLASS_IN))],
      concentrationPercent: h.num('hazardousSubstanceConcentration'),
      location,
    };
  });
  s.set('hazardousSubstances', hazardous, n, 'hazardousSubstances');
  // hazardousSubstanceImpact holds hazard statements only; the catalogue's substanceImpacts also wants a written
  // impact, for which the statements themselves stand in (reported).
  const impacts: AttributeValue[] = [];
  for (const h of n.list('hazardousSubstances')) {
    const statements = h.strings('hazardousSubstanceImpact');
    if (statements.length === 0) continue;
    impacts.push({ substanceName: h.str('hazardousSubstanceName'), hazardStatements: statements, impact: `Hazard statements ${statements.join(', ')}` });
  }
  if (impacts.length > 0) {
    n.r.warn(n.at('hazardousSubstances'), 'impact descriptions are not carried upstream; substanceImpacts lists the hazard statements as the impact');
    s.set('substanceImpacts', impacts, n, 'hazardousSubstances');
  }
}

function address(node: Node): Obj | undefined {
  const split = splitStreet(node.str('streetAddress'));
  if (!split) {
    node.r.warn(node.at('streetAddress'), 'no ", <locality>" part; the catalogue address needs a locality, supplier not imported');
    return undefined;
  }
  return { streetAddress: split.streetAddress, postalCode: node.str('postalCode'), locality: split.locality, addressCountry: node.str('addressCountry') };
}

export function readCircularity(n: Node, s: ImportState): void {
  const docs = n.list('dismantlingAndRemovalInformation').map((d) => ({
    documentType: DOCUMENT_TYPE_IN[d.oneOf('documentType', Object.keys(DOCUMENT_TYPE_IN))],
    mimeType: d.str('mimeType'),
    url: d.str('documentURL'),
  }));
  s.set('dismantlingInformation', docs, n, 'dismantlingAndRemovalInformation');

  const suppliers: AttributeValue[] = [];
  for (const sp of n.list('sparePartSources')) {
    const postalAddress = address(sp.obj('addressOfSupplier'));
    if (!postalAddress) continue;
    suppliers.push({
      supplierName: sp.str('nameOfSupplier'),
      postalAddress,
      emailAddress: sp.str('emailAddressOfSupplier'),
      webAddress: sp.str('supplierWebAddress'),
      components: sp.list('components').map((c) => ({ partName: c.str('partName'), partNumber: c.str('partNumber') })),
    });
  }
  s.set('sparePartSources', suppliers, n, 'sparePartSources');

  const recycled = n.list('recycledContent');
  for (const r of recycled) {
    const metal = r.str('recycledMaterial');
    if (!(RECYCLED_CONTENT_METALS as readonly string[]).includes(metal)) r.r.fail(r.at('recycledMaterial'), `expected one of ${RECYCLED_CONTENT_METALS.join(', ')}`);
  }
  for (const metal of RECYCLED_CONTENT_METALS) {
    const entries = recycled.filter((r) => r.str('recycledMaterial') === metal);
    if (entries.length === 0) continue;
    if (entries.length > 1) n.r.warn(n.at('recycledContent'), `${metal} listed ${entries.length} times; the first is used`);
    s.set(`preConsumerRecycled${metal}Share`, entries[0].num('preConsumerShare'), entries[0], 'preConsumerShare');
    s.set(`postConsumerRecycled${metal}Share`, entries[0].num('postConsumerShare'), entries[0], 'postConsumerShare');
  }

  const safety = n.obj('safetyMeasures');
  s.set('safetyMeasures', safety.str('safetyInstructions'), safety, 'safetyInstructions');
  s.set('extinguishingAgents', safety.strings('extinguishingAgent'), safety, 'extinguishingAgent');
  const eol = n.obj('endOfLifeInformation');
  s.set('wastePreventionInformation', eol.str('wastePrevention'), eol, 'wastePrevention');
  s.set('separateCollectionInformation', eol.str('separateCollection'), eol, 'separateCollection');
  s.set('endOfLifeInformation', eol.str('informationOnCollection'), eol, 'informationOnCollection');
  s.set('renewableContentShare', n.num('renewableContent'), n, 'renewableContent');
}
