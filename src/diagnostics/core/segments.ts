/**
 * Splits a raw pulse-test time series into rest and pulse segments and checks it against the protocol. Every
 * violation becomes a typed refusal that says what is wrong, because a number computed from a test that was not run
 * as specified would look as trustworthy as a good one.
 */
import { PULSE_PROTOCOL_V1, type PulseProtocol } from './protocol.js';
import { refuse, type Refusal } from './types.js';

export interface TimeSeries {
  timeS: readonly number[];
  currentA: readonly number[];
  voltageV: readonly number[];
}

export interface Segment {
  kind: 'rest' | 'pulse';
  /** Index of the first and last sample (inclusive). */
  first: number;
  last: number;
  /** Mean current (A) over the segment. */
  meanCurrentA: number;
  /** Duration from the first sample to the first sample of the next segment (or the last sample). */
  durationS: number;
}

const fmt = (x: number, d = 2) => x.toFixed(d);

/** Basic shape checks and sampling rate. */
export function checkSeries(ts: TimeSeries, p: PulseProtocol = PULSE_PROTOCOL_V1): Refusal | null {
  const n = ts.timeS.length;
  if (n < 10 || ts.currentA.length !== n || ts.voltageV.length !== n) {
    return refuse('malformed-series', `time, current and voltage need the same length ≥ 10 (got ${n}, ${ts.currentA.length}, ${ts.voltageV.length})`);
  }
  for (let i = 0; i < n; i++) {
    if (![ts.timeS[i], ts.currentA[i], ts.voltageV[i]].every(Number.isFinite)) return refuse('malformed-series', `sample ${i + 1} has a non-numeric value`);
    if (i > 0 && !(ts.timeS[i] > ts.timeS[i - 1])) return refuse('malformed-series', `time must increase strictly (sample ${i + 1} at ${ts.timeS[i]} s)`);
  }
  const dt = ts.timeS.slice(1).map((t, i) => t - ts.timeS[i]).sort((a, b) => a - b);
  const medianDt = dt[Math.floor(dt.length / 2)];
  const maxDt = dt[dt.length - 1];
  const maxStep = 1 / p.minSampleRateHz;
  // 5 % slack for logger jitter; a single gap up to 3 sample periods is tolerated, longer gaps lose pulse edges
  if (medianDt > maxStep * 1.05 || maxDt > 3 * maxStep) {
    return refuse('sampling-too-sparse', `sampling must be ≥ ${p.minSampleRateHz} Hz: median step ${fmt(medianDt, 3)} s, largest gap ${fmt(maxDt, 3)} s`);
  }
  const total = ts.timeS[n - 1] - ts.timeS[0];
  if (total > p.maxTotalS + 1) return refuse('too-long', `the test lasts ${fmt(total, 1)} s; the protocol allows at most ${p.maxTotalS} s`);
  return null;
}

/**
 * Rest where |I| is below a quarter of the smallest pulse as seen in the data (peak current × 0.5/1.5), pulse
 * otherwise. Scaling by the observed peak rather than by the declared Qn keeps the pulses visible when Qn is wrong,
 * so the refusal names the amplitude instead of reporting missing pulses. Floor: 1 % of Qn (logger noise).
 */
export function segment(ts: TimeSeries, qnAh: number, p: PulseProtocol = PULSE_PROTOCOL_V1): Segment[] {
  const amps = p.pulseCRates.map(Math.abs);
  const peakA = Math.max(...ts.currentA.map(Math.abs));
  const threshold = Math.max(0.01 * qnAh, (0.25 * peakA * Math.min(...amps)) / Math.max(...amps));
  const kindOf = (i: number): 'rest' | 'pulse' => (Math.abs(ts.currentA[i]) < threshold ? 'rest' : 'pulse');
  const segs: Segment[] = [];
  let first = 0;
  const n = ts.timeS.length;
  for (let i = 1; i <= n; i++) {
    const boundary = i === n || kindOf(i) !== kindOf(first) || (kindOf(i) === 'pulse' && Math.sign(ts.currentA[i]) !== Math.sign(ts.currentA[first]));
    if (!boundary) continue;
    let s = 0;
    for (let j = first; j < i; j++) s += ts.currentA[j];
    const end = i < n ? ts.timeS[i] : ts.timeS[n - 1];
    segs.push({ kind: kindOf(first), first, last: i - 1, meanCurrentA: s / (i - first), durationS: end - ts.timeS[first] });
    first = i;
  }
  return segs;
}

/** Slope (V/s) of a least-squares line through the samples [first, last]. */
export function slope(ts: TimeSeries, first: number, last: number): number {
  const n = last - first + 1;
  let st = 0, sv = 0, stt = 0, stv = 0;
  for (let i = first; i <= last; i++) {
    st += ts.timeS[i];
    sv += ts.voltageV[i];
    stt += ts.timeS[i] ** 2;
    stv += ts.timeS[i] * ts.voltageV[i];
  }
  const det = n * stt - st * st;
  return det > 0 ? (n * stv - st * sv) / det : 0;
}

/** Checks the segment sequence against the protocol; returns the pulse segments in order. */
export function checkProtocol(ts: TimeSeries, segs: Segment[], qnAh: number, seriesCells: number, p: PulseProtocol = PULSE_PROTOCOL_V1): Refusal | Segment[] {
  const first = segs[0];
  if (!first || first.kind !== 'rest' || first.durationS < 1) {
    return refuse('not-rested', 'the test must start with at least 1 s at zero current to read the open-circuit voltage U1');
  }
  const driftVPerS = Math.abs(slope(ts, first.first, first.last)) / seriesCells;
  if (driftVPerS > p.maxRestedDriftVPerS) {
    return refuse('not-rested', `open-circuit voltage drifts ${fmt(driftVPerS * 1000, 2)} mV/s per cell in the initial rest (limit ${fmt(p.maxRestedDriftVPerS * 1000, 2)} mV/s): rest the battery longer before testing`);
  }
  const pulses = segs.filter((s) => s.kind === 'pulse');
  const expected = p.pulseCRates;
  if (pulses.length < expected.length) {
    return refuse('missing-pulse', `found ${pulses.length} pulses, the protocol has ${expected.length} (${expected.map((c) => `${c > 0 ? '+' : ''}${c} C`).join(', ')})`);
  }
  if (pulses.length > expected.length) return refuse('invalid-input', `found ${pulses.length} pulses, the protocol has exactly ${expected.length}`);
  const signs = pulses.map((s, k) => Math.sign(s.meanCurrentA) === Math.sign(expected[k]));
  if (signs.every((ok) => !ok)) {
    return refuse('current-sign', 'every pulse has the opposite sign: current must be positive when charging (the first pulse is a +0.5 C charge)');
  }
  const badSign = signs.indexOf(false);
  if (badSign >= 0) return refuse('current-sign', `pulse ${badSign + 1} should be ${expected[badSign] > 0 ? 'a charge (positive current)' : 'a discharge (negative current)'}`);
  for (let k = 0; k < pulses.length; k++) {
    const c = pulses[k].meanCurrentA / qnAh;
    if (Math.abs(c - expected[k]) > p.amplitudeTolerance * Math.abs(expected[k])) {
      return refuse('wrong-amplitude', `pulse ${k + 1} is ${fmt(c)} C (${fmt(pulses[k].meanCurrentA)} A); the protocol asks ${expected[k]} C = ${fmt(expected[k] * qnAh)} A ± ${p.amplitudeTolerance * 100} % for Qn ${qnAh} Ah`);
    }
    if (Math.abs(pulses[k].durationS - p.pulseWidthS) > p.widthToleranceS) {
      return refuse('wrong-width', `pulse ${k + 1} lasts ${fmt(pulses[k].durationS)} s; the protocol asks ${p.pulseWidthS} ± ${p.widthToleranceS} s`);
    }
    const idx = segs.indexOf(pulses[k]);
    const rest = segs[idx + 1];
    const restS = rest ? ts.timeS[rest.last] - ts.timeS[rest.first] : 0;
    if (!rest || rest.kind !== 'rest' || restS < p.minRestS) {
      return refuse('rest-too-short', `the rest after pulse ${k + 1} lasts ${fmt(restS, 1)} s; at least ${p.minRestS} s are needed (protocol: ${p.restAfterPulseS} s)`);
    }
  }
  return pulses;
}
