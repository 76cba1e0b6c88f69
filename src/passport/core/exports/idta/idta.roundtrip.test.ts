/**
 * Round trip native → IDTA-02035 → native: re-exporting the imported passport reproduces the files,
 * and every catalogue attribute IDTA carries comes back unchanged (IDTA_UNCARRIED lists the rest).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE, ENVELOPE_BOUND_KEYS } from '../../catalogue/index.js';
import { validatePassport } from '../../validation.js';
import { IDTA_ATTRIBUTE_PATHS, IDTA_UNCARRIED, exportIdta, importIdta } from './index.js';
import { ISSUER, demoPassports, variantPassports } from './idta-test-passports.js';

const base = demoPassports();
const all = [...base.map((p) => ({ name: p.batteryId, passport: p })), ...variantPassports(base)];

test('export → import → export reproduces every IDTA file', () => {
  for (const { name, passport } of all) {
    const files = exportIdta(passport);
    const again = exportIdta(importIdta(files).passport);
    assert.deepStrictEqual(again, files, name);
  }
});

/** Submodels (`digital_nameplate`, `handover`, ...) an attribute is written to, from the mapping table. */
function homes(key: string): string[] {
  return (IDTA_ATTRIBUTE_PATHS[key] ?? []).map((p) => p.split(':')[0]);
}

test('every attribute IDTA carries comes back equal to the original', (t) => {
  let compared = 0;
  for (const { name, passport } of all) {
    const files = exportIdta(passport);
    const written = new Set(files.map((f) => f.namespace.split('.').pop() as string).map((s) => (s === 'handover_documentation' ? 'handover' : s)));
    const { passport: back, incomplete } = importIdta(files);
    for (const def of CATALOGUE) {
      if (IDTA_UNCARRIED[def.key] !== undefined || passport.attributes[def.key] === undefined) continue;
      const where = homes(def.key);
      // A submodel left out for lack of required data cannot carry its attributes (see the schema test).
      if (!where.some((h) => written.has(h))) continue;
      if (incomplete[def.key] !== undefined) {
        assert.ok(!where.every((h) => written.has(h)), `${name}: ${def.key} incomplete although ${where.join(', ')} were written`);
        continue;
      }
      assert.deepStrictEqual(back.attributes[def.key], passport.attributes[def.key], `${name}: ${def.key}`);
      compared++;
    }
    for (const key of Object.keys(back.attributes)) {
      // Envelope-bound attributes mirror passportId, batteryId and status, which a role-filtered view keeps.
      if (ENVELOPE_BOUND_KEYS.has(key)) continue;
      assert.ok(passport.attributes[key] !== undefined, `${name}: import invented attribute ${key}`);
    }
    assert.equal(back.attributes.batteryPassportIdentifier, passport.passportId);
    assert.equal(back.attributes.batteryIdentifier, passport.batteryId);
    if (all.indexOf(all.find((v) => v.passport === passport) as (typeof all)[number]) < base.length) {
      // Complete passports: only the attributes listed as partial come back incomplete.
      for (const key of Object.keys(incomplete)) assert.ok(IDTA_UNCARRIED[key]?.startsWith('partial'), `${name}: ${key} incomplete`);
    }
  }
  t.diagnostic(`${compared} attribute values compared over ${all.length} passports`);
});

const TIMED = [
  'energyThroughput',
  'capacityThroughput',
  'numberOfFullCycles',
  'stateOfCertifiedEnergy',
  'remainingUsableEnergy',
  'remainingCapacity',
  'selfDischargeEvolution',
  'currentSelfDischargeRate',
  'remainingRoundTripEfficiency',
  'stateOfCharge',
  'remainingPowerCapability',
];

test('envelope facts IDTA carries come back; the rest is reported', () => {
  for (const { name, passport } of all.slice(0, base.length)) {
    const { passport: back, warnings } = importIdta(exportIdta(passport));
    assert.equal(back.passportId, passport.passportId, name);
    assert.equal(back.batteryId, passport.batteryId, name);
    assert.equal(back.status, passport.status, name);
    assert.equal(back.closed, passport.closed, name);
    assert.equal(back.updatedAt, passport.updatedAt, name);
    assert.deepEqual(back.model.chemistry, passport.model.chemistry, name);
    // The demo issuer is the manufacturer, whose name the nameplate carries.
    assert.deepEqual(back.issuer, { ...ISSUER }, name);
    // Product Condition entries carry their own LastUpdate.
    for (const key of TIMED) assert.equal(back.attributeUpdatedAt[key], passport.attributeUpdatedAt[key], `${name}: update time of ${key}`);
    assert.ok(warnings.some((w) => w.startsWith('model.manufacturerModelId')));
    // Only the partially carried attributes keep the imported passport from validating.
    const partial = new Set(Object.keys(IDTA_UNCARRIED));
    const problems = validatePassport(back).filter((e) => !partial.has(e.attribute.replace(/^attributes\./, '').split(/[.[]/)[0]));
    assert.deepEqual(problems, [], name);
  }
  const closed = all.find((v) => v.name === 'closed (waste)');
  assert.ok(closed);
  const back = importIdta(exportIdta(closed.passport)).passport;
  assert.equal(back.closed, true);
  assert.equal(back.status, 'waste');
  assert.equal(back.closedAt, closed.passport.closedAt);
});

test('the mapping table covers the whole catalogue', () => {
  const keys = new Set(CATALOGUE.map((d) => d.key));
  for (const key of [...Object.keys(IDTA_ATTRIBUTE_PATHS), ...Object.keys(IDTA_UNCARRIED)]) assert.ok(keys.has(key), `${key} is not a catalogue key`);
  for (const def of CATALOGUE) {
    const mapped = IDTA_ATTRIBUTE_PATHS[def.key] !== undefined;
    const reason = IDTA_UNCARRIED[def.key];
    assert.ok(mapped || reason?.startsWith('not carried'), `#${def.number} ${def.key}: neither mapped nor listed as not carried`);
    assert.ok(!(mapped && reason?.startsWith('not carried')), `#${def.number} ${def.key}: mapped and listed as not carried`);
    if (reason?.startsWith('partial')) assert.ok(mapped, `#${def.number} ${def.key}: partial but without a path`);
  }
});
