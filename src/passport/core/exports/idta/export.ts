/**
 * Native passport → IDTA-02035 "Digital Battery Passport" value-only JSON, one file per submodel.
 * A submodel whose schema requires a value the passport lacks (e.g. a role-filtered view) is left out
 * and reported instead of being filled with placeholders.
 */
import type { Passport } from '../../types.js';
import type { ExportFile, IdtaExportResult, OmittedSubmodel } from './types.js';
import { IDTA_SUBMODELS, type IdtaSubmodelId, idtaFileName } from './namespaces.js';
import { Attributes, type Built, type ExportContext, type JsonObject } from './values.js';
import { DocumentCollector, type DocumentSpec } from './documents.js';
import { buildNameplate } from './nameplate.js';
import { buildCarbonFootprint } from './carbon-footprint.js';
import { buildTechnicalData } from './technical-data.js';
import { buildProductCondition } from './product-condition.js';
import { buildMaterialComposition } from './material-composition.js';
import { buildCircularity } from './circularity.js';
import { buildDppMetadata, buildHandover } from './dpp-metadata.js';

type Builder = (ctx: ExportContext, notes: string[]) => Built;

/** Submodels built from attributes; Handover Documentation and DPP metadata follow them. */
const BUILDERS: readonly [IdtaSubmodelId, Builder][] = [
  ['nameplate', buildNameplate],
  ['carbonFootprint', buildCarbonFootprint],
  ['technicalData', buildTechnicalData],
  ['productCondition', buildProductCondition],
  ['materialComposition', buildMaterialComposition],
  ['circularity', buildCircularity],
];

function file(id: IdtaSubmodelId, content: JsonObject): ExportFile {
  const { namespace, version } = IDTA_SUBMODELS[id];
  return { namespace, version, fileName: idtaFileName(namespace), content };
}

/** Export with the list of left-out submodels and of values an emitted submodel could not hold. */
export function exportIdtaWithReport(p: Passport): IdtaExportResult {
  const attrs = new Attributes(p.attributes);
  const built = new Map<IdtaSubmodelId, JsonObject>();
  const omitted: OmittedSubmodel[] = [];
  const notes: string[] = [];
  const documents: DocumentSpec[] = [];

  for (const [id, build] of BUILDERS) {
    const docs = new DocumentCollector();
    const localNotes: string[] = [];
    const result = build({ passport: p, attrs, docs }, localNotes);
    if (result.ok) {
      built.set(id, result.content);
      documents.push(...docs.specs);
      notes.push(...localNotes);
    } else omitted.push({ namespace: IDTA_SUBMODELS[id].namespace, missing: result.missing });
  }
  const ctx: ExportContext = { passport: p, attrs, docs: new DocumentCollector() };
  built.set('handover', buildHandover(ctx, documents));
  built.set('dppMetadata', buildDppMetadata(ctx));

  const order = Object.keys(IDTA_SUBMODELS) as IdtaSubmodelId[];
  const files = order.filter((id) => built.has(id)).map((id) => file(id, built.get(id) as JsonObject));
  return { files, omitted, notes };
}

/** One value-only JSON file per IDTA-02035 submodel (parts 1-7) plus the IDTA DPP metadata. */
export function exportIdta(p: Passport): ExportFile[] {
  return exportIdtaWithReport(p).files;
}
