import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoNetworkPlan, hubCapacityNeeds, type HubPlan } from './hub-capacity.js';
import { aggregateReturns, cellKey, monthIndex, type BatteryForecast } from './aggregate.js';
import { eolDistribution } from './eol.js';
import { CHEMISTRY_PRIORS } from './priors.js';
import { seededRng, streamRng } from './rng.js';

const from = monthIndex(2026, 1);

/** A battery whose EoL samples are given directly. */
function fixed(id: string, site: string, samplesYears: number[]): BatteryForecast {
  const base = eolDistribution([], CHEMISTRY_PRIORS.NMC, seededRng(0), { samples: 1 });
  return { id, site, chemistry: 'NMC', commissionedMonth: from - 60, eol: { ...base, samplesYears } };
}

test('demo network plan: shares per site sum to 1, split sites follow the assignment, city names map too', () => {
  const plan = demoNetworkPlan();
  for (const [site, m] of Object.entries(plan.shares)) assert.ok(Math.abs(Object.values(m).reduce((s, v) => s + v, 0) - 1) < 1e-12, site);
  assert.deepEqual(plan.shares['cp-hamburg'], { 'plant-salzgitter': 1 });
  assert.deepEqual(plan.shares.Hamburg, plan.shares['cp-hamburg']);
  // Frankfurt's normal returns are split because Stuttgart's capacity binds in the min-cost flow
  const fra = plan.shares['cp-frankfurt'];
  assert.equal(Object.keys(fra).length, 2);
  assert.ok(Math.abs(fra['hub-duisburg'] - 49 / 170) < 1e-12);
  const stuttgart = plan.hubs.find((h) => h.id === 'hub-stuttgart')!;
  assert.ok(Math.abs(stuttgart.monthlyCapacity - 700 / 12) < 1e-12);
  assert.ok(stuttgart.baselineMonthly <= stuttgart.monthlyCapacity + 1e-9);
});

test('certain arrivals: hub counts are exact, P90 equals the count, capacity flags where baseline + P90 exceeds it', () => {
  // 12 packs at site A reach EoL exactly at month 0 → with the uniform 1–6 month lag each month 1–6 gets 2 on average
  const batteries = Array.from({ length: 12 }, (_, i) => fixed(`a${i}`, 'A', [5]));
  const f = aggregateReturns(batteries, { fromMonth: from, months: 8 }, seededRng(1), { mcDraws: 500 });
  const plan: HubPlan = { hubs: [{ id: 'H', name: 'Hub', monthlyCapacity: 4, baselineMonthly: 0 }], shares: { A: { H: 1 } }, source: 'test' };
  const r = hubCapacityNeeds(f.perBattery, batteries, plan, { fromMonth: from, months: 8 }, seededRng(2), { mcDraws: 2000 });
  const h = r.hubs[0];
  assert.ok(Math.abs(h.horizonExpected - 12) < 1e-9);
  assert.equal(h.horizonP90, 12, 'all 12 certainly arrive within the horizon');
  for (let m = 1; m <= 6; m++) assert.ok(Math.abs(h.months[m].expected - 2) < 1e-9);
  assert.equal(h.months[0].p90, 0);
  // 12 packs over 6 equally likely months: the 90th percentile of a month's count is 4 (Binomial(12, 1/6))
  for (let m = 1; m <= 6; m++) assert.equal(h.months[m].p90, 4);
  assert.deepEqual(h.exceedingMonths, []);
  const tight = hubCapacityNeeds(f.perBattery, batteries, { ...plan, hubs: [{ ...plan.hubs[0], baselineMonthly: 1 }] }, { fromMonth: from, months: 8 }, seededRng(2), { mcDraws: 2000 });
  assert.equal(tight.hubs[0].exceedingMonths.length, 6);
  const noBaseline = hubCapacityNeeds(f.perBattery, batteries, { ...plan, hubs: [{ ...plan.hubs[0], baselineMonthly: 1 }] }, { fromMonth: from, months: 8 }, seededRng(2), { mcDraws: 2000, baseline: false });
  assert.deepEqual(noBaseline.hubs[0].exceedingMonths, []);
});

test('hub expectations are the site forecasts routed by the shares; the hub P90 is below the sum of site P90s', () => {
  const batteries: BatteryForecast[] = [];
  for (let i = 0; i < 120; i++) {
    const site = ['A', 'B', 'C'][i % 3];
    const eol = eolDistribution([{ ageYears: 4 + (i % 4), soh: 0.86 - 0.01 * (i % 5) }], CHEMISTRY_PRIORS.NMC, streamRng(3, i), { samples: 400, inServiceAtAgeYears: 5 + (i % 4) });
    batteries.push({ id: `b${i}`, site, chemistry: 'NMC', commissionedMonth: from - 12 * (5 + (i % 4)), eol });
  }
  const horizon = { fromMonth: from, months: 24 };
  const f = aggregateReturns(batteries, horizon, seededRng(5), { mcDraws: 1000 });
  const plan: HubPlan = {
    hubs: [{ id: 'H1', name: 'one', monthlyCapacity: 100, baselineMonthly: 0 }, { id: 'H2', name: 'two', monthlyCapacity: 100, baselineMonthly: 0 }],
    shares: { A: { H1: 1 }, B: { H1: 0.25, H2: 0.75 } },
    source: 'test',
  };
  const r = hubCapacityNeeds(f.perBattery, batteries, plan, horizon, seededRng(6), { mcDraws: 2000 });
  const site = (s: string) => f.cells.get(cellKey(s, 'NMC'))!;
  for (let m = 0; m < 24; m++) {
    assert.ok(Math.abs(r.hubs[0].months[m].expected - (site('A')[m].expected + 0.25 * site('B')[m].expected)) < 1e-9);
    assert.ok(Math.abs(r.hubs[1].months[m].expected - 0.75 * site('B')[m].expected) < 1e-9);
  }
  // horizon totals: Monte Carlo mean of the hub total ≈ expected; P90 below the sum of per-site P90 totals
  const h1 = r.hubs[0];
  const siteTotals = (s: string) => f.totals.get(cellKey(s, 'NMC'))!;
  assert.ok(h1.horizonP90 >= h1.horizonExpected);
  assert.ok(h1.horizonP90 <= siteTotals('A').hi80 + siteTotals('B').hi80, `${h1.horizonP90}`);
  assert.equal(r.unmapped.length, 1);
  assert.equal(r.unmapped[0].site, 'C');
  assert.equal(r.unmapped[0].batteries, 40);
  const cTotal = site('C').reduce((s, x) => s + x.expected, 0);
  assert.ok(Math.abs(r.unmapped[0].expected - cTotal) < 1e-9);
});
