import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoPassports } from '../../demo.js';
import type { Passport } from '../../types.js';
import { sharedPath, skipWithoutShared } from '../../../../../test/support/shared.js';
import { JSONLD_CONTEXT, ontologyTermIris } from './context.js';
import { expandToStatements } from './expand.js';
import { JSONLD_FILE_NAME, exportJsonLd } from './export.js';
import { JsonLdImportError, importJsonLd } from './import.js';
import { PREFIXES } from './vocabulary.js';

const issuer = { did: 'did:web:acme.example', role: 'manufacturer' as const, name: 'ACME Batteries' };
const demo = generateDemoPassports({ count: 24, seed: 2024, now: '2025-06-01T00:00:00Z', issuer });

/** IRIs named in BattINFO (battinfo.ttl + the JSON-LD contexts under src/) and BVCO, found with simple regexes. */
function ontologyIris(): Set<string> {
  const iris = new Set<string>();
  const fromTurtle = (text: string) => {
    for (const m of text.matchAll(/<(https?:\/\/[^>\s]+)>/g)) iris.add(m[1]);
    for (const m of text.matchAll(/(?<![<\w])(https?:\/\/[^\s"'<>]+)/g)) iris.add(m[1]);
    const prefixes = new Map<string, string>();
    for (const m of text.matchAll(/@prefix\s+([\w-]*):\s*<([^>]+)>/g)) prefixes.set(m[1], m[2]);
    for (const m of text.matchAll(/(?<![\w/#<])([\w-]*):([\w-]+)/g)) {
      const base = prefixes.get(m[1]);
      if (base) iris.add(base + m[2]);
    }
  };
  const fromContext = (json: unknown) => {
    const ctx = (json as { '@context'?: Record<string, unknown> })['@context'] ?? {};
    const prefixes = new Map<string, string>();
    for (const [k, v] of Object.entries(ctx)) if (typeof v === 'string' && /[/#]$/.test(v)) prefixes.set(k, v);
    const add = (v: string) => {
      const i = v.indexOf(':');
      const base = i > 0 ? prefixes.get(v.slice(0, i)) : undefined;
      iris.add(base ? base + v.slice(i + 1) : v);
    };
    for (const v of Object.values(ctx)) {
      if (typeof v === 'string') add(v);
      else if (v && typeof v === 'object' && typeof (v as { '@id'?: unknown })['@id'] === 'string') add((v as { '@id': string })['@id']);
    }
  };
  fromTurtle(readFileSync(sharedPath('fixtures/battinfo/battinfo.ttl'), 'utf8'));
  fromTurtle(readFileSync(sharedPath('fixtures/bvco/BVCO.ttl'), 'utf8'));
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) fromContext(JSON.parse(readFileSync(p, 'utf8')));
      else if (e.name.endsWith('.ttl')) fromTurtle(readFileSync(p, 'utf8'));
    }
  };
  walk(sharedPath('fixtures/battinfo/src'));
  return iris;
}

test('every context term mapped to a BattINFO / EMMO / BVCO IRI names an IRI present in those sources', { skip: skipWithoutShared }, () => {
  const known = ontologyIris();
  const terms = ontologyTermIris();
  // Dozens of quantities, classes and the pack tree relation map to ontology terms; the rest is our vocabulary.
  assert.ok(terms.size >= 30, `only ${terms.size} ontology terms`);
  assert.ok(known.has('https://w3id.org/emmo/domain/battery#battery_be3b35a7_75a3_4be0_9265_beb178ea7b00'));
  assert.ok(!known.has('https://w3id.org/emmo/domain/battery#battery_00000000_0000_0000_0000_000000000000'));
  const absent = [...terms].filter(([, iri]) => !known.has(iri)).map(([t, iri]) => `${t} -> ${iri}`);
  assert.deepEqual(absent, []);
});

test('the context declares the Battery Loop vocabulary for terms without an ontology IRI', () => {
  assert.equal(JSONLD_CONTEXT.blv, 'https://w3id.org/batteryloop/vocab#');
  assert.equal(JSONLD_CONTEXT.stateOfCertifiedEnergy, 'blv:stateOfCertifiedEnergy');
  assert.equal(JSONLD_CONTEXT.ratedCapacity, 'electrochemistry:electrochemistry_9b3b4668_0795_4a35_9965_2af383497a26');
});

test('demo passports (NMC and LFP) export to documents that expand deterministically with every key a context term', () => {
  assert.ok(demo.some((p) => p.model.chemistry === 'NMC') && demo.some((p) => p.model.chemistry === 'LFP'));
  const schemes = /^(<(https?:|urn:uuid:|did:web:)|_:b\d+ |")/;
  for (const p of demo) {
    const [file] = exportJsonLd(p);
    assert.equal(file.fileName, JSONLD_FILE_NAME);
    const statements = expandToStatements(file.content);
    assert.deepEqual(expandToStatements(structuredClone(exportJsonLd(p)[0].content)), statements);
    for (const s of statements) {
      // Subject, predicate and IRI objects are absolute IRIs of known schemes: no compact IRI slipped through.
      const parts = s.match(/<[^>]*>|_:b\d+|"(?:[^"\\]|\\.)*"(\^\^<[^>]*>)?/g) ?? [];
      for (const part of parts) assert.match(part.startsWith('"') ? '"' : part.endsWith('>') ? part : `${part} `, schemes, s);
    }
    const prefixesUsed = new Set(statements.flatMap((s) => Object.values(PREFIXES).filter((base) => s.includes(base))));
    assert.ok(prefixesUsed.has(PREFIXES.electrochemistry) && prefixesUsed.has(PREFIXES.qudtUnit) && prefixesUsed.has(PREFIXES.blv));
  }
});

test('import restores the exact passport and re-export is identical', () => {
  for (const p of demo) {
    const files = exportJsonLd(p);
    const { passport, warnings } = importJsonLd(JSON.parse(JSON.stringify(files)));
    assert.deepEqual(passport, p);
    assert.deepEqual(exportJsonLd(passport), files);
    assert.deepEqual(warnings, []);
  }
});

test('closed, successor and predecessor links survive the round trip', () => {
  const p: Passport = structuredClone(demo[0]);
  p.status = 'waste';
  p.attributes.batteryStatus = 'waste';
  p.closed = true;
  p.closedAt = '2025-05-31T15:00:00.000Z';
  p.predecessorPassportId = 'urn:uuid:0b6f4c1e-9a59-4a1e-8a0e-3c2b1d0e9f11';
  p.successorPassportIds = ['urn:uuid:5d2a1c3b-7e8f-4a9b-8c0d-1e2f3a4b5c6d'];
  const files = exportJsonLd(p);
  assert.ok((files[0].content as { describesBattery: { '@type': string[] } }).describesBattery['@type'].includes('SpentElectricBattery'));
  assert.deepEqual(importJsonLd(files).passport, p);
});

function rejects(mutate: (doc: Record<string, any>) => void, field: string | RegExp): void {
  const doc = structuredClone(exportJsonLd(demo[0])[0].content) as Record<string, any>;
  mutate(doc);
  assert.throws(
    () => importJsonLd([{ fileName: JSONLD_FILE_NAME, content: doc }]),
    (e: unknown) => e instanceof JsonLdImportError && (typeof field === 'string' ? e.field === field : field.test(e.field)),
  );
}

test('malformed documents are rejected with the offending field', () => {
  rejects((d) => (d.describesBattery.ratedCapacitty = { numericValue: 1, unit: 'qudtUnit:A-HR' }), '$.describesBattery.ratedCapacitty');
  rejects((d) => (d.describesBattery.ratedCapacity.unit = 'qudtUnit:MilliA-HR'), '$.describesBattery.ratedCapacity.unit');
  rejects((d) => (d.describesBattery.ratedCapacity.numericValue = -3), '$.describesBattery.ratedCapacity');
  rejects((d) => (d['@context'].ratedCapacity = 'blv:somethingElse'), '$.@context.ratedCapacity');
  rejects((d) => delete d.describesBattery.structure.serialNumber, '$.describesBattery.structure.serialNumber');
  rejects((d) => (d.describesBattery.structure.hasPart[0]['@type'] = 'BatteryPack'), /^\$\.describesBattery\.structure/);
  rejects((d) => (d['@context'] = 'https://example.org/context.jsonld'), '$.@context');
  assert.throws(() => importJsonLd([]), (e: unknown) => e instanceof JsonLdImportError && e.field === 'files');
});
