/**
 * JSON-LD export of a native passport: one self-contained document (inline context) that carries the whole
 * passport, so import restores it exactly. Quantities are QUDT quantity values (numericValue + unit IRI).
 */
import { CATALOGUE } from '../../catalogue/index.js';
import type { PackNode, Passport } from '../../types.js';
import { JSONLD_CONTEXT, valueShape } from './context.js';
import { CHEMISTRY_CLASS, NODE_CLASS, UNIT_IRIS } from './vocabulary.js';

export const JSONLD_NAMESPACE = 'org.batteryloop.passport';
/** Version of the document layout and context (bumped when a term changes meaning). */
export const JSONLD_VERSION = '1.0.0';
export const JSONLD_FILE_NAME = 'batteryloop.passport.jsonld';

export interface ExportFile {
  namespace: string;
  version: string;
  fileName: string;
  content: unknown;
}

type Json = Record<string, unknown>;

export function quantity(value: number, unit: string): Json {
  return { numericValue: value, unit: UNIT_IRIS[unit] };
}

function node(n: PackNode): Json {
  const out: Json = { '@type': NODE_CLASS[n.kind], nodeId: n.id, serialNumber: n.serialNumber };
  if (n.position !== undefined) out.position = n.position;
  if (n.nominalCapacityAh !== undefined) out.nominalCapacity = quantity(n.nominalCapacityAh, 'Ah');
  if (n.nominalVoltageV !== undefined) out.nominalVoltage = quantity(n.nominalVoltageV, 'V');
  if (n.massKg !== undefined) out.mass = quantity(n.massKg, 'kg');
  if (n.children.length > 0) out.hasPart = n.children.map(node);
  return out;
}

export function buildJsonLd(p: Passport): Json {
  const types = ['Battery'];
  if (p.model.chemistry !== 'other') types.push(CHEMISTRY_CLASS[p.model.chemistry]);
  if (p.status === 'waste') types.push('SpentElectricBattery');
  const battery: Json = {
    '@type': types,
    batteryId: p.batteryId,
    manufacturerModelId: p.model.manufacturerModelId,
    chemistry: p.model.chemistry,
    ...(p.status !== undefined ? { status: p.status } : {}),
  };
  // Catalogue order keeps the document byte-stable for equal passports.
  const updated: Record<string, string> = {};
  for (const def of CATALOGUE) {
    const v = p.attributes[def.key];
    if (v !== undefined) {
      battery[def.key] = valueShape(def) === 'quantity' && typeof v === 'number' && def.unit ? quantity(v, def.unit) : v;
    }
    const at = p.attributeUpdatedAt[def.key];
    if (at !== undefined) updated[def.key] = at;
  }
  battery.structure = node(p.structure);

  const doc: Json = {
    '@context': JSONLD_CONTEXT,
    '@id': p.passportId,
    '@type': 'BatteryPassport',
    schemaVersion: p.schemaVersion,
    passportVersion: p.version,
    created: p.createdAt,
    modified: p.updatedAt,
    closed: p.closed,
  };
  if (p.closedAt !== undefined) doc.closedAt = p.closedAt;
  if (p.predecessorPassportId !== undefined) doc.predecessor = p.predecessorPassportId;
  if ((p.successorPassportIds ?? []).length > 0) doc.successors = [...p.successorPassportIds];
  doc.issuer = { '@id': p.issuer.did, name: p.issuer.name, role: p.issuer.role };
  if (Object.keys(updated).length > 0) doc.attributeUpdatedAt = updated;
  // profile facts (e.g. Catena-X BPNs) travel as a JSON literal: no ontology defines them
  if (p.profiles !== undefined) doc.profiles = p.profiles as unknown as Json;
  doc.describesBattery = battery;
  return doc;
}

export function exportJsonLd(p: Passport): ExportFile[] {
  return [{ namespace: JSONLD_NAMESPACE, version: JSONLD_VERSION, fileName: JSONLD_FILE_NAME, content: buildJsonLd(p) }];
}
