/**
 * Material recovery per element, Annex XII Part C of Regulation (EU) 2023/1542:
 *   recovery(el) = mass of el in output fractions going to material recycling / mass of el in the waste batteries in.
 * Same crediting rules and simplifications as efficiency.ts (methodology delegated act pending). Intake element mass
 * comes from passport composition, or from the indicative chemistry default (flagged in the intake's sources).
 */
import { assess, pct, yearEnd, type Assessment } from './assessment.js';
import { creditedShare } from './efficiency.js';
import { assertMassBalance, DEFAULT_TOLERANCE, type Tolerance } from './mass-balance.js';
import type { RecyclerBatch } from './batch.js';
import type { TargetElement } from './regulatory-targets.js';

export const RECOVERY_ELEMENTS: readonly TargetElement[] = ['Co', 'Cu', 'Ni', 'Pb', 'Li'];

export interface RecoveryResult {
  scope: string;
  element: TargetElement;
  inputKg: number;
  recoveredKg: number;
  assessment: Assessment;
}

function sums(batch: RecyclerBatch, tol: Tolerance): Map<TargetElement, { inputKg: number; recoveredKg: number }> {
  const mb = assertMassBalance(batch, tol);
  const m = new Map<TargetElement, { inputKg: number; recoveredKg: number }>();
  for (const el of RECOVERY_ELEMENTS) {
    const recoveredKg = batch.outputs.reduce((s, o) => s + (o.componentsKg[el] ?? 0) * creditedShare(o), 0);
    m.set(el, { inputKg: mb.intake.componentsKg[el], recoveredKg });
  }
  return m;
}

function toResults(scope: string, m: Map<TargetElement, { inputKg: number; recoveredKg: number }>, dateIso: string): RecoveryResult[] {
  return [...m].map(([element, s]) => ({
    scope,
    element,
    inputKg: s.inputKg,
    recoveredKg: s.recoveredKg,
    assessment: assess('material-recovery', element, pct(s.recoveredKg, s.inputKg), dateIso),
  }));
}

export function batchRecovery(batch: RecyclerBatch, tol: Tolerance = DEFAULT_TOLERANCE): RecoveryResult[] {
  return toResults(batch.batchId, sums(batch, tol), batch.processedOn);
}

export function yearlyRecovery(batches: readonly RecyclerBatch[], year: number, tol: Tolerance = DEFAULT_TOLERANCE): RecoveryResult[] {
  const total = new Map<TargetElement, { inputKg: number; recoveredKg: number }>(
    RECOVERY_ELEMENTS.map((e) => [e, { inputKg: 0, recoveredKg: 0 }]),
  );
  for (const b of batches) {
    if (Number(b.processedOn.slice(0, 4)) !== year) continue;
    for (const [el, s] of sums(b, tol)) {
      const t = total.get(el)!;
      t.inputKg += s.inputKg;
      t.recoveredKg += s.recoveredKg;
    }
  }
  return toResults(String(year), total, yearEnd(year));
}
