/**
 * Synthetic pulse tests that reproduce a given U1..U21 row under the lab protocol (19 s rests), for tests and for
 * checking a lab's data pipeline end to end. The voltage is built for the 45 s reference schedule (pulse responses
 * saturating with τ = 1.5 s, relaxations a + b·exp(−t/τ) that reach the row's end-of-rest value at 45 s), then each
 * relaxation tail is re-timed to the shorter rest by superposition — the inverse of what `features.ts` undoes.
 */
import { PULSE_PROTOCOL_V1, PULSE_SLOTS, idealCurrentProfile, type PulseProtocol } from './protocol.js';
import type { TimeSeries } from './segments.js';

export interface SynthesisOptions {
  sampleRateHz?: number;
  protocol?: PulseProtocol;
  /** Relaxation time constant of the rests (s). */
  restTauS?: number;
  seriesCells?: number;
}

export function synthesiseFromFeatures(u: readonly number[], qnAh: number, o: SynthesisOptions = {}): TimeSeries {
  const p = o.protocol ?? PULSE_PROTOCOL_V1;
  const rate = o.sampleRateHz ?? 10;
  const tau = o.restTauS ?? 10;
  const tauPulse = 1.5;
  const dt = 1 / rate;
  const { timeS, currentA } = idealCurrentProfile(qnAh, rate, p);
  const U = (i: number) => u[i - 1];
  const voltageV = new Array<number>(timeS.length).fill(U(1));
  const tails: { restStartT: number; b: number; shiftS: number }[] = [];
  let t0 = p.initialRestS;
  PULSE_SLOTS.forEach((slot) => {
    const [s, e, rs, re] = slot.uIndex.map(U);
    const restStartT = t0 + p.pulseWidthS;
    const nextT = restStartT + p.restAfterPulseS;
    const k = Math.exp(-p.referenceRestS / tau);
    const a = (re - rs * k) / (1 - k);
    const b = rs - a;
    const span = 1 - Math.exp(-(p.pulseWidthS - dt) / tauPulse);
    timeS.forEach((t, i) => {
      if (t >= t0 - 1e-9 && t < restStartT - 1e-9) voltageV[i] = s + ((e - s) * (1 - Math.exp(-(t - t0) / tauPulse))) / span;
      else if (t >= restStartT - 1e-9 && t < nextT - 1e-9) voltageV[i] = a + b * Math.exp(-(t - restStartT) / tau);
      else if (t >= nextT - 1e-9 && slot === PULSE_SLOTS[PULSE_SLOTS.length - 1]) voltageV[i] = a + b * Math.exp(-(t - restStartT) / tau);
    });
    tails.push({ restStartT, b, shiftS: p.referenceRestS - p.restAfterPulseS });
    t0 = nextT;
  });
  // superpose the un-relaxed remainder of each earlier rest on everything after it (shorter rests than the reference)
  for (const tail of tails) {
    const restEndT = tail.restStartT + p.restAfterPulseS;
    timeS.forEach((t, i) => {
      if (t < restEndT - 1e-9) return;
      const since = t - tail.restStartT;
      voltageV[i] += tail.b * (Math.exp(-since / tau) - Math.exp(-(since + tail.shiftS) / tau));
    });
  }
  const n = o.seriesCells ?? 1;
  return { timeS, currentA, voltageV: voltageV.map((v) => v * n) };
}
