import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_FACTORS } from '../core/factors.js';
import { bruteForceAllocation, checkAllocation } from '../core/allocation-check.js';
import { incompatibility, lotEconomics, usableKWh } from '../core/lot.js';
import { generateLot } from '../core/lot-generator.js';
import { allocateLot } from './allocate.js';

test('MILP allocation of 200 modules is feasible: energy, power, rack space, chemistry and voltage window hold', async () => {
  const lot = generateLot(200, 21);
  const r = await allocateLot(lot, DEFAULT_FACTORS, { timeLimitS: 8, mipRelGap: 1e-3 });
  assert.ok(r.check.feasible, r.check.violations.join('; '));
  assert.ok(r.check.delivered.length >= 2, 'expected at least two projects served');
  for (const d of lot.demands) {
    const mods = lot.modules.filter((m) => r.assignment.get(m.id) === d.id);
    if (mods.length === 0) continue;
    const e = mods.reduce((s, m) => s + usableKWh(m), 0);
    assert.ok(e >= d.energyKWh - 1e-6 && e <= d.maxEnergyKWh + 1e-6, `${d.id} energy ${e}`);
    assert.ok(mods.reduce((s, m) => s + m.powerKW, 0) >= d.powerKW - 1e-6, `${d.id} power`);
    for (const m of mods) {
      assert.ok(d.chemistries.includes(m.chemistry), `${m.id} chemistry`);
      assert.ok(m.nominalVoltageV >= d.voltageMinV && m.nominalVoltageV <= d.voltageMaxV, `${m.id} voltage`);
      assert.deepEqual(incompatibility(m, d), []);
    }
  }
  // Gap reported and consistent with the bounds.
  const bound = Math.min(r.lpRelaxationBoundEur, r.mipDualBoundEur ?? Infinity);
  assert.ok(Math.abs(r.gapPct - ((bound - r.valueEur) / r.valueEur) * 100) < 1e-9, `gap ${r.gapPct}`);
  if (r.status === 'optimal') assert.ok(r.gapPct <= 0.1 + 1e-9, `gap ${r.gapPct} above the requested 0.1 %`);
  else assert.equal(r.status, 'timeLimit');
  assert.ok(r.lpRelaxationBoundEur >= r.valueEur - 1e-6);
  assert.ok(r.mipDualBoundEur !== null && r.mipDualBoundEur >= r.valueEur - 1e-6);
  assert.ok(r.valueEur > r.allRecycleValueEur, 'second life should beat recycling everything');
});

test('MILP objective ≥ greedy baseline on random lots (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 20, max: 90 }), fc.integer({ min: 1, max: 1_000_000 }), async (n, seed) => {
      const r = await allocateLot(generateLot(n, seed), DEFAULT_FACTORS, { timeLimitS: 2, mipRelGap: 1e-3 });
      assert.ok(r.check.feasible, r.check.violations.join('; '));
      assert.ok(r.valueEur >= r.greedyValueEur - 1e-6, `MILP ${r.valueEur} < greedy ${r.greedyValueEur}`);
    }),
    { numRuns: 12 },
  );
});

test('small lots: MILP optimum equals exhaustive search', async () => {
  let nonTrivial = 0;
  for (const seed of [3, 4, 8, 15, 16, 23, 42, 99, 123, 2025]) {
    // 8 modules, three projects: 4^8 = 65 536 assignments to enumerate.
    const full = generateLot(8, seed);
    // With ~5 kWh modules a 10 % rack margin rarely fits a 10 kWh project; tiny racks get an 80 % margin.
    const demands = full.demands.filter((d) => ['P1', 'P2', 'P4'].includes(d.id)).map((d) => ({ ...d, maxEnergyKWh: d.energyKWh * 1.8 }));
    const lot = { modules: full.modules, demands };
    const eco = lotEconomics(lot, DEFAULT_FACTORS);
    const brute = bruteForceAllocation(lot, eco);
    const r = await allocateLot(lot, DEFAULT_FACTORS, { timeLimitS: 10, mipRelGap: 1e-9 });
    assert.ok(Math.abs(r.valueEur - brute.valueEur) < 1e-4, `seed ${seed}: MILP ${r.valueEur} vs brute force ${brute.valueEur}`);
    assert.equal(r.status, 'optimal');
    assert.ok(r.gapPct < 1e-6);
    if (checkAllocation(lot, eco, brute.assignment).delivered.length > 0) nonTrivial++;
  }
  assert.ok(nonTrivial >= 3, 'expected some tiny lots where a project is served');
});
