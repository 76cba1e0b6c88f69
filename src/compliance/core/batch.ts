/** Recycler batch records: intake by passport, process route, output fractions. Plain data, no I/O. */
import type { Chemistry } from '../../passport/index.js';
import type { BatteryCategory } from './regulatory-targets.js';
import type { Component, Composition } from './composition.js';

/** Where the intake waste comes from; decides whether recovered lots count as pre- or post-consumer (Art. 8). */
export type WasteOrigin = 'post-consumer' | 'pre-consumer';

export interface IntakeItem {
  passportId: string;
  batteryId: string;
  chemistry: Chemistry;
  /** Weighed mass at the gate; the passport's `batteryMass` is the fallback the adapter fills in. */
  massKg: number;
  /** Mass fractions from the passport's materials data; absent → indicative chemistry default. */
  composition?: Composition;
  origin: WasteOrigin;
}

export type ProcessStep =
  | 'discharge'
  | 'dismantling'
  | 'mechanical-pretreatment'
  | 'black-mass'
  | 'hydrometallurgy'
  | 'pyrometallurgy'
  | 'direct-recycling';

export type ProcessKind = 'hydro' | 'pyro' | 'direct' | 'pyro+hydro' | 'mechanical-only';

/**
 * What the counted mass of an output does next (Annex XII Part A/B logic: only material recycling counts; energy
 * recovery, backfilling and disposal do not). `sent-on` = an intermediate (e.g. black mass) shipped to a further
 * recycler, credited only with the share that the downstream operator declares recycled.
 */
export type OutputFate = 'recycled' | 'sent-on' | 'energy-recovery' | 'backfilling' | 'disposal';

export interface OutputFraction {
  fractionId: string;
  /** e.g. 'cobalt sulfate', 'copper foil', 'black mass', 'aluminium scrap', 'plastics'. */
  name: string;
  /** Total mass leaving, incl. reagent mass (a sulfate weighs more than its metal). */
  massKg: number;
  /** Mass in this fraction that comes from the input batteries (no added reagents, water). Default: massKg. */
  inputDerivedMassKg?: number;
  /** Element / component mass in the fraction that comes from the batteries. */
  componentsKg: Partial<Record<Component, number>>;
  fate: OutputFate;
  /** For fate 'sent-on': share (0..1) the downstream recycler declares recycled. Default 0 (not credited). */
  downstreamRecycledShare?: number;
}

export interface RecyclerBatch {
  batchId: string;
  recyclerId: string;
  /** ISO date the batch was processed; sets which targets apply and which year it counts for. */
  processedOn: string;
  intake: IntakeItem[];
  route: ProcessStep[];
  outputs: OutputFraction[];
}

export function processKind(route: readonly ProcessStep[]): ProcessKind {
  const hydro = route.includes('hydrometallurgy');
  const pyro = route.includes('pyrometallurgy');
  if (route.includes('direct-recycling')) return 'direct';
  if (hydro && pyro) return 'pyro+hydro';
  if (hydro) return 'hydro';
  if (pyro) return 'pyro';
  return 'mechanical-only';
}

const LITHIUM: readonly Chemistry[] = ['NMC', 'NCA', 'LFP', 'LMFP', 'LMO', 'LTO'];

/** Annex XII Part B category of a chemistry. Sodium-ion and unknown chemistries fall under "other". */
export function categoryOf(chemistry: Chemistry): BatteryCategory {
  return LITHIUM.includes(chemistry) ? 'lithium-based' : 'other';
}

export class BatchError extends Error {
  override name = 'BatchError';
}

/** Part B targets are per category, so a batch must not mix categories (split it at intake instead). */
export function batchCategory(batch: RecyclerBatch): BatteryCategory {
  if (batch.intake.length === 0) throw new BatchError(`batch ${batch.batchId}: no intake`);
  const cats = new Set(batch.intake.map((i) => categoryOf(i.chemistry)));
  if (cats.size > 1) {
    throw new BatchError(`batch ${batch.batchId}: mixes battery categories (${[...cats].join(', ')}); Part B applies per category`);
  }
  return [...cats][0];
}
