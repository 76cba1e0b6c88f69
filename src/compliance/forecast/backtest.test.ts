import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from './backtest.js';
import { monthIndex } from './aggregate.js';
import { simulateFleet } from './simulate.js';

const spec = (seed: number) => ({
  fleet: { size: 300, seed, commissionedFrom: monthIndex(2012, 1), commissionedTo: monthIndex(2020, 12) },
  cutMonth: monthIndex(2025, 1),
  horizonMonths: 36,
  seed,
  mcDraws: 500,
});

test('backtest on a 300-pack synthetic fleet is calibrated and accurate', () => {
  const r = runBacktest(spec(7));
  assert.ok(r.batteries > 150, `in-service packs ${r.batteries}`);
  // measured (seed 7): 80 % → 0.798, 90 % → 0.911 per pack (seeds 1–8: 0.78–0.85 and 0.88–0.93). Bands are nominal
  // ± ~2.5 binomial sd for ~200 packs: assuming twice the true noise (0.97) or a 0.3× a-spread (0.74 / 0.88) fails.
  assert.ok(r.eolCoverage90 >= 0.85 && r.eolCoverage90 <= 0.96, `EoL 90 % coverage ${r.eolCoverage90}`);
  assert.ok(r.eolCoverage80 >= 0.74 && r.eolCoverage80 <= 0.88, `EoL 80 % coverage ${r.eolCoverage80}`);
  assert.ok(r.eolMaeMonths < 18, `EoL MAE ${r.eolMaeMonths} months`);
  assert.ok(r.monthly.coverage90 >= 0.85, `monthly cell 90 % coverage ${r.monthly.coverage90}`);
  assert.ok(r.monthlyTotal.coverage90 >= 0.8, `fleet monthly 90 % coverage ${r.monthlyTotal.coverage90}`);
  assert.ok(Math.abs(r.expectedInHorizon - r.trueInHorizon) < 0.25 * r.trueInHorizon + 5, `${r.expectedInHorizon} vs ${r.trueInHorizon}`);
});

test('backtest and simulator are deterministic for a seed', () => {
  const small = (seed: number) => ({ ...spec(seed), fleet: { ...spec(seed).fleet, size: 60 }, mcDraws: 200 });
  const a = runBacktest(small(3));
  const b = runBacktest(small(3));
  assert.equal(a.eolMaeMonths, b.eolMaeMonths);
  assert.deepEqual(a.forecast.cells, b.forecast.cells);
  assert.deepEqual(simulateFleet(small(3).fleet), simulateFleet(small(3).fleet));
  assert.notDeepEqual(simulateFleet(small(3).fleet), simulateFleet(small(4).fleet));
});

test('an overconfident noise assumption is caught by the calibration check', () => {
  // The forecaster assumes 0.2 % SoH noise while the telemetry has 1 %: intervals shrink and coverage collapses.
  const r = runBacktest({ ...spec(7), assumedNoiseSd: 0.002 });
  assert.ok(r.eolCoverage90 < 0.8, `overconfident 90 % coverage ${r.eolCoverage90}`);
});
