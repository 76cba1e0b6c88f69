/**
 * Every export of every demo passport, as every role sees it, in every format: either valid against the published
 * schema or refused with the missing fields named (ExportNotPossible) — never a crash, never an invalid file.
 * Then the round trip through each format's import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSharedSchema, skipWithoutShared } from '../../../../test/support/shared.js';
import { generateDemoPassports } from '../demo.js';
import { filterPassportForRole } from '../access.js';
import { validatePassport } from '../validation.js';
import type { Role } from '../types.js';
import { EXPORT_FORMATS, ExportNotPossible, exportPassport, importPassport } from './index.js';
import { IDTA_SUBMODELS, idtaSchemaPath, type IdtaSubmodelId } from './idta/index.js';
import { BATTERYPASS_ASPECTS, batteryPassSchemaPath, type BatteryPassAspectId } from './batterypass/index.js';
import { CATENAX_NAMESPACE, CATENAX_SCHEMA_PATH } from './catenax/index.js';

const issuer = { did: 'did:web:passports.cellforge.example', role: 'manufacturer' as const, name: 'Cellforge Batteries GmbH' };
const demo = generateDemoPassports({ count: 12, seed: 4242, now: '2026-11-01T00:00:00Z', issuer });
const ROLES: Role[] = ['public', 'oem', 'logistics', 'dismantler', 'testingFacility', 'remanufacturer', 'recycler', 'authority', 'manufacturer'];

function schemaFor(namespace: string): string | null {
  for (const [id, s] of Object.entries(IDTA_SUBMODELS)) if (s.namespace === namespace) return idtaSchemaPath(id as IdtaSubmodelId);
  for (const [id, a] of Object.entries(BATTERYPASS_ASPECTS)) if (a.namespace === namespace) return batteryPassSchemaPath(id as BatteryPassAspectId);
  if (namespace === CATENAX_NAMESPACE) return CATENAX_SCHEMA_PATH;
  return null; // JSON-LD has no JSON schema; its own tests expand it strictly
}

test('every format × every demo passport × every role view: valid file or a named refusal', { skip: skipWithoutShared }, () => {
  const counts: Record<string, { valid: number; refused: number }> = {};
  for (const p of demo) {
    for (const role of ROLES) {
      const view = filterPassportForRole(p, role, { isIssuer: role === 'manufacturer' });
      for (const format of EXPORT_FORMATS) {
        const c = (counts[format] ??= { valid: 0, refused: 0 });
        try {
          const r = exportPassport(view, format);
          for (const f of r.files) {
            assert.equal(f.fileName, format === 'jsonld' ? f.fileName : `${f.namespace}.json`);
            const path = schemaFor(f.namespace);
            if (path) {
              const validate = compileSharedSchema(path);
              assert.ok(validate(f.content), `${format} ${role} ${f.namespace}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
            }
            c.valid++;
          }
        } catch (e) {
          assert.ok(e instanceof ExportNotPossible, `${format} × ${role} crashed: ${(e as Error).stack}`);
          assert.ok(e.missing.length > 0);
          c.refused++;
        }
      }
    }
  }
  // the issuer's full view must export completely in every format
  for (const p of demo) for (const format of EXPORT_FORMATS) assert.ok(exportPassport(p, format).files.length > 0, format);
  console.log(`export matrix: ${JSON.stringify(counts)}`);
});

test('import of each format rebuilds a valid native passport and re-exports identically', { skip: skipWithoutShared }, () => {
  for (const p of demo) {
    for (const format of EXPORT_FORMATS) {
      const first = exportPassport(p, format).files;
      const back = importPassport(first, format, { issuer: p.issuer, createdAt: p.createdAt, updatedAt: p.updatedAt, passportId: p.passportId, batteryId: p.batteryId, status: p.status, manufacturerModelId: p.model.manufacturerModelId, structure: p.structure });
      assert.ok(back.ok, `${format}: ${JSON.stringify(!back.ok && back.errors)}`);
      if (!back.ok) continue;
      if (format === 'jsonld') assert.deepEqual(validatePassport(back.passport), [], 'JSON-LD carries everything');
      const again = exportPassport({ ...back.passport, structure: p.structure }, format).files;
      assert.deepEqual(again.map((f) => f.content), first.map((f) => f.content), `${format} re-export of ${p.batteryId}`);
    }
  }
});

test('malformed import input is a value naming the field, not an exception', () => {
  for (const format of EXPORT_FORMATS) {
    const r = importPassport([{ namespace: 'x', version: '1', fileName: 'x.json', content: 42 }], format);
    assert.equal(r.ok, false, format);
    if (!r.ok) assert.ok(r.errors[0].field.length > 0 && r.errors[0].reason.length > 0);
  }
});
