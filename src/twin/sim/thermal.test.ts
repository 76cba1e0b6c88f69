import { test } from 'node:test';
import assert from 'node:assert/strict';
import { climateTempC, CLIMATES, sensorSpread, thermalSpecFor, thermalStep, weatherStep } from './thermal.js';
import { seededRng } from './random.js';

test('ambient follows season and time of day; weather anomaly is bounded and mean-reverting', () => {
  const c = CLIMATES.central;
  const jan = climateTempC(c, Date.UTC(2025, 0, 15, 14));
  const jul = climateTempC(c, Date.UTC(2025, 6, 15, 14));
  assert.ok(jul - jan > 15, `summer ${jul.toFixed(1)} vs winter ${jan.toFixed(1)}`);
  const night = climateTempC(c, Date.UTC(2025, 6, 15, 3)); // 04:00 local
  const afternoon = climateTempC(c, Date.UTC(2025, 6, 15, 15)); // 16:00 local
  assert.ok(Math.abs(afternoon - night - 2 * c.dayAmpC) < 0.5, `daily swing ${(afternoon - night).toFixed(2)}`);
  assert.ok(climateTempC(CLIMATES.south, Date.UTC(2025, 6, 15, 15)) > 30, 'southern summer afternoons are hot');
  const rng = seededRng(1);
  let w = 0;
  let sumSq = 0;
  const n = 24 * 365 * 3;
  for (let k = 0; k < n; k++) {
    w = weatherStep(w, c, 3600, rng);
    sumSq += w * w;
  }
  const sd = Math.sqrt(sumSq / n);
  assert.ok(sd > 0.6 * c.weatherSigmaC && sd < 1.4 * c.weatherSigmaC, `anomaly σ ${sd.toFixed(2)}`);
});

test('lumped thermal model: exact relaxation to ambient, heating under load, cooling loop when awake and warm', () => {
  const s = thermalSpecFor(80_000);
  // no heat, parked: one time constant brings it 63 % of the way to ambient
  const tau = s.heatCapacityJPerK / s.parkedWPerK;
  const t1 = thermalStep(30, 0, 10, false, false, tau, s);
  assert.ok(Math.abs(t1 - (10 + 20 * Math.exp(-1))) < 1e-9);
  // the exact step is the same in one step or in many
  let t = 25;
  for (let k = 0; k < 600; k++) t = thermalStep(t, 5000, 20, true, false, 1, s);
  assert.ok(Math.abs(t - thermalStep(25, 5000, 20, true, false, 600, s)) < 0.5, 'step-size independent (cooling switches at 32 °C)');
  assert.ok(t > 25);
  // the cooling loop holds a hot pack near its set-point under load
  let hot = 40;
  for (let k = 0; k < 3600; k++) hot = thermalStep(hot, 3000, 35, true, true, 1, s);
  const uncooled = thermalStep(40, 3000, 35, false, true, 3600, { ...s, coolingWPerK: 0 });
  assert.ok(hot < uncooled - 3, `cooled ${hot.toFixed(1)} vs uncooled ${uncooled.toFixed(1)}`);
  const spread = sensorSpread(30, 4000, s);
  assert.ok(spread.minC < 30 && spread.maxC > 30 + 4);
});
