/**
 * Reads identification, operation, characteristics, sustainability, materials, conformity, safety, sources,
 * metadata and handling of a Catena-X battery_pass 6.1.0 document.
 */
import { CHEMISTRY_CODES } from '../../catalogue/index.js';
import type { AttributeValue, BatteryStatus, Chemistry } from '../../types.js';
import type { Node } from '../batterypass/reader.js';
import { STATUS_OUT } from './export-general.js';
import { ABSOLUTE_UNIT, PER_KWH_UNIT, STAGES, TOTAL_LIFECYCLE } from './export-materials.js';
import { CONCENTRATION_UNITS, type ConcentrationUnit, type HeavyMetal } from './model.js';
import type { CatenaXImportState } from './import-state.js';
import { BPNA_PATTERN, BPNL_PATTERN, NIL_UUID_URN, roundSig } from './values.js';

const STATUS_IN = Object.fromEntries(Object.entries(STATUS_OUT).map(([k, v]) => [v, k])) as Record<string, BatteryStatus>;
const CATEGORY_IN: Record<string, string> = { EV: 'ev', LMT: 'lmt', industrial: 'industrial' };
const MASS_TO_KG: Record<string, number> = {
  'unit:gram': 0.001,
  'unit:kilogram': 1,
  'unit:tonneMetricTon': 1000,
  'unit:tonUsOrShortTonUkorus': 907.18474,
  'unit:ounceAvoirdupois': 0.028349523125,
  'unit:pound': 0.45359237,
};
const UUID = /^(urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const DOCUMENT_TYPES = ['billOfMaterial', 'model3D', 'dismantlingManual', 'removalManual', 'otherManual', 'drawing'];
const LABEL_SUBJECTS = ['separateCollection', 'hazardousMaterial', 'carbonFootprint', 'extinguishingAgent'];

function matching(n: Node, key: string, pattern: RegExp, what: string): string {
  const v = n.str(key);
  if (!pattern.test(v)) n.r.fail(n.at(key), `expected ${what}`);
  return v;
}

const BPNL = 'a BPNL (BPNL + 12 letters or digits)';

function uuidUrn(n: Node, key: string): string {
  const m = UUID.exec(n.str(key));
  if (!m) n.r.fail(n.at(key), 'expected a UUID or urn:uuid identifier');
  return `urn:uuid:${m[2].toLowerCase()}`;
}

/** Content of the first document of an optional list; more entries are reported and ignored. */
function firstDoc(n: Node, key: string): { node: Node; content: string; header: string } | undefined {
  if (!n.has(key)) return undefined;
  const docs = n.list(key);
  if (docs.length > 1) n.r.warn(n.at(key), `${docs.length} documents where the catalogue keeps one link; the first is used`);
  return docs[0] ? { node: docs[0], content: docs[0].str('content'), header: docs[0].str('header') } : undefined;
}

function setDoc(s: CatenaXImportState, n: Node, listKey: string, attribute: string): void {
  const d = firstDoc(n, listKey);
  if (d) s.set(attribute, d.content, d.node, 'content');
}

export function readIdentification(n: Node, s: CatenaXImportState): void {
  const category = CATEGORY_IN[n.str('category')];
  if (category === undefined) n.r.warn(n.at('category'), `category ${n.str('category')} has no counterpart in the catalogue (ev, lmt, industrial, stationary); not imported`);
  else s.set('batteryCategory', category, n, 'category');
  s.cx.batteryId = n.str('idDmc');
  s.set('batteryIdentifier', s.cx.batteryId, n, 'idDmc');
  const chem = /^([\s\S]+) \(([A-Za-z]+)\)$/.exec(n.str('chemistry'));
  const code = chem ? chem[2] : n.str('chemistry');
  if (!(CHEMISTRY_CODES as readonly string[]).includes(code)) n.r.fail(n.at('chemistry'), `expected a chemistry code (${CHEMISTRY_CODES.join(', ')}), optionally after a clear name: "<name> (<code>)"`);
  s.cx.chemistry = code as Chemistry;
  if (chem) s.set('batteryChemistry', { shortName: code, clearName: chem[1] }, n, 'chemistry');
  const id = n.obj('identification');
  const serial = id.has('serial') ? id.list('serial').find((x) => x.str('key') === 'partInstanceId') : undefined;
  if (serial) s.cx.packSerialNumber = serial.str('value');
  const type = id.obj('type');
  s.cx.manufacturerModelId = type.str('manufacturerPartId');
  if (type.str('nameAtManufacturer') !== s.cx.manufacturerModelId) type.r.warn(type.at('nameAtManufacturer'), 'part name is not kept (the catalogue has the model identifier only)');
  for (const key of ['codes', 'classification']) if (id.list(key).length > 0) id.r.warn(id.at(key), 'not kept (no catalogue attribute)');
  const carrier = id.obj('dataCarrier');
  if (carrier.str('carrierType') !== 'QR') carrier.r.warn(carrier.at('carrierType'), 'Art. 13(6) asks for a QR code; the carrier type is not kept');
  s.sup.dataCarrierLayout = carrier.str('carrierLayout');
}

export function readOperation(n: Node, s: CatenaXImportState): void {
  const intoService = n.optStr('intoServiceDate');
  if (intoService !== undefined) s.set('puttingIntoServiceDate', intoService, n, 'intoServiceDate');
  const m = n.obj('manufacturer');
  const facilities = m.list('facility');
  if (facilities.length === 0) m.r.fail(m.at('facility'), 'expected the BPNA of the manufacturing site');
  if (facilities.length > 1) m.r.warn(m.at('facility'), 'several sites; the first is kept');
  s.sup.manufacturingSiteBpna = matching(facilities[0], 'facility', BPNA_PATTERN, 'a BPNA (BPNA + 12 letters or digits)');
  s.sup.manufacturerBpnl = matching(m, 'manufacturer', BPNL_PATTERN, BPNL);
  const date = m.optStr('manufacturingDate');
  if (date !== undefined) s.set('manufacturingDate', date, m, 'manufacturingDate');
}

export function readCharacteristics(n: Node, s: CatenaXImportState): void {
  const w = n.obj('warranty');
  const unit = w.str('lifeUnit');
  const factor = unit === 'unit:month' ? 1 : unit === 'unit:year' ? 12 : undefined;
  if (factor === undefined) w.r.warn(w.at('lifeUnit'), `${unit} warranties cannot be kept (the catalogue holds months)`);
  else s.set('warrantyPeriod', w.num('lifeValue') * factor, w, 'lifeValue');
  const weight = n.obj('physicalDimension').obj('weight');
  const toKg = MASS_TO_KG[weight.oneOf('unit', Object.keys(MASS_TO_KG))];
  s.set('batteryMass', roundSig(weight.num('value') * toKg), weight, 'value');
}

export function readSustainability(n: Node, s: CatenaXImportState): void {
  const docs = n.obj('documents');
  setDoc(s, docs, 'separateCollection', 'separateCollectionInformation');
  setDoc(s, docs, 'wastePrevention', 'wastePreventionInformation');
  const entries = n.list('carbonFootprint').filter((e) => e.str('type') === 'Climate Change Total');
  const find = (lifecycle: string, unit: string) => entries.find((e) => e.str('lifecycle') === lifecycle && e.str('unit') === unit);
  const total = find(TOTAL_LIFECYCLE, PER_KWH_UNIT);
  if (total) {
    const value = total.num('value');
    s.set('carbonFootprintPerFunctionalUnit', value, total, 'value');
    const cls = total.optStr('performanceClass');
    if (cls !== undefined) s.set('carbonFootprintPerformanceClass', cls, total, 'performanceClass');
    setDoc(s, total, 'declaration', 'carbonFootprintStudy');
    for (const [key, lifecycle] of STAGES) {
      const stage = find(lifecycle, PER_KWH_UNIT);
      if (stage && value > 0) s.set(key, roundSig((stage.num('value') / value) * 100, 10), stage, 'value');
    }
  }
  const absolute = find(TOTAL_LIFECYCLE, ABSOLUTE_UNIT);
  if (absolute) s.set('absoluteCarbonFootprint', roundSig(absolute.num('value') / 1000), absolute, 'value');
  const status = STATUS_IN[n.oneOf('status', Object.keys(STATUS_IN))];
  s.cx.status = status;
  s.set('batteryStatus', status, n, 'status');
}

function heavy(n: Node, s: CatenaXImportState, metal: HeavyMetal): void {
  s.sup.heavyMetals[metal] = {
    concentration: n.num('concentration'),
    unit: n.oneOf('materialUnit', CONCENTRATION_UNITS) as ConcentrationUnit,
    location: n.str('location'),
  };
}

export function readMaterials(n: Node, s: CatenaXImportState): void {
  const active = n.obj('active');
  for (const metal of ['nickel', 'cobalt', 'lithium', 'lead'] as const) s.sup.recycledContentPercent[metal] = active.obj(metal).num('recycled');
  const hazardous = n.obj('hazardous');
  for (const metal of ['cadmium', 'mercury', 'lead'] as const) heavy(hazardous.obj(metal), s, metal);
  for (const [node, key] of [[active, 'other'], [hazardous, 'other'], [n, 'composition']] as const) {
    if (node.has(key) && node.list(key).length > 0) node.r.warn(node.at(key), 'not kept (entries lack the hazard class / mass the catalogue needs)');
  }
}

export function readConformity(n: Node, s: CatenaXImportState): void {
  setDoc(s, n, 'declarationOfConformity', 'euDeclarationOfConformity');
  setDoc(s, n, 'resultOfTestReport', 'testReportResults');
  setDoc(s, n, 'thirdPartyAssurance', 'thirdPartyAssurances');
  setDoc(s, n, 'dueDiligencePolicy', 'dueDiligenceReport');
}

export function readSafety(n: Node, s: CatenaXImportState): void {
  const agents = n.list('usableExtinguishAgent');
  // The fire class lives on each agent; without an agent the supplement would lack it.
  if (agents.length === 0) n.r.fail(n.at('usableExtinguishAgent'), 'expected at least one extinguishing agent (Annex VI Part A(9))');
  s.set('extinguishingAgents', agents.map((a) => a.str('media')), n, 'usableExtinguishAgent');
  s.sup.fireClass = agents[0].str('fireClass');
  if (agents.some((a) => a.str('fireClass') !== s.sup.fireClass)) n.r.warn(n.at('usableExtinguishAgent'), 'differing fire classes; the first is kept');
  setDoc(s, n, 'safetyMeasures', 'safetyMeasures');
  // Label meanings travel as a URL document (symbol) and a text document (meaning) with the subject as header.
  const labels = new Map<string, { symbolUrl?: string; meaning?: string }>();
  for (const d of n.list('meaningOfLabels')) {
    const subject = d.oneOf('header', LABEL_SUBJECTS);
    const entry = labels.get(subject) ?? {};
    if (d.str('contentType') === 'URL') entry.symbolUrl = d.str('content');
    else entry.meaning = d.str('content');
    labels.set(subject, entry);
  }
  const meanings: AttributeValue[] = [];
  for (const [subject, e] of labels) {
    if (e.symbolUrl === undefined || e.meaning === undefined) n.r.warn(n.at('meaningOfLabels'), `${subject}: symbol or meaning missing; not kept`);
    else meanings.push({ subject, symbolUrl: e.symbolUrl, meaning: e.meaning });
  }
  if (meanings.length > 0) s.set('labelMeanings', meanings, n, 'meaningOfLabels');
  const docs: AttributeValue[] = [];
  for (const key of ['dismantling', 'removalFromAppliance']) {
    if (!n.has(key)) continue;
    for (const d of n.list(key)) {
      const type = d.str('header');
      if (!DOCUMENT_TYPES.includes(type)) d.r.warn(d.at('header'), `document type ${type} unknown to the catalogue; not kept`);
      else docs.push({ documentType: type, mimeType: d.str('contentType'), url: d.str('content') });
    }
  }
  if (docs.length > 0) s.set('dismantlingInformation', docs, n, 'dismantling');
}

export function readSources(n: Node, s: CatenaXImportState): void {
  if (!n.has('sources')) return;
  const eol = n.list('sources').find((x) => x.str('category') === 'End of Life');
  if (eol) s.set('endOfLifeInformation', eol.str('content'), eol, 'content');
}

export function readMetadata(n: Node, s: CatenaXImportState): void {
  const version = n.str('version');
  if (/^\d+$/.test(version)) s.cx.version = Number(version);
  else n.r.warn(n.at('version'), `passport version ${version} is not a whole number; version 1 is recorded`);
  s.sup.passportExpirationDate = matching(n, 'expirationDate', /^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
  s.cx.issueDate = matching(n, 'issueDate', /^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
  s.sup.economicOperatorBpnl = matching(n, 'economicOperatorId', BPNL_PATTERN, BPNL);
  s.cx.passportId = uuidUrn(n, 'passportIdentifier');
  s.set('batteryPassportIdentifier', s.cx.passportId, n, 'passportIdentifier');
  const predecessor = uuidUrn(n, 'predecessor');
  if (predecessor !== NIL_UUID_URN) s.cx.predecessorPassportId = predecessor;
  s.sup.backupReference = n.str('backupReference');
  if (n.has('lastModification')) s.cx.lastModification = matching(n, 'lastModification', /^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
}

export function readHandling(n: Node, s: CatenaXImportState): void {
  const content = n.obj('content');
  s.sup.sparePartProducerBpnls = content.list('producer').map((x) => matching(x, 'id', BPNL_PATTERN, BPNL));
  if (!n.bool('applicable')) return;
  const parts = content.list('sparePart').map((x) => ({ partName: x.str('nameAtManufacturer'), partNumber: x.str('manufacturerPartId') }));
  if (parts.length > 0) s.set('partNumbers', parts, content, 'sparePart');
}
