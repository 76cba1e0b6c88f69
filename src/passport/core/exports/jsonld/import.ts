/**
 * JSON-LD import: a document written by `exportJsonLd` (or any document using the same inline context and
 * layout) → the native passport. The document is first expanded strictly (every key must be a context term), so
 * nothing a JSON-LD processor would silently drop is accepted.
 */
import { attributeByKey } from '../../catalogue/index.js';
import type { AttributeValue, PackNode, Passport, Role } from '../../types.js';
import { validatePassport } from '../../validation.js';
import { JSONLD_CONTEXT, valueShape } from './context.js';
import { JsonLdShapeError, expandToStatements } from './expand.js';
import { JSONLD_FILE_NAME, JSONLD_NAMESPACE } from './export.js';
import { CHEMISTRY_CLASS, NODE_CLASS, UNIT_IRIS } from './vocabulary.js';

export class JsonLdImportError extends Error {
  constructor(
    /** JSON path in the document, e.g. `$.describesBattery.ratedCapacity.unit`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'JsonLdImportError';
  }
}

export interface JsonLdInputFile {
  namespace?: string;
  fileName?: string;
  content: unknown;
}

export interface JsonLdImportResult {
  passport: Passport;
  warnings: string[];
}

type Rec = Record<string, unknown>;
const KIND_OF: Record<string, PackNode['kind']> = Object.fromEntries(Object.entries(NODE_CLASS).map(([k, v]) => [v, k as PackNode['kind']]));

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(field: string, reason: string): never {
  throw new JsonLdImportError(field, reason);
}

function obj(v: unknown, field: string): Rec {
  if (!isRec(v)) fail(field, 'expected an object');
  return v;
}

function str(o: Rec, key: string, path: string): string {
  if (typeof o[key] !== 'string') fail(`${path}.${key}`, 'expected a string');
  return o[key] as string;
}

function optStr(o: Rec, key: string, path: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, path);
}

/** QUDT quantity value with the unit our catalogue uses; other units are rejected (no silent conversion). */
function quantityValue(v: unknown, unit: string, field: string): number {
  const q = obj(v, field);
  if (q.unit !== UNIT_IRIS[unit]) fail(`${field}.unit`, `expected ${UNIT_IRIS[unit]}`);
  if (typeof q.numericValue !== 'number' || !Number.isFinite(q.numericValue)) fail(`${field}.numericValue`, 'expected a finite number');
  return q.numericValue;
}

function readNode(v: unknown, path: string): PackNode {
  const n = obj(v, path);
  const kind = KIND_OF[str(n, '@type', path)];
  if (kind === undefined) fail(`${path}.@type`, `expected one of ${Object.keys(KIND_OF).join(', ')}`);
  const out: PackNode = { id: str(n, 'nodeId', path), kind, serialNumber: str(n, 'serialNumber', path), children: [] };
  const position = optStr(n, 'position', path);
  if (position !== undefined) out.position = position;
  if (n.nominalCapacity !== undefined) out.nominalCapacityAh = quantityValue(n.nominalCapacity, 'Ah', `${path}.nominalCapacity`);
  if (n.nominalVoltage !== undefined) out.nominalVoltageV = quantityValue(n.nominalVoltage, 'V', `${path}.nominalVoltage`);
  if (n.mass !== undefined) out.massKg = quantityValue(n.mass, 'kg', `${path}.mass`);
  if (n.hasPart !== undefined) {
    if (!Array.isArray(n.hasPart)) fail(`${path}.hasPart`, 'expected a list of nodes');
    out.children = n.hasPart.map((c, i) => readNode(c, `${path}.hasPart[${i}]`));
  }
  return out;
}

const ENVELOPE_BATTERY_KEYS = new Set(['@type', 'batteryId', 'manufacturerModelId', 'chemistry', 'status', 'structure']);

function readDocument(doc: Rec, warnings: string[]): Passport {
  // Same terms, same meaning: the context must be ours (term by term), not merely well-formed.
  const ctx = obj(doc['@context'], '$.@context');
  for (const [term, def] of Object.entries(ctx)) {
    if (JSON.stringify(def) !== JSON.stringify(JSONLD_CONTEXT[term])) fail(`$.@context.${term}`, 'differs from the Battery Loop passport context');
  }
  for (const term of Object.keys(JSONLD_CONTEXT)) if (!(term in ctx)) fail(`$.@context.${term}`, 'missing from the context');
  if (doc['@type'] !== 'BatteryPassport') fail('$.@type', 'expected BatteryPassport');
  const issuer = obj(doc.issuer, '$.issuer');
  const battery = obj(doc.describesBattery, '$.describesBattery');
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(battery)) {
    if (ENVELOPE_BATTERY_KEYS.has(key)) continue;
    const def = attributeByKey(key);
    if (!def) fail(`$.describesBattery.${key}`, 'not a catalogue attribute');
    attributes[key] = valueShape(def) === 'quantity' && def.unit ? quantityValue(v, def.unit, `$.describesBattery.${key}`) : (v as AttributeValue);
  }
  const updated = doc.attributeUpdatedAt === undefined ? {} : obj(doc.attributeUpdatedAt, '$.attributeUpdatedAt');
  if (!Number.isInteger(doc.passportVersion)) fail('$.passportVersion', 'expected a whole number');
  if (typeof doc.closed !== 'boolean') fail('$.closed', 'expected true or false');
  if (doc.successors !== undefined && !Array.isArray(doc.successors)) fail('$.successors', 'expected a list of passport identifiers');
  const p: Passport = {
    schemaVersion: str(doc, 'schemaVersion', '$') as Passport['schemaVersion'],
    passportId: str(doc, '@id', '$'),
    batteryId: str(battery, 'batteryId', '$.describesBattery'),
    status: str(battery, 'status', '$.describesBattery') as Passport['status'],
    closed: doc.closed,
    successorPassportIds: (doc.successors as unknown[] | undefined)?.map((s, i) => (typeof s === 'string' ? s : fail(`$.successors[${i}]`, 'expected a string'))) ?? [],
    issuer: { did: str(issuer, '@id', '$.issuer'), role: str(issuer, 'role', '$.issuer') as Role, name: str(issuer, 'name', '$.issuer') },
    model: { manufacturerModelId: str(battery, 'manufacturerModelId', '$.describesBattery'), chemistry: str(battery, 'chemistry', '$.describesBattery') as Passport['model']['chemistry'] },
    attributes,
    attributeUpdatedAt: updated as Record<string, string>,
    structure: readNode(battery.structure, '$.describesBattery.structure'),
    createdAt: str(doc, 'created', '$'),
    updatedAt: str(doc, 'modified', '$'),
    version: doc.passportVersion as number,
  };
  const closedAt = optStr(doc, 'closedAt', '$');
  if (closedAt !== undefined) p.closedAt = closedAt;
  if (doc.profiles !== undefined) p.profiles = obj(doc.profiles, '$.profiles') as Passport['profiles'];
  const predecessor = optStr(doc, 'predecessor', '$');
  if (predecessor !== undefined) p.predecessorPassportId = predecessor;
  if (JSON.stringify(battery['@type']) !== JSON.stringify(expectedTypes(p))) warnings.push('$.describesBattery.@type: types differ from those implied by chemistry and status; chemistry and status are kept');
  return p;
}

function expectedTypes(p: Passport): string[] {
  const out = ['Battery'];
  if (p.model.chemistry !== 'other') out.push(CHEMISTRY_CLASS[p.model.chemistry]);
  if (p.status === 'waste') out.push('SpentElectricBattery');
  return out;
}

/** Where the passport path of a validation error lives in the document. */
function documentPath(attribute: string): string {
  if (attribute.startsWith('attributes.')) return `$.describesBattery.${attribute.slice('attributes.'.length)}`;
  if (attribute.startsWith('attributeUpdatedAt.')) return `$.${attribute}`;
  if (attribute.startsWith('structure')) return `$.describesBattery.${attribute}`;
  const map: Record<string, string> = { passportId: '$.@id', batteryId: '$.describesBattery.batteryId', status: '$.describesBattery.status', createdAt: '$.created', updatedAt: '$.modified', version: '$.passportVersion' };
  return map[attribute] ?? `$.${attribute}`;
}

export function importJsonLd(files: readonly JsonLdInputFile[]): JsonLdImportResult {
  if (!Array.isArray(files)) fail('files', 'expected a list of files');
  const mine = files.filter((f) => f.namespace === JSONLD_NAMESPACE || f.fileName === JSONLD_FILE_NAME);
  if (mine.length !== 1) fail('files', `expected exactly one ${JSONLD_FILE_NAME} document, got ${mine.length}`);
  const doc = obj(mine[0].content, '$');
  try {
    expandToStatements(doc);
  } catch (e) {
    if (e instanceof JsonLdShapeError) fail(e.field, e.reason);
    throw e;
  }
  const warnings: string[] = [];
  const passport = readDocument(doc, warnings);
  const errors = validatePassport(passport);
  if (errors.length > 0) fail(documentPath(errors[0].attribute), errors[0].reason);
  return { passport, warnings };
}
