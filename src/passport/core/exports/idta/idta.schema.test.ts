/**
 * Conformance: every IDTA-02035 file exported from demo passports (NMC and LFP) and from lifecycle and
 * access variants validates against the published value-only JSON schema, and uses only property
 * names the schema declares (the schemas allow additional properties, so a misspelt optional property
 * would otherwise pass unnoticed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileSharedSchema, readJsonAnyEncoding, sharedPath, skipWithoutShared } from '../../../../../test/support/shared.js';
import { IDTA_SUBMODELS, IDTA_SUBMODEL_IDS, type IdtaSubmodelId, exportIdta, exportIdtaWithReport, idtaFileName, idtaSchemaPath, importIdta } from './index.js';
import type { ExportFile } from './types.js';
import { demoPassports, variantPassports } from './idta-test-passports.js';

type Schema = Record<string, unknown>;

function submodelOf(f: ExportFile): IdtaSubmodelId {
  const id = IDTA_SUBMODEL_IDS.find((i) => IDTA_SUBMODELS[i].namespace === f.namespace);
  assert.ok(id, `unknown namespace ${f.namespace}`);
  return id;
}

function resolve(root: Schema, s: Schema): Schema {
  let r = s;
  while (typeof r.$ref === 'string') r = (root.components as { schemas: Record<string, Schema> }).schemas[r.$ref.split('/').pop() as string];
  return r;
}

/** Declared properties and item schemas of `s`, through $ref and nested allOf. */
function shape(root: Schema, s: Schema): { props: Record<string, Schema>; items: Schema[] } {
  const r = resolve(root, s);
  const out = { props: { ...((r.properties as Record<string, Schema> | undefined) ?? {}) }, items: r.items ? [r.items as Schema] : [] };
  for (const part of (r.allOf as Schema[] | undefined) ?? []) {
    const sub = shape(root, part);
    Object.assign(out.props, sub.props);
    out.items.push(...sub.items);
  }
  return out;
}

/** Property paths in `value` that `schema` does not declare. */
function undeclared(root: Schema, schema: Schema, value: unknown, path: string, out: string[]): void {
  const { props, items } = shape(root, schema);
  if (Array.isArray(value)) {
    for (const item of items) value.forEach((v, i) => undeclared(root, item, v, `${path}[${i}]`, out));
    return;
  }
  // MultiLanguageText items are open objects keyed by language tag.
  if (typeof value !== 'object' || value === null || Object.keys(props).length === 0) return;
  for (const [k, v] of Object.entries(value)) {
    if (!(k in props)) out.push(`${path}.${k}`);
    else undeclared(root, props[k], v, `${path}.${k}`, out);
  }
}

test('IDTA-02035 exports of demo and variant passports validate against the published schemas', { skip: skipWithoutShared }, (t) => {
  const base = demoPassports();
  assert.ok(base.length >= 20);
  const chemistries = new Set(base.map((p) => p.model.chemistry));
  assert.ok(chemistries.has('NMC') && chemistries.has('LFP'), `demo set covers NMC and LFP, got ${[...chemistries].join(', ')}`);

  const passports = [...base.map((p) => ({ name: p.batteryId, passport: p })), ...variantPassports(base)];
  let validated = 0;
  const errors: string[] = [];
  const extra: string[] = [];
  for (const { name, passport } of passports) {
    for (const f of exportIdtaWithReport(passport).files) {
      const id = submodelOf(f);
      assert.equal(f.fileName, idtaFileName(f.namespace));
      assert.equal(f.version, IDTA_SUBMODELS[id].version);
      const validate = compileSharedSchema(idtaSchemaPath(id));
      if (!validate(f.content)) {
        for (const e of validate.errors ?? []) errors.push(`${name} ${f.namespace}${e.instancePath}: ${e.message}`);
      }
      const schema = readJsonAnyEncoding(sharedPath(idtaSchemaPath(id))) as Schema;
      undeclared(schema, schema, f.content, f.namespace, extra);
      validated++;
    }
  }
  t.diagnostic(`validated ${validated} IDTA files from ${passports.length} passports (${base.length} demo + ${passports.length - base.length} variants)`);
  assert.deepEqual(errors.slice(0, 20), [], `${errors.length} schema errors`);
  assert.deepEqual(extra.slice(0, 20), [], 'properties the schemas do not declare');
  assert.ok(validated >= base.length * IDTA_SUBMODEL_IDS.length, `at least ${base.length * IDTA_SUBMODEL_IDS.length} files, got ${validated}`);
});

test('any subset of attributes exports schema-valid files that survive a round trip', { skip: skipWithoutShared }, () => {
  const pool = demoPassports(4, 404);
  const keys = [...new Set(pool.flatMap((p) => Object.keys(p.attributes)))].sort();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: pool.length - 1 }), fc.subarray(keys), (i, dropped) => {
      const p = structuredClone(pool[i]);
      for (const k of dropped) {
        delete p.attributes[k];
        delete p.attributeUpdatedAt[k];
      }
      const files = exportIdta(p);
      for (const f of files) {
        const validate = compileSharedSchema(idtaSchemaPath(submodelOf(f)));
        assert.ok(validate(f.content), `${f.namespace} without ${dropped.join(', ')}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      }
      assert.deepStrictEqual(exportIdta(importIdta(files).passport), files);
    }),
    { seed: 2035, numRuns: 80 },
  );
});

test('complete demo passports yield all eight submodels with nothing left out', () => {
  for (const p of demoPassports(20, 99)) {
    const r = exportIdtaWithReport(p);
    assert.deepEqual(
      r.files.map((f) => f.namespace),
      IDTA_SUBMODEL_IDS.map((id) => IDTA_SUBMODELS[id].namespace),
    );
    assert.deepEqual(r.omitted, [], p.batteryId);
    assert.deepEqual(r.notes, [], p.batteryId);
  }
});

test('missing required data leaves the submodel out and names what is missing', () => {
  const variants = variantPassports(demoPassports());
  const publicView = variants.find((v) => v.name === 'public view');
  assert.ok(publicView);
  const r = exportIdtaWithReport(publicView.passport);
  const omitted = new Map(r.omitted.map((o) => [o.namespace, o.missing]));
  // Product condition is Annex XIII(4) data for persons with a legitimate interest: nothing of it is public.
  assert.ok(omitted.get(IDTA_SUBMODELS.productCondition.namespace)?.includes('StateOfCharge.StateOfChargeValue ← stateOfCharge'));
  // Power fade is legitimate-interest data but required by IDTA-02035-4.
  assert.ok(omitted.get(IDTA_SUBMODELS.technicalData.namespace)?.includes('PowerCapability.PowerFade ← powerFade'));
  const written = new Set(r.files.map((f) => f.namespace));
  for (const ns of omitted.keys()) assert.ok(!written.has(ns), `${ns} is both written and omitted`);
  // The battery status (#11) is legitimate-interest data, so a public view has no LifeCycleStage and no nameplate.
  assert.ok(omitted.get(IDTA_SUBMODELS.nameplate.namespace)?.includes('LifeCycleStage ← status'));
  // Dismantling documents are Annex XIII(2) data: the public circularity file lists none.
  const circ = r.files.find((f) => f.namespace === IDTA_SUBMODELS.circularity.namespace)?.content as Record<string, unknown>;
  assert.deepEqual(circ.DismantlingAndRemovalInformation, []);
  assert.deepEqual(circ.SparePartSources, []);
});

test('a manufacturer without postal address leaves the nameplate out instead of writing a partial address', () => {
  const [p] = demoPassports(1, 3);
  const maker = p.attributes.manufacturerInformation as { identifier: string; name: string };
  const r = exportIdtaWithReport({ ...p, attributes: { ...p.attributes, manufacturerInformation: { identifier: maker.identifier, name: maker.name } } });
  assert.deepEqual(r.omitted, [
    { namespace: IDTA_SUBMODELS.nameplate.namespace, missing: ['AddressInformation ← manufacturerInformation.postalAddress'] },
  ]);
  assert.ok(r.files.some((f) => f.namespace === IDTA_SUBMODELS.technicalData.namespace));
});

test('upstream spellings, unit conversions and enumerations', () => {
  const [p] = demoPassports(1, 5);
  const byNs = new Map(exportIdtaWithReport(p).files.map((f) => [f.namespace, f.content as Record<string, any>]));
  const tech = byNs.get(IDTA_SUBMODELS.technicalData.namespace);
  assert.equal(tech?.TechnicalPropertyAreas.Lifetime.CrateOfRelevantCycleLifeTest, p.attributes.cycleLifeTestCRate);
  assert.equal(tech?.GeneralInformation.WarrantyInformation.WarrantyPeriod, `P${p.attributes.warrantyPeriod}M`);
  const cf = byNs.get(IDTA_SUBMODELS.carbonFootprint.namespace)?.ProductCarbonFootprints as Record<string, any>[];
  const perKwh = cf.find((e) => e.ReferenceImpactUnitForCalculation === 'kwH' && e.LifeCyclePhases.length === 4);
  assert.equal(perKwh?.PcfCo2eq, p.attributes.carbonFootprintPerFunctionalUnit);
  const piece = cf.find((e) => e.ReferenceImpactUnitForCalculation === 'piece');
  // tCO2e → kg CO2e (PcfCo2eqCharacteristic unit kilogram).
  assert.ok(Math.abs(piece?.PcfCo2eq - (p.attributes.absoluteCarbonFootprint as number) * 1000) < 1e-9);
  const stage = cf.find((e) => e.LifeCyclePhases[0] === 'A3 - production' && e.LifeCyclePhases.length === 1);
  const expected = ((p.attributes.carbonFootprintPerFunctionalUnit as number) * (p.attributes.carbonFootprintProductionShare as number)) / 100;
  assert.ok(Math.abs(stage?.PcfCo2eq - expected) < 1e-12);
  const reused = exportIdtaWithReport({ ...p, status: 'reused', attributes: { ...p.attributes, batteryStatus: 'reused' } });
  assert.equal((reused.files[0].content as Record<string, unknown>).LifeCycleStage, 're-used');
});
