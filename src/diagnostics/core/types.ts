/**
 * Shared types of the rapid state-of-health (SoH) diagnostics. SoH is a fraction of nominal capacity (Q / Qn), the label
 * definition of PulseBat (Tao et al., Nat. Commun. 2024) and of Reg. (EU) 2023/1542 Annex VII "remaining capacity".
 */

/** Cathode chemistries the pulse models were trained on (PulseBat batch 1). */
export const PULSE_CHEMISTRIES = ['NMC', 'LMO', 'LFP'] as const;
export type PulseChemistry = (typeof PULSE_CHEMISTRIES)[number];

export function isPulseChemistry(x: unknown): x is PulseChemistry {
  return typeof x === 'string' && (PULSE_CHEMISTRIES as readonly string[]).includes(x);
}

/** Number of pulse-voltage features U1..U21 in the PulseBat layout. */
export const U_COUNT = 21;

/** One feature row: chemistry, nominal capacity and the 21 voltages (V, per cell) in PulseBat order. */
export interface PulseFeatureRow {
  chem: string;
  qnAh: number;
  /** U1..U21 as a 21-element array (index 0 = U1 = open-circuit voltage). */
  u: readonly number[];
}

/** Why a prediction was not made. Each refusal names what is wrong so a lab can act on it. */
export type RefusalCode =
  | 'unknown-chemistry'
  | 'invalid-capacity'
  | 'missing-feature'
  | 'out-of-range'
  | 'not-rested'
  | 'wrong-amplitude'
  | 'wrong-width'
  | 'too-long'
  | 'missing-pulse'
  | 'current-sign'
  | 'sampling-too-sparse'
  | 'rest-too-short'
  | 'malformed-series'
  | 'invalid-input';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  reason: string;
}

export function refuse(code: RefusalCode, reason: string): Refusal {
  return { ok: false, code, reason };
}

/** Seeded pseudo-random source in [0, 1): core code never calls Math.random. */
export type Rng = () => number;

/** mulberry32: small, fast, deterministic; good enough for subsampling and fold shuffles. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
