/**
 * The inline `@context` of the Battery Loop JSON-LD passport (JSON-LD 1.1). One fixed context for every passport:
 * prefixes, envelope and pack-tree terms, and one term per catalogue attribute named after its catalogue key.
 * Attribute terms map to EMMO / BattINFO IRIs where those ontologies define the concept, otherwise to the
 * Battery Loop vocabulary (prefix `blv`, https://w3id.org/batteryloop/vocab#).
 */
import { CATALOGUE } from '../../catalogue/index.js';
import type { AttributeDef } from '../../catalogue/model.js';
import { ONTOLOGY_ATTRIBUTE_IRIS, ONTOLOGY_TERMS, PREFIXES } from './vocabulary.js';

type TermDef = string | { '@id': string; '@type'?: string; '@container'?: '@list' };

/** How an attribute value is written: a QUDT quantity node, a JSON literal, or a plain (typed) literal. */
export type ValueShape = 'quantity' | 'json' | 'literal';

export function valueShape(def: AttributeDef): ValueShape {
  if (def.type.kind === 'number' && def.unit !== undefined) return 'quantity';
  if (def.type.kind === 'object' || def.type.kind === 'array') return 'json';
  return 'literal';
}

function attributeTerm(def: AttributeDef): TermDef {
  const id = ONTOLOGY_ATTRIBUTE_IRIS[def.key] ?? `blv:${def.key}`;
  if (valueShape(def) === 'json') return { '@id': id, '@type': '@json' };
  switch (def.type.kind) {
    case 'date':
      return { '@id': id, '@type': 'xsd:date' };
    case 'dateTime':
      return { '@id': id, '@type': 'xsd:dateTime' };
    case 'uri':
      return { '@id': id, '@type': '@id' };
    default:
      return id;
  }
}

/** Envelope, quantity and pack-tree terms (everything that is not a catalogue attribute). */
const FIXED_TERMS: Record<string, TermDef> = {
  BatteryPassport: 'blv:BatteryPassport',
  ...Object.fromEntries(
    Object.entries(ONTOLOGY_TERMS)
      .filter(([k]) => /^[A-Z]/.test(k))
      .map(([k, v]) => [k, v]),
  ),
  numericValue: 'qudt:numericValue',
  unit: { '@id': 'qudt:unit', '@type': '@id' },
  schemaVersion: 'blv:schemaVersion',
  passportVersion: 'schema:version',
  created: { '@id': 'dcterms:created', '@type': 'xsd:dateTime' },
  modified: { '@id': 'dcterms:modified', '@type': 'xsd:dateTime' },
  closed: 'blv:closed',
  closedAt: { '@id': 'blv:closedAt', '@type': 'xsd:dateTime' },
  predecessor: { '@id': 'blv:predecessorPassport', '@type': '@id' },
  successors: { '@id': 'blv:successorPassport', '@type': '@id' },
  issuer: 'dcterms:publisher',
  name: 'schema:name',
  role: 'blv:participantRole',
  attributeUpdatedAt: { '@id': 'blv:attributeUpdatedAt', '@type': '@json' },
  profiles: { '@id': 'blv:profiles', '@type': '@json' },
  describesBattery: 'blv:describesBattery',
  batteryId: 'blv:batteryId',
  manufacturerModelId: 'schema:model',
  chemistry: ONTOLOGY_TERMS.chemistry,
  status: 'blv:batteryStatusCode',
  structure: 'blv:packStructure',
  nodeId: 'blv:nodeId',
  serialNumber: 'schema:serialNumber',
  position: 'blv:position',
  nominalCapacity: ONTOLOGY_TERMS.nominalCapacity,
  mass: ONTOLOGY_TERMS.mass,
  hasPart: { '@id': ONTOLOGY_TERMS.hasPart, '@container': '@list' },
};

/** Node terms that deliberately share a catalogue key: the pack node's nominal voltage is the same quantity. */
const SHARED_WITH_CATALOGUE = new Set(['nominalVoltage']);

function buildContext(): Record<string, unknown> {
  const ctx: Record<string, unknown> = { '@version': 1.1, ...PREFIXES };
  // A term that reused a prefix name would silently turn that prefix's compact IRIs into unknown schemes.
  for (const [term, def] of Object.entries(FIXED_TERMS)) {
    if (term in ctx) throw new Error(`JSON-LD term collision: ${term}`);
    ctx[term] = def;
  }
  for (const def of CATALOGUE) {
    if (def.key in ctx && !SHARED_WITH_CATALOGUE.has(def.key)) throw new Error(`JSON-LD term collision: catalogue key ${def.key}`);
    ctx[def.key] = attributeTerm(def);
  }
  return ctx;
}

/** The context, frozen; documents embed it inline (no remote context is fetched by consumers). */
export const JSONLD_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze(buildContext());

/** Context terms whose IRI is an ontology IRI (not our vocabulary, not a generic one like schema.org). */
export function ontologyTermIris(): Map<string, string> {
  const out = new Map<string, string>();
  const ontologyPrefixes = ['battery', 'electrochemistry', 'emmo', 'battinfo', 'bvco'] as const;
  for (const [term, def] of Object.entries(JSONLD_CONTEXT)) {
    if (term.startsWith('@') || term in PREFIXES) continue;
    const id = typeof def === 'string' ? def : (def as { '@id': string })['@id'];
    const prefix = id.slice(0, id.indexOf(':'));
    if ((ontologyPrefixes as readonly string[]).includes(prefix)) out.set(term, PREFIXES[prefix as keyof typeof PREFIXES] + id.slice(prefix.length + 1));
  }
  return out;
}
