/**
 * Randomness for the fleet simulator. Every function takes the RNG as a parameter so a run is reproducible from its
 * seed; each vehicle gets its own stream (derived from the fleet seed and its index) so adding a vehicle does not
 * change what the others do.
 */
import { gaussian, seededRng } from '../core/synthetic.js';

export type Rng = () => number;

export { gaussian, seededRng };

export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pickOne<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(rng() * items.length))];
}

/** Normal draw truncated to ±3σ (keeps a rare outlier from producing an unphysical parameter). */
export function normal(rng: Rng, mean: number, sigma: number): number {
  const z = Math.max(-3, Math.min(3, gaussian(rng)));
  return mean + sigma * z;
}

/** A child stream: the seed mixed with a stream number by a 32-bit integer hash (splitmix-style avalanche). */
export function streamRng(seed: number, stream: number): Rng {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return seededRng((h ^ (h >>> 16)) >>> 0);
}

export const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
