/**
 * Per-batch and per-year compliance reports (Annex XII Parts B and C of Regulation (EU) 2023/1542) and a CSV
 * formatter. An unbalanced batch gets a report saying so and no percentages: efficiency on data that creates
 * matter would be meaningless. Yearly reports leave unbalanced batches out and list them.
 */
import type { Assessment } from './assessment.js';
import { batchCategory, type RecyclerBatch } from './batch.js';
import { batchEfficiency, yearlyEfficiency, type EfficiencyResult } from './efficiency.js';
import { checkMassBalance, DEFAULT_TOLERANCE, type Tolerance } from './mass-balance.js';
import { batchRecovery, yearlyRecovery, type RecoveryResult } from './recovery.js';
import { formatLegalRef } from './regulatory-targets.js';

export interface ReportRow {
  scope: 'batch' | 'year';
  scopeId: string;
  category: string;
  metric: 'mass-balance' | 'recycling-efficiency' | 'material-recovery';
  subject: string;
  inputKg: number;
  outputKg: number;
  valuePct: number | null;
  targetPct: number | null;
  targetAppliesFrom: string | null;
  status: string;
  nextTargetPct: number | null;
  nextAppliesFrom: string | null;
  legalRef: string;
  verified: string;
  note: string;
}

export interface ComplianceReport {
  scope: 'batch' | 'year';
  scopeId: string;
  /** Passed in by the caller (core code reads no clock). */
  generatedAt: string;
  balanced: boolean;
  excludedBatches: { batchId: string; reason: string }[];
  efficiency: EfficiencyResult[];
  recovery: RecoveryResult[];
  rows: ReportRow[];
}

function targetRow(
  scope: ReportRow['scope'], scopeId: string, category: string, metric: ReportRow['metric'], subject: string,
  inputKg: number, outputKg: number, a: Assessment, note: string,
): ReportRow {
  return {
    scope, scopeId, category, metric, subject, inputKg, outputKg,
    valuePct: a.valuePct,
    targetPct: a.target?.valuePct ?? null,
    targetAppliesFrom: a.target?.appliesFrom ?? null,
    status: a.status,
    nextTargetPct: a.next?.valuePct ?? null,
    nextAppliesFrom: a.next?.appliesFrom ?? null,
    legalRef: formatLegalRef((a.target ?? a.next)?.legalRef ?? { instrument: 'Regulation (EU) 2023/1542', article: 'Art. 71' }),
    verified: (a.target ?? a.next)?.verified ?? '',
    note,
  };
}

function resultRows(scope: ReportRow['scope'], scopeId: string, category: string, eff: EfficiencyResult[], rec: RecoveryResult[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const e of eff) rows.push(targetRow(scope, scopeId, e.category, 'recycling-efficiency', e.category, e.inputKg, e.recycledKg, e.assessment, ''));
  for (const r of rec) {
    const note = r.assessment.status === 'no-input' ? `no ${r.element} in intake` : '';
    rows.push(targetRow(scope, scopeId, category, 'material-recovery', r.element, r.inputKg, r.recoveredKg, r.assessment, note));
  }
  return rows;
}

export function batchReport(batch: RecyclerBatch, generatedAt: string, tol: Tolerance = DEFAULT_TOLERANCE): ComplianceReport {
  const category = batchCategory(batch);
  const mb = checkMassBalance(batch, tol);
  const sources = Object.values(mb.intake.compositionSources);
  const balanceRow: ReportRow = {
    scope: 'batch', scopeId: batch.batchId, category, metric: 'mass-balance', subject: 'total',
    inputKg: mb.intake.totalKg, outputKg: mb.outputInputDerivedKg, valuePct: null, targetPct: null, targetAppliesFrom: null,
    status: mb.ok ? 'balanced' : 'unbalanced', nextTargetPct: null, nextAppliesFrom: null, legalRef: '', verified: '',
    note: mb.ok
      ? `tolerance ${(tol.relative * 100).toFixed(1)} %; composition: ${sources.filter((s) => s === 'passport').length} passport, ${sources.filter((s) => s === 'chemistry-default').length} indicative default`
      : mb.violations.map((v) => v.message).join('; '),
  };
  if (!mb.ok) {
    return { scope: 'batch', scopeId: batch.batchId, generatedAt, balanced: false, excludedBatches: [], efficiency: [], recovery: [], rows: [balanceRow] };
  }
  const efficiency = [batchEfficiency(batch, tol)];
  const recovery = batchRecovery(batch, tol);
  return {
    scope: 'batch', scopeId: batch.batchId, generatedAt, balanced: true, excludedBatches: [], efficiency, recovery,
    rows: [balanceRow, ...resultRows('batch', batch.batchId, category, efficiency, recovery)],
  };
}

export function yearReport(batches: readonly RecyclerBatch[], year: number, generatedAt: string, tol: Tolerance = DEFAULT_TOLERANCE): ComplianceReport {
  const inYear = batches.filter((b) => Number(b.processedOn.slice(0, 4)) === year);
  const excludedBatches: ComplianceReport['excludedBatches'] = [];
  const ok: RecyclerBatch[] = [];
  for (const b of inYear) {
    const mb = checkMassBalance(b, tol);
    if (mb.ok) ok.push(b);
    else excludedBatches.push({ batchId: b.batchId, reason: mb.violations.map((v) => v.message).join('; ') });
  }
  const efficiency = yearlyEfficiency(ok, year, tol);
  const recovery = yearlyRecovery(ok, year, tol);
  const category = [...new Set(efficiency.map((e) => e.category))].join('+') || 'none';
  return {
    scope: 'year', scopeId: String(year), generatedAt, balanced: excludedBatches.length === 0, excludedBatches, efficiency, recovery,
    rows: resultRows('year', String(year), category, efficiency, recovery),
  };
}

export const CSV_COLUMNS = [
  'scope', 'scope_id', 'category', 'metric', 'subject', 'input_kg', 'output_kg', 'value_pct', 'target_pct',
  'target_applies_from', 'status', 'next_target_pct', 'next_applies_from', 'legal_ref', 'verified', 'note',
] as const;

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportToCsv(reports: readonly ComplianceReport[]): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  for (const rep of reports) {
    for (const r of rep.rows) {
      lines.push([
        r.scope, r.scopeId, r.category, r.metric, r.subject, r.inputKg, r.outputKg, r.valuePct, r.targetPct,
        r.targetAppliesFrom, r.status, r.nextTargetPct, r.nextAppliesFrom, r.legalRef, r.verified, r.note,
      ].map(cell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
