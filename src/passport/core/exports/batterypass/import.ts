/**
 * Battery Pass Data Model v1.2 import: any subset of the seven aspect payloads → a native passport.
 * Envelope facts the aspects do not carry (issuer, model id, creation time) come from `options.envelope`;
 * without them the import is rejected, naming the missing fact.
 */
import { CATALOGUE } from '../../catalogue/index.js';
import type { PackNode, Passport } from '../../types.js';
import { SCHEMA_VERSION, validatePassport } from '../../validation.js';
import { BATTERYPASS_ASPECTS, type BatteryPassAspectId, batteryPassFileName } from './aspects.js';
import { readCircularity, readMaterialComposition } from './import-circularity.js';
import { readPerformance } from './import-performance.js';
import { readCarbonFootprint, readGeneralProductInformation, readLabels, readSupplyChainDueDiligence } from './import-product.js';
import { ImportState } from './import-state.js';
import { BatteryPassImportError, type BatteryPassImportOptions, type BatteryPassImportResult } from './model.js';
import { Reader } from './reader.js';

/** Any `{namespace | fileName, content}` document, e.g. an `ExportFile`. */
export interface BatteryPassInputFile {
  namespace?: string;
  fileName?: string;
  content: unknown;
}

function aspectOf(file: BatteryPassInputFile, i: number): BatteryPassAspectId {
  for (const [id, a] of Object.entries(BATTERYPASS_ASPECTS) as [BatteryPassAspectId, (typeof BATTERYPASS_ASPECTS)[BatteryPassAspectId]][]) {
    if (file.namespace === a.namespace || file.fileName === batteryPassFileName(a.namespace)) return id;
  }
  throw new BatteryPassImportError(`files[${i}].namespace`, `${JSON.stringify(file.namespace ?? file.fileName)} is not a Battery Pass v1.2 aspect`);
}

function latest(times: string[]): string {
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

function need<T>(value: T | undefined, field: string, why: string): T {
  if (value === undefined) throw new BatteryPassImportError(field, why);
  return value;
}

export function importBatteryPass(files: readonly BatteryPassInputFile[], options: BatteryPassImportOptions = {}): BatteryPassImportResult {
  if (!Array.isArray(files) || files.length === 0) throw new BatteryPassImportError('files', 'expected at least one aspect file');
  const byAspect = new Map<BatteryPassAspectId, { file: BatteryPassInputFile; index: number }>();
  files.forEach((file, i) => {
    const id = aspectOf(file, i);
    if (byAspect.has(id)) throw new BatteryPassImportError(`files[${i}].namespace`, `${BATTERYPASS_ASPECTS[id].namespace} given twice`);
    byAspect.set(id, { file, index: i });
  });
  const warnings: string[] = [];
  const state = new ImportState(warnings);
  const env = options.envelope ?? {};
  const read = (id: BatteryPassAspectId, fn: (n: ReturnType<Reader['root']>) => void) => {
    const entry = byAspect.get(id);
    if (entry) fn(new Reader(BATTERYPASS_ASPECTS[id].namespace, warnings).root(entry.file.content));
  };
  // GeneralProductInformation first: its battery mass completes material mass fractions.
  read('generalProductInformation', (n) => readGeneralProductInformation(n, state));
  read('labels', (n) => readLabels(n, state));
  read('carbonFootprint', (n) => readCarbonFootprint(n, state));
  read('supplyChainDueDiligence', (n) => readSupplyChainDueDiligence(n, state));
  read('materialComposition', (n) => readMaterialComposition(n, state, env.structure?.massKg));
  read('circularity', (n) => readCircularity(n, state));
  read('performance', (n) => readPerformance(n, state));

  const passportId = need(state.envelope.passportId ?? env.passportId, 'envelope.passportId', 'not in the files (GeneralProductInformation absent) and not given in options.envelope');
  const batteryId = need(state.envelope.batteryId ?? env.batteryId, 'envelope.batteryId', 'not in the files (GeneralProductInformation absent) and not given in options.envelope');
  const chemistry = need(state.envelope.chemistry ?? env.chemistry, 'envelope.chemistry', 'not in the files (MaterialComposition absent) and not given in options.envelope');
  const issuer = need(env.issuer, 'envelope.issuer', 'Battery Pass aspects do not name the passport issuer; give options.envelope.issuer');
  const modelId = need(env.manufacturerModelId, 'envelope.manufacturerModelId', 'Battery Pass aspects carry no model identifier; give options.envelope.manufacturerModelId');
  const createdAt = need(env.createdAt, 'envelope.createdAt', 'Battery Pass aspects carry no passport creation time; give options.envelope.createdAt');
  for (const [field, mine, theirs] of [
    ['passportId', state.envelope.passportId, env.passportId],
    ['batteryId', state.envelope.batteryId, env.batteryId],
  ] as const) {
    if (mine !== undefined && theirs !== undefined && mine !== theirs) warnings.push(`envelope.${field}: options give ${theirs}, the files ${mine}; the files win`);
  }

  const updatedAt = env.updatedAt ?? latest([createdAt, ...Object.values(state.updatedAt)]);
  // Dynamic attributes need an update time; a value read without one (e.g. an empty event list) is as of updatedAt.
  for (const def of CATALOGUE) {
    if (def.behaviour === 'dynamic' && state.attributes[def.key] !== undefined && state.updatedAt[def.key] === undefined) {
      state.updatedAt[def.key] = updatedAt;
    }
  }
  const structure: PackNode = env.structure ?? { id: 'PACK', kind: 'pack', serialNumber: batteryId, children: [] };
  if (!env.structure) warnings.push('structure: Battery Pass aspects carry no pack tree; a pack node without modules is recorded');
  const status = need(state.envelope.status ?? env.status, 'envelope.status', 'not in the files (GeneralProductInformation absent) and not given in options.envelope');
  const passport: Passport = {
    schemaVersion: SCHEMA_VERSION,
    passportId,
    batteryId,
    status,
    closed: false,
    successorPassportIds: [],
    issuer,
    model: { manufacturerModelId: modelId, chemistry },
    attributes: state.attributes,
    attributeUpdatedAt: state.updatedAt,
    structure,
    createdAt,
    updatedAt,
    version: env.version ?? 1,
  };
  if (env.predecessorPassportId !== undefined) passport.predecessorPassportId = env.predecessorPassportId;
  const errors = validatePassport(passport);
  if (errors.length > 0) {
    const e = errors[0];
    const key = e.attribute.startsWith('attributes.') ? e.attribute.slice('attributes.'.length).split(/[.[]/)[0] : undefined;
    throw new BatteryPassImportError(key && state.sources[key] ? state.sources[key] : e.attribute, e.reason);
  }
  return { passport, warnings };
}
