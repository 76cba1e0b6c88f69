import { test } from 'node:test';
import assert from 'node:assert/strict';
import { motorwayTrace, traceDistanceM, tripTrace, urbanTrace, WLTC_CLASS3, wltcPhaseTrace, wltpLikeTrace } from './drive-cycles.js';
import { seededRng } from './random.js';

const maxAbsAccel = (v: Float64Array) => {
  let m = 0;
  for (let i = 1; i < v.length; i++) m = Math.max(m, Math.abs(v[i] - v[i - 1]));
  return m;
};

test('WLTP-like phases reproduce the published WLTC class 3 phase statistics', () => {
  for (const seed of [1, 2, 3, 4]) {
    const rng = seededRng(seed);
    for (const ph of WLTC_CLASS3) {
      const v = wltcPhaseTrace(rng, ph);
      assert.equal(v.length, ph.durationS, `${ph.name} duration`);
      const d = traceDistanceM(v);
      assert.ok(Math.abs(d - ph.distanceM) / ph.distanceM < 0.01, `${ph.name} distance ${d.toFixed(0)} vs ${ph.distanceM}`);
      const vmaxKmh = Math.max(...v) * 3.6;
      assert.ok(Math.abs(vmaxKmh - ph.maxKmh) < 1.5, `${ph.name} max ${vmaxKmh.toFixed(1)} vs ${ph.maxKmh}`);
      let stopS = 0;
      for (const x of v) if (x < 0.1) stopS++;
      assert.ok(stopS >= ph.stopS * 0.7 && stopS <= ph.stopS * 1.6 + 5, `${ph.name} standstill ${stopS} s vs ${ph.stopS}`);
      assert.ok(maxAbsAccel(v) <= 1.61, `${ph.name} acceleration bounded`);
      assert.ok(v.every((x) => x >= 0));
    }
  }
});

test('a full WLTP-like cycle: 1800 s, ≈23.3 km, mean speed ≈46.5 km/h, deterministic per seed', () => {
  const a = wltpLikeTrace(seededRng(9));
  const b = wltpLikeTrace(seededRng(9));
  const c = wltpLikeTrace(seededRng(10));
  assert.equal(a.length, 1800);
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.notDeepEqual(Array.from(a), Array.from(c));
  const km = traceDistanceM(a) / 1000;
  assert.ok(Math.abs(km - 23.27) < 0.25, `distance ${km}`);
});

test('urban stop-and-go and motorway traces have the speeds of their road type', () => {
  const rng = seededRng(5);
  const u = urbanTrace(rng, 1200);
  const uMean = (traceDistanceM(u) / u.length) * 3.6;
  assert.ok(uMean > 12 && uMean < 40, `urban mean ${uMean}`);
  assert.ok(Math.max(...u) * 3.6 < 60, 'urban speeds stay below 60 km/h');
  let stops = 0;
  for (let i = 1; i < u.length; i++) if (u[i] < 0.1 && u[i - 1] >= 0.1) stops++;
  assert.ok(stops >= 5, `urban has stops (${stops})`);
  const m = motorwayTrace(rng, 1800, 120);
  const mMean = (traceDistanceM(m) / m.length) * 3.6;
  assert.ok(mMean > 80 && mMean < 125, `motorway mean ${mMean}`);
  assert.ok(Math.max(...m) * 3.6 <= 136, 'motorway stays under 136 km/h');
  assert.ok(maxAbsAccel(m) <= 1.81);
});

test('tripTrace covers roughly the requested distance', () => {
  const rng = seededRng(11);
  for (const km of [8, 30, 150]) {
    const got = traceDistanceM(tripTrace(rng, km)) / 1000;
    assert.ok(Math.abs(got - km) / km < 0.3, `${km} km requested, ${got.toFixed(1)} km generated`);
  }
});
