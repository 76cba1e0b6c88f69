import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMassBalance, batchIntake, checkMassBalance, MassBalanceError } from './mass-balance.js';
import { exampleBatch, exampleOutputs } from './examples.js';
import { CompositionError } from './composition.js';

test('intake composition from chemistry defaults: 850 kg NMC gives 25.5 kg Co and 76.5 kg Ni', () => {
  const i = batchIntake(exampleBatch());
  assert.equal(i.totalKg, 850);
  assert.ok(Math.abs(i.componentsKg.Co - 25.5) < 1e-9);
  assert.ok(Math.abs(i.componentsKg.Ni - 76.5) < 1e-9);
  assert.equal(i.compositionSources['urn:uuid:pp-0001'], 'chemistry-default');
});

test('passport composition overrides the chemistry default', () => {
  const b = exampleBatch();
  b.intake[0].composition = { Co: 0.05, Ni: 0.05 };
  const i = batchIntake(b);
  assert.ok(Math.abs(i.componentsKg.Co - (400 * 0.05 + 450 * 0.03)) < 1e-9);
  assert.equal(i.compositionSources['urn:uuid:pp-0001'], 'passport');
});

test('example batch balances', () => {
  const r = assertMassBalance(exampleBatch());
  assert.equal(r.ok, true);
  assert.ok(Math.abs(r.outputInputDerivedKg - (84 + 170 + 74 + 40 + 73 + 24.5 + 22 + 12.5 + 110 + 80 + 100)) < 1e-9);
});

test('refuses outputs above inputs and names the element', () => {
  const outs = exampleOutputs();
  outs.find((o) => o.fractionId === 'F-co')!.componentsKg.Co = 30; // intake is 25.5 kg
  outs.find((o) => o.fractionId === 'F-co')!.inputDerivedMassKg = 30;
  const b = exampleBatch('2026-03-15', outs);
  assert.throws(
    () => assertMassBalance(b),
    (e: unknown) => e instanceof MassBalanceError && /output of Co \(30\.000 kg\) exceeds input \(25\.500 kg\)/.test(e.message) && e.violations.length === 1,
  );
});

test('tolerance edge: exactly at the allowed limit passes, just above fails', () => {
  const tol = { relative: 0.02, absoluteKg: 0.001 };
  const coIn = batchIntake(exampleBatch()).componentsKg.Co;
  const at = coIn * (1 + tol.relative) + tol.absoluteKg;
  const mk = (coKg: number) => {
    const outs = exampleOutputs();
    const f = outs.find((o) => o.fractionId === 'F-co')!;
    f.componentsKg.Co = coKg;
    f.inputDerivedMassKg = coKg;
    return exampleBatch('2026-03-15', outs);
  };
  assert.equal(checkMassBalance(mk(at), tol).ok, true);
  const over = checkMassBalance(mk(at + 0.01), tol);
  assert.equal(over.ok, false);
  assert.deepEqual(over.violations.map((v) => v.subject), [{ kind: 'component', component: 'Co' }]);
  // zero tolerance: even 1 g above the input fails
  assert.equal(checkMassBalance(mk(coIn + 0.001), { relative: 0, absoluteKg: 0 }).ok, false);
  assert.equal(checkMassBalance(mk(coIn), { relative: 0, absoluteKg: 0 }).ok, true);
});

test('absolute floor: trace lead with no input passes under 1 g, fails above it, naming Pb', () => {
  const withPb = (kg: number) => {
    const outs = exampleOutputs();
    outs.find((o) => o.fractionId === 'F-ni')!.componentsKg.Pb = kg; // salt weighs 327 kg, room for trace Pb
    return exampleBatch('2026-03-15', outs);
  };
  assert.equal(checkMassBalance(withPb(0.0005)).ok, true);
  const r = checkMassBalance(withPb(0.5));
  assert.equal(r.ok, false);
  assert.deepEqual(r.violations.map((v) => v.subject), [{ kind: 'component', component: 'Pb' }]);
  assert.match(r.violations[0].message, /output of Pb .* n\/a \(no input\)/);
});

test('a fraction cannot declare more battery-derived content than it weighs', () => {
  const outs = exampleOutputs();
  outs.find((o) => o.fractionId === 'F-al')!.massKg = 100; // declares 170 kg Al
  const r = checkMassBalance(exampleBatch('2026-03-15', outs));
  assert.equal(r.ok, false);
  assert.ok(r.violations.some((v) => v.subject.kind === 'fraction' && v.subject.fractionId === 'F-al'));
});

test('total battery-derived output above intake is refused even when each element is fine', () => {
  const outs = exampleOutputs();
  outs.push({ fractionId: 'F-extra', name: 'unaccounted', massKg: 200, componentsKg: {}, fate: 'disposal' });
  const r = checkMassBalance(exampleBatch('2026-03-15', outs));
  assert.deepEqual(r.violations.map((v) => v.subject.kind), ['total']);
});

test('chemistry "other" without passport composition is refused', () => {
  const b = exampleBatch();
  b.intake[0].chemistry = 'other';
  assert.throws(() => batchIntake(b), CompositionError);
});
