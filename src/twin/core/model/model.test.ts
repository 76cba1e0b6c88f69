import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOcvTable, ocvV, ocvIntegral, socFromOcv } from './ocv.js';
import { chemistryOcv, chemistryDefaults, guessChemistry } from './chemistry.js';
import { hysteresisStep } from './hysteresis.js';
import { arrheniusFactor, paramsAt, scaleToTemperature } from './params.js';
import { simulateCell } from './ecm.js';

test('OCV table: branches, hysteresis half-width, integral and inverse', () => {
  const t = buildOcvTable({ socs: [0, 0.5, 1], ocvChargeV: [3.1, 3.4, 3.7], ocvDischargeV: [3.0, 3.3, 3.6], source: 'unit' });
  assert.ok(Math.abs(ocvV(t, 0.5, 1) - 3.4) < 1e-9);
  assert.ok(Math.abs(ocvV(t, 0.5, -1) - 3.3) < 1e-9);
  assert.ok(Math.abs(ocvV(t, 0.25, 0) - 3.2) < 1e-9);
  // ∫0..1 of a line from 3.05 to 3.65 = 3.35
  assert.ok(Math.abs(ocvIntegral(t, 0, 1) - 3.35) < 1e-6);
  assert.ok(Math.abs(socFromOcv(t, 3.5, 1) - 2 / 3) < 1e-6);
});

test('built-in chemistries are monotonic and guessed back from their plateau', () => {
  for (const c of ['LFP', 'NMC', 'LMO'] as const) {
    const t = chemistryOcv(c);
    for (let k = 1; k < t.n; k++) assert.ok(t.midV[k] >= t.midV[k - 1] - 1e-12, `${c} not monotonic at ${k}`);
    assert.equal(guessChemistry(t), c);
  }
  assert.ok(chemistryOcv('LFP').halfWidthV[250] > 0.015, 'LFP has a ≈20 mV hysteresis half-width');
});

test('hysteresis: discharge drives h to −1, charge to +1, with e-folding over socScale·Q of throughput', () => {
  const capAh = 2;
  let h = 1;
  // discharge 10 % of capacity at 1 A: one e-folding with socScale 0.1
  const steps = (0.1 * capAh * 3600) / 1;
  for (let k = 0; k < steps; k++) h = hysteresisStep(h, 1, 1, capAh, 0.1);
  // h = −1 + 2·e⁻¹
  assert.ok(Math.abs(h - (-1 + 2 * Math.exp(-1))) < 1e-3, `h=${h}`);
  for (let k = 0; k < 20 * steps; k++) h = hysteresisStep(h, -1, 1, capAh, 0.1);
  assert.ok(h > 0.999);
  assert.equal(hysteresisStep(0.3, 0, 1, capAh, 0.1), 0.3, 'rest keeps h');
});

test('Arrhenius: colder is more resistive; tables interpolate in 1/T and extrapolate by Arrhenius', () => {
  assert.ok(arrheniusFactor(10, 25, 20000) > 1.4 && arrheniusFactor(10, 25, 20000) < 1.6);
  const p25 = chemistryDefaults('NMC', 2);
  const p0 = scaleToTemperature(p25, 25, 0);
  const table = { tempsC: [0, 25], params: [p0, p25] };
  const mid = paramsAt(table, 12);
  assert.ok(mid.r0Ohm < p0.r0Ohm && mid.r0Ohm > p25.r0Ohm);
  // within a table built from Arrhenius points, interpolation is exact in 1/T
  assert.ok(Math.abs(mid.r0Ohm - scaleToTemperature(p25, 25, 12).r0Ohm) / mid.r0Ohm < 1e-9);
  assert.ok(paramsAt(table, -10).r0Ohm > p0.r0Ohm);
});

test('ECM: a discharge pulse drops the voltage by R0·i at once and relaxes afterwards', () => {
  const ocv = chemistryOcv('NMC');
  const p = chemistryDefaults('NMC', 2);
  const t = Float64Array.from({ length: 200 }, (_, k) => k);
  const i = Float64Array.from(t, (k) => (k >= 10 && k < 40 ? 2 : 0));
  const { voltageV, soc } = simulateCell(ocv, p, t, i, { soc: 0.5, v1V: 0, v2V: 0, h: 0 });
  assert.ok(Math.abs(voltageV[9] - voltageV[10] - 2 * p.r0Ohm) < 1e-3);
  assert.ok(voltageV[39] < voltageV[10], 'RC branches add polarisation during the pulse');
  assert.ok(voltageV[199] > voltageV[41], 'relaxation after the pulse');
  assert.ok(Math.abs(soc[0] - soc[199] - (2 * 30) / (3600 * 2)) < 1e-12);
});
