import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chemistryDefaults, chemistryOcv } from '../model/chemistry.js';
import { seededRng, syntheticRun } from '../synthetic.js';
import { createSocFilter, socFilterPredict, socFilterUpdate, TWIN_FILTER, PLAIN_EKF, socFilterR0RefOhm } from './soc-filter.js';
import { ekfBiasA, ekfSoc, ekfSocSigma } from './ekf.js';
import { coulombCount } from './coulomb.js';
import { createRls, rlsUpdate } from './rls.js';

/** A 6 h NMC drive-like profile: random current steps, kept within 10–95 % SoC. */
function profile(capAh: number, seconds: number, seed: number) {
  const rng = seededRng(seed);
  const t = Float64Array.from({ length: seconds }, (_, k) => k);
  const i = new Float64Array(seconds);
  let soc = 0.9;
  let level = 0;
  let hold = 0;
  for (let k = 0; k < seconds; k++) {
    if (hold-- <= 0) {
      hold = 5 + Math.floor(rng() * 60);
      level = (rng() * 2.5 - 0.9) * capAh;
      if (soc < 0.15) level = -Math.abs(level);
      if (soc > 0.95) level = Math.abs(level);
    }
    i[k] = level;
    soc -= level / (3600 * capAh);
  }
  return { t, i };
}

function runFilter(cfg = TWIN_FILTER, bias = 0.02, init = 0.3) {
  const capAh = 3;
  const ocv = chemistryOcv('NMC');
  const p = chemistryDefaults('NMC', capAh);
  const { t, i } = profile(capAh, 6 * 3600, 3);
  const run = syntheticRun(ocv, p, t, i, { soc: 0.9, v1V: 0, v2V: 0, h: 0 }, { voltageNoiseV: 0.003, currentNoiseA: 0.01, currentBiasA: bias, quantStepV: 0 }, 5);
  const f = createSocFilter(cfg, { ...p, r0Ohm: p.r0Ohm * 1.5 }, { soc: init, sigmaSoc: 0.5, sigmaRcV: 0.02, sigmaBiasA: 0.06 });
  const est = new Float64Array(t.length);
  const sig = new Float64Array(t.length);
  for (let k = 0; k < t.length; k++) {
    if (k > 0) socFilterPredict(f, run.currentA[k - 1], 1);
    socFilterUpdate(f, ocv, run.currentA[k], run.voltageV[k], 1);
    est[k] = ekfSoc(f.ekf);
    sig[k] = ekfSocSigma(f.ekf);
  }
  return { est, sig, truth: run.trueSoc, f, p, t, run };
}

test('twin EKF converges from a 60 % wrong initial SoC with a current offset and a wrong R0', () => {
  const { est, sig, truth, f, p } = runFilter();
  let se = 0;
  let inside = 0;
  let c = 0;
  for (let k = 1800; k < est.length; k++) {
    const e = est[k] - truth[k];
    se += e * e;
    c++;
    if (Math.abs(e) <= 3 * sig[k]) inside++;
  }
  const rmse = Math.sqrt(se / c);
  assert.ok(rmse < 0.015, `rmse after 30 min ${rmse}`);
  assert.ok(inside / c > 0.9, `σ should cover the error (3σ): ${inside / c}`);
  assert.ok(Math.abs(ekfBiasA(f.ekf) - 0.02) < 0.01, `bias estimate ${ekfBiasA(f.ekf)}`);
  // the filter started with R0 ×1.5; online RLS brings it back near the truth
  assert.ok(Math.abs(socFilterR0RefOhm(f) / p.r0Ohm - 1) < 0.15, `R0 ratio ${socFilterR0RefOhm(f) / p.r0Ohm}`);
});

test('Coulomb counting drifts with an offset that the twin filter removes', () => {
  const { est, truth, run, t } = runFilter();
  const cc = coulombCount(t, run.currentA, 0.9, 3);
  const n = t.length - 1;
  assert.ok(Math.abs(cc[n] - truth[n]) > 0.03, 'a 20 mA offset over 6 h is ≥ 4 % for 3 Ah');
  assert.ok(Math.abs(est[n] - truth[n]) < 0.02);
});

test('plain EKF (no bias state) is worse than the twin filter under a current offset', () => {
  const a = runFilter(TWIN_FILTER, 0.05);
  const b = runFilter(PLAIN_EKF, 0.05);
  const err = (x: typeof a) => {
    let se = 0;
    for (let k = 1800; k < x.est.length; k++) se += (x.est[k] - x.truth[k]) ** 2;
    return Math.sqrt(se / (x.est.length - 1800));
  };
  assert.ok(err(a) < err(b), `twin ${err(a)} vs plain ${err(b)}`);
});

test('RLS with forgetting recovers a slope and tracks a change', () => {
  const rng = seededRng(1);
  const s = createRls(1, 10);
  for (let k = 0; k < 500; k++) {
    const x = rng() * 2 - 1;
    rlsUpdate(s, x, 3 * x + 0.01 * (rng() - 0.5), 0.98);
  }
  assert.ok(Math.abs(s[0] - 3) < 0.01);
  for (let k = 0; k < 500; k++) {
    const x = rng() * 2 - 1;
    rlsUpdate(s, x, 2 * x, 0.98);
  }
  assert.ok(Math.abs(s[0] - 2) < 0.01);
});
