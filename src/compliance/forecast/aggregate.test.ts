import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateReturns, ALL_KEY, arrivalPmf, monthIndex, monthLabel, uniformLagPmf, type BatteryForecast } from './aggregate.js';
import { eolDistribution } from './eol.js';
import { CHEMISTRY_PRIORS } from './priors.js';
import { seededRng, streamRng } from './rng.js';

/** A battery whose EoL samples are given directly (distribution fields the aggregation does not read are filled in). */
function fixed(id: string, site: string, chemistry: string, commissionedMonth: number, samplesYears: number[]): BatteryForecast {
  const base = eolDistribution([], CHEMISTRY_PRIORS.NMC, seededRng(0), { samples: 1 });
  return { id, site, chemistry, commissionedMonth, eol: { ...base, samplesYears } };
}

test('month index round-trips to labels', () => {
  assert.equal(monthLabel(monthIndex(2025, 1)), '2025-01');
  assert.equal(monthLabel(monthIndex(2024, 12) + 1), '2025-01');
});

test('a certain EoL with uniform 1–6 month lag spreads 1/6 over six months', () => {
  const b = fixed('x', 'S', 'NMC', monthIndex(2020, 1), [5]); // EoL exactly 2025-01
  const pmf = arrivalPmf(b, uniformLagPmf(1, 6), { fromMonth: monthIndex(2025, 1), months: 12 });
  assert.equal(pmf.inHorizon[0], 0);
  for (let m = 1; m <= 6; m++) assert.ok(Math.abs(pmf.inHorizon[m] - 1 / 6) < 1e-12);
  assert.equal(pmf.inHorizon[7], 0);
});

test('expected monthly counts sum to the per-battery probability mass, per cell and in total', () => {
  const from = monthIndex(2025, 1);
  const batteries: BatteryForecast[] = [];
  for (let i = 0; i < 40; i++) {
    const pts = [{ ageYears: 3 + (i % 5), soh: 0.9 - 0.01 * (i % 7) }];
    const eol = eolDistribution(pts, CHEMISTRY_PRIORS.NMC, streamRng(5, i), { samples: 400, inServiceAtAgeYears: 4 + (i % 5) });
    batteries.push({ id: `b${i}`, site: i % 2 ? 'A' : 'B', chemistry: i % 3 ? 'NMC' : 'LFP', commissionedMonth: from - 12 * (4 + (i % 5)), eol });
  }
  const horizon = { fromMonth: from, months: 48 };
  const f = aggregateReturns(batteries, horizon, seededRng(11), { mcDraws: 400 });
  let massInHorizon = 0;
  for (const pmf of f.perBattery.values()) {
    massInHorizon += pmf.inHorizon.reduce((s, p) => s + p, 0);
    assert.ok(Math.abs(pmf.before + pmf.after + pmf.inHorizon.reduce((s, p) => s + p, 0) - 1) < 1e-9);
  }
  const total = f.cells.get(ALL_KEY)!.reduce((s, r) => s + r.expected, 0);
  assert.ok(Math.abs(total - massInHorizon) < 1e-9);
  let cellSum = 0;
  for (const [k, rows] of f.cells) if (k !== ALL_KEY) cellSum += rows.reduce((s, r) => s + r.expected, 0);
  assert.ok(Math.abs(cellSum - total) < 1e-9);
  assert.ok(total > 5, `expected some returns in 4 years, got ${total}`);
  for (const rows of f.cells.values())
    for (const r of rows) assert.ok(r.lo90 <= r.lo80 && r.lo80 <= r.hi80 && r.hi80 <= r.hi90, JSON.stringify(r));
});

test('Monte Carlo mean of counts matches the Poisson-binomial mean', () => {
  const from = monthIndex(2025, 1);
  const batteries = Array.from({ length: 30 }, (_, i) => fixed(`b${i}`, 'S', 'NMC', from - 60, [5 + (i % 3) / 12]));
  const f = aggregateReturns(batteries, { fromMonth: from, months: 10 }, seededRng(4), { mcDraws: 2000 });
  const rows = f.cells.get(ALL_KEY)!;
  // all 30 packs certainly arrive within months 1–8, so the horizon total is exactly 30 in every draw
  assert.ok(Math.abs(rows.reduce((s, r) => s + r.expected, 0) - 30) < 1e-9);
  const total = f.totals.get(ALL_KEY)!;
  assert.equal(total.lo90, 30);
  assert.equal(total.hi90, 30);
  // month 3 receives packs with EoL month 0 (lag 3), 1 (lag 2), 2 (lag 1): 30 × 1/6 = 5 expected
  assert.ok(Math.abs(rows[3].expected - 5) < 1e-9);
  assert.ok(rows[3].lo90 <= 5 && rows[3].hi90 >= 5 && rows[3].hi90 - rows[3].lo90 >= 4);
});
