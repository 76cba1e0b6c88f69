/**
 * Catena-X battery_pass 6.1.0 import: document → native passport + the Catena-X supplement (BPNs, availability,
 * test conditions, heavy metals) that has no place in the catalogue. The issuer's DID and name are not in the
 * document (only its BPNL) and must be given in `options.envelope.issuer`.
 */
import { CATALOGUE } from '../../catalogue/index.js';
import type { PackNode, Passport } from '../../types.js';
import { SCHEMA_VERSION, validatePassport } from '../../validation.js';
import { BatteryPassImportError } from '../batterypass/model.js';
import { Reader } from '../batterypass/reader.js';
import { checkSupplement } from './export.js';
import {
  readCharacteristics,
  readConformity,
  readHandling,
  readIdentification,
  readMaterials,
  readMetadata,
  readOperation,
  readSafety,
  readSources,
  readSustainability,
} from './import-general.js';
import { readPerformance } from './import-performance.js';
import { CatenaXImportState } from './import-state.js';
import { CatenaXImportError, type CatenaXImportOptions, type CatenaXImportResult, type CatenaXSupplement } from './model.js';
import { CATENAX_FILE_NAME, CATENAX_NAMESPACE } from './values.js';

export interface CatenaXInputFile {
  namespace?: string;
  fileName?: string;
  content: unknown;
}

function latest(times: string[]): string {
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

function need<T>(value: T | undefined, field: string, why: string): T {
  if (value === undefined) throw new CatenaXImportError(field, why);
  return value;
}

export function importCatenaX(files: readonly CatenaXInputFile[], options: CatenaXImportOptions = {}): CatenaXImportResult {
  if (!Array.isArray(files)) throw new CatenaXImportError('files', 'expected a list of files');
  const mine = files.filter((f) => f.namespace === CATENAX_NAMESPACE || f.fileName === CATENAX_FILE_NAME);
  if (mine.length !== 1) throw new CatenaXImportError('files', `expected exactly one ${CATENAX_FILE_NAME} document, got ${mine.length}`);
  try {
    return read(mine[0].content, options);
  } catch (e) {
    // Path-aware reading is shared with the Battery Pass importer; report in this format's error type.
    if (e instanceof BatteryPassImportError) throw new CatenaXImportError(e.field, e.reason);
    throw e;
  }
}

function read(content: unknown, options: CatenaXImportOptions): CatenaXImportResult {
  const warnings: string[] = [];
  const s = new CatenaXImportState(warnings);
  const root = new Reader(CATENAX_NAMESPACE, warnings).root(content);
  readMetadata(root.obj('metadata'), s);
  readIdentification(root.obj('identification'), s);
  readOperation(root.obj('operation'), s);
  readCharacteristics(root.obj('characteristics'), s);
  // Rated resistance is read before the dynamic values that are checked against it.
  readPerformance(root.obj('performance'), s);
  readSustainability(root.obj('sustainability'), s);
  readMaterials(root.obj('materials'), s);
  readConformity(root.obj('conformity'), s);
  readSafety(root.obj('safety'), s);
  readSources(root, s);
  readHandling(root.obj('handling'), s);
  const purpose = root.obj('commercial').strings('purpose');
  if (!purpose.includes('automotive')) warnings.push(`${CATENAX_NAMESPACE}:$.commercial.purpose: 'automotive' is missing (required for exchange via Catena-X)`);

  const supplement = { ...s.sup } as CatenaXSupplement;
  const problems = checkSupplement(supplement);
  if (problems.length > 0) {
    const [field, ...reason] = problems[0].split(': ');
    throw new CatenaXImportError(`${CATENAX_NAMESPACE}:${field}`, reason.join(': '));
  }

  const env = options.envelope ?? {};
  const cx = s.cx;
  const issuer = need(env.issuer, 'envelope.issuer', 'Catena-X names the economic operator by BPNL only; give the issuer (DID, role, name) in options.envelope.issuer');
  const issueMidnight = `${cx.issueDate}T00:00:00Z`;
  const createdAt = env.createdAt ?? issueMidnight;
  if (env.createdAt && env.createdAt.slice(0, 10) !== cx.issueDate) warnings.push(`envelope.createdAt: ${env.createdAt} is not on the document's issueDate ${cx.issueDate}`);
  const times = [createdAt, ...Object.values(s.updatedAt)];
  if (cx.lastModification) times.push(`${cx.lastModification}T00:00:00Z`);
  const updatedAt = env.updatedAt ?? latest(times);
  for (const def of CATALOGUE) {
    if (def.behaviour === 'dynamic' && s.attributes[def.key] !== undefined && s.updatedAt[def.key] === undefined) s.updatedAt[def.key] = updatedAt;
  }
  const batteryId = need(cx.batteryId, 'identification.idDmc', 'missing');
  let structure: PackNode;
  if (env.structure) {
    structure = env.structure;
    if (cx.packSerialNumber !== undefined && cx.packSerialNumber !== structure.serialNumber) {
      warnings.push(`identification.identification.serial: partInstanceId ${cx.packSerialNumber} differs from the given pack serial ${structure.serialNumber}`);
    }
  } else {
    structure = { id: 'PACK', kind: 'pack', serialNumber: cx.packSerialNumber ?? batteryId, children: [] };
    warnings.push('structure: Catena-X carries no pack tree; a pack node without modules is recorded');
  }
  const passport: Passport = {
    schemaVersion: SCHEMA_VERSION,
    passportId: need(cx.passportId, 'metadata.passportIdentifier', 'missing'),
    batteryId,
    status: need(cx.status, 'sustainability.status', 'missing'),
    closed: false,
    successorPassportIds: [],
    issuer,
    model: { manufacturerModelId: need(cx.manufacturerModelId, 'identification.identification.type', 'missing'), chemistry: need(cx.chemistry, 'identification.chemistry', 'missing') },
    attributes: s.attributes,
    attributeUpdatedAt: s.updatedAt,
    structure,
    createdAt,
    updatedAt,
    version: cx.version ?? 1,
  };
  if (cx.predecessorPassportId !== undefined) passport.predecessorPassportId = cx.predecessorPassportId;
  const errors = validatePassport(passport);
  if (errors.length > 0) {
    const e = errors[0];
    const key = e.attribute.startsWith('attributes.') ? e.attribute.slice('attributes.'.length).split(/[.[]/)[0] : undefined;
    throw new CatenaXImportError(key && s.sources[key] ? s.sources[key] : e.attribute, e.reason);
  }
  return { passport, supplement, warnings };
}
