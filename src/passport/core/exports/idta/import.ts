/**
 * IDTA-02035 value-only JSON → native passport. Malformed input is rejected with an `IdtaImportError`
 * naming `<namespace>:<payload path>`; values that are well-formed but violate the catalogue are rejected
 * the same way. Envelope facts IDTA does not carry (issuer role and name, model identifier, pack
 * structure, creation time, lineage) come from `options` or neutral defaults, each reported as a warning.
 */
import type { AttributeValue, BatteryStatus, Chemistry, Participant, Passport, Role } from '../../types.js';
import { CATALOGUE, CHEMISTRY_CODES, attributeByKey } from '../../catalogue/index.js';
import { BATTERY_ID_PATTERN, DID_WEB_PATTERN, PASSPORT_ID_PATTERN, SCHEMA_VERSION, validateAttributeValue, validatePassport } from '../../validation.js';
import { type ExportFile, IdtaImportError, type IdtaImportOptions, type IdtaImportResult } from './types.js';
import { IDTA_SUBMODELS, type IdtaSubmodelId, idtaFileName } from './namespaces.js';
import { DocumentIndex } from './documents.js';
import { ImportState } from './import-state.js';
import { Reader } from './reader.js';
import { readNameplate } from './nameplate.js';
import { readCarbonFootprint } from './carbon-footprint.js';
import { readTechnicalData } from './technical-data.js';
import { readProductCondition } from './product-condition.js';
import { readMaterialComposition } from './material-composition.js';
import { readCircularity } from './circularity.js';
import { DPP_INACTIVE, readDppMetadata, readHandover, readUnreferencedDocuments } from './dpp-metadata.js';
import { IDTA_UNCARRIED } from './mapping.js';

type SubmodelReader = (r: Reader, content: unknown, state: ImportState) => void;

/** Reading order: identifiers first, technical data before material composition (battery mass). */
const READERS: readonly [IdtaSubmodelId, SubmodelReader][] = [
  ['dppMetadata', readDppMetadata],
  ['nameplate', readNameplate],
  ['technicalData', readTechnicalData],
  ['materialComposition', readMaterialComposition],
  ['carbonFootprint', readCarbonFootprint],
  ['productCondition', readProductCondition],
  ['circularity', readCircularity],
];

const BY_NAME = new Map<string, IdtaSubmodelId>(
  (Object.keys(IDTA_SUBMODELS) as IdtaSubmodelId[]).flatMap((id) => {
    const ns = IDTA_SUBMODELS[id].namespace;
    return [
      [ns, id],
      [idtaFileName(ns), id],
    ] as [string, IdtaSubmodelId][];
  }),
);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Accepts our `ExportFile[]` or a map keyed by namespace or file name. */
function collect(files: ExportFile[] | Record<string, unknown>, warnings: string[]): Map<IdtaSubmodelId, unknown> {
  const out = new Map<IdtaSubmodelId, unknown>();
  const add = (name: string, content: unknown, where: string, version?: string) => {
    const id = BY_NAME.get(name);
    if (id === undefined) {
      warnings.push(`${where}: ${JSON.stringify(name)} is not an IDTA-02035 submodel we read; ignored`);
      return;
    }
    const s = IDTA_SUBMODELS[id];
    if (out.has(id)) throw new IdtaImportError(where, `second file for ${s.namespace}`);
    if (version !== undefined && version !== s.version) warnings.push(`${where}: version ${version} read as ${s.version}`);
    out.set(id, content);
  };
  if (Array.isArray(files)) {
    files.forEach((f, i) => {
      const where = `files[${i}]`;
      if (!isRecord(f) || typeof f.namespace !== 'string') throw new IdtaImportError(`${where}.namespace`, 'expected an export file with a namespace');
      if (f.content === undefined || f.content === null) throw new IdtaImportError(`${where}.content`, 'required value is missing');
      add(f.namespace, f.content, where, typeof f.version === 'string' ? f.version : undefined);
    });
  } else if (isRecord(files)) {
    for (const [name, content] of Object.entries(files)) add(name, content, name);
  } else throw new IdtaImportError('files', 'expected an array of export files or an object keyed by namespace');
  return out;
}

const ISSUER_ROLE: Readonly<Record<BatteryStatus, Role>> = {
  original: 'manufacturer',
  waste: 'manufacturer',
  reused: 'remanufacturer',
  repurposed: 'remanufacturer',
  remanufactured: 'remanufacturer',
};

function fail(field: string, reason: string): never {
  throw new IdtaImportError(field, reason);
}

export function importIdta(files: ExportFile[] | Record<string, unknown>, options: IdtaImportOptions = {}): IdtaImportResult {
  const warnings: string[] = [];
  const contents = collect(files, warnings);
  const handover = contents.get('handover');
  const docs =
    handover === undefined ? new DocumentIndex(false) : readHandover(new Reader(IDTA_SUBMODELS.handover.namespace, warnings), handover);
  const state = new ImportState(warnings, docs);
  for (const [id, read] of READERS) {
    const content = contents.get(id);
    if (content !== undefined) read(new Reader(IDTA_SUBMODELS[id].namespace, warnings), content, state);
  }
  if (handover !== undefined) readUnreferencedDocuments(state);

  const env = state.envelope;
  const dppNs = IDTA_SUBMODELS.dppMetadata.namespace;
  const passportId = env.passportId ?? fail(`${dppNs}:digitalProductPassportId`, 'no passport identifier: supply the DPP metadata or the Digital Nameplate');
  if (!PASSPORT_ID_PATTERN.test(passportId.value)) fail(passportId.source, 'our passports are identified by urn:uuid (Art. 77(3))');
  const batteryId = env.batteryId ?? fail(`${dppNs}:uniqueProductIdentifier`, 'no battery identifier');
  if (!BATTERY_ID_PATTERN.test(batteryId.value)) fail(batteryId.source, 'must be 1-128 characters [A-Za-z0-9._:-] starting with a letter or digit');
  const times = Object.values(state.updatedAt).sort((a, b) => Date.parse(b) - Date.parse(a));
  const updatedAt = env.lastUpdate ?? times[0] ?? fail(`${dppNs}:lastUpdate`, 'no update time: supply the DPP metadata');
  const status: BatteryStatus = env.status ?? 'original';
  if (env.status === undefined) warnings.push('status: no Digital Nameplate LifeCycleStage; assumed original');

  const attributes = state.attributes;
  attributes.batteryPassportIdentifier = passportId.value;
  attributes.batteryIdentifier = batteryId.value;
  if (env.status !== undefined) attributes.batteryStatus = status;
  if (attributes.manufacturingPlace === undefined && env.facilityId !== undefined) {
    state.set('manufacturingPlace', { facilityIdentifier: env.facilityId }, `${dppNs}:facilityId`);
    state.partial.set('manufacturingPlace', 'the DPP metadata carries only the facility identifier');
  }
  checkAttributes(state);

  const issuer = options.issuer ?? defaultIssuer(env.economicOperatorId, status, attributes, warnings);
  const passport: Passport = {
    schemaVersion: SCHEMA_VERSION,
    passportId: passportId.value,
    batteryId: batteryId.value,
    status,
    closed: env.dppStatus === DPP_INACTIVE,
    successorPassportIds: [],
    issuer,
    model: { manufacturerModelId: modelId(options, warnings), chemistry: chemistry(attributes, warnings) },
    attributes,
    attributeUpdatedAt: Object.fromEntries(Object.keys(attributes).map((k) => [k, state.updatedAt[k] ?? updatedAt])),
    structure: options.structure ?? { id: 'pack', kind: 'pack', serialNumber: batteryId.value, children: [] },
    createdAt: options.createdAt ?? updatedAt,
    updatedAt,
    version: 1,
  };
  // Art. 77(6): closing is the passport's last change, so its last update is the closing time.
  if (passport.closed) passport.closedAt = updatedAt;
  report(passport, state, options, warnings);
  return { passport, warnings, incomplete: Object.fromEntries(state.partial) };
}

/** Catalogue check of every imported value; a violation names the IDTA field it was read from. */
function checkAttributes(state: ImportState): void {
  for (const [key, value] of Object.entries(state.attributes)) {
    const def = attributeByKey(key);
    if (!def) throw new IdtaImportError(state.sources[key] ?? key, `${key} is not a catalogue attribute`);
    const problem = validateAttributeValue(def, value);
    if (problem === null) continue;
    const partial = state.partial.get(key);
    if (partial !== undefined) state.warnings.push(`${key}: ${partial}; the imported value is incomplete (${problem})`);
    else throw new IdtaImportError(state.sources[key] ?? key, `${key}: ${problem}`);
  }
}

function defaultIssuer(
  operator: { value: string; source: string } | undefined,
  status: BatteryStatus,
  attributes: Record<string, AttributeValue>,
  warnings: string[],
): Participant {
  const dppNs = IDTA_SUBMODELS.dppMetadata.namespace;
  if (operator === undefined) fail(`${dppNs}:economicOperatorId`, 'no economic operator: supply the DPP metadata or options.issuer');
  if (!DID_WEB_PATTERN.test(operator.value)) fail(operator.source, 'our economic operators are did:web identifiers; pass options.issuer to map others');
  const maker = attributes.manufacturerInformation as { identifier?: string; name?: string } | undefined;
  // The manufacturer's own identifier names it; otherwise the DID is the only name we have.
  const name = maker?.identifier === operator.value && maker.name !== undefined ? maker.name : operator.value;
  const role = ISSUER_ROLE[status];
  warnings.push(`issuer: IDTA carries only the economic operator id; role '${role}' (from the battery status) and name '${name}' assumed`);
  return { did: operator.value, role, name };
}

function modelId(options: IdtaImportOptions, warnings: string[]): string {
  if (options.manufacturerModelId !== undefined) return options.manufacturerModelId;
  warnings.push("model.manufacturerModelId: IDTA-02035 has no battery model identifier; set to 'unknown'");
  return 'unknown';
}

function chemistry(attributes: Record<string, AttributeValue>, warnings: string[]): Chemistry {
  const short = (attributes.batteryChemistry as { shortName?: string } | undefined)?.shortName;
  if (short !== undefined && (CHEMISTRY_CODES as readonly string[]).includes(short)) return short as Chemistry;
  warnings.push(`model.chemistry: no known BatteryChemistry.ShortName${short === undefined ? '' : ` (${short})`}; set to 'other'`);
  return 'other';
}

function report(p: Passport, state: ImportState, options: IdtaImportOptions, warnings: string[]): void {
  const absent: string[] = ['predecessorPassportId', 'successorPassportIds', 'version'];
  if (options.structure === undefined) absent.push('structure (a bare pack node is used)');
  if (options.createdAt === undefined) absent.push('createdAt (set to the last update)');
  warnings.push(`envelope fields IDTA-02035 does not carry: ${absent.join(', ')}`);
  const notCarried = CATALOGUE.filter((d) => IDTA_UNCARRIED[d.key]?.startsWith('not carried')).map((d) => d.key);
  warnings.push(`catalogue attributes IDTA-02035 does not carry: ${notCarried.join(', ')}`);
  // Remaining cross-field problems (e.g. a closed passport whose status is not waste) are reported, not fatal.
  for (const e of validatePassport(p)) {
    const key = e.attribute.replace(/^attributes\./, '').split(/[.[]/)[0];
    if (!state.partial.has(key)) warnings.push(`imported passport: ${e.attribute}: ${e.reason}`);
  }
}
