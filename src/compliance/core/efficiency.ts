/**
 * Recycling efficiency, Annex XII Part B of Regulation (EU) 2023/1542:
 *   efficiency = battery-derived mass of output fractions that go to material recycling / mass of waste batteries in.
 *
 * Simplification (documented because the text of the delegated act on the calculation and verification methodology
 * under Art. 71(4), Commission Delegated Regulation (EU) 2025/606, was not available here): we follow the logic of
 * the predecessor rules, Commission Regulation (EU)
 * No 493/2012 — only material recycling counts; energy recovery, backfilling and disposal count zero; added reagents
 * and water are excluded via `inputDerivedMassKg`; an intermediate sent to another recycler counts only with the
 * share that operator declares recycled (default 0). Whole batteries in = denominator, with no deduction for
 * removed casings or moisture. Year figures are mass-weighted over batches of the same Part B category.
 */
import { assess, pct, yearEnd, type Assessment } from './assessment.js';
import { assertMassBalance, inputDerivedKg, DEFAULT_TOLERANCE, type Tolerance } from './mass-balance.js';
import { batchCategory, type OutputFraction, type RecyclerBatch } from './batch.js';
import type { BatteryCategory } from './regulatory-targets.js';

/** Share (0..1) of an output's battery-derived mass credited as recycled. */
export function creditedShare(o: OutputFraction): number {
  if (o.fate === 'recycled') return 1;
  if (o.fate === 'sent-on') {
    const s = o.downstreamRecycledShare ?? 0;
    if (!(s >= 0 && s <= 1)) throw new RangeError(`output ${o.fractionId}: downstreamRecycledShare must be in [0, 1]`);
    return s;
  }
  return 0;
}

export interface EfficiencyResult {
  scope: string;
  category: BatteryCategory;
  inputKg: number;
  recycledKg: number;
  assessment: Assessment;
}

export function batchEfficiency(batch: RecyclerBatch, tol: Tolerance = DEFAULT_TOLERANCE): EfficiencyResult {
  const category = batchCategory(batch);
  const mb = assertMassBalance(batch, tol);
  const recycledKg = batch.outputs.reduce((s, o) => s + inputDerivedKg(o) * creditedShare(o), 0);
  return {
    scope: batch.batchId,
    category,
    inputKg: mb.intake.totalKg,
    recycledKg,
    assessment: assess('recycling-efficiency', category, pct(recycledKg, mb.intake.totalKg), batch.processedOn),
  };
}

/** Yearly efficiency per category over the batches processed that calendar year, assessed on 31 Dec of the year. */
export function yearlyEfficiency(batches: readonly RecyclerBatch[], year: number, tol: Tolerance = DEFAULT_TOLERANCE): EfficiencyResult[] {
  const acc = new Map<BatteryCategory, { inputKg: number; recycledKg: number }>();
  for (const b of batches) {
    if (Number(b.processedOn.slice(0, 4)) !== year) continue;
    const r = batchEfficiency(b, tol);
    const a = acc.get(r.category) ?? { inputKg: 0, recycledKg: 0 };
    a.inputKg += r.inputKg;
    a.recycledKg += r.recycledKg;
    acc.set(r.category, a);
  }
  return [...acc].map(([category, a]) => ({
    scope: String(year),
    category,
    inputKg: a.inputKg,
    recycledKg: a.recycledKg,
    assessment: assess('recycling-efficiency', category, pct(a.recycledKg, a.inputKg), yearEnd(year)),
  }));
}
