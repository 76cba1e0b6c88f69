/**
 * IDTA DPP metadata (`io.admin-shell.idta.dpp.dpp_metadata` 1.0.0, EN 18223 passport-level data) from
 * the passport envelope, and IDTA-02035-2 Handover Documentation from the collected documents.
 */
import type { ExportContext, JsonObject } from './values.js';
import { toTimestamp } from './values.js';
import { DIN_SYSTEM, DocumentIndex, documentContent, readDocument, type DocumentSpec, VDI2770_CLASSES } from './documents.js';
import type { ImportState } from './import-state.js';
import type { Reader } from './reader.js';

/** The standards the exported DPP content follows. */
export const DPP_SCHEMA_VERSION = 'IDTA-02035:1.0';
export const CONTENT_SPECIFICATIONS = ['Regulation (EU) 2023/1542 Annex XIII', 'DIN DKE SPEC 99100:2025-02'];
/** EN 18223 dppStatus values we write: a closed passport (Art. 77(6)) is no longer active. */
export const DPP_ACTIVE = 'Active';
export const DPP_INACTIVE = 'Inactive';

export function buildDppMetadata(ctx: ExportContext): JsonObject {
  const { passport: p, attrs } = ctx;
  const facility = attrs.obj<{ facilityIdentifier?: string }>('manufacturingPlace')?.facilityIdentifier;
  const out: JsonObject = {
    digitalProductPassportId: p.passportId,
    uniqueProductIdentifier: p.batteryId,
    // Art. 77(3): one passport per individual battery.
    granularity: 'Item',
    dppSchemaVersion: DPP_SCHEMA_VERSION,
    dppStatus: p.closed ? DPP_INACTIVE : DPP_ACTIVE,
    lastUpdate: toTimestamp(p.updatedAt),
    economicOperatorId: p.issuer.did,
    contentSpecificationIds: CONTENT_SPECIFICATIONS,
  };
  if (facility !== undefined) out.facilityId = facility;
  return out;
}

export function readDppMetadata(r: Reader, content: unknown, state: ImportState): void {
  const root = r.root(content);
  const env = state.envelope;
  env.passportId = { value: root.str('digitalProductPassportId'), source: `${r.namespace}:digitalProductPassportId` };
  env.batteryId = { value: root.str('uniqueProductIdentifier'), source: `${r.namespace}:uniqueProductIdentifier` };
  const granularity = root.enumOf('granularity', ['Model', 'Batch', 'Item']);
  if (granularity !== 'Item') r.warn('granularity', `a battery passport describes one battery (Art. 77(3)); got ${granularity}`);
  env.dppStatus = root.str('dppStatus');
  if (env.dppStatus !== DPP_ACTIVE && env.dppStatus !== DPP_INACTIVE) {
    r.warn('dppStatus', `unknown status ${JSON.stringify(env.dppStatus)}; read as ${DPP_ACTIVE}`);
  }
  env.lastUpdate = root.timestamp('lastUpdate');
  env.economicOperatorId = { value: root.str('economicOperatorId'), source: `${r.namespace}:economicOperatorId` };
  env.facilityId = root.optStr('facilityId');
}

/** Documents no IDTA property refers to: supply chain due diligence (Annex XIII(1)(d), DIN DKE SPEC 99100 6.4). */
const UNREFERENCED: readonly { key: string; chapter: string; name: string }[] = [
  { key: 'dueDiligenceReport', chapter: '6.4.2', name: 'Supply chain due diligence report' },
  { key: 'thirdPartyAssurances', chapter: '6.4.3', name: 'Third-party assurances of recognised schemes' },
];

export function buildHandover(ctx: ExportContext, referenced: readonly DocumentSpec[]): JsonObject {
  const { passport: p, attrs, docs } = ctx;
  for (const u of UNREFERENCED) {
    const url = attrs.str(u.key);
    if (url !== undefined) docs.add({ id: u.key, title: u.name, url, vdi: VDI2770_CLASSES.certificates, din: { chapter: u.chapter, name: u.name } });
  }
  return { Documents: [...referenced, ...docs.specs].map((spec) => documentContent(spec, p.passportId)) };
}

export function readHandover(r: Reader, content: unknown): DocumentIndex {
  const root = r.root(content);
  const index = new DocumentIndex(true);
  for (const d of root.list('Documents')) index.add(readDocument(d), (path, message) => r.warn(path, message));
  return index;
}

/** Sets the due diligence links from documents classified under their DIN DKE SPEC 99100 chapter. */
export function readUnreferencedDocuments(state: ImportState): void {
  for (const u of UNREFERENCED) {
    const found = state.docs.byDinChapter(u.chapter);
    if (found.length > 1) state.warnings.push(`${found[1].path}: second document classified ${DIN_SYSTEM} ${u.chapter}; the first is used`);
    if (found.length > 0) state.set(u.key, found[0].url, `io.admin-shell.idta.batterypass.handover_documentation:${found[0].path}`);
  }
}
