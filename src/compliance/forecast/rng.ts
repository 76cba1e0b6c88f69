/**
 * Seeded randomness for the returns forecast. Every function takes the RNG as a parameter (the core stays pure and a
 * run is reproducible from its seed). mulberry32 is small and fast; its statistical quality is ample for Monte Carlo
 * of a few thousand draws per battery.
 */

export type Rng = () => number;

/** mulberry32 (Tommy Ettinger's 32-bit generator), output in [0, 1). */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A child stream from a seed and a stream number (splitmix-style hash), so batteries do not share draws. */
export function streamRng(seed: number, stream: number): Rng {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return seededRng((h ^ (h >>> 16)) >>> 0);
}

/** Standard normal by Box–Muller. */
export function gaussian(rng: Rng): number {
  const u1 = Math.max(rng(), 1e-12);
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Index drawn from a discrete probability vector (need not be normalised). */
export function drawIndex(rng: Rng, weights: readonly number[], total?: number): number {
  const sum = total ?? weights.reduce((s, w) => s + w, 0);
  let u = rng() * sum;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** Linear-interpolated quantile of an ascending-sorted array (type 7, the R / NumPy default). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
