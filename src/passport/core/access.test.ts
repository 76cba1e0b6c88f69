import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE, attributeByKey } from './catalogue/index.js';
import { canReadAttribute, canWriteAttribute, filterPassportForRole, readableTiers } from './access.js';
import { generateDemoPassports } from './demo.js';
import { listCells, listModules } from './structure.js';
import type { AccessTier, Role } from './types.js';

const ROLES: Role[] = ['manufacturer', 'oem', 'logistics', 'dismantler', 'testingFacility', 'remanufacturer', 'recycler', 'authority', 'public'];
const ALL: AccessTier[] = ['public', 'legitimateInterest', 'legitimateInterestAndCommission', 'authorities'];
const LI: AccessTier[] = ['public', 'legitimateInterest', 'legitimateInterestAndCommission'];
const EXPECTED: Record<Role, AccessTier[]> = {
  public: ['public'],
  logistics: ['public'],
  manufacturer: ['public'],
  dismantler: LI,
  testingFacility: LI,
  remanufacturer: LI,
  recycler: LI,
  oem: LI,
  authority: ['public', 'legitimateInterestAndCommission', 'authorities'],
};
const issuer = { did: 'did:web:cells.example.com', role: 'manufacturer' as const, name: 'Example Cells AG' };
const passport = generateDemoPassports({ count: 1, seed: 3, now: '2026-01-15T10:00:00Z', issuer })[0];

test('readable tiers per role (Art. 77(2), Annex XIII)', () => {
  for (const role of ROLES) {
    assert.deepEqual([...readableTiers(role, { isIssuer: false })].sort(), [...EXPECTED[role]].sort(), role);
    assert.deepEqual([...readableTiers(role, { isIssuer: true })].sort(), [...ALL].sort(), `${role} as issuer`);
  }
});

test('filterPassportForRole keeps exactly the readable attributes and their update times', () => {
  for (const role of ROLES) {
    for (const isIssuer of [false, true]) {
      const tiers = readableTiers(role, { isIssuer });
      const view = filterPassportForRole(passport, role, { isIssuer });
      const expectedKeys = CATALOGUE.filter((d) => tiers.has(d.tier)).map((d) => d.key).sort();
      assert.deepEqual(Object.keys(view.attributes).sort(), expectedKeys, `${role} issuer=${isIssuer}`);
      for (const key of Object.keys(view.attributeUpdatedAt)) assert.ok(tiers.has(attributeByKey(key)!.tier), key);
      assert.equal(view.passportId, passport.passportId);
    }
  }
  const pub = filterPassportForRole(passport, 'public', { isIssuer: false });
  assert.equal(Object.keys(pub.attributes).length, 60);
  assert.equal(pub.attributes.stateOfCharge, undefined);
  assert.equal(pub.attributeUpdatedAt.stateOfCharge, undefined);
  assert.equal(pub.attributes.testReportResults, undefined);
  const authority = filterPassportForRole(passport, 'authority', { isIssuer: false });
  assert.ok(authority.attributes.testReportResults !== undefined && authority.attributes.batteryMaterials !== undefined);
  assert.equal(authority.attributes.stateOfCertifiedEnergy, undefined);
  const recycler = filterPassportForRole(passport, 'recycler', { isIssuer: false });
  assert.ok(recycler.attributes.dismantlingInformation !== undefined && recycler.attributes.stateOfCertifiedEnergy !== undefined);
  assert.equal(recycler.attributes.testReportResults, undefined);
});

test('the pack layout and serial numbers are hidden from callers without a legitimate-interest tier', () => {
  const pub = filterPassportForRole(passport, 'public', { isIssuer: false });
  assert.equal(pub.structure.serialNumber, '');
  assert.equal(pub.structure.kind, 'pack');
  assert.deepEqual(pub.structure.children, [], 'modules and cells are dismantling information (#36)');
  assert.equal(listModules(filterPassportForRole(passport, 'authority', { isIssuer: false }).structure).length, listModules(passport.structure).length, 'authorities see the layout (legitimate interest + Commission tier)');
  const dismantler = filterPassportForRole(passport, 'dismantler', { isIssuer: false });
  assert.deepEqual(dismantler.structure, passport.structure);
  assert.notEqual(listCells(passport.structure)[0].serialNumber, '', 'the original is not modified');
});

test('canWriteAttribute: issuer, catalogue writers and refusals with reasons', () => {
  assert.deepEqual(canWriteAttribute('manufacturer', 'batteryMass', { isIssuer: true }), { ok: true });
  assert.deepEqual(canWriteAttribute('oem', 'batteryMass', { isIssuer: true }), { ok: true });
  assert.deepEqual(canWriteAttribute('oem', 'stateOfCharge', { isIssuer: false }), { ok: true });
  assert.deepEqual(canWriteAttribute('testingFacility', 'stateOfCertifiedEnergy', { isIssuer: false }), { ok: true });
  const refused = [
    canWriteAttribute('testingFacility', 'batteryMaterials', { isIssuer: false }),
    canWriteAttribute('oem', 'batteryMass', { isIssuer: false }),
    canWriteAttribute('recycler', 'negativeEvents', { isIssuer: false }),
    canWriteAttribute('remanufacturer', 'stateOfCertifiedEnergy', { isIssuer: false }),
    canWriteAttribute('public', 'stateOfCharge', { isIssuer: false }),
  ];
  for (const r of refused) {
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /may not write/);
  }
  const status = canWriteAttribute('manufacturer', 'batteryStatus', { isIssuer: true });
  assert.equal(status.ok, false);
  if (!status.ok) assert.match(status.reason, /lifecycle/);
  const id = canWriteAttribute('manufacturer', 'batteryPassportIdentifier', { isIssuer: true });
  assert.equal(id.ok, false);
  const unknown = canWriteAttribute('manufacturer', 'colour', { isIssuer: true });
  assert.deepEqual(unknown, { ok: false, reason: "unknown attribute 'colour'" });
});

test('no non-issuer role other than manufacturer, oem and testingFacility can write anything', () => {
  for (const role of ['logistics', 'dismantler', 'remanufacturer', 'recycler', 'authority', 'public'] as Role[]) {
    for (const d of CATALOGUE) assert.equal(canWriteAttribute(role, d.key, { isIssuer: false }).ok, false, `${role} ${d.key}`);
  }
  assert.equal(canReadAttribute('public', 'batteryMass', { isIssuer: false }), true);
  assert.equal(canReadAttribute('public', 'stateOfCharge', { isIssuer: false }), false);
  assert.equal(canReadAttribute('public', 'colour', { isIssuer: true }), false);
});
