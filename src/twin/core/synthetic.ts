/**
 * Synthetic runs for tests and validation: a seeded RNG and a noisy, optionally biased and quantised measurement of a
 * simulated cell. Pure: the randomness comes from the seed.
 */
import { simulateCell, type CellState } from './model/ecm.js';
import type { OcvTable } from './model/ocv.js';
import type { EcmParams } from './model/params.js';

/** mulberry32: small, fast, seedable; good enough for measurement noise. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export interface Corruption {
  voltageNoiseV: number;
  currentNoiseA: number;
  /** added to the measured current (A) */
  currentBiasA: number;
  /** ADC step (V); 0 = none */
  quantStepV: number;
}

export const quantise = (v: number, q: number) => (q > 0 ? Math.round(v / q) * q : v);

/** Simulates the cell and returns what a BMS would log, plus the true SoC. */
export function syntheticRun(
  ocv: OcvTable,
  p: EcmParams,
  timeS: ArrayLike<number>,
  trueCurrentA: ArrayLike<number>,
  init: CellState,
  c: Corruption,
  seed: number,
): { currentA: Float64Array; voltageV: Float64Array; trueSoc: Float64Array } {
  const sim = simulateCell(ocv, p, timeS, trueCurrentA, init);
  const rng = seededRng(seed);
  const n = timeS.length;
  const currentA = new Float64Array(n);
  const voltageV = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    currentA[k] = trueCurrentA[k] + c.currentBiasA + c.currentNoiseA * gaussian(rng);
    voltageV[k] = quantise(sim.voltageV[k] + c.voltageNoiseV * gaussian(rng), c.quantStepV);
  }
  return { currentA, voltageV, trueSoc: sim.soc };
}
