import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoPassports } from '../../demo.js';
import type { Passport } from '../../types.js';
import { attributeByKey } from '../../catalogue/index.js';
import { compileSharedSchema, readJsonAnyEncoding, sharedPath, skipWithoutShared } from '../../../../../test/support/shared.js';
import {
  BATTERYPASS_ASPECTS,
  BATTERYPASS_PARTIAL,
  BATTERYPASS_UNMAPPED,
  BatteryPassImportError,
  type BatteryPassAspectId,
  batteryPassSchemaPath,
  exportBatteryPass,
  importBatteryPass,
} from './index.js';
import type { BatteryPassImportOptions, ExportFile } from './model.js';

const issuer = { did: 'did:web:acme.example', role: 'manufacturer' as const, name: 'ACME Batteries' };
const demo = generateDemoPassports({ count: 24, seed: 2024, now: '2025-06-01T00:00:00Z', issuer });
/** Same passports with a 12-month warranty, the longest upstream's xsd:gMonth warrentyPeriod can express. */
const shortWarranty: Passport[] = demo.map((p) => {
  const q = structuredClone(p);
  q.attributes.warrantyPeriod = 12;
  return q;
});
const GPI_KEYS = [
  'batteryIdentifier',
  'batteryPassportIdentifier',
  'batteryCategory',
  'manufacturerInformation',
  'manufacturingDate',
  'batteryStatus',
  'batteryMass',
  'manufacturingPlace',
  'operatorInformation',
  'puttingIntoServiceDate',
  'warrantyPeriod',
];

function envelopeOf(p: Passport): BatteryPassImportOptions['envelope'] {
  return {
    passportId: p.passportId,
    batteryId: p.batteryId,
    status: p.status,
    issuer: p.issuer,
    manufacturerModelId: p.model.manufacturerModelId,
    chemistry: p.model.chemistry,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    structure: p.structure,
  };
}

function aspectId(namespace: string): BatteryPassAspectId {
  const hit = Object.entries(BATTERYPASS_ASPECTS).find(([, a]) => a.namespace === namespace);
  assert.ok(hit, namespace);
  return hit[0] as BatteryPassAspectId;
}

test('every exported aspect of the demo passports (NMC and LFP) validates against its upstream schema', { skip: skipWithoutShared }, () => {
  assert.ok(demo.some((p) => p.model.chemistry === 'NMC') && demo.some((p) => p.model.chemistry === 'LFP'));
  let validated = 0;
  for (const p of [...demo, ...shortWarranty]) {
    for (const f of exportBatteryPass(p).files) {
      const validate = compileSharedSchema(batteryPassSchemaPath(aspectId(f.namespace)));
      assert.ok(validate(f.content), `${p.passportId} ${f.namespace}: ${JSON.stringify(validate.errors)}`);
      assert.equal(f.fileName, `${f.namespace}.json`);
      validated++;
    }
  }
  // 24 demo passports x 6 aspects, and the same passports with a short warranty x 7 aspects.
  assert.equal(validated, 24 * 6 + 24 * 7);
});

test('demo warranties of several years leave only GeneralProductInformation out, with the reason', () => {
  for (const p of demo) {
    const r = exportBatteryPass(p);
    assert.equal(r.files.length, 6);
    assert.deepEqual(r.omitted.map((o) => o.namespace), ['io.BatteryPass.GeneralProductInformation']);
    assert.match(r.omitted[0].missing.join(), /warrantyPeriod: \d+ months cannot be written as the xsd:gMonth/);
  }
});

test('upstream spellings and unit conversions are applied', () => {
  const p = shortWarranty[0];
  const files = new Map(exportBatteryPass(p).files.map((f) => [f.namespace, f.content as Record<string, any>]));
  const gpi = files.get('io.BatteryPass.GeneralProductInformation')!;
  assert.equal(gpi.warrentyPeriod, '--12');
  assert.match(gpi.batteryPassportIdentifier, /^urn:uuid:[0-9a-f]{32}$/);
  assert.equal(gpi.manufacturingDate, `${p.attributes.manufacturingDate}T00:00:00Z`);
  const perf = files.get('io.BatteryPass.Performance')!;
  assert.equal(perf.batteryTechicalProperties.ratedMaximumPower * 1000, p.attributes.maximumPermittedPower);
  const mat = files.get('io.BatteryPass.MaterialComposition')!;
  const first = (p.attributes.batteryMaterials as Record<string, number>[])[0];
  assert.equal(mat.batteryMaterials[0].batteryMaterialMass, Math.round(first.massKg * 1000 * 1e6) / 1e6);
  const cf = files.get('io.BatteryPass.CarbonFootprint')!;
  assert.equal(cf.absoluteCarbonFootprint, Math.round((p.attributes.absoluteCarbonFootprint as number) * 1000 * 1e6) / 1e6);
  const sc = files.get('io.BatteryPass.SupplyChainDueDiligence')!;
  assert.ok('thirdPartyAussurances' in sc && 'supplyChainIndicies' in sc);
});

function roundTrip(p: Passport): { files: ExportFile[]; again: ExportFile[]; passport: Passport; warnings: string[] } {
  const { files } = exportBatteryPass(p);
  const { passport, warnings } = importBatteryPass(JSON.parse(JSON.stringify(files)), { envelope: envelopeOf(p) });
  return { files, again: exportBatteryPass(passport).files, passport, warnings };
}

function assertCarried(p: Passport, back: Passport, skip: readonly string[]): void {
  for (const key of Object.keys(p.attributes)) {
    if (key in BATTERYPASS_UNMAPPED || skip.includes(key)) continue;
    assert.ok(back.attributes[key] !== undefined, `${key} not carried`);
    if (key === 'batteryMaterials') {
      const a = p.attributes[key] as Record<string, unknown>[];
      const b = back.attributes[key] as Record<string, unknown>[];
      assert.deepEqual(b.map(({ massFractionPercent, ...rest }) => rest), a.map(({ massFractionPercent, ...rest }) => rest));
      a.forEach((m, i) => assert.ok(Math.abs((m.massFractionPercent as number) - (b[i].massFractionPercent as number)) <= 0.01));
    } else if (!(key in BATTERYPASS_PARTIAL)) assert.deepEqual(back.attributes[key], p.attributes[key], key);
  }
}

test('round trip: export(import(export(p))) equals export(p) and carried attributes come back equal', () => {
  for (const p of demo) {
    const { files, again, passport } = roundTrip(p);
    assert.deepEqual(again, files);
    assertCarried(p, passport, GPI_KEYS);
  }
  for (const p of shortWarranty) {
    const { files, again, passport } = roundTrip(p);
    assert.equal(files.length, 7);
    assert.deepEqual(again, files);
    assertCarried(p, passport, []);
    assert.equal(passport.passportId, p.passportId);
  }
});

function content(namespace: string): Record<string, any> {
  const f = exportBatteryPass(shortWarranty[1]).files.find((x) => x.namespace === namespace);
  assert.ok(f);
  return structuredClone(f.content) as Record<string, any>;
}

function rejects(namespace: string, mutate: (c: Record<string, any>) => void, field: string): void {
  const c = content(namespace);
  mutate(c);
  assert.throws(
    () => importBatteryPass([{ namespace, content: c }], { envelope: envelopeOf(shortWarranty[1]) }),
    (e: unknown) => e instanceof BatteryPassImportError && e.field === field,
  );
}

test('malformed aspects are rejected with the upstream field', () => {
  const perf = 'io.BatteryPass.Performance';
  rejects(perf, (c) => delete c.batteryTechicalProperties.ratedCapacity, `${perf}:$.batteryTechicalProperties.ratedCapacity`);
  rejects(perf, (c) => (c.batteryTechicalProperties.ratedCapacity = '150 Ah'), `${perf}:$.batteryTechicalProperties.ratedCapacity`);
  rejects(perf, (c) => (c.batteryTechicalProperties.ratedCapacity = -1), `${perf}:$.batteryTechicalProperties.ratedCapacity`);
  rejects(perf, (c) => (c.batteryCondition.stateOfCharge.lastUpdate = 'yesterday'), `${perf}:$.batteryCondition.stateOfCharge.lastUpdate`);
  const gpi = 'io.BatteryPass.GeneralProductInformation';
  rejects(gpi, (c) => (c.warrentyPeriod = 'P96M'), `${gpi}:$.warrentyPeriod`);
  rejects(gpi, (c) => (c.batteryPassportIdentifier = 'urn:bmwk:123'), `${gpi}:$.batteryPassportIdentifier`);
  rejects(gpi, (c) => (c.batteryStatus = 'Broken'), `${gpi}:$.batteryStatus`);
  const circ = 'io.BatteryPass.Circularity';
  rejects(circ, (c) => (c.recycledContent[0].preConsumerShare = 140), `${circ}:$.recycledContent[0].preConsumerShare`);
  rejects(circ, (c) => (c.dismantlingAndRemovalInformation = {}), `${circ}:$.dismantlingAndRemovalInformation`);
  assert.throws(() => importBatteryPass([{ namespace: 'io.BatteryPass.Unknown', content: {} }]), (e: unknown) => e instanceof BatteryPassImportError && e.field === 'files[0].namespace');
  assert.throws(
    () => importBatteryPass([{ namespace: perf, content: content(perf) }], { envelope: { ...envelopeOf(shortWarranty[1]), issuer: undefined } }),
    (e: unknown) => e instanceof BatteryPassImportError && e.field === 'envelope.issuer',
  );
});

test('the upstream generated sample payload is rejected where it breaks the catalogue', { skip: skipWithoutShared }, () => {
  // The SAMM generator fills samples with random values (e.g. a state of charge of -5.5e37 %).
  const perf = 'io.BatteryPass.Performance';
  const sample = readJsonAnyEncoding(sharedPath('fixtures/batterypass/BatteryPass/io.BatteryPass.Performance/1.2.1/gen/PerformanceAndDurability.json'));
  assert.ok(compileSharedSchema(batteryPassSchemaPath('performance'))(sample));
  assert.throws(
    () => importBatteryPass([{ namespace: perf, content: sample }], { envelope: envelopeOf(demo[0]) }),
    (e: unknown) => e instanceof BatteryPassImportError && e.field === `${perf}:$.batteryTechicalProperties.originalPowerCapability` && /atSocPercent/.test(e.reason),
  );
});

test('the not-carried lists name catalogue keys only, each with a reason', () => {
  for (const [key, why] of Object.entries({ ...BATTERYPASS_UNMAPPED, ...BATTERYPASS_PARTIAL })) {
    assert.ok(attributeByKey(key), key);
    assert.ok(why.length > 20, key);
  }
  assert.equal(Object.keys(BATTERYPASS_UNMAPPED).filter((k) => k in BATTERYPASS_PARTIAL).length, 0);
});
