/**
 * Material passport records for recovered materials. A lot produced from a recycler batch carries its origin
 * (pre-/post-consumer, from the intake) so that when a cell maker uses it, the use counts as recycled content under
 * Art. 8 of Regulation (EU) 2023/1542 and stays traceable to the batch and the battery passports it came from.
 */
import type { Component } from './composition.js';
import { processKind, type ProcessKind, type RecyclerBatch, type WasteOrigin } from './batch.js';

export type LotOrigin = WasteOrigin | 'primary';

export interface MaterialLot {
  lotId: string;
  /** The element the lot is accounted for (Art. 8 counts element mass, not compound mass). */
  element: Component;
  /** e.g. 'NiSO4·6H2O', 'Li2CO3', 'CoSO4·7H2O', 'Cu granulate'. */
  compound: string;
  /** Mass of the compound as shipped. */
  massKg: number;
  /** Mass of `element` contained; this is what recycled content is computed from. */
  elementMassKg: number;
  /** null for primary (mined) material. */
  sourceBatchId: string | null;
  process: ProcessKind | 'primary';
  origin: LotOrigin;
  /** ISO date of production. */
  producedOn: string;
  /** passportIds of the batteries in the source batch, for the audit trail. */
  sourcePassportIds: string[];
}

export class LotError extends Error {
  override name = 'LotError';
}

export interface LotSpec {
  /** Output fraction of the batch this lot is made from. */
  fractionId: string;
  element: Component;
  compound: string;
  massKg: number;
  lotId: string;
}

/**
 * Turn recycled output fractions into lots (element mass = what the fraction carries). Refuses double issue and a
 * batch that mixes pre- and post-consumer intake (the share would be unknowable without a split).
 */
export function lotsFromBatch(batch: RecyclerBatch, specs: readonly LotSpec[], producedOn: string): MaterialLot[] {
  const origins = new Set(batch.intake.map((i) => i.origin));
  if (origins.size !== 1) throw new LotError(`batch ${batch.batchId}: mixes pre- and post-consumer intake; split it to issue lots`);
  const origin = [...origins][0];
  const issued = new Set<string>();
  return specs.map((s) => {
    const f = batch.outputs.find((o) => o.fractionId === s.fractionId);
    if (!f) throw new LotError(`batch ${batch.batchId}: no output fraction ${s.fractionId}`);
    if (f.fate !== 'recycled') throw new LotError(`fraction ${s.fractionId} has fate ${f.fate}; only recycled fractions become lots`);
    const elementMassKg = f.componentsKg[s.element] ?? 0;
    if (elementMassKg <= 0) throw new LotError(`fraction ${s.fractionId} carries no ${s.element}`);
    // One lot per fraction and element, so the same recovered kilograms can never be counted twice downstream.
    const key = `${s.fractionId}/${s.element}`;
    if (issued.has(key)) throw new LotError(`fraction ${s.fractionId}: ${s.element} already issued as a lot`);
    issued.add(key);
    if (s.massKg < elementMassKg) throw new LotError(`lot ${s.lotId}: compound mass ${s.massKg} kg below its ${s.element} content ${elementMassKg} kg`);
    return {
      lotId: s.lotId,
      element: s.element,
      compound: s.compound,
      massKg: s.massKg,
      elementMassKg,
      sourceBatchId: batch.batchId,
      process: processKind(batch.route),
      origin,
      producedOn: producedOn.slice(0, 10),
      sourcePassportIds: batch.intake.map((i) => i.passportId),
    };
  });
}

export function primaryLot(lotId: string, element: Component, compound: string, massKg: number, elementMassKg: number, producedOn: string): MaterialLot {
  return { lotId, element, compound, massKg, elementMassKg, sourceBatchId: null, process: 'primary', origin: 'primary', producedOn, sourcePassportIds: [] };
}
