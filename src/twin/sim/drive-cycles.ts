/**
 * Vehicle speed traces at 1 Hz (m/s), generated from knots (time, speed) joined by half-cosine ramps and then clipped
 * to acceleration limits, so every trace has smooth, bounded accelerations like a real driver.
 *
 * - WLTP-like: each of the four WLTC class 3 phases is rebuilt from its published statistics (UN GTR No. 15, Annex 1;
 *   phase duration / distance / maximum speed / standstill time: low 589 s, 3095 m, 56.5 km/h, 150 s; medium 433 s,
 *   4756 m, 76.6 km/h, 49 s; high 455 s, 7162 m, 97.4 km/h, 31 s; extra-high 323 s, 8254 m, 131.3 km/h, 8 s).
 *   Micro-trips (stop to stop) get random inner knots; one knot of the phase is pinned at the phase maximum and the
 *   others are scaled by bisection until the phase distance matches. This is not the WLTC trace itself (which is a
 *   table we do not ship) but reproduces its duration, distance, stop share and peak speed per phase.
 * - Urban and motorway: a first-order Markov chain over driving segments (stop at a light / yield / cruise, congestion
 *   slowdown on the motorway) with speeds drawn per segment; cf. the Markov-chain drive-cycle synthesis of
 *   Lee & Filipi (SAE 2011-01-0888) and Schwarzer & Ghorbani (2013), reduced to segment level.
 */
import { chance, clamp, normal, uniform, type Rng } from './random.js';

const KMH = 1 / 3.6;

interface Knot {
  tS: number;
  vMps: number;
}

/**
 * Speed-holding wobble of a human driver: relative AR(1) deviation (ρ = 0.85 per second, σ = 3 %) — the small
 * accelerations and lifts between knots that a smooth interpolation misses (they add positive kinetic energy, which
 * regenerative braking only partly returns).
 */
export function driverWobble(rng: Rng, n: number, sigma = 0.03, rho = 0.85): Float64Array {
  const w = new Float64Array(n);
  const innov = sigma * Math.sqrt(1 - rho * rho);
  let x = 0;
  for (let i = 0; i < n; i++) {
    x = rho * x + normal(rng, 0, innov);
    w[i] = x;
  }
  return w;
}

/** Joins knots by half-cosine ramps at 1 Hz (times the optional wobble) and enforces |dv/dt| limits (forward for
 *  acceleration, backward for braking). */
export function traceFromKnots(knots: readonly Knot[], accelMaxMps2: number, decelMaxMps2: number, wobble?: Float64Array): Float64Array {
  // one value per second, t = 0 … last − 1: phases concatenate without repeating their boundary standstill
  const n = Math.max(1, Math.round(knots[knots.length - 1].tS));
  const v = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k + 2 < knots.length && knots[k + 1].tS <= i) k++;
    const a = knots[k];
    const b = knots[Math.min(k + 1, knots.length - 1)];
    const span = b.tS - a.tS;
    const u = span > 0 ? clamp((i - a.tS) / span, 0, 1) : 1;
    v[i] = a.vMps + (b.vMps - a.vMps) * (1 - Math.cos(Math.PI * u)) * 0.5;
    if (wobble && i < wobble.length) v[i] *= 1 + wobble[i];
  }
  for (let i = 1; i < n; i++) v[i] = Math.min(v[i], v[i - 1] + accelMaxMps2);
  for (let i = n - 2; i >= 0; i--) v[i] = Math.min(v[i], v[i + 1] + decelMaxMps2);
  v[0] = Math.max(0, v[0]);
  return v;
}

/** Distance of a 1 Hz trace (trapezoidal). */
export function traceDistanceM(v: ArrayLike<number>): number {
  let d = 0;
  for (let i = 1; i < v.length; i++) d += (v[i] + v[i - 1]) / 2;
  return d;
}

export function concatTraces(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface WltcPhase {
  name: 'low' | 'medium' | 'high' | 'extraHigh';
  durationS: number;
  distanceM: number;
  maxKmh: number;
  stopS: number;
  /** stop-to-stop micro-trips used to rebuild the phase (approximate count in the WLTC class 3 trace) */
  microTrips: number;
}

export const WLTC_CLASS3: readonly WltcPhase[] = [
  { name: 'low', durationS: 589, distanceM: 3095, maxKmh: 56.5, stopS: 150, microTrips: 5 },
  { name: 'medium', durationS: 433, distanceM: 4756, maxKmh: 76.6, stopS: 49, microTrips: 3 },
  { name: 'high', durationS: 455, distanceM: 7162, maxKmh: 97.4, stopS: 31, microTrips: 2 },
  { name: 'extraHigh', durationS: 323, distanceM: 8254, maxKmh: 131.3, stopS: 8, microTrips: 1 },
];

/** WLTC class 3 acceleration range (max ≈ 1.67 m/s²) and typical braking limit. */
const WLTC_ACCEL_MPS2 = 1.6;
const WLTC_DECEL_MPS2 = 1.5;

function splitByWeights(rng: Rng, total: number, n: number, lo: number, hi: number): number[] {
  const w = Array.from({ length: n }, () => uniform(rng, lo, hi));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => (x / s) * total);
}

/** One phase: stops and micro-trips laid out in time, inner speeds scaled until the phase distance matches. */
export function wltcPhaseTrace(rng: Rng, ph: WltcPhase): Float64Array {
  const vMax = ph.maxKmh * KMH;
  const stops = splitByWeights(rng, ph.stopS, ph.microTrips + 1, 0.5, 1.5).map((s) => Math.max(1, Math.round(s)));
  const moving = splitByWeights(rng, ph.durationS - stops.reduce((a, b) => a + b, 0), ph.microTrips, 0.7, 1.3);
  const peakTrip = moving.indexOf(Math.max(...moving));
  // relative speed of every inner knot; NaN marks the pinned phase maximum
  const trips = moving.map((durS, j) => {
    const tripPeak = j === peakTrip ? 1 : uniform(rng, 0.55, 0.9);
    const times: number[] = [];
    for (let t = uniform(rng, 10, 20); t < durS - 8; t += uniform(rng, 12, 35)) times.push(t);
    if (times.length === 0) times.push(durS / 2);
    const rel = times.map(() => tripPeak * uniform(rng, 0.5, 1));
    if (j === peakTrip) rel[Math.floor(rng() * rel.length)] = Number.NaN;
    return { durS, times, rel };
  });
  const wobble = driverWobble(rng, ph.durationS);
  const build = (scale: number) => {
    const knots: Knot[] = [{ tS: 0, vMps: 0 }];
    let t = stops[0];
    knots.push({ tS: t, vMps: 0 });
    trips.forEach((tr, j) => {
      tr.times.forEach((ti, i) => knots.push({ tS: t + ti, vMps: Number.isNaN(tr.rel[i]) ? vMax : Math.min(vMax, tr.rel[i] * vMax * scale) }));
      t += tr.durS;
      knots.push({ tS: t, vMps: 0 });
      t += stops[j + 1];
      knots.push({ tS: t, vMps: 0 });
    });
    knots[knots.length - 1].tS = ph.durationS;
    const v = traceFromKnots(knots, WLTC_ACCEL_MPS2, WLTC_DECEL_MPS2, wobble);
    // the pinned maximum stays the phase maximum
    for (let i = 0; i < v.length; i++) if (v[i] > vMax) v[i] = vMax;
    return v;
  };
  let lo = 0.2;
  let hi = 3;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (traceDistanceM(build(mid)) < ph.distanceM) lo = mid;
    else hi = mid;
  }
  return build((lo + hi) / 2);
}

/** A full WLTP-like cycle: the four class 3 phases back to back (1800 s, ≈23.3 km). */
export function wltpLikeTrace(rng: Rng): Float64Array {
  return concatTraces(WLTC_CLASS3.map((ph) => wltcPhaseTrace(rng, ph)));
}

/**
 * Urban stop-and-go: micro-trips of 30–120 s at 30–55 km/h peak; after each, a Markov transition to a full stop at a
 * light (p = 0.7, 5–45 s) or a yield slowdown to 5–15 km/h that continues without stopping.
 */
export function urbanTrace(rng: Rng, durationS: number): Float64Array {
  const knots: Knot[] = [{ tS: 0, vMps: 0 }, { tS: uniform(rng, 2, 10), vMps: 0 }];
  let t = knots[1].tS;
  while (t < durationS - 40) {
    const peak = uniform(rng, 30, 55) * KMH;
    const end = t + uniform(rng, 30, 120);
    for (t += uniform(rng, 8, 15); t < end; t += uniform(rng, 8, 25)) knots.push({ tS: t, vMps: peak * uniform(rng, 0.6, 1) });
    if (chance(rng, 0.7)) {
      knots.push({ tS: t, vMps: 0 });
      t += uniform(rng, 5, 45);
      knots.push({ tS: t, vMps: 0 });
    } else {
      knots.push({ tS: t, vMps: uniform(rng, 5, 15) * KMH });
    }
  }
  const endS = Math.max(t + 15, durationS);
  knots.push({ tS: endS - 3, vMps: 0 }, { tS: endS, vMps: 0 });
  return traceFromKnots(knots, 1.8, 2, driverWobble(rng, Math.round(endS)));
}

/**
 * Motorway: on-ramp, then cruise knots every 20–60 s around the driver's chosen speed (AR(1) fluctuation, σ ≈ 4 %),
 * with congestion (p = 0.05 per knot) dropping to 40–80 km/h for a few knots; off-ramp to a stop.
 */
export function motorwayTrace(rng: Rng, durationS: number, cruiseKmh = uniform(rng, 110, 130)): Float64Array {
  const cruise = cruiseKmh * KMH;
  const knots: Knot[] = [{ tS: 0, vMps: 0 }, { tS: 3, vMps: 0 }, { tS: 30, vMps: 0.75 * cruise }];
  let t = 30;
  let dev = 0;
  let jam = 0;
  while (t < durationS - 60) {
    t += uniform(rng, 20, 60);
    dev = 0.7 * dev + normal(rng, 0, 0.04 * Math.sqrt(1 - 0.49));
    if (jam === 0 && chance(rng, 0.05)) jam = 1 + Math.floor(rng() * 3);
    const v = jam > 0 ? uniform(rng, 40, 80) * KMH : clamp(cruise * (1 + dev), 0.8 * cruise, 135 * KMH);
    if (jam > 0) jam--;
    knots.push({ tS: t, vMps: v });
  }
  const endS = Math.max(t + 45, durationS);
  knots.push({ tS: endS - 25, vMps: 50 * KMH }, { tS: endS - 3, vMps: 0 }, { tS: endS, vMps: 0 });
  return traceFromKnots(knots, 1.5, 1.8, driverWobble(rng, Math.round(endS), 0.02));
}

/** A trip of roughly `distanceKm`: urban start and end, a WLTP-like or motorway middle depending on length. */
export function tripTrace(rng: Rng, distanceKm: number): Float64Array {
  const parts: Float64Array[] = [];
  const urbanKm = Math.min(distanceKm, uniform(rng, 2, 5));
  parts.push(urbanTrace(rng, (urbanKm / 28) * 3600));
  let rest = distanceKm - traceDistanceM(parts[0]) / 1000;
  if (rest > 40) {
    const cruise = uniform(rng, 110, 130);
    parts.push(motorwayTrace(rng, ((rest - 3) / (cruise * 0.93)) * 3600, cruise));
    rest = distanceKm - traceDistanceM(concatTraces(parts)) / 1000;
  }
  while (rest > 20) {
    const w = wltpLikeTrace(rng);
    parts.push(w);
    rest -= traceDistanceM(w) / 1000;
  }
  if (rest > 0.5) parts.push(urbanTrace(rng, (rest / 28) * 3600));
  return concatTraces(parts);
}
