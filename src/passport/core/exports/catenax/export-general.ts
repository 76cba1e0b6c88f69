/**
 * Catena-X battery_pass 6.1.0: identification, operation, characteristics, conformity, safety, sources, metadata,
 * commercial and handling from a native passport and its Catena-X supplement.
 */
import type { BatteryStatus } from '../../types.js';
import type { CatenaXSupplement } from './model.js';
import { AttributeSource, CATENAX_SPEC_VERSION, type Doc, NIL_UUID_URN, type Obj, linkDoc } from './values.js';

/** Our categories → Catena-X; stationary storage is an industrial battery under Art. 3(1)(13) and has no own value. */
export const CATEGORY_OUT: Record<string, string> = { ev: 'EV', lmt: 'LMT', industrial: 'industrial', stationary: 'industrial' };
export const STATUS_OUT: Record<BatteryStatus, string> = {
  original: 'original',
  repurposed: 'repurposed',
  reused: 're-used',
  remanufactured: 'remanufactured',
  waste: 'waste',
};

/** Fixed document headers, so import can tell the entries of one list apart. */
export const HEADERS = {
  declarationOfConformity: 'EU declaration of conformity (Art. 18)',
  testReports: 'Test reports proving compliance (Annex XIII(3))',
  thirdPartyAssurance: 'Third-party supply chain assurances',
  dueDiligence: 'Supply chain due diligence report (Art. 52(3))',
  safetyMeasures: 'Safety instructions (Annex XIII(2)(d))',
  endOfLife: 'Collection, second life and end-of-life treatment (Art. 74(1)(c))',
  separateCollection: 'Separate collection of waste batteries (Art. 74(1)(b))',
  wastePrevention: 'Waste prevention (Art. 74(1)(a))',
  carbonFootprintStudy: 'Carbon footprint study (Art. 7(1)(g))',
} as const;

/** "<clear name> (<code>)", e.g. "Lithium iron phosphate cathode, graphite anode (LFP)" (upstream asks for detail). */
export function chemistryText(src: AttributeSource): string {
  const chem = src.obj('batteryChemistry');
  return chem && typeof chem.clearName === 'string' ? `${chem.clearName} (${src.p.model.chemistry})` : src.p.model.chemistry;
}

function docIf(url: string | undefined, header: string): Doc[] {
  return url === undefined ? [] : [linkDoc(header, url)];
}

export function identification(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const p = src.p;
  const category = CATEGORY_OUT[src.needStr('batteryCategory')];
  return {
    category: category ?? '',
    idDmc: p.batteryId,
    chemistry: chemistryText(src),
    identification: {
      serial: [{ key: 'partInstanceId', value: p.structure.serialNumber }],
      // The model designation is the only name the manufacturer assigns that the passport holds.
      type: { manufacturerPartId: p.model.manufacturerModelId, nameAtManufacturer: p.model.manufacturerModelId },
      codes: [],
      // Art. 13(6) / Art. 77(3): the passport is reached through a QR code on the battery.
      dataCarrier: { carrierType: 'QR', carrierLayout: sup.dataCarrierLayout },
      classification: [],
    },
  };
}

export function operation(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const manufacturer: Obj = { facility: [{ facility: sup.manufacturingSiteBpna }], manufacturer: sup.manufacturerBpnl };
  const date = src.str('manufacturingDate');
  if (date !== undefined) manufacturer.manufacturingDate = date;
  const out: Obj = { manufacturer };
  const intoService = src.str('puttingIntoServiceDate');
  if (intoService !== undefined) out.intoServiceDate = intoService;
  return out;
}

export function characteristics(src: AttributeSource): Obj {
  return {
    warranty: { lifeValue: src.needNum('warrantyPeriod'), lifeUnit: 'unit:month' },
    physicalDimension: { weight: { value: src.needNum('batteryMass'), unit: 'unit:kilogram' } },
  };
}

export function conformity(src: AttributeSource): Obj {
  return {
    declarationOfConformity: docIf(src.str('euDeclarationOfConformity'), HEADERS.declarationOfConformity),
    resultOfTestReport: docIf(src.str('testReportResults'), HEADERS.testReports),
    thirdPartyAssurance: docIf(src.str('thirdPartyAssurances'), HEADERS.thirdPartyAssurance),
    dueDiligencePolicy: docIf(src.str('dueDiligenceReport'), HEADERS.dueDiligence),
  };
}

/**
 * Label meanings become two documents per label with the label subject as header: the symbol (URL) and its
 * meaning (text/plain); import pairs them again.
 */
function labelDocs(src: AttributeSource): Doc[] {
  return (src.list('labelMeanings') ?? []).flatMap((m) => [
    linkDoc(String(m.subject), String(m.symbolUrl)),
    { contentType: 'text/plain', header: String(m.subject), content: String(m.meaning) },
  ]);
}

export function safety(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const docs = src.list('dismantlingInformation') ?? [];
  const asDoc = (d: Obj): Doc => ({ contentType: String(d.mimeType), header: String(d.documentType), content: String(d.url) });
  const out: Obj = {
    usableExtinguishAgent: src.needStrings('extinguishingAgents').map((media) => ({ media, fireClass: sup.fireClass })),
    safetyMeasures: docIf(src.str('safetyMeasures'), HEADERS.safetyMeasures),
    meaningOfLabels: labelDocs(src),
    dismantling: docs.filter((d) => d.documentType !== 'removalManual').map(asDoc),
  };
  const removal = docs.filter((d) => d.documentType === 'removalManual').map(asDoc);
  if (removal.length > 0) out.removalFromAppliance = removal;
  return out;
}

export function sources(src: AttributeSource): Obj[] {
  const url = src.str('endOfLifeInformation');
  return url === undefined ? [] : [{ header: HEADERS.endOfLife, category: 'End of Life', type: 'URL', content: url }];
}

export function metadata(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const p = src.p;
  return {
    version: String(p.version),
    expirationDate: sup.passportExpirationDate,
    issueDate: p.createdAt.slice(0, 10),
    economicOperatorId: sup.economicOperatorBpnl,
    passportIdentifier: p.passportId,
    predecessor: p.predecessorPassportId ?? NIL_UUID_URN,
    backupReference: sup.backupReference,
    lastModification: p.updatedAt.slice(0, 10),
  };
}

/** Catena-X: "If exchanged via Catena-X, 'automotive' is a must choice included in the list". */
export function commercial(): Obj {
  return { purpose: ['automotive'] };
}

export function handling(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const parts = src.list('partNumbers') ?? [];
  return {
    applicable: parts.length > 0,
    content: {
      producer: sup.sparePartProducerBpnls.map((id) => ({ id })),
      sparePart: parts.map((x) => ({ manufacturerPartId: x.partNumber, nameAtManufacturer: x.partName })),
    },
  };
}

export function specVersion(): string {
  return CATENAX_SPEC_VERSION;
}
