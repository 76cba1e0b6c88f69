import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoPassports } from '../../demo.js';
import type { Passport } from '../../types.js';
import { attributeByKey } from '../../catalogue/index.js';
import { compileSharedSchema, skipWithoutShared } from '../../../../../test/support/shared.js';
import {
  CATENAX_FILE_NAME,
  CATENAX_NAMESPACE,
  CATENAX_PARTIAL,
  CATENAX_SCHEMA_PATH,
  CATENAX_UNMAPPED,
  CatenaXExportError,
  CatenaXImportError,
  type CatenaXSupplement,
  exportCatenaX,
  importCatenaX,
} from './index.js';

const issuer = { did: 'did:web:acme.example', role: 'manufacturer' as const, name: 'ACME Batteries' };
const demo = generateDemoPassports({ count: 24, seed: 2024, now: '2025-06-01T00:00:00Z', issuer });

/** Test fixture: the Catena-X facts a manufacturer would hold beside the passport (BPNs from its BPDM record etc.). */
function supplementFor(p: Passport): CatenaXSupplement {
  const site = p.model.chemistry === 'LFP' ? 'BPNA00000000LFP1' : 'BPNA00000000NMC1';
  return {
    economicOperatorBpnl: 'BPNL00000000ACME',
    manufacturerBpnl: 'BPNL00000000ACME',
    manufacturingSiteBpna: site,
    sparePartProducerBpnls: ['BPNL0000000SPAR1', 'BPNL0000000SPAR2'],
    dataCarrierLayout: 'QR code on the type plate, upper left of the pack lid',
    passportExpirationDate: '2045-12-31',
    backupReference: 'https://backup.passport-service.example/acme',
    fireClass: 'A, B, C',
    roundTripEfficiencyDepthOfDischargePercent: 100,
    cycleLifeTest: { temperatureDegC: 25, depthOfDischargePercent: 80, chargeRateC: 0.5, dischargeRateC: 1 },
    heavyMetals: {
      cadmium: { concentration: 2, unit: 'unit:partPerMillion', location: 'below detection limit in all components' },
      mercury: { concentration: 0.5, unit: 'unit:partPerMillion', location: 'below detection limit in all components' },
      lead: { concentration: 8, unit: 'unit:partPerMillion', location: 'solder of the battery management system' },
    },
  };
}

function envelopeOf(p: Passport) {
  return { issuer: p.issuer, createdAt: p.createdAt, updatedAt: p.updatedAt, structure: p.structure };
}

test('every Catena-X export of the demo passports (NMC and LFP) validates against battery_pass 6.1.0', { skip: skipWithoutShared }, () => {
  assert.ok(demo.some((p) => p.model.chemistry === 'NMC') && demo.some((p) => p.model.chemistry === 'LFP'));
  const validate = compileSharedSchema(CATENAX_SCHEMA_PATH);
  let validated = 0;
  for (const p of demo) {
    const files = exportCatenaX(p, supplementFor(p));
    assert.equal(files.length, 1);
    assert.equal(files[0].fileName, CATENAX_FILE_NAME);
    assert.ok(validate(files[0].content), `${p.passportId}: ${JSON.stringify(validate.errors)}`);
    validated++;
  }
  assert.equal(validated, 24);
});

test('the upstream example validates with the same validator (the schema is wired correctly)', { skip: skipWithoutShared }, async () => {
  const { readJsonAnyEncoding, sharedPath } = await import('../../../../../test/support/shared.js');
  const validate = compileSharedSchema(CATENAX_SCHEMA_PATH);
  assert.ok(validate(readJsonAnyEncoding(sharedPath(CATENAX_SCHEMA_PATH.replace('BatteryPass-schema.json', 'BatteryPass.json')))));
  assert.equal(validate({ specVersion: 'x' }), false);
});

test('gaps are reported all at once instead of being padded', () => {
  assert.throws(() => exportCatenaX(demo[0]), (e: unknown) => e instanceof CatenaXExportError && /supplement: missing/.test(e.missing[0]));
  const bad = { ...supplementFor(demo[0]), manufacturerBpnl: 'did:web:acme.example' };
  assert.throws(() => exportCatenaX(demo[0], bad), (e: unknown) => e instanceof CatenaXExportError && e.missing.some((m) => m.startsWith('supplement.manufacturerBpnl')));
  const p = structuredClone(demo[0]);
  delete p.attributes.ratedCapacity;
  delete p.attributes.warrantyPeriod;
  assert.throws(
    () => exportCatenaX(p, supplementFor(p)),
    (e: unknown) => e instanceof CatenaXExportError && e.missing.includes('ratedCapacity: missing') && e.missing.includes('warrantyPeriod: missing'),
  );
});

test('upstream spellings, enumerations and conversions', () => {
  const p = structuredClone(demo[0]);
  p.status = 'reused';
  p.attributes.batteryStatus = 'reused';
  const c = exportCatenaX(p, supplementFor(p))[0].content as Record<string, any>;
  assert.equal(c.specVersion, 'urn:io.catenax.battery.battery_pass:6.1.0');
  assert.equal(c.sustainability.status, 're-used');
  assert.equal(c.metadata.predecessor, 'urn:uuid:00000000-0000-0000-0000-000000000000');
  assert.equal(c.identification.category, 'EV');
  assert.match(c.identification.chemistry, new RegExp(`\\(${p.model.chemistry}\\)$`));
  assert.ok('50PercentLife' in c.performance.rated.roundTripEfficiency);
  const pre = p.attributes.preConsumerRecycledLithiumShare as number;
  const post = p.attributes.postConsumerRecycledLithiumShare as number;
  assert.ok(Math.abs(c.materials.active.lithium.recycled - (pre + post)) < 1e-9);
  const total = c.sustainability.carbonFootprint.find((e: { lifecycle?: string; unit?: string }) => e.lifecycle === 'total' && e.unit === 'kg CO2e / kWh');
  assert.equal(total.value, p.attributes.carbonFootprintPerFunctionalUnit);
  const absolute = c.sustainability.carbonFootprint.find((e: { unit?: string }) => e.unit === 'kg CO2e');
  assert.ok(Math.abs(absolute.value - (p.attributes.absoluteCarbonFootprint as number) * 1000) < 1e-6);
  assert.deepEqual(c.commercial.purpose, ['automotive']);
});

test('round trip: export(import(export(p))) equals export(p); carried attributes and the supplement come back', () => {
  for (const p of demo) {
    const supplement = supplementFor(p);
    const files = exportCatenaX(p, supplement);
    const back = importCatenaX(JSON.parse(JSON.stringify(files)), { envelope: envelopeOf(p) });
    assert.deepEqual(exportCatenaX(back.passport, back.supplement), files);
    const { recycledContentPercent, ...rest } = back.supplement;
    assert.deepEqual(rest, supplement);
    assert.deepEqual(Object.keys(recycledContentPercent ?? {}).sort(), ['cobalt', 'lead', 'lithium', 'nickel']);
    for (const key of Object.keys(p.attributes)) {
      if (key in CATENAX_UNMAPPED) continue;
      assert.ok(back.passport.attributes[key] !== undefined, `${key} not carried`);
      if (!(key in CATENAX_PARTIAL)) assert.deepEqual(back.passport.attributes[key], p.attributes[key], key);
    }
    assert.equal(back.passport.passportId, p.passportId);
    assert.equal(back.passport.model.manufacturerModelId, p.model.manufacturerModelId);
  }
});

function rejects(mutate: (c: Record<string, any>) => void, field: string): void {
  const p = demo[3];
  const c = structuredClone(exportCatenaX(p, supplementFor(p))[0].content) as Record<string, any>;
  mutate(c);
  assert.throws(
    () => importCatenaX([{ namespace: CATENAX_NAMESPACE, content: c }], { envelope: envelopeOf(p) }),
    (e: unknown) => e instanceof CatenaXImportError && e.field === `${CATENAX_NAMESPACE}:${field}`,
  );
}

test('malformed documents are rejected with the offending field', () => {
  rejects((c) => (c.metadata.passportIdentifier = 'passport-17'), '$.metadata.passportIdentifier');
  rejects((c) => (c.metadata.economicOperatorId = 'did:web:acme.example'), '$.metadata.economicOperatorId');
  rejects((c) => delete c.performance.rated, '$.performance.rated');
  rejects((c) => (c.performance.rated.capacity.value = '150'), '$.performance.rated.capacity.value');
  rejects((c) => (c.performance.rated.capacity.value = -150), '$.performance.rated.capacity.value');
  rejects((c) => (c.performance.dynamic.stateOfCharge.time = '29.05.2025'), '$.performance.dynamic.stateOfCharge.time');
  rejects((c) => (c.sustainability.status = 'refurbished'), '$.sustainability.status');
  rejects((c) => (c.identification.chemistry = 'Nickel-Cadmium'), '$.identification.chemistry');
  rejects((c) => (c.materials.hazardous.lead.materialUnit = 'unit:gram'), '$.materials.hazardous.lead.materialUnit');
  assert.throws(() => importCatenaX([]), (e: unknown) => e instanceof CatenaXImportError && e.field === 'files');
  const p = demo[3];
  assert.throws(
    () => importCatenaX(exportCatenaX(p, supplementFor(p))),
    (e: unknown) => e instanceof CatenaXImportError && e.field === 'envelope.issuer',
  );
});

test('the not-carried lists name catalogue keys only, each with a reason', () => {
  for (const [key, why] of Object.entries({ ...CATENAX_UNMAPPED, ...CATENAX_PARTIAL })) {
    assert.ok(attributeByKey(key), key);
    assert.ok(why.length > 20, key);
  }
  assert.equal(Object.keys(CATENAX_UNMAPPED).filter((k) => k in CATENAX_PARTIAL).length, 0);
});
