/**
 * The report documents a recycler hands out (per batch, per year) in the one shape the JSON, CSV and HTML renderings
 * share, with the legal basis of every regulatory number it uses and whether that number was checked against the
 * Official Journal (regulatory-targets.ts says none was).
 */
import type { RecyclerBatch } from './batch.js';
import { COMPONENTS, type Component } from './composition.js';
import { creditedShare } from './efficiency.js';
import { batchIntake } from './mass-balance.js';
import { batchReport, reportToCsv, yearReport, type ComplianceReport } from './report.js';
import { formatLegalRef, NOT_VERIFIED, REGULATION, TABLE_AS_OF, type RegulatoryTarget } from './regulatory-targets.js';
import type { Assessment } from './assessment.js';
import type { Tolerance } from './mass-balance.js';
import type { ModelReportDocument } from './model-report.js';

export interface ComponentFlow {
  component: Component;
  /** In the intake (passport composition or indicative default). */
  inputKg: number;
  /** Battery-derived mass in all output fractions, whatever their fate. */
  outputKg: number;
  /** The part of outputKg credited as recycled (Annex XII logic, efficiency.ts). */
  recycledKg: number;
}

export interface LegalBasisEntry {
  id: string;
  kind: RegulatoryTarget['kind'];
  subject: string;
  valuePct: number;
  appliesFrom: string;
  legalRef: string;
  verified: string;
}

export interface RecyclingReportDocument {
  kind: 'batch' | 'year';
  key: string;
  generatedAt: string;
  compliance: ComplianceReport;
  components: ComponentFlow[];
  legalBasis: LegalBasisEntry[];
  notes: string[];
}

export type ReportDocument = RecyclingReportDocument | ModelReportDocument;

export const METHOD_NOTES: readonly string[] = [
  `${REGULATION}, Art. 71(4): the calculation and verification rules are Commission Delegated Regulation (EU) 2025/606 (in force 24 Jul 2025, per the Commission's news of 4 Jul 2025), whose text was not available here; the figures follow the logic of Commission Regulation (EU) No 493/2012 (only material recycling counts; added reagents and water excluded; intermediates sent on count with the share the downstream recycler declares).`,
  `Regulatory values as of ${TABLE_AS_OF}: none was checked against the Official Journal text; each value's \`verified\` note names the public source that confirms it, or says "${NOT_VERIFIED}". Review them against the consolidated text before filing a declaration.`,
];

export function componentFlows(batches: readonly RecyclerBatch[]): ComponentFlow[] {
  const acc = new Map<Component, ComponentFlow>(COMPONENTS.map((c) => [c, { component: c, inputKg: 0, outputKg: 0, recycledKg: 0 }]));
  for (const b of batches) {
    const intake = batchIntake(b);
    for (const c of COMPONENTS) acc.get(c)!.inputKg += intake.componentsKg[c];
    for (const o of b.outputs) {
      const share = creditedShare(o);
      for (const [c, kg] of Object.entries(o.componentsKg) as [Component, number][]) {
        acc.get(c)!.outputKg += kg;
        acc.get(c)!.recycledKg += kg * share;
      }
    }
  }
  return [...acc.values()].filter((f) => f.inputKg > 0 || f.outputKg > 0);
}

const subjectOf = (t: RegulatoryTarget): string => (t.kind === 'recycling-efficiency' ? t.category : t.element);

/** Every target (in force or next) the assessments refer to, once each, in table order. */
export function legalBasisOf(assessments: readonly Assessment[]): LegalBasisEntry[] {
  const seen = new Map<string, RegulatoryTarget>();
  for (const a of assessments) for (const t of [a.target, a.next]) if (t) seen.set(t.id, t);
  return [...seen.values()].map((t) => ({
    id: t.id,
    kind: t.kind,
    subject: subjectOf(t),
    valuePct: t.valuePct,
    appliesFrom: t.appliesFrom,
    legalRef: formatLegalRef(t.legalRef),
    verified: t.verified,
  }));
}

function document(kind: 'batch' | 'year', key: string, compliance: ComplianceReport, included: readonly RecyclerBatch[]): RecyclingReportDocument {
  const assessments = [...compliance.efficiency.map((e) => e.assessment), ...compliance.recovery.map((r) => r.assessment)];
  return { kind, key, generatedAt: compliance.generatedAt, compliance, components: componentFlows(included), legalBasis: legalBasisOf(assessments), notes: [...METHOD_NOTES] };
}

export function batchDocument(batch: RecyclerBatch, generatedAt: string, tol?: Tolerance): RecyclingReportDocument {
  return document('batch', batch.batchId, batchReport(batch, generatedAt, tol), [batch]);
}

export function yearDocument(batches: readonly RecyclerBatch[], year: number, generatedAt: string, tol?: Tolerance): RecyclingReportDocument {
  const compliance = yearReport(batches, year, generatedAt, tol);
  const excluded = new Set(compliance.excludedBatches.map((b) => b.batchId));
  const included = batches.filter((b) => Number(b.processedOn.slice(0, 4)) === year && !excluded.has(b.batchId));
  return document('year', String(year), compliance, included);
}

export function recyclingDocumentToCsv(doc: RecyclingReportDocument): string {
  return reportToCsv([doc.compliance]);
}
