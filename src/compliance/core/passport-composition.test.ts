import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoPassports, type Passport } from '../../passport/index.js';
import { compositionFromPassport, nmcRatio } from './passport-composition.js';

const [nmc, , lfp] = generateDemoPassports({ count: 3, seed: 12, now: '2026-01-10T00:00:00Z', issuer: { did: 'did:web:m.example', role: 'manufacturer', name: 'M' } });

function withMaterials(p: Passport, materials: unknown[]): Passport {
  return { ...p, attributes: { ...p.attributes, batteryMaterials: materials as never } };
}

test('NMC grade from the material name: short code and formula', () => {
  assert.deepEqual(nmcRatio('NMC811 cathode'), { ni: 0.8, mn: 0.1, co: 0.1 });
  const f = nmcRatio('LiNi0.6Mn0.2Co0.2O2')!;
  assert.ok(Math.abs(f.ni - 0.6) < 1e-12 && Math.abs(f.co - 0.2) < 1e-12);
  assert.equal(nmcRatio('Lithium nickel manganese cobalt oxide'), null);
});

test('LFP passport: Li, Fe and P from LiFePO4 stoichiometry, the pack remainder spread over housing materials', () => {
  assert.equal(lfp.model.chemistry, 'LFP');
  const r = compositionFromPassport(lfp);
  assert.ok(r.ok);
  const cathode = ((lfp.attributes.batteryMaterials as { casNumber: string; massFractionPercent: number }[]).find((m) => m.casNumber === '15365-14-7')!).massFractionPercent / 100;
  // Fe is 35.40 % of LiFePO4 (55.845 / 157.757); only the cathode carries Fe
  assert.ok(Math.abs(r.composition.Fe! - cathode * 0.354) < 1e-3);
  assert.equal(r.composition.Ni, undefined);
  const sum = Object.values(r.composition).reduce((a, b) => a + (b ?? 0), 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, `fractions add up to 1, got ${sum}`);
  assert.ok(r.composition.steel! > 0 && r.composition.plastics! > 0, 'housing materials filled in');
  assert.match(r.notes.join(' '), /not in batteryMaterials/);
});

test('NMC without a grade takes the default ratio and says so; an unknown material refuses the passport composition', () => {
  const r = compositionFromPassport(nmc);
  assert.ok(r.ok);
  assert.ok(r.composition.Ni! > r.composition.Co!);
  assert.match(r.notes[0], /names no NMC grade/);
  const graded = compositionFromPassport(withMaterials(nmc, [{ materialName: 'NMC811', casNumber: '346417-97-8', massFractionPercent: 20 }]));
  assert.ok(graded.ok);
  assert.ok(graded.composition.Ni! / graded.composition.Co! > 7.5, 'Ni:Co of NMC811 by mass');
  const odd = compositionFromPassport(withMaterials(nmc, [{ materialName: 'Unobtainium', casNumber: '0000-00-0', massFractionPercent: 20 }]));
  assert.equal(odd.ok, false);
  assert.match((odd as { reason: string }).reason, /Unobtainium/);
  assert.equal(compositionFromPassport(withMaterials(nmc, [])).ok, false);
});
