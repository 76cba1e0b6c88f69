import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrate, conformalQuantile, halfWidth } from './conformal.js';
import { mulberry32 } from './types.js';

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

test('split-conformal quantile is the ⌈(n+1)(1−α)⌉-th smallest score', () => {
  const s = [5, 1, 4, 2, 3, 9, 8, 7, 6, 10];
  assert.equal(conformalQuantile(s, 0.1), 10); // ⌈11·0.9⌉ = 10 → the largest of 10 scores
  assert.equal(conformalQuantile(s.slice(0, 8), 0.1), Infinity); // ⌈9·0.9⌉ = 9 > 8 scores
  assert.equal(conformalQuantile(s, 0.5), 6);
  assert.equal(conformalQuantile([1, 2], 0.1), Infinity); // too few scores for 90 %
});

test('90 % intervals cover about 90 % of fresh synthetic data (heavy-tailed noise)', () => {
  const rng = mulberry32(2024);
  const noise = () => gaussian(rng) * (rng() < 0.1 ? 3 : 1); // 10 % of points with triple noise
  const calResiduals = Array.from({ length: 1000 }, noise);
  const c = calibrate(calResiduals, calResiduals.map(() => 0), 0.1, false, 0.01);
  const h = halfWidth(c, 0);
  let covered = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) if (Math.abs(noise()) <= h) covered++;
  const cov = covered / n;
  assert.ok(cov > 0.88 && cov < 0.93, `coverage ${cov}`);
});

test('normalised scores adapt the width to the difficulty and keep coverage', () => {
  const rng = mulberry32(9);
  const draw = () => {
    const d = 0.01 + 0.05 * rng(); // difficulty known to the model
    return { d, r: gaussian(rng) * d };
  };
  const cal = Array.from({ length: 2000 }, draw);
  const c = calibrate(cal.map((x) => x.r), cal.map((x) => x.d), 0.1, true, 0);
  assert.ok(halfWidth(c, 0.05) > 4 * halfWidth(c, 0.01));
  let covered = 0;
  for (let i = 0; i < 20000; i++) {
    const x = draw();
    if (Math.abs(x.r) <= halfWidth(c, x.d)) covered++;
  }
  assert.ok(Math.abs(covered / 20000 - 0.9) < 0.02, `coverage ${covered / 20000}`);
});
