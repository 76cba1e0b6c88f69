/**
 * Documents: IDTA-02035 parts 1, 3, 4, 5 and 7 refer to documents only by identifier
 * (`DocumentIdentifierSet`: "a document ... that can be found in the Handover Documentation model").
 * Every document-valued attribute therefore becomes one IDTA-02035-2 Handover Documentation `Document`
 * (VDI 2770 metadata) whose `DocumentIdentifier` the referencing property lists.
 *
 * Each document is classified twice: by its VDI 2770 Blatt 1:2020 class (mandatory in the Handover
 * Documentation template) and by the DIN DKE SPEC 99100 chapter of the attribute it carries, which lets
 * the importer find documents no IDTA property references (supply chain due diligence, 6.4.2 / 6.4.3).
 * Dismantling documents add the Battery Pass 1.2 `Documenttype` enumeration value.
 */
import type { JsonObject } from './values.js';
import { compact, mediaTypeOf, mlt } from './values.js';
import type { Obj } from './reader.js';

export const VDI2770_SYSTEM = 'VDI2770 Blatt 1:2020';
export const DIN_SYSTEM = 'DIN DKE SPEC 99100:2025-02';
/** SAMM enumeration of dismantling document types in `io.BatteryPass.Circularity:1.2.0`. */
export const BATTERYPASS_DOCTYPE_SYSTEM = 'urn:samm:io.BatteryPass.Circularity:1.2.0#Documenttype';
/** BCP 47 "undetermined": we link to documents without knowing their language. */
export const UNDETERMINED_LANGUAGE = 'und';

/** VDI 2770 Blatt 1:2020 document classes we use. */
export const VDI2770_CLASSES = {
  technicalSpecification: { id: '02-01', name: 'Technical specification' },
  drawings: { id: '02-02', name: 'Drawings, plans' },
  assemblies: { id: '02-03', name: 'Assemblies' },
  certificates: { id: '02-04', name: 'Certificates, declarations' },
  assemblyDisassembly: { id: '03-01', name: 'Assembly, disassembly' },
  operation: { id: '03-02', name: 'Operation' },
  generalSafety: { id: '03-03', name: 'General safety' },
  decommissioning: { id: '03-04', name: 'Commissioning, de-commissioning' },
} as const;

export type VdiClass = (typeof VDI2770_CLASSES)[keyof typeof VDI2770_CLASSES];

/** One document to hand over. */
export interface DocumentSpec {
  /** Unique within the passport (the document domain); derived from the attribute key. */
  id: string;
  title: string;
  url: string;
  contentType: string;
  vdi: VdiClass;
  /** DIN DKE SPEC 99100 chapter of the attribute the document carries, with its heading. */
  din: { chapter: string; name: string };
  /** Battery Pass 1.2 `Documenttype` value (dismantling documents only). */
  batteryPassType?: string;
}

/** Documents one submodel builder refers to; merged into Handover Documentation when the submodel is emitted. */
export class DocumentCollector {
  readonly specs: DocumentSpec[] = [];

  /** Registers a document and returns its identifier for a `DocumentIdentifierSet`. */
  add(spec: Omit<DocumentSpec, 'contentType'> & { contentType?: string }): string {
    this.specs.push({ ...spec, contentType: spec.contentType ?? mediaTypeOf(spec.url) });
    return spec.id;
  }
}

/** IDTA-02035-2 `Document` in value-only form. `domainId` is the passport identifier. */
export function documentContent(spec: DocumentSpec, domainId: string): JsonObject {
  const classifications: JsonObject[] = [
    { ClassId: spec.vdi.id, ClassName: mlt(spec.vdi.name), ClassificationSystem: VDI2770_SYSTEM },
    { ClassId: spec.din.chapter, ClassName: mlt(spec.din.name), ClassificationSystem: DIN_SYSTEM },
  ];
  if (spec.batteryPassType !== undefined) {
    classifications.push({
      ClassId: spec.batteryPassType,
      ClassName: mlt(spec.batteryPassType),
      ClassificationSystem: BATTERYPASS_DOCTYPE_SYSTEM,
    });
  }
  return {
    // A single DocumentId needs no DocumentIsPrimary flag (it only ranks two or more ids).
    DocumentIds: [{ DocumentDomainId: domainId, DocumentIdentifier: spec.id }],
    DocumentClassifications: classifications,
    DocumentVersions: [
      compact({
        Language: [UNDETERMINED_LANGUAGE],
        Title: mlt(spec.title),
        DigitalFiles: [{ value: spec.url, contentType: spec.contentType }],
      }),
    ],
  };
}

/** A document as read back from Handover Documentation. */
export interface ImportedDocument {
  ids: string[];
  title: string;
  url: string;
  contentType: string;
  /** `system → class id`. */
  classes: Map<string, string>;
  path: string;
}

/** Index of imported documents by identifier, with lookups used by the referencing submodels. */
export class DocumentIndex {
  private readonly byId = new Map<string, ImportedDocument>();
  readonly all: ImportedDocument[] = [];

  constructor(
    /** False when no Handover Documentation file was supplied: references then cannot be resolved. */
    readonly present: boolean,
  ) {}

  add(doc: ImportedDocument, warn: (path: string, message: string) => void): void {
    this.all.push(doc);
    for (const id of doc.ids) {
      if (this.byId.has(id)) warn(doc.path, `duplicate DocumentIdentifier ${JSON.stringify(id)}; the first document wins`);
      else this.byId.set(id, doc);
    }
  }

  get(id: string): ImportedDocument | undefined {
    return this.byId.get(id);
  }

  /** Documents classified under a DIN DKE SPEC 99100 chapter. */
  byDinChapter(chapter: string): ImportedDocument[] {
    return this.all.filter((d) => d.classes.get(DIN_SYSTEM) === chapter);
  }
}

/** Reads one Handover Documentation `Document`. */
export function readDocument(o: Obj): ImportedDocument {
  const ids = o.list('DocumentIds').map((d) => d.str('DocumentIdentifier'));
  if (ids.length === 0) o.r.fail(o.at('DocumentIds'), 'a document needs at least one DocumentId');
  const classes = new Map<string, string>();
  for (const c of o.list('DocumentClassifications')) {
    const system = c.str('ClassificationSystem');
    if (!classes.has(system)) classes.set(system, c.str('ClassId'));
  }
  const versions = o.list('DocumentVersions');
  if (versions.length === 0) o.r.fail(o.at('DocumentVersions'), 'a document needs at least one DocumentVersion');
  const version = versions[0];
  const files = version.list('DigitalFiles');
  if (files.length === 0) o.r.fail(version.at('DigitalFiles'), 'a document version needs at least one digital file');
  return {
    ids,
    title: version.text('Title'),
    url: files[0].str('value'),
    contentType: files[0].str('contentType'),
    classes,
    path: o.path,
  };
}
