import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateEcm, type EcmParams } from './ecm.js';
import { extractFeatures } from './features.js';
import { idealCurrentProfile, PULSE_PROTOCOL_V1, type PulseProtocol } from './protocol.js';
import type { TimeSeries } from './segments.js';
import type { RefusalCode } from './types.js';

const ecm: EcmParams = { ocvV: 3.6, ocvSlopeVPerSoc: 0.6, qAh: 2, r0Ohm: 0.02, r1Ohm: 0.008, tau1S: 0.8, r2Ohm: 0.01, tau2S: 12 };
const QN = 2.1;

function series(p: PulseProtocol = PULSE_PROTOCOL_V1, rateHz = 10, edit?: (t: number, i: number) => number): TimeSeries {
  const prof = idealCurrentProfile(QN, rateHz, p);
  const currentA = edit ? prof.currentA.map((c, i) => c * edit(prof.timeS[i], i)) : prof.currentA;
  return { timeS: prof.timeS, currentA, voltageV: simulateEcm(ecm, prof.timeS, currentA) };
}

function refusedWith(ts: TimeSeries, code: RefusalCode, qnAh = QN): string {
  const r = extractFeatures(ts, qnAh);
  assert.equal(r.ok, false, 'expected a refusal');
  if (r.ok) return '';
  assert.equal(r.code, code, r.reason);
  assert.ok(r.reason.length > 10);
  return r.reason;
}

test('a protocol-conform test is accepted (control)', () => {
  assert.equal(extractFeatures(series(), QN).ok, true);
});

test('not rested: open-circuit voltage drifting in the initial rest', () => {
  const ts = series();
  const voltageV = ts.voltageV.map((v, i) => v + 0.002 * ts.timeS[i]); // 2 mV/s, a battery just off charge
  assert.match(refusedWith({ ...ts, voltageV }, 'not-rested'), /mV\/s/);
});

test('not rested: no zero-current period before the first pulse', () => {
  const ts = series();
  const from = ts.timeS.findIndex((t) => t >= 5);
  const cut = (xs: readonly number[]) => xs.slice(from);
  refusedWith({ timeS: cut(ts.timeS).map((t) => t - 5), currentA: cut(ts.currentA), voltageV: cut(ts.voltageV) }, 'not-rested');
});

test('wrong amplitude: the +1 C pulse run at 1.2 C', () => {
  assert.match(refusedWith(series(PULSE_PROTOCOL_V1, 10, (t) => (t >= 49 && t < 52 ? 1.2 : 1)), 'wrong-amplitude'), /pulse 3/);
});

test('wrong amplitude: Qn declared ten times too large', () => {
  refusedWith(series(), 'wrong-amplitude', 21);
});

test('wrong width: 2 s pulses', () => {
  assert.match(refusedWith(series({ ...PULSE_PROTOCOL_V1, pulseWidthS: 2 }), 'wrong-width'), /lasts 2\.00 s/);
});

test('too long: 30 s rests exceed two minutes', () => {
  refusedWith(series({ ...PULSE_PROTOCOL_V1, restAfterPulseS: 30 }), 'too-long');
});

test('missing pulse: the +1.5 C pulse never came', () => {
  assert.match(refusedWith(series(PULSE_PROTOCOL_V1, 10, (t) => (t >= 93 ? 0 : 1)), 'missing-pulse'), /found 4 pulses/);
});

test('current sign: logger convention inverted (discharge positive)', () => {
  assert.match(refusedWith(series(PULSE_PROTOCOL_V1, 10, () => -1), 'current-sign'), /positive when charging/);
});

test('current sign: one pulse with the wrong direction', () => {
  assert.match(refusedWith(series(PULSE_PROTOCOL_V1, 10, (t) => (t >= 27 && t < 30 ? -1 : 1)), 'current-sign'), /pulse 2/);
});

test('sampling too sparse: 2 Hz logging', () => {
  refusedWith(series(PULSE_PROTOCOL_V1, 2), 'sampling-too-sparse');
});

test('rest too short: 8 s rests', () => {
  refusedWith(series({ ...PULSE_PROTOCOL_V1, restAfterPulseS: 8 }), 'rest-too-short');
});

test('malformed series: time going backwards, non-numeric voltage, unequal lengths', () => {
  const ts = series();
  const timeS = [...ts.timeS];
  timeS[100] = timeS[99];
  refusedWith({ ...ts, timeS }, 'malformed-series');
  const voltageV = [...ts.voltageV];
  voltageV[10] = NaN;
  refusedWith({ ...ts, voltageV }, 'malformed-series');
  refusedWith({ ...ts, voltageV: ts.voltageV.slice(1) }, 'malformed-series');
});

test('invalid capacity', () => {
  refusedWith(series(), 'invalid-capacity', 0);
  refusedWith(series(), 'invalid-capacity', Number.NaN);
});
