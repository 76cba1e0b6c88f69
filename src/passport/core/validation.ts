/**
 * Validation of attribute values against the catalogue and of whole native passport documents.
 * Every failing attribute is reported (not just the first) so API callers can fix a write in one go.
 */
import { checkSupplement } from './exports/catenax/export.js';
import type { AttributeDef } from './catalogue/model.js';
import { CATALOGUE, CHEMISTRY_CODES, attributeByKey } from './catalogue/index.js';
import type { AttributeError } from './errors.js';
import { checkConsistency } from './consistency.js';
import { validateStructure } from './structure.js';
import { checkValue, describe, isValidDateTime } from './value-check.js';

export type { AttributeError } from './errors.js';

export interface AttributeValidationOptions {
  /** Also report EV-mandatory attributes (longlist EV column 'x') that are missing. */
  requireEvMandatory?: boolean;
}

export const SCHEMA_VERSION = 'batteryloop.passport/1';
export const PASSPORT_ID_PATTERN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Battery ids appear in QR-code URLs (`/p/<batteryId>`), so they avoid '/' and whitespace. */
export const BATTERY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const DID_WEB_PATTERN = /^did:web:[A-Za-z0-9.-]+(?:%3[Aa]\d+)?(?::[A-Za-z0-9._~%-]+)*$/;
const STATUSES = ['original', 'reused', 'repurposed', 'remanufactured', 'waste'];
const ROLES = ['manufacturer', 'oem', 'logistics', 'dismantler', 'testingFacility', 'remanufacturer', 'recycler', 'authority', 'public'];
const PASSPORT_FIELDS = new Set([
  'schemaVersion', 'passportId', 'batteryId', 'status', 'closed', 'closedAt', 'predecessorPassportId',
  'successorPassportIds', 'issuer', 'model', 'attributes', 'attributeUpdatedAt', 'structure', 'createdAt',
  'updatedAt', 'version', 'profiles',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** First reason `value` is not valid for `def`, or null. Nested failures name their field path. */
export function validateAttributeValue(def: AttributeDef, value: unknown): string | null {
  const out: AttributeError[] = [];
  checkValue(def.type, value, def.key, def.unit, out);
  if (out.length === 0) return null;
  const first = out[0];
  return first.attribute === def.key ? first.reason : `${first.attribute.slice(def.key.length).replace(/^\./, '')}: ${first.reason}`;
}

/**
 * Every problem in a set of attribute values, keyed by attribute (nested: `key.field[2].sub`).
 * Unknown keys are errors: only catalogue attributes may be stored.
 */
export function validateAttributes(attrs: Record<string, unknown>, opts: AttributeValidationOptions = {}): AttributeError[] {
  if (!isRecord(attrs)) return [{ attribute: '', reason: `expected an object of attribute values, got ${describe(attrs)}` }];
  const errors: AttributeError[] = [];
  const valid = new Set<string>();
  for (const [key, value] of Object.entries(attrs)) {
    const def = attributeByKey(key);
    if (!def) {
      errors.push({ attribute: key, reason: 'unknown attribute' });
      continue;
    }
    const before = errors.length;
    checkValue(def.type, value, key, def.unit, errors);
    if (errors.length === before) valid.add(key);
  }
  if (opts.requireEvMandatory) {
    for (const def of CATALOGUE) {
      if (def.evMandatory && attrs[def.key] === undefined) {
        errors.push({ attribute: def.key, reason: `missing: #${def.number} is mandatory for EV batteries (${def.regulationRef})` });
      }
    }
  }
  errors.push(...checkConsistency(attrs, valid));
  return errors;
}

/**
 * Checks a whole native passport document: envelope fields, attributes (reported as `attributes.<key>`),
 * update times of dynamic attributes, agreement between attributes and envelope, and the pack structure.
 */
export function validatePassport(p: unknown, opts: AttributeValidationOptions = {}): AttributeError[] {
  if (!isRecord(p)) return [{ attribute: '', reason: `expected a passport object, got ${describe(p)}` }];
  const errors: AttributeError[] = [];
  const fail = (attribute: string, reason: string) => errors.push({ attribute, reason });

  for (const key of Object.keys(p)) if (!PASSPORT_FIELDS.has(key)) fail(key, 'unknown field');
  if (p.schemaVersion !== SCHEMA_VERSION) fail('schemaVersion', `must be '${SCHEMA_VERSION}'`);
  if (typeof p.passportId !== 'string' || !PASSPORT_ID_PATTERN.test(p.passportId)) {
    fail('passportId', 'must be a urn:uuid: identifier (Art. 77(3))');
  }
  if (typeof p.batteryId !== 'string' || !BATTERY_ID_PATTERN.test(p.batteryId)) {
    fail('batteryId', 'must be 1-128 characters [A-Za-z0-9._:-] starting with a letter or digit');
  }
  if (typeof p.status !== 'string' || !STATUSES.includes(p.status)) fail('status', `must be one of ${STATUSES.join(', ')}`);
  checkClosure(p, fail);
  checkLinks(p, fail);
  checkIssuer(p.issuer, fail);
  checkModel(p.model, fail);
  checkTimes(p, fail);
  if (typeof p.version !== 'number' || !Number.isInteger(p.version) || p.version < 0) {
    fail('version', 'must be a non-negative whole number');
  }

  if (!isRecord(p.attributes)) fail('attributes', `expected an object, got ${describe(p.attributes)}`);
  else {
    for (const e of validateAttributes(p.attributes, opts)) fail(`attributes.${e.attribute}`, e.reason);
    checkEnvelopeAgreement(p, p.attributes, fail);
  }
  checkUpdateTimes(p, fail);
  errors.push(...validateStructure(p.structure, 'structure'));
  if (p.profiles !== undefined) checkProfiles(p.profiles, fail);
  return errors;
}

function checkProfiles(profiles: unknown, fail: Fail): void {
  if (!isRecord(profiles)) return fail('profiles', `expected an object, got ${describe(profiles)}`);
  for (const key of Object.keys(profiles)) if (key !== 'catenax') fail(`profiles.${key}`, 'unknown profile');
  if (profiles.catenax !== undefined && !isRecord(profiles.catenax)) fail('profiles.catenax', `expected an object, got ${describe(profiles.catenax)}`);
  else if (profiles.catenax !== undefined) {
    for (const problem of checkSupplement(profiles.catenax as never)) {
      const [field, ...reason] = problem.split(': ');
      fail(`profiles.catenax.${field.replace(/^supplement\.?/, '')}`.replace(/\.$/, ''), reason.join(': ') || problem);
    }
  }
}

type Fail = (attribute: string, reason: string) => void;

function checkClosure(p: Record<string, unknown>, fail: Fail): void {
  if (typeof p.closed !== 'boolean') {
    fail('closed', 'must be true or false');
    return;
  }
  if (p.closed) {
    // Art. 77(6): the passport ceases once the battery is recycled, i.e. after it became waste.
    if (p.status !== 'waste') fail('closed', 'a closed passport must have status waste');
    if (typeof p.closedAt !== 'string' || !isValidDateTime(p.closedAt)) fail('closedAt', 'a closed passport needs an ISO 8601 closedAt time');
  } else if (p.closedAt !== undefined) {
    fail('closedAt', 'only closed passports have a closedAt time');
  }
}

function checkLinks(p: Record<string, unknown>, fail: Fail): void {
  if (p.predecessorPassportId !== undefined) {
    if (typeof p.predecessorPassportId !== 'string' || !PASSPORT_ID_PATTERN.test(p.predecessorPassportId)) {
      fail('predecessorPassportId', 'must be a urn:uuid: passport identifier');
    } else if (p.predecessorPassportId === p.passportId) {
      fail('predecessorPassportId', 'a passport cannot be its own predecessor');
    }
  }
  if (!Array.isArray(p.successorPassportIds)) {
    fail('successorPassportIds', 'must be an array of passport identifiers');
    return;
  }
  const seen = new Set<string>();
  p.successorPassportIds.forEach((id, i) => {
    const at = `successorPassportIds[${i}]`;
    if (typeof id !== 'string' || !PASSPORT_ID_PATTERN.test(id)) fail(at, 'must be a urn:uuid: passport identifier');
    else if (id === p.passportId) fail(at, 'a passport cannot be its own successor');
    else if (seen.has(id)) fail(at, `duplicate successor '${id}'`);
    else seen.add(id);
  });
}

function checkIssuer(issuer: unknown, fail: Fail): void {
  if (!isRecord(issuer)) {
    fail('issuer', 'must be a participant object {did, role, name}');
    return;
  }
  for (const key of Object.keys(issuer)) if (!['did', 'role', 'name'].includes(key)) fail(`issuer.${key}`, 'unknown field');
  if (typeof issuer.did !== 'string' || !DID_WEB_PATTERN.test(issuer.did)) fail('issuer.did', 'must be a did:web identifier');
  if (typeof issuer.role !== 'string' || !ROLES.includes(issuer.role)) fail('issuer.role', `must be one of ${ROLES.join(', ')}`);
  if (typeof issuer.name !== 'string' || issuer.name.trim() === '' || issuer.name.length > 200) {
    fail('issuer.name', 'must be a non-empty string of at most 200 characters');
  }
}

function checkModel(model: unknown, fail: Fail): void {
  if (!isRecord(model)) {
    fail('model', 'must be an object {manufacturerModelId, chemistry}');
    return;
  }
  for (const key of Object.keys(model)) if (!['manufacturerModelId', 'chemistry'].includes(key)) fail(`model.${key}`, 'unknown field');
  const id = model.manufacturerModelId;
  if (typeof id !== 'string' || id.trim() === '' || id.length > 200) {
    fail('model.manufacturerModelId', 'must be a non-empty string of at most 200 characters');
  }
  if (typeof model.chemistry !== 'string' || !(CHEMISTRY_CODES as readonly string[]).includes(model.chemistry)) {
    fail('model.chemistry', `must be one of ${CHEMISTRY_CODES.join(', ')}`);
  }
}

function checkTimes(p: Record<string, unknown>, fail: Fail): void {
  const created = typeof p.createdAt === 'string' && isValidDateTime(p.createdAt);
  const updated = typeof p.updatedAt === 'string' && isValidDateTime(p.updatedAt);
  if (!created) fail('createdAt', 'must be an ISO 8601 date-time with zone');
  if (!updated) fail('updatedAt', 'must be an ISO 8601 date-time with zone');
  if (created && updated && Date.parse(p.updatedAt as string) < Date.parse(p.createdAt as string)) {
    fail('updatedAt', 'must not be earlier than createdAt');
  }
}

/** Attributes that restate envelope fields must agree with them. */
function checkEnvelopeAgreement(p: Record<string, unknown>, attrs: Record<string, unknown>, fail: Fail): void {
  if (attrs.batteryPassportIdentifier !== undefined && attrs.batteryPassportIdentifier !== p.passportId) {
    fail('attributes.batteryPassportIdentifier', 'must equal the passport identifier passportId');
  }
  if (attrs.batteryIdentifier !== undefined && attrs.batteryIdentifier !== p.batteryId) {
    fail('attributes.batteryIdentifier', 'must equal the battery identifier batteryId');
  }
  if (attrs.batteryStatus !== undefined && attrs.batteryStatus !== p.status) {
    fail('attributes.batteryStatus', `must mirror the passport status '${String(p.status)}'`);
  }
  const chem = attrs.batteryChemistry;
  if (isRecord(chem) && isRecord(p.model) && chem.shortName !== undefined && chem.shortName !== p.model.chemistry) {
    fail('attributes.batteryChemistry.shortName', `must match the model chemistry '${String(p.model.chemistry)}'`);
  }
}

/** Annex XIII(4) data changes in use; each dynamic value carries the time it was last updated. */
function checkUpdateTimes(p: Record<string, unknown>, fail: Fail): void {
  const attrs = isRecord(p.attributes) ? p.attributes : {};
  if (!isRecord(p.attributeUpdatedAt)) {
    fail('attributeUpdatedAt', `expected an object of update times, got ${describe(p.attributeUpdatedAt)}`);
    return;
  }
  const times = p.attributeUpdatedAt;
  for (const [key, at] of Object.entries(times)) {
    if (!attributeByKey(key)) fail(`attributeUpdatedAt.${key}`, 'unknown attribute');
    else if (attrs[key] === undefined) fail(`attributeUpdatedAt.${key}`, 'update time for an attribute that has no value');
    else if (typeof at !== 'string' || !isValidDateTime(at)) fail(`attributeUpdatedAt.${key}`, 'must be an ISO 8601 date-time with zone');
  }
  for (const def of CATALOGUE) {
    if (def.behaviour === 'dynamic' && attrs[def.key] !== undefined && times[def.key] === undefined) {
      fail(`attributeUpdatedAt.${def.key}`, `dynamic attribute #${def.number} needs the time of its last update`);
    }
  }
}
