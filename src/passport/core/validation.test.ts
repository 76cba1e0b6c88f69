import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeByKey } from './catalogue/index.js';
import { generateDemoPassports } from './demo.js';
import type { Passport } from './types.js';
import { validateAttributeValue, validateAttributes, validatePassport } from './validation.js';

const issuer = { did: 'did:web:cells.example.com', role: 'manufacturer' as const, name: 'Example Cells AG' };
const demo = (seed = 7): Passport => generateDemoPassports({ count: 1, seed, now: '2026-02-01T08:00:00Z', issuer })[0];
const def = (key: string) => {
  const d = attributeByKey(key);
  assert.ok(d, key);
  return d;
};
const reasonsFor = (errors: { attribute: string; reason: string }[], attribute: string) =>
  errors.filter((e) => e.attribute === attribute).map((e) => e.reason);

test('validateAttributeValue accepts valid values and names each failure class', () => {
  assert.equal(validateAttributeValue(def('batteryMass'), 450.5), null);
  assert.match(validateAttributeValue(def('batteryMass'), '450') ?? '', /expected a number/);
  assert.match(validateAttributeValue(def('batteryMass'), 6000) ?? '', /above the maximum of 5000 kg/);
  assert.match(validateAttributeValue(def('batteryMass'), -1) ?? '', /below the minimum of 0 kg/);
  assert.match(validateAttributeValue(def('nominalVoltage'), 1600) ?? '', /maximum of 1500 V/);
  assert.match(validateAttributeValue(def('idleTemperatureLowerBoundary'), -80) ?? '', /minimum of -60 degC/);
  assert.match(validateAttributeValue(def('numberOfFullCycles'), 12.5) ?? '', /whole number/);
  assert.match(validateAttributeValue(def('batteryCategory'), 'portable') ?? '', /must be one of ev, lmt, industrial, stationary/);
  assert.match(validateAttributeValue(def('batteryPassportIdentifier'), 'not-a-urn') ?? '', /does not match the pattern/);
  assert.match(validateAttributeValue(def('manufacturingDate'), '2025-02-30') ?? '', /not a valid calendar date/);
  assert.match(validateAttributeValue(def('manufacturingDate'), '2025-02') ?? '', /not a valid calendar date/);
  assert.match(validateAttributeValue(def('euDeclarationOfConformity'), 'telnet://192.0.2.16:80/') ?? '', /scheme 'telnet' not allowed/);
  assert.match(validateAttributeValue(def('euDeclarationOfConformity'), 'docs/doc.pdf') ?? '', /absolute URI/);
  assert.match(validateAttributeValue(def('euDeclarationOfConformity'), 42) ?? '', /expected a URI string/);
  assert.match(validateAttributeValue(def('extinguishingAgents'), []) ?? '', /at least 1 item/);
  assert.match(validateAttributeValue(def('extinguishingAgents'), 'water') ?? '', /expected an array/);
  assert.match(validateAttributeValue(def('batteryChemistry'), 'NMC') ?? '', /expected an object/);
  assert.match(validateAttributeValue(def('batteryChemistry'), { shortName: 'NMC' }) ?? '', /^clearName: missing required field/);
  assert.match(validateAttributeValue(def('batteryChemistry'), { shortName: 'NMC', clearName: 'x', extra: 1 }) ?? '', /^extra: unknown field/);
  assert.match(validateAttributeValue(def('batteryMass'), null) ?? '', /got null/);
  assert.match(validateAttributeValue(def('batteryMaterials'), [{ component: 'cathode', materialName: 'x', massKg: 1, massFractionPercent: 1, isCriticalRawMaterial: 'yes' }]) ?? '', /^\[0\]\.isCriticalRawMaterial: expected true or false/);
});

test('validateAttributes reports every failing attribute at once, with nested paths', () => {
  const errors = validateAttributes({
    batteryMass: 'heavy',
    stateOfCharge: 140,
    colour: 'blue',
    batteryCategory: 'bus',
    batteryMaterials: [
      { component: 'cathode', materialName: 'NMC', casNumber: '7439-93-2', massKg: 10, massFractionPercent: 2, isCriticalRawMaterial: true },
      { component: 'cathode', materialName: 'NMC', casNumber: '7439-93-2 ', massKg: 10, massFractionPercent: 2, isCriticalRawMaterial: true },
      { component: 'separator', materialName: 'PE', massKg: 10, massFractionPercent: 120, isCriticalRawMaterial: false, colour: 'white' },
    ],
    negativeEvents: [{ eventType: 'accident', occurredAt: '2025-06-17 11:14', description: 'x' }],
    ratedCapacity: 100,
  });
  assert.deepEqual(reasonsFor(errors, 'colour'), ['unknown attribute']);
  assert.match(reasonsFor(errors, 'batteryMass')[0], /expected a number/);
  assert.match(reasonsFor(errors, 'stateOfCharge')[0], /140 % is above the maximum of 100 %/);
  assert.match(reasonsFor(errors, 'batteryCategory')[0], /must be one of/);
  assert.match(reasonsFor(errors, 'batteryMaterials[1].casNumber')[0], /pattern/);
  assert.match(reasonsFor(errors, 'batteryMaterials[2].component')[0], /must be one of cathode, anode, electrolyte/);
  assert.match(reasonsFor(errors, 'batteryMaterials[2].massFractionPercent')[0], /above the maximum of 100 %/);
  assert.deepEqual(reasonsFor(errors, 'batteryMaterials[2].colour'), ['unknown field']);
  assert.match(reasonsFor(errors, 'negativeEvents[0].occurredAt')[0], /ISO 8601/);
  assert.equal(reasonsFor(errors, 'batteryMaterials[0].casNumber').length, 0);
  assert.equal(reasonsFor(errors, 'ratedCapacity').length, 0);
  assert.equal(errors.length, 9);
});

test('validateAttributes optionally requires every EV-mandatory attribute', () => {
  const errors = validateAttributes({ batteryMass: 400 }, { requireEvMandatory: true });
  assert.equal(errors.length, 69);
  assert.ok(errors.every((e) => e.reason.startsWith('missing: #')));
  assert.ok(!errors.some((e) => e.attribute === 'puttingIntoServiceDate'), 'not applicable to EV');
  assert.equal(validateAttributes({ batteryMass: 400 }).length, 0);
});

test('cross-attribute consistency: voltage window, idle range, stage shares', () => {
  const errors = validateAttributes({
    minimumVoltage: 400,
    nominalVoltage: 350,
    maximumVoltage: 390,
    idleTemperatureLowerBoundary: 50,
    idleTemperatureUpperBoundary: 40,
    carbonFootprintRawMaterialShare: 60,
    carbonFootprintProductionShare: 20,
    carbonFootprintDistributionShare: 2,
    carbonFootprintEndOfLifeShare: 3,
  });
  assert.match(reasonsFor(errors, 'minimumVoltage')[0], /below the maximum voltage/);
  assert.match(reasonsFor(errors, 'nominalVoltage')[0], /below the minimum voltage/);
  assert.match(reasonsFor(errors, 'idleTemperatureLowerBoundary')[0], /below the upper boundary/);
  assert.match(reasonsFor(errors, 'carbonFootprintRawMaterialShare')[0], /add up to 85 %/);
});

test('validatePassport accepts a demo passport and checks the envelope', () => {
  const p = demo();
  assert.deepEqual(validatePassport(p), []);
  assert.deepEqual(validatePassport(p, { requireEvMandatory: true }), []);

  const bad = structuredClone(p) as unknown as Record<string, unknown>;
  bad.schemaVersion = 'v0';
  bad.passportId = 'abc';
  bad.status = 'broken';
  bad.closed = true;
  bad.successorPassportIds = ['urn:isbn:123'];
  bad.issuer = { did: 'https://x', role: 'wizard', name: '' };
  bad.model = { manufacturerModelId: 'M', chemistry: 'NiMH' };
  bad.updatedAt = '2000-01-01T00:00:00Z';
  bad.version = -1;
  bad.extra = true;
  const fields = new Set(validatePassport(bad).map((e) => e.attribute));
  for (const f of ['schemaVersion', 'passportId', 'status', 'closed', 'closedAt', 'successorPassportIds[0]', 'issuer.did', 'issuer.role', 'issuer.name', 'model.chemistry', 'updatedAt', 'version', 'extra']) {
    assert.ok(fields.has(f), `expected an error for ${f}`);
  }
  assert.deepEqual(validatePassport('nope'), [{ attribute: '', reason: 'expected a passport object, got the string "nope"' }]);
});

test('validatePassport checks attributes, update times, envelope agreement and structure', () => {
  const p = demo(11);
  p.attributes.stateOfCharge = 101;
  p.attributes.batteryStatus = 'waste';
  p.attributes.batteryIdentifier = 'OTHER-1';
  p.attributes.batteryChemistry = { shortName: p.model.chemistry === 'LFP' ? 'NMC' : 'LFP', clearName: 'x' };
  delete p.attributeUpdatedAt.numberOfFullCycles;
  p.attributeUpdatedAt.colour = '2026-01-01T00:00:00Z';
  p.attributeUpdatedAt.stateOfCharge = 'yesterday';
  p.structure.children[1].id = p.structure.children[0].id;
  const errors = validatePassport(p);
  const fields = errors.map((e) => e.attribute);
  assert.ok(fields.includes('attributes.stateOfCharge'));
  assert.match(reasonsFor(errors, 'attributes.batteryStatus')[0], /mirror the passport status 'original'/);
  assert.ok(fields.includes('attributes.batteryIdentifier'));
  assert.ok(fields.includes('attributes.batteryChemistry.shortName'));
  assert.match(reasonsFor(errors, 'attributeUpdatedAt.numberOfFullCycles')[0], /dynamic attribute #78/);
  assert.deepEqual(reasonsFor(errors, 'attributeUpdatedAt.colour'), ['unknown attribute']);
  assert.match(reasonsFor(errors, 'attributeUpdatedAt.stateOfCharge')[0], /ISO 8601/);
  assert.match(reasonsFor(errors, 'structure.children[1].id')[0], /duplicate id/);
});
