/**
 * Reads GeneralProductInformation, Labels, CarbonFootprint and SupplyChainDueDiligence back into catalogue values.
 */
import type { AttributeValue, BatteryStatus } from '../../types.js';
import { LABEL_SUBJECT_OUT, STAGE_OUT } from './export-product.js';
import type { ImportState } from './import-state.js';
import type { Node } from './reader.js';
import { type Obj, expandPassportId, roundSig, scale, splitStreet } from './values.js';

const STATUS_IN: Record<string, BatteryStatus> = {
  Original: 'original',
  Repurposed: 'repurposed',
  Reused: 'reused',
  Remanufactured: 'remanufactured',
  Waste: 'waste',
};
const LABEL_SUBJECT_IN = Object.fromEntries(Object.entries(LABEL_SUBJECT_OUT).map(([k, v]) => [v, k]));

/** Date part of an xsd:dateTime; a time of day other than midnight is reported, since the catalogue keeps dates. */
function datePart(node: Node, key: string): string {
  const v = node.dateTime(key);
  if (!/^\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?(Z|[+-]00:00)?$/.test(v)) node.r.warn(node.at(key), `time of day of ${v} dropped (the catalogue holds a calendar date)`);
  return v.slice(0, 10);
}

/** Upstream PostalAddress → ours; `streetAddress` holds "<street>, <locality>" (see joinStreet). */
function address(node: Node): Obj | undefined {
  const split = splitStreet(node.str('streetAddress'));
  if (!split) {
    node.r.warn(node.at('streetAddress'), 'no ", <locality>" part; the catalogue address needs a locality, value not imported');
    return undefined;
  }
  return { streetAddress: split.streetAddress, postalCode: node.str('postalCode'), locality: split.locality, addressCountry: node.str('addressCountry') };
}

function party(node: Node): Obj | undefined {
  const postalAddress = address(node.obj('postalAddress'));
  if (!postalAddress) return undefined;
  const out: Obj = { identifier: node.str('identifier'), name: node.str('contactName'), postalAddress };
  const email = node.optStr('emailAddress');
  if (email !== undefined) out.emailAddress = email;
  const web = node.optStr('webAddress');
  if (web !== undefined) out.webAddress = web;
  return out;
}

export function readGeneralProductInformation(n: Node, s: ImportState): void {
  const batteryId = n.str('productIdentifier');
  s.envelope.batteryId = batteryId;
  s.set('batteryIdentifier', batteryId, n, 'productIdentifier');
  const passportId = expandPassportId(n.str('batteryPassportIdentifier'));
  if (passportId === undefined) n.r.fail(n.at('batteryPassportIdentifier'), 'expected a urn:uuid passport identifier (32 hex digits, hyphens optional)');
  s.envelope.passportId = passportId;
  s.set('batteryPassportIdentifier', passportId, n, 'batteryPassportIdentifier');
  s.set('batteryCategory', n.oneOf('batteryCategory', ['lmt', 'ev', 'industrial', 'stationary']), n, 'batteryCategory');
  const manufacturer = party(n.obj('manufacturerInformation'));
  if (manufacturer) s.set('manufacturerInformation', manufacturer, n, 'manufacturerInformation');
  s.set('manufacturingDate', datePart(n, 'manufacturingDate'), n, 'manufacturingDate');
  const status = STATUS_IN[n.oneOf('batteryStatus', Object.keys(STATUS_IN))];
  s.envelope.status = status;
  s.set('batteryStatus', status, n, 'batteryStatus');
  const mass = n.num('batteryMass');
  s.set('batteryMass', mass, n, 'batteryMass');
  s.batteryMassKg = mass;
  const place = address(n.obj('manufacturingPlace'));
  if (place) s.set('manufacturingPlace', place, n, 'manufacturingPlace');
  const operator = party(n.obj('operatorInformation'));
  if (operator) s.set('operatorInformation', operator, n, 'operatorInformation');
  s.set('puttingIntoServiceDate', datePart(n, 'puttingIntoService'), n, 'puttingIntoService');
  const warranty = /^--(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?$/.exec(n.str('warrentyPeriod'));
  if (!warranty) n.r.fail(n.at('warrentyPeriod'), 'expected an xsd:gMonth "--MM" (number of months, 01..12)');
  s.set('warrantyPeriod', Number(warranty[1]), n, 'warrentyPeriod');
}

export function readLabels(n: Node, s: ImportState): void {
  s.set('euDeclarationOfConformity', n.str('declarationOfConformity'), n, 'declarationOfConformity');
  s.set('testReportResults', n.str('resultOfTestReport'), n, 'resultOfTestReport');
  const meanings: AttributeValue[] = n.list('labels').map((l) => {
    const text = l.obj('labelingMeaning');
    const languages = Object.keys(text.v);
    const lang = languages.includes('en') ? 'en' : languages[0];
    if (lang === undefined) l.r.fail(l.at('labelingMeaning'), 'expected at least one language entry');
    if (lang !== 'en') l.r.warn(l.at('labelingMeaning'), `no English text; the "${lang}" text is used`);
    if (languages.length > 1) l.r.warn(l.at('labelingMeaning'), `only the "${lang}" text is kept`);
    return { subject: LABEL_SUBJECT_IN[l.oneOf('labelingSubject', Object.keys(LABEL_SUBJECT_IN))], symbolUrl: l.str('labelingSymbol'), meaning: text.str(lang) };
  });
  s.set('labelMeanings', meanings, n, 'labels');
}

export function readCarbonFootprint(n: Node, s: ImportState): void {
  const total = n.num('batteryCarbonFootprint');
  s.set('carbonFootprintPerFunctionalUnit', total, n, 'batteryCarbonFootprint');
  const stages = n.list('carbonFootprintPerLifecycleStage');
  for (const [key, stage] of STAGE_OUT) {
    const entries = stages.filter((e) => e.str('lifecycleStage') === stage);
    if (entries.length === 0) continue;
    if (entries.length > 1) n.r.warn(n.at('carbonFootprintPerLifecycleStage'), `${stage} listed ${entries.length} times; the first is used`);
    const value = entries[0].num('carbonFootprint');
    if (total === 0) {
      n.r.warn(entries[0].at('carbonFootprint'), 'total footprint is 0, so the stage share cannot be computed; not imported');
      continue;
    }
    // Stage values are kg CO2e/kWh; the catalogue keeps each stage as % of the total.
    s.set(key, roundSig((value / total) * 100, 10), entries[0], 'carbonFootprint');
  }
  s.set('carbonFootprintPerformanceClass', n.str('carbonFootprintPerformanceClass'), n, 'carbonFootprintPerformanceClass');
  s.set('carbonFootprintStudy', n.str('carbonFootprintStudy'), n, 'carbonFootprintStudy');
  const absolute = n.optNum('absoluteCarbonFootprint');
  if (absolute !== undefined) s.set('absoluteCarbonFootprint', scale(absolute, 1 / 1000), n, 'absoluteCarbonFootprint');
}

export function readSupplyChainDueDiligence(n: Node, s: ImportState): void {
  s.set('dueDiligenceReport', n.str('supplyChainDueDiligenceReport'), n, 'supplyChainDueDiligenceReport');
  const assurances = n.optStr('thirdPartyAussurances');
  if (assurances !== undefined) s.set('thirdPartyAssurances', assurances, n, 'thirdPartyAussurances');
  const indices = n.optNum('supplyChainIndicies');
  if (indices !== undefined) s.set('supplyChainIndices', indices, n, 'supplyChainIndicies');
}
