import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FACTORS } from './factors.js';
import { buildAllocationModel, decodeAssignment, encodeAssignment } from './allocation-model.js';
import { bruteForceAllocation, checkAllocation, greedyAllocation } from './allocation-check.js';
import { type Assignment, incompatibility, lotEconomics } from './lot.js';
import { generateLot } from './lot-generator.js';

test('generated lot is deterministic per seed and realistic', () => {
  const a = generateLot(500, 11);
  assert.deepEqual(a, generateLot(500, 11));
  assert.notDeepEqual(a.modules[0], generateLot(500, 12).modules[0]);
  const soh = a.modules.map((m) => m.sohPct);
  assert.ok(Math.min(...soh) >= 55 && Math.max(...soh) <= 97);
  assert.ok(a.modules.every((m) => m.sohLowPct < m.sohPct));
  assert.equal(new Set(a.modules.map((m) => m.chemistry)).size, 2);
  assert.equal(a.demands.length, 5);
});

test('the checker catches chemistry, voltage, energy and rack-space violations', () => {
  const lot = generateLot(40, 5);
  const eco = lotEconomics(lot, DEFAULT_FACTORS);
  const p4 = lot.demands.find((d) => d.id === 'P4');
  const lfp = lot.modules.find((m) => m.chemistry === 'LFP');
  assert.ok(p4 && lfp);
  const bad: Assignment = new Map(lot.modules.map((m) => [m.id, null]));
  bad.set(lfp.id, 'P4');
  const rep = checkAllocation(lot, eco, bad);
  assert.equal(rep.feasible, false);
  assert.ok(rep.violations.some((v) => /chemistry LFP not in NMC/.test(v)));
  assert.ok(rep.violations.some((v) => /kWh needed/.test(v)));
  const none = checkAllocation(lot, eco, new Map(lot.modules.map((m) => [m.id, null])));
  assert.ok(none.feasible);
  assert.ok(Math.abs(none.valueEur - eco.recycleEur.reduce((s, v) => s + v, 0)) < 1e-9);
});

test('greedy allocation is feasible; model encode/decode round-trips and its objective equals the checker value', () => {
  for (const seed of [1, 2, 3]) {
    const lot = generateLot(120, seed);
    const eco = lotEconomics(lot, DEFAULT_FACTORS);
    const g = greedyAllocation(lot, eco);
    const rep = checkAllocation(lot, eco, g);
    assert.ok(rep.feasible, rep.violations.join('; '));
    const am = buildAllocationModel(lot, eco);
    const v = encodeAssignment(lot, am, g);
    assert.deepEqual(decodeAssignment(lot, am, v), g);
    const objective = am.model.offset + am.model.columns.reduce((s, c, k) => s + c.cost * v[k], 0);
    assert.ok(Math.abs(objective - rep.valueEur) < 1e-6, `${objective} vs ${rep.valueEur}`);
    // Every row of the model holds for the greedy vector.
    for (const r of am.model.rows) {
      const act = r.entries.reduce((s, [c, a]) => s + a * v[c], 0);
      assert.ok(act >= r.lower - 1e-9 && act <= r.upper + 1e-9, r.name);
    }
    // Only compatible pairs become variables.
    for (const p of am.pairs) assert.deepEqual(incompatibility(lot.modules[p.i], lot.demands[p.j]), []);
  }
});

test('brute force finds an allocation at least as good as greedy on tiny lots', () => {
  for (const seed of [4, 8, 15]) {
    const lot = generateLot(6, seed);
    const eco = lotEconomics(lot, DEFAULT_FACTORS);
    const best = bruteForceAllocation(lot, eco);
    assert.ok(checkAllocation(lot, eco, best.assignment).feasible);
    assert.ok(best.valueEur >= checkAllocation(lot, eco, greedyAllocation(lot, eco)).valueEur - 1e-9);
  }
});

test('factor overrides replace values, keep units, name their source and reject unknown keys', async () => {
  const { mergeFactors } = await import('./factors-merge.js');
  const f = mergeFactors(DEFAULT_FACTORS, { asOf: '2026-01-01', metalPriceEurPerKg: { cobalt: 40 }, prices: { secondLifeEurPerKWh: { value: 95, source: 'offer 2026-01' } } }, 'my.json');
  assert.equal(f.asOf, '2026-01-01');
  assert.equal(f.metalPriceEurPerKg.cobalt.value, 40);
  assert.equal(f.metalPriceEurPerKg.cobalt.unit, 'EUR/kg');
  assert.match(f.metalPriceEurPerKg.cobalt.source, /^my\.json \(default 28/);
  assert.equal(f.prices.secondLifeEurPerKWh.source, 'offer 2026-01');
  assert.equal(DEFAULT_FACTORS.metalPriceEurPerKg.cobalt.value, 28);
  assert.throws(() => mergeFactors(DEFAULT_FACTORS, { metalPriceEurPerKg: { cobolt: 1 } }), /unknown factor metalPriceEurPerKg\.cobolt/);
  assert.throws(() => mergeFactors(DEFAULT_FACTORS, { prices: { reuseEurPerKWh: 'cheap' } }), /must be a number/);
});
