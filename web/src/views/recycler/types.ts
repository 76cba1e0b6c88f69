/**
 * Shapes of the compliance routes on the recycler's node (src/compliance/http/plugin.ts, service.ts,
 * core/report.ts, core/report-document.ts). Fields the views do not need are left out; everything is read
 * defensively because older and newer nodes may add or omit parts.
 */

export const PROCESS_STEPS = ['discharge', 'dismantling', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy', 'pyrometallurgy', 'direct-recycling'] as const;
export const FATES = ['recycled', 'sent-on', 'energy-recovery', 'backfilling', 'disposal'] as const;
/** Components a mass balance is kept for (src/compliance/core/composition.ts COMPONENTS). */
export const COMPONENTS = ['Co', 'Ni', 'Li', 'Mn', 'Cu', 'Al', 'Fe', 'P', 'Pb', 'graphite', 'electrolyte', 'plastics', 'steel', 'other'] as const;
export const CHEMISTRIES = ['NMC', 'NCA', 'LFP', 'LMFP', 'LMO', 'LTO', 'NaIon', 'other'] as const;

export interface IntakeInput {
  batteryId: string;
  passportId?: string;
  chemistry?: string;
  massKg?: number;
  composition?: Record<string, number>;
  origin?: 'post-consumer' | 'pre-consumer';
  holderDid?: string;
}

export interface OutputFraction {
  fractionId: string;
  name: string;
  massKg: number;
  inputDerivedMassKg?: number;
  componentsKg: Record<string, number>;
  fate: (typeof FATES)[number];
  downstreamRecycledShare?: number;
}

export interface BatchInput {
  batchId: string;
  processedOn: string;
  facility: { name: string; countryCode: string };
  route: string[];
  intake: IntakeInput[];
  outputs: OutputFraction[];
}

export interface BatchSummary {
  batchId: string;
  processedOn: string;
  category?: string;
  batteries?: number;
  inputKg?: number;
  recycledKg?: number;
  efficiencyPct?: number | null;
  efficiencyStatus?: string;
  recoveryPct?: Record<string, number | null>;
  lots?: string[];
}

export interface RecycledEventView {
  batteryId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  seq: number | null;
}

export interface BatchView {
  batchId: string;
  processedOn: string;
  year?: number;
  batch?: { intake: (IntakeInput & { massKg: number; chemistry: string })[]; outputs: OutputFraction[]; route: string[] };
  intake?: { batteryId: string; passportId: string; fromPassport: string[]; compositionBasis: string; notes: string[] }[];
  summary?: Omit<BatchSummary, 'batchId' | 'processedOn'>;
  recycledEvents?: RecycledEventView[];
  massBalance?: { ok: boolean; violations?: { message: string }[] };
}

export interface Target {
  id?: string;
  valuePct: number;
  appliesFrom: string;
}

export interface Assessment {
  valuePct: number | null;
  target: Target | null;
  next: Target | null;
  status: string;
}

export interface ComplianceReport {
  scope: 'batch' | 'year';
  scopeId: string;
  balanced: boolean;
  excludedBatches: { batchId: string; reason: string }[];
  efficiency: { scope: string; category: string; inputKg: number; recycledKg: number; assessment: Assessment }[];
  recovery: { scope: string; element: string; inputKg: number; recoveredKg: number; assessment: Assessment }[];
  rows: { metric: string; subject: string; inputKg: number; outputKg: number; valuePct: number | null; targetPct: number | null; status: string; legalRef: string; note: string }[];
}

export interface ComponentFlow {
  component: string;
  inputKg: number;
  outputKg: number;
  recycledKg: number;
}

/** The JSON report: a document around the ComplianceReport (report-document.ts), or the bare report. */
export interface ReportDocument {
  kind?: string;
  key?: string;
  generatedAt?: string;
  compliance?: ComplianceReport;
  components?: ComponentFlow[];
  legalBasis?: { id: string; subject: string; valuePct: number; appliesFrom: string; legalRef: string; verified: string }[];
  notes?: string[];
}

export function complianceOf(doc: ReportDocument | ComplianceReport | null | undefined): ComplianceReport | null {
  if (!doc) return null;
  if ('compliance' in doc && doc.compliance) return doc.compliance;
  if ('rows' in doc && Array.isArray((doc as ComplianceReport).rows)) return doc as ComplianceReport;
  return null;
}

export interface TargetRow {
  id: string;
  kind: string;
  category?: string;
  element?: string;
  valuePct: number;
  appliesFrom: string;
  legalRefText?: string;
  verified?: string;
}

export interface LotView {
  lotId: string;
  element: string;
  compound: string;
  massKg: number;
  elementMassKg: number;
  sourceBatchId: string | null;
  process: string;
  origin: string;
  producedOn: string;
  allocatedKg?: number;
  remainingKg?: number;
}
