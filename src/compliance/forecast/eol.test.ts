import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eolAgeYears, eolDistribution, fitPowerLaw, sohPointsFromCapacityTrajectory, type SohPoint } from './eol.js';
import { CHEMISTRY_PRIORS } from './priors.js';
import { seededRng } from './rng.js';

const clean = (a: number, z: number, years: number, everyMonths = 1): SohPoint[] => {
  const pts: SohPoint[] = [];
  for (let m = everyMonths; m <= years * 12; m += everyMonths) pts.push({ ageYears: m / 12, soh: 1 - a * (m / 12) ** z });
  return pts;
};

test('fit recovers known power-law parameters on clean data', () => {
  const post = fitPowerLaw(clean(0.045, 0.62, 6), CHEMISTRY_PRIORS.NMC, { noiseSd: 0.002 });
  assert.ok(Math.abs(post.zMap - 0.62) <= 0.011, `z ${post.zMap}`);
  assert.ok(Math.abs(post.aMap - 0.045) / 0.045 < 0.03, `a ${post.aMap}`);
});

test('EoL quantiles are ordered and bracket the true EoL on clean data', () => {
  const a = 0.04;
  const z = 0.8;
  const truth = eolAgeYears(a, z, 0.8);
  const d = eolDistribution(clean(a, z, 5), CHEMISTRY_PRIORS.NMC, seededRng(1), { noiseSd: 0.005 });
  const q = d.quantilesYears;
  assert.ok(q.p05 <= q.p10 && q.p10 <= q.p50 && q.p50 <= q.p90 && q.p90 <= q.p95);
  assert.ok(q.p05 < truth && truth < q.p95, `truth ${truth} outside [${q.p05}, ${q.p95}]`);
  assert.ok(Math.abs(q.p50 - truth) < 0.5, `median ${q.p50} vs ${truth}`);
  assert.equal(d.samplesYears.length, 2000);
});

test('threshold is configurable: 70 % EoL comes later than 80 %', () => {
  const pts = clean(0.04, 0.8, 4);
  const d80 = eolDistribution(pts, CHEMISTRY_PRIORS.NMC, seededRng(2));
  const d70 = eolDistribution(pts, CHEMISTRY_PRIORS.NMC, seededRng(2), { thresholdSoh: 0.7 });
  assert.ok(d70.quantilesYears.p50 > d80.quantilesYears.p50 + 1);
});

test('short data falls back on the chemistry prior and is wider than long data', () => {
  const few = eolDistribution([{ ageYears: 0.5, soh: 0.985 }], CHEMISTRY_PRIORS.LFP, seededRng(3));
  const many = eolDistribution(clean(0.036, 0.68, 6), CHEMISTRY_PRIORS.LFP, seededRng(3));
  const width = (d: typeof few) => d.quantilesYears.p95 - d.quantilesYears.p05;
  assert.ok(width(few) > 2 * width(many), `few ${width(few)} many ${width(many)}`);
  // prior median EoL for LFP is near ((0.2/0.036)^(1/0.68)) ≈ 12 years
  assert.ok(few.quantilesYears.p50 > 8 && few.quantilesYears.p50 < 18, `prior median ${few.quantilesYears.p50}`);
  // no data at all still yields a distribution, conditioned on being in service
  const none = eolDistribution([], CHEMISTRY_PRIORS.NMC, seededRng(3), { inServiceAtAgeYears: 7 });
  assert.ok(none.samplesYears[0] >= 7);
});

test('same seed gives identical samples; different seed differs', () => {
  const pts = clean(0.04, 0.75, 3, 2).map((p, i) => ({ ...p, soh: p.soh + (i % 3 - 1) * 0.004 }));
  const a = eolDistribution(pts, CHEMISTRY_PRIORS.NMC, seededRng(9));
  const b = eolDistribution(pts, CHEMISTRY_PRIORS.NMC, seededRng(9));
  const c = eolDistribution(pts, CHEMISTRY_PRIORS.NMC, seededRng(10));
  assert.deepEqual(a.samplesYears, b.samplesYears);
  assert.notDeepEqual(a.samplesYears, c.samplesYears);
});

test('twin capacity trajectory converts to relative SoH by age', () => {
  const yearS = 365.25 * 86400;
  const pts = sohPointsFromCapacityTrajectory([[1000 + yearS, 95], [1000 + 2 * yearS, 90]], 100, 1000);
  assert.deepEqual(pts, [{ ageYears: 1, soh: 0.95 }, { ageYears: 2, soh: 0.9 }]);
});
