import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleBatch } from '../../../../src/compliance/core/examples.js';
import { FormError, fromBatchJson, parseComponents, toBatchInput, type FormState } from './batch-form.js';

const empty: FormState = { batchId: 'B-1', processedOn: '2026-01-01', facilityName: 'Plant', countryCode: 'SE', route: ['hydrometallurgy'], intake: [], outputs: [] };

test('component masses are typed as name=kg and checked against the known components', () => {
  assert.deepEqual(parseComponents('Ni=73; co: 24.5 kg, Li=1e1', 'x'), { Ni: 73, Co: 24.5, Li: 10 });
  assert.deepEqual(parseComponents('', 'x'), {});
  assert.throws(() => parseComponents('Unobtainium=3', 'outputs.2.componentsKg'), (e: unknown) => e instanceof FormError && e.field === 'outputs.2.componentsKg' && /unknown component/.test(e.message));
  assert.throws(() => parseComponents('Ni=-1', 'x'), /Ni: -1 is not a mass/);
});

test('the CLI example batch round-trips through the form into the same request', () => {
  const b = exampleBatch('2026-03-15');
  const form = fromBatchJson([b], empty);
  assert.equal(form.intake.length, 2);
  assert.equal(form.outputs.length, b.outputs.length);
  const back = toBatchInput(form);
  assert.equal(back.batchId, b.batchId);
  assert.deepEqual(back.route, b.route);
  assert.deepEqual(back.facility, { name: 'Plant', countryCode: 'SE' }, 'the facility typed in the form stays');
  assert.deepEqual(back.outputs, b.outputs);
  assert.deepEqual(back.intake.map((i) => [i.batteryId, i.massKg, i.chemistry, i.origin]), b.intake.map((i) => [i.batteryId, i.massKg, i.chemistry, i.origin]));
});

test('intake rows may leave mass and chemistry to the passport; outputs need a mass', () => {
  const form: FormState = { ...empty, intake: [{ batteryId: ' BAT-1 ', chemistry: '', massKg: '', origin: 'post-consumer' }], outputs: [{ fractionId: 'F1', name: 'copper', massKg: '', inputDerivedMassKg: '', components: 'Cu=1', fate: 'recycled', downstreamRecycledShare: '' }] };
  assert.throws(() => toBatchInput(form), (e: unknown) => e instanceof FormError && e.field === 'outputs.0.massKg');
  const ok = toBatchInput({ ...form, outputs: [{ ...form.outputs[0], massKg: '1' }] });
  assert.deepEqual(ok.intake, [{ batteryId: 'BAT-1', origin: 'post-consumer' }]);
  const held = toBatchInput({ ...form, outputs: [{ ...form.outputs[0], massKg: '1' }] }, 'did:web:maker.example');
  assert.deepEqual(held.intake, [{ batteryId: 'BAT-1', origin: 'post-consumer', holderDid: 'did:web:maker.example' }], 'the holder lets the node fetch the passport');
  assert.throws(() => fromBatchJson({ hello: 1 }, empty), /not a recycler batch/);
});
