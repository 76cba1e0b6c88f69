import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateEcm, type EcmParams } from './ecm.js';
import { extractFeatures } from './features.js';
import { idealCurrentProfile, protocolDurationS, PULSE_PROTOCOL_V1, PULSE_SLOTS } from './protocol.js';
import { synthesiseFromFeatures } from './synthetic.js';

// A 21 Ah NMC-like cell: R0 1.5 mΩ, fast branch 0.6 mΩ / 0.8 s, slow branch 0.8 mΩ / 12 s.
const ecm: EcmParams = { ocvV: 3.6, ocvSlopeVPerSoc: 0.6, qAh: 20, r0Ohm: 0.0015, r1Ohm: 0.0006, tau1S: 0.8, r2Ohm: 0.0008, tau2S: 12 };
const QN = 21;
const reference = { ...PULSE_PROTOCOL_V1, restAfterPulseS: 45, maxTotalS: 300 };

function extract(p = PULSE_PROTOCOL_V1, rateHz = 10) {
  const prof = idealCurrentProfile(QN, rateHz, p);
  const f = extractFeatures({ ...prof, voltageV: simulateEcm(ecm, prof.timeS, prof.currentA) }, QN, { protocol: p });
  assert.ok(f.ok, JSON.stringify(f));
  return f;
}

test('the lab protocol fits in two minutes and follows the PulseBat pulse order', () => {
  assert.ok(protocolDurationS() <= 120);
  assert.equal(protocolDurationS(), 115);
  assert.deepEqual(PULSE_PROTOCOL_V1.pulseCRates, [0.5, -0.5, 1, -1, 1.5]);
  const prof = idealCurrentProfile(QN, 10);
  assert.equal(prof.currentA[0], 0);
  assert.equal(prof.currentA[50], 0.5 * QN); // t = 5.0 s: first pulse starts
  assert.equal(prof.currentA[80], 0); // t = 8.0 s: rest
});

test('U values of a 2-RC cell match the closed-form voltages (45 s reference rests, no extrapolation)', () => {
  const f = extract(reference);
  const I = 0.5 * QN;
  const dt = 0.1;
  // U2: first sample under current = OCV + I·R0 (the RC branches start from zero)
  assert.ok(Math.abs(f.u[1] - (ecm.ocvV + I * ecm.r0Ohm)) < 1e-6, `U2 ${f.u[1]}`);
  // U3: last sample of the 3 s pulse (t = 2.9 s after onset); the OCV rose by the charge passed so far
  const t = 3 - dt;
  const expectedU3 = ecm.ocvV + ecm.ocvSlopeVPerSoc * (I * t) / 3600 / ecm.qAh + I * (ecm.r0Ohm + ecm.r1Ohm * (1 - Math.exp(-t / ecm.tau1S)) + ecm.r2Ohm * (1 - Math.exp(-t / ecm.tau2S)));
  assert.ok(Math.abs(f.u[2] - expectedU3) < 1e-6, `U3 ${f.u[2]} vs ${expectedU3}`);
  // U1: open-circuit voltage
  assert.ok(Math.abs(f.u[0] - ecm.ocvV) < 1e-9);
  // overpotentials grow with current: |U19 − U1| at +1.5 C > |U11 − U1| at +1 C > |U3 − U1| at +0.5 C
  assert.ok(f.u[18] - f.u[0] > f.u[10] - f.u[0] && f.u[10] - f.u[0] > f.u[2] - f.u[0]);
  // charge pulses raise, discharge pulses lower the voltage
  for (const s of PULSE_SLOTS) assert.equal(Math.sign(f.u[s.uIndex[1] - 1] - f.u[0]), Math.sign(s.cRate));
});

test('19 s rests referred to the 45 s reference reproduce the reference features within 0.2 mV', () => {
  const short = extract().u;
  const ref = extract(reference).u;
  const worst = Math.max(...short.map((v, i) => Math.abs(v - ref[i])));
  assert.ok(worst < 2e-4, `worst difference ${(worst * 1000).toFixed(3)} mV`);
  // without the relaxation model the raw end of a 19 s rest is off by far more: the correction matters
  const prof = idealCurrentProfile(QN, 10);
  const v = simulateEcm(ecm, prof.timeS, prof.currentA);
  const rawEndOfLastRest = v[v.length - 1];
  assert.ok(Math.abs(rawEndOfLastRest - ref[20]) > 5 * worst, `raw ${rawEndOfLastRest} ref ${ref[20]} worst ${worst}`);
});

test('faster sampling gives the same features (100 Hz vs 10 Hz within 1 mV except the onset samples)', () => {
  const a = extract(PULSE_PROTOCOL_V1, 10).u;
  const b = extract(PULSE_PROTOCOL_V1, 100).u;
  for (let i = 0; i < 21; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-3, `U${i + 1}: ${a[i]} vs ${b[i]}`);
});

test('a pack of 96 cells in series is read per cell with seriesCells', () => {
  const u = [3.7, 3.72, 3.73, 3.71, 3.701, 3.68, 3.67, 3.69, 3.699, 3.74, 3.76, 3.72, 3.702, 3.66, 3.64, 3.68, 3.698, 3.76, 3.79, 3.73, 3.703];
  const ts = synthesiseFromFeatures(u, 60, { seriesCells: 96 });
  const f = extractFeatures(ts, 60, { seriesCells: 96 });
  assert.ok(f.ok, JSON.stringify(f));
  for (let i = 0; i < 21; i++) assert.ok(Math.abs(f.u[i] - u[i]) < 1e-3, `U${i + 1}: ${f.u[i]} vs ${u[i]}`);
  assert.equal(f.segments.filter((s) => s.kind === 'pulse').length, 5);
  assert.equal(f.relaxation.length, 5);
});
