import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoPassports } from '../../passport/index.js';
import { validateEventPayload } from '../../history/index.js';
import { balanceViolationField, compoundFor, eventProcess, fillIntake, lotSpecsFor, recycledPayloads } from './intake.js';
import { exampleBatch, exampleOutputs } from './examples.js';
import { checkMassBalance } from './mass-balance.js';

const [p] = generateDemoPassports({ count: 1, seed: 12, now: '2026-01-10T00:00:00Z', issuer: { did: 'did:web:m.example', role: 'manufacturer', name: 'M' } });

test('fillIntake: passport values fill gaps, request values win, contradictions and gaps are named', () => {
  const r = fillIntake({ batteryId: p.batteryId, massKg: 401 }, p, 'body.intake[0]');
  assert.ok(r.ok);
  assert.equal(r.value.item.massKg, 401);
  assert.equal(r.value.item.passportId, p.passportId);
  assert.equal(r.value.holderDid, 'did:web:m.example');
  const clash = fillIntake({ batteryId: p.batteryId, chemistry: 'LFP' }, p, 'body.intake[2]');
  assert.deepEqual(!clash.ok && clash.errors.map((e) => e.field), ['body.intake[2].chemistry']);
  const none = fillIntake({ batteryId: 'B-X', chemistry: 'other', massKg: 10, passportId: 'pp' }, null, 'body.intake[1]');
  assert.deepEqual(!none.ok && none.errors.map((e) => e.field), ['body.intake[1].composition']);
  const given = fillIntake({ batteryId: 'B-Y', chemistry: 'NMC', massKg: 10, passportId: 'pp' }, null, 'i');
  assert.ok(given.ok && given.value.compositionBasis === 'chemistry-default' && given.value.holderDid === null);
});

test('lots: one per recycled fraction and metal, compounds recognised, no lot from disposed or non-metal fractions', () => {
  const specs = lotSpecsFor(exampleBatch());
  assert.deepEqual(specs.map((s) => `${s.fractionId}:${s.element}:${s.compound}`), [
    'F-al:Al:Al metal', 'F-cu:Cu:Cu metal', 'F-ni:Ni:NiSO4·6H2O', 'F-co:Co:CoSO4·7H2O', 'F-mn:Mn:MnSO4·H2O', 'F-li:Li:Li2CO3',
  ]);
  assert.equal(specs.find((s) => s.element === 'Ni')!.massKg, 327, 'the salt mass ships with the lot');
  assert.equal(compoundFor('Co', 'cobalt sulphate'), 'CoSO4·7H2O');
  assert.equal(compoundFor('Ni', 'nickel-cobalt alloy'), 'nickel-cobalt alloy');
});

test('recycled payloads: per battery, never above its own input, valid against the event schema; mechanical-only has none', () => {
  const b = exampleBatch();
  const pl = recycledPayloads(b, { name: 'Plant', countryCode: 'DE' });
  assert.equal(pl.size, 2);
  const ni = [...pl.values()].reduce((s, x) => s + (x.recoveredMaterialsKg.Ni ?? 0), 0);
  assert.ok(ni <= 73 && ni > 72.99, `Ni shared out: ${ni}`);
  for (const x of pl.values()) assert.deepEqual(validateEventPayload('recycled', x), []);
  assert.equal(eventProcess({ ...b, route: ['discharge', 'black-mass'] }), null);
  assert.throws(() => recycledPayloads({ ...b, route: ['discharge'] }, { name: 'P', countryCode: 'DE' }), /no metallurgical/);
});

test('a balance violation names the fraction carrying most of the component', () => {
  const outs = exampleOutputs();
  outs.find((o) => o.fractionId === 'F-ni')!.componentsKg.Ni = 90;
  const b = exampleBatch('2028-05-01', outs);
  const v = checkMassBalance(b).violations[0];
  assert.equal(balanceViolationField(b, v.subject, 'body'), `body.outputs[${outs.findIndex((o) => o.fractionId === 'F-ni')}].componentsKg.Ni`);
});
