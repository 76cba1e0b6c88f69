/**
 * Raw pulse test (time, current, voltage) → U1..U21 in the PulseBat layout, after the protocol checks of
 * `segments.ts`. U1 is the mean open-circuit voltage over the last second of the initial rest; each pulse gives the
 * first and last sample under current and the first sample of the following rest (as the cycler's step records in
 * the PulseBat workstep sheets); the end-of-rest voltage is referred to the 45 s rest of the training data.
 *
 * Shorter rests leave more polarisation for the next pulse. Under linear superposition (equivalent-circuit model)
 * the relaxation tail of each rest, fitted as a + b·exp(−t/τ), is re-timed: every later sample is corrected by
 * b·(exp(−(t + Tref − R)/τ) − exp(−t/τ)), i.e. as if the rest had lasted Tref = 45 s instead of R.
 */
import { PULSE_PROTOCOL_V1, PULSE_SLOTS, type PulseProtocol } from './protocol.js';
import { fitRelaxation, relaxationAt } from './relaxation.js';
import { checkProtocol, checkSeries, segment, slope, type TimeSeries } from './segments.js';
import { refuse, U_COUNT, type Refusal } from './types.js';

export interface CurveSegment {
  kind: 'rest' | 'pulse';
  cRate: number;
  startS: number;
  endS: number;
  timeS: number[];
  /** Per-cell voltage as measured (before the re-timing correction). */
  voltageV: number[];
}

export interface RelaxationReport {
  pulse: number;
  restS: number;
  tauS: number;
  fitRmsV: number;
  /** End-of-rest voltage at the end of the actual rest and referred to the 45 s reference. */
  measuredEndV: number;
  referredEndV: number;
}

export interface ExtractedFeatures {
  ok: true;
  /** U1..U21 (V per cell). */
  u: number[];
  segments: CurveSegment[];
  relaxation: RelaxationReport[];
  openCircuitDriftVPerS: number;
}

export interface ExtractOptions {
  /** Cells in series: pack or module voltages are divided by this to give the per-cell voltages the model knows. */
  seriesCells?: number;
  protocol?: PulseProtocol;
}

/** Seconds after the current stops before samples enter the fit: by then the fast charge-transfer branch (τ ≈ 1 s) has decayed below 1 %, so one exponential describes the rest (checked on a 2-RC model in features.test.ts). */
const FIT_SKIP_S = 4;

export function extractFeatures(ts: TimeSeries, qnAh: number, opts: ExtractOptions = {}): ExtractedFeatures | Refusal {
  const p = opts.protocol ?? PULSE_PROTOCOL_V1;
  const seriesCells = opts.seriesCells ?? 1;
  if (!(qnAh > 0) || !Number.isFinite(qnAh)) return refuse('invalid-capacity', `nominal capacity must be a positive number of Ah (got ${qnAh})`);
  if (!Number.isInteger(seriesCells) || seriesCells < 1) return refuse('invalid-input', `seriesCells must be a positive integer (got ${seriesCells})`);
  const shape = checkSeries(ts, p);
  if (shape) return shape;
  const segs = segment(ts, qnAh, p);
  const checked = checkProtocol(ts, segs, qnAh, seriesCells, p);
  if (!Array.isArray(checked)) return checked;
  const pulses = checked;

  const t = ts.timeS;
  const v = ts.voltageV.map((x) => x / seriesCells);
  const vc = [...v]; // re-timed voltages
  const u = new Array<number>(U_COUNT).fill(NaN);
  const init = segs[0];
  let ocvFrom = init.first;
  while (t[ocvFrom] < t[init.last] - 1) ocvFrom++;
  u[0] = mean(v.slice(ocvFrom, init.last + 1));
  const relaxation: RelaxationReport[] = [];

  pulses.forEach((ps, k) => {
    const rest = segs[segs.indexOf(ps) + 1];
    const slot = PULSE_SLOTS[k];
    const restStartT = t[rest.first];
    const restS = t[rest.last] - restStartT;
    const fitIdx: number[] = [];
    for (let i = rest.first; i <= rest.last; i++) if (t[i] - restStartT >= FIT_SKIP_S) fitIdx.push(i);
    const fit = fitRelaxation(fitIdx.map((i) => t[i] - restStartT), fitIdx.map((i) => vc[i]));
    const refS = p.referenceRestS;
    const referredEnd = restS >= refS ? interpolate(t, vc, restStartT + refS, rest.first, rest.last) : relaxationAt(fit, refS);
    const vals = [vc[ps.first], vc[ps.last], vc[rest.first], referredEnd];
    slot.uIndex.forEach((ui, j) => (u[ui - 1] = vals[j]));
    relaxation.push({ pulse: k + 1, restS, tauS: fit.tauS, fitRmsV: fit.rmsV, measuredEndV: vc[rest.last], referredEndV: referredEnd });
    // re-time the tail of this rest for every later sample (superposition): shift by (refS − actual rest length)
    const nextStartT = rest.last + 1 < t.length ? t[rest.last + 1] : t[rest.last];
    const shiftS = refS - (nextStartT - restStartT);
    if (Number.isFinite(fit.tauS)) {
      for (let i = rest.last + 1; i < t.length; i++) {
        const since = t[i] - restStartT;
        vc[i] += fit.b * (Math.exp(-(since + shiftS) / fit.tauS) - Math.exp(-since / fit.tauS));
      }
    }
  });
  if (u.some((x) => !Number.isFinite(x))) return refuse('malformed-series', 'could not read every U1..U21 from the series');

  const cRateOf = new Map(pulses.map((s, k) => [s, PULSE_SLOTS[k].cRate]));
  const segments: CurveSegment[] = segs.map((s) => ({
    kind: s.kind,
    cRate: cRateOf.get(s) ?? 0,
    startS: t[s.first],
    endS: t[s.last],
    timeS: t.slice(s.first, s.last + 1),
    voltageV: v.slice(s.first, s.last + 1),
  }));
  return { ok: true, u, segments, relaxation, openCircuitDriftVPerS: slope(ts, init.first, init.last) / seriesCells };
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function interpolate(t: readonly number[], v: readonly number[], at: number, first: number, last: number): number {
  for (let i = first; i < last; i++) {
    if (t[i + 1] >= at) return v[i] + ((v[i + 1] - v[i]) * (at - t[i])) / (t[i + 1] - t[i]);
  }
  return v[last];
}
