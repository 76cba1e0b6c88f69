/**
 * IDTA-02035-7 Circularity (`io.admin-shell.idta.batterypass.circularity` 1.0.0): dismantling and
 * removal documents (#36), spare part sources (#38), safety measures (#39) and extinguishing agents
 * (#15), recycled content per Art. 8 metal (#40-47), renewable content (#48) and end-user information
 * on waste (#49-51); Annex XIII(1)(e)-(f), (2)(b)-(d); Art. 74.
 * Documents are listed by identifier and handed over in IDTA-02035-2 (see documents.ts).
 */
import type { Built, ExportContext, JsonObject } from './values.js';
import { Requirements, mediaTypeOf, mlt } from './values.js';
import { BATTERYPASS_DOCTYPE_SYSTEM, VDI2770_CLASSES, type VdiClass } from './documents.js';
import type { PostalAddress } from './nameplate.js';
import type { ImportState } from './import-state.js';
import type { Obj, Reader } from './reader.js';

interface DocumentLink {
  documentType: string;
  mimeType: string;
  url: string;
}
interface PartReference {
  partName: string;
  partNumber: string;
}
interface SparePartSource {
  supplierName: string;
  postalAddress: PostalAddress;
  emailAddress: string;
  webAddress?: string;
  components: PartReference[];
}

/** Battery Pass 1.2 `Documenttype` values (UpperCamelCase) for our lowerCamelCase document types. */
const DOC_TYPES: Readonly<Record<string, { upstream: string; title: string; vdi: VdiClass }>> = {
  billOfMaterial: { upstream: 'BillOfMaterial', title: 'Bill of material', vdi: VDI2770_CLASSES.assemblies },
  model3D: { upstream: 'Model3D', title: '3D model', vdi: VDI2770_CLASSES.drawings },
  dismantlingManual: { upstream: 'DismantlingManual', title: 'Dismantling manual', vdi: VDI2770_CLASSES.assemblyDisassembly },
  removalManual: { upstream: 'RemovalManual', title: 'Removal manual', vdi: VDI2770_CLASSES.assemblyDisassembly },
  otherManual: { upstream: 'OtherManual', title: 'Other manual', vdi: VDI2770_CLASSES.operation },
  drawing: { upstream: 'Drawing', title: 'Drawing', vdi: VDI2770_CLASSES.drawings },
};
const DOC_TYPE_BY_UPSTREAM = new Map(Object.entries(DOC_TYPES).map(([ours, t]) => [t.upstream, ours]));

/** Art. 8 metals: upstream RecycledMaterial value and our key suffix. */
const METALS = ['Nickel', 'Cobalt', 'Lithium', 'Lead'] as const;

/** End-user information documents (Art. 74(1)(a)-(c)). */
const END_OF_LIFE: readonly { prop: string; key: string; chapter: string; name: string; vdi: VdiClass }[] = [
  { prop: 'WastePrevention', key: 'wastePreventionInformation', chapter: '6.6.3.2', name: 'Role of end-users in waste prevention', vdi: VDI2770_CLASSES.operation },
  { prop: 'SeparateCollection', key: 'separateCollectionInformation', chapter: '6.6.3.3', name: 'Role of end-users in separate collection', vdi: VDI2770_CLASSES.operation },
  { prop: 'InformationOnCollection', key: 'endOfLifeInformation', chapter: '6.6.3.4', name: 'Collection, second life and treatment', vdi: VDI2770_CLASSES.decommissioning },
];

export function buildCircularity(ctx: ExportContext, notes: string[]): Built {
  const { attrs, docs } = ctx;
  const req = new Requirements();
  const renewable = req.need('RenewableContent ← renewableContentShare', attrs.num('renewableContentShare'));

  return req.result(() => {
    const single = (key: string, chapter: string, name: string, vdi: VdiClass) => {
      const url = attrs.str(key);
      return url === undefined ? [] : [docs.add({ id: key, title: name, url, vdi, din: { chapter, name } })];
    };
    const dismantling = (attrs.list<DocumentLink>('dismantlingInformation') ?? []).map((d, i) => {
      const t = DOC_TYPES[d.documentType];
      return docs.add({
        id: `dismantlingInformation-${i + 1}`,
        title: t.title,
        url: d.url,
        contentType: d.mimeType,
        vdi: t.vdi,
        din: { chapter: '6.6.1.2', name: 'Dismantling and removal information' },
        batteryPassType: t.upstream,
      });
    });

    const sources: JsonObject[] = [];
    for (const s of attrs.list<SparePartSource>('sparePartSources') ?? []) {
      if (s.webAddress === undefined) {
        notes.push(`sparePartSources: "${s.supplierName}" has no web address, which IDTA-02035-7 requires (SupplierWebAddress); not exported`);
        continue;
      }
      sources.push({
        NameOfSupplier: mlt(s.supplierName),
        // AddressOfSupplier has no locality (city) property; the town is not exported.
        AddressOfSupplier: { NationalCode: mlt(s.postalAddress.addressCountry), PostalCode: mlt(s.postalAddress.postalCode), Street: mlt(s.postalAddress.streetAddress) },
        EmailAddressOfSupplier: { EmailAddress: s.emailAddress },
        SupplierWebAddress: s.webAddress,
        Components: s.components.map((c) => ({ PartName: c.partName, PartNumber: c.partNumber })),
      });
    }

    const recycled: JsonObject[] = [];
    for (const metal of METALS) {
      const pre = attrs.num(`preConsumerRecycled${metal}Share`);
      const post = attrs.num(`postConsumerRecycled${metal}Share`);
      if (pre !== undefined && post !== undefined) recycled.push({ PreConsumerShare: pre, RecycledMaterial: metal, PostConsumerShare: post });
      else if (pre !== undefined || post !== undefined) {
        notes.push(`recycled ${metal.toLowerCase()} share: IDTA-02035-7 needs both pre- and post-consumer shares; not exported`);
      }
    }

    const endOfLife: JsonObject = {};
    for (const e of END_OF_LIFE) endOfLife[e.prop] = single(e.key, e.chapter, e.name, e.vdi);

    return {
      DismantlingAndRemovalInformation: dismantling,
      SparePartSources: sources,
      RecycledContentInformation: recycled,
      SafetyMeasures: {
        SafetyInstructions: single('safetyMeasures', '6.6.1.5', 'Safety measures', VDI2770_CLASSES.generalSafety),
        ExtinguishingAgents: attrs.list<string>('extinguishingAgents') ?? [],
      },
      EndOfLifeInformation: endOfLife,
      RenewableContent: renewable as number,
    };
  });
}

function readSources(root: Obj, state: ImportState): void {
  const sources = root.list('SparePartSources').map((s) => {
    const a = s.obj('AddressOfSupplier');
    return {
      supplierName: s.text('NameOfSupplier'),
      postalAddress: { streetAddress: a.text('Street'), postalCode: a.text('PostalCode'), addressCountry: a.text('NationalCode') },
      emailAddress: s.obj('EmailAddressOfSupplier').str('EmailAddress'),
      webAddress: s.str('SupplierWebAddress'),
      components: s.list('Components').map((c) => ({ partName: c.str('PartName'), partNumber: c.str('PartNumber') })),
    };
  });
  if (sources.length === 0) return;
  state.set('sparePartSources', sources, root, 'SparePartSources');
  state.partial.set('sparePartSources', 'IDTA-02035-7 AddressOfSupplier has no locality (town), which the catalogue requires');
}

export function readCircularity(r: Reader, content: unknown, state: ImportState): void {
  const root = r.root(content);
  const ids = root.strings('DismantlingAndRemovalInformation');
  const dismantling = state.documents(root, 'DismantlingAndRemovalInformation', ids).map((d) => {
    const upstream = d.classes.get(BATTERYPASS_DOCTYPE_SYSTEM);
    let documentType = upstream === undefined ? undefined : DOC_TYPE_BY_UPSTREAM.get(upstream);
    if (documentType === undefined) {
      r.warn(d.path, 'document has no Battery Pass document type; read as otherManual');
      documentType = 'otherManual';
    }
    return { documentType, mimeType: d.contentType === '' ? mediaTypeOf(d.url) : d.contentType, url: d.url };
  });
  if (dismantling.length > 0) state.set('dismantlingInformation', dismantling, root, 'DismantlingAndRemovalInformation');

  readSources(root, state);

  for (const entry of root.list('RecycledContentInformation')) {
    const metal = entry.enumOf('RecycledMaterial', METALS);
    state.set(`preConsumerRecycled${metal}Share`, entry.num('PreConsumerShare'), entry, 'PreConsumerShare');
    state.set(`postConsumerRecycled${metal}Share`, entry.num('PostConsumerShare'), entry, 'PostConsumerShare');
  }

  const safety = root.obj('SafetyMeasures');
  const instructions = state.documentUrl(safety, 'SafetyInstructions');
  if (instructions) state.set('safetyMeasures', instructions.url, safety, 'SafetyInstructions');
  const agents = safety.strings('ExtinguishingAgents');
  if (agents.length > 0) state.set('extinguishingAgents', agents, safety, 'ExtinguishingAgents');

  const eol = root.obj('EndOfLifeInformation');
  for (const e of END_OF_LIFE) {
    const doc = state.documentUrl(eol, e.prop);
    if (doc) state.set(e.key, doc.url, eol, e.prop);
  }
  state.set('renewableContentShare', root.num('RenewableContent'), root, 'RenewableContent');
}
