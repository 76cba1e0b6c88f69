/**
 * Per battery model: recycled content (Art. 8 of Regulation (EU) 2023/1542, pre- and post-consumer shares of Co, Li,
 * Ni, Pb traced to the material lots), carbon footprint per kWh by life-cycle stage (Art. 7, Annex II) with a
 * provisional performance class, and the CO2 each end-of-life route avoids. Inputs with their sources come from the
 * manufacturer; the lots from the recyclers' records.
 */
import {
  avoidedByRoute, carbonFootprint, performanceClass,
  type EolRouteInput, type EolRouteResult, type FootprintContribution, type FootprintResult, type PerformanceClassResult, type PerformanceClassThreshold,
} from './carbon-footprint.js';
import type { MaterialLot } from './material-lots.js';
import { recycledContent, type ContentShare, type LotUse } from './recycled-content.js';
import { CARBON_FOOTPRINT_CONCEPT, formatLegalRef } from './regulatory-targets.js';
import { legalBasisOf, METHOD_NOTES, type LegalBasisEntry } from './report-document.js';

export interface ModelReportInput {
  modelId: string;
  placedOnMarketOn: string;
  /** Element mass drawn from each lot (recycled or primary) into the model's active materials. */
  uses: LotUse[];
  footprint?: { lifetimeEnergyKWh: number; contributions: FootprintContribution[]; classThresholds?: PerformanceClassThreshold[] };
  endOfLife?: { newBatteryProductionKgCO2e: number; routes: EolRouteInput[] };
}

export interface ModelReportDocument {
  kind: 'model';
  key: string;
  generatedAt: string;
  placedOnMarketOn: string;
  recycledContent: ContentShare[];
  /** The lot records the content is traced to (batch, origin, source passports). */
  lots: MaterialLot[];
  footprint: FootprintResult | null;
  performanceClass: PerformanceClassResult | null;
  avoided: EolRouteResult[] | null;
  legalBasis: LegalBasisEntry[];
  notes: string[];
}

export function modelDocument(input: ModelReportInput, lots: readonly MaterialLot[], generatedAt: string): ModelReportDocument {
  const [content] = recycledContent([{ modelId: input.modelId, placedOnMarketOn: input.placedOnMarketOn, uses: input.uses }], lots);
  const used = new Set(input.uses.map((u) => u.lotId));
  const footprint = input.footprint ? carbonFootprint({ modelId: input.modelId, lifetimeEnergyKWh: input.footprint.lifetimeEnergyKWh, contributions: input.footprint.contributions }) : null;
  const thresholds = input.footprint?.classThresholds;
  const notes = [
    'Art. 8(1): the delegated act on calculating and verifying recycled content is pending; shares are plain element-mass shares over the lots drawn.',
    ...METHOD_NOTES.slice(1),
  ];
  if (footprint) notes.push(`Carbon footprint: ${CARBON_FOOTPRINT_CONCEPT.functionalUnit}; ${CARBON_FOOTPRINT_CONCEPT.classThresholdsStatus}.`);
  return {
    kind: 'model',
    key: input.modelId,
    generatedAt,
    placedOnMarketOn: input.placedOnMarketOn.slice(0, 10),
    recycledContent: content.shares,
    lots: lots.filter((l) => used.has(l.lotId)),
    footprint,
    performanceClass: footprint && thresholds && thresholds.length > 0 ? performanceClass(footprint.perKWh, thresholds) : null,
    avoided: input.endOfLife ? avoidedByRoute(input.endOfLife.newBatteryProductionKgCO2e, input.endOfLife.routes) : null,
    legalBasis: legalBasisOf(content.shares.map((s) => s.assessment)),
    notes,
  };
}

export const MODEL_CSV_COLUMNS = [
  'scope', 'scope_id', 'metric', 'subject', 'total_kg', 'pre_consumer_kg', 'post_consumer_kg', 'pre_consumer_pct',
  'post_consumer_pct', 'recycled_pct', 'target_pct', 'target_applies_from', 'status', 'next_target_pct',
  'next_applies_from', 'kg_co2e', 'kg_co2e_per_kwh', 'share_pct', 'legal_ref', 'verified', 'note',
] as const;
type Col = (typeof MODEL_CSV_COLUMNS)[number];

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function modelDocumentToCsv(doc: ModelReportDocument): string {
  const rows: Partial<Record<Col, string | number | null>>[] = [];
  const base = { scope: 'model', scope_id: doc.key };
  for (const s of doc.recycledContent) {
    const t = s.assessment.target ?? s.assessment.next;
    rows.push({
      ...base, metric: 'recycled-content', subject: s.element, total_kg: s.totalKg, pre_consumer_kg: s.preConsumerKg, post_consumer_kg: s.postConsumerKg,
      pre_consumer_pct: s.preConsumerPct, post_consumer_pct: s.postConsumerPct, recycled_pct: s.assessment.valuePct,
      target_pct: s.assessment.target?.valuePct ?? null, target_applies_from: s.assessment.target?.appliesFrom ?? null, status: s.assessment.status,
      next_target_pct: s.assessment.next?.valuePct ?? null, next_applies_from: s.assessment.next?.appliesFrom ?? null,
      legal_ref: t ? formatLegalRef(t.legalRef) : '', verified: t?.verified ?? '',
      note: s.recycledLots.map((l) => `${l.lotId} (batch ${l.sourceBatchId}, ${l.origin}) ${l.elementMassKg.toFixed(3)} kg`).join('; '),
    });
  }
  const cfRef = formatLegalRef(CARBON_FOOTPRINT_CONCEPT.declaration);
  if (doc.footprint) {
    for (const st of doc.footprint.byStage) {
      rows.push({ ...base, metric: 'carbon-footprint', subject: st.stage, kg_co2e: st.kgCO2e, kg_co2e_per_kwh: st.perKWh, share_pct: st.sharePct, legal_ref: cfRef, verified: CARBON_FOOTPRINT_CONCEPT.verified, note: st.sources.join('; ') });
    }
    rows.push({ ...base, metric: 'carbon-footprint', subject: 'total', kg_co2e: doc.footprint.totalKgCO2e, kg_co2e_per_kwh: doc.footprint.perKWh, share_pct: 100, legal_ref: cfRef, verified: CARBON_FOOTPRINT_CONCEPT.verified });
  }
  if (doc.performanceClass) {
    rows.push({ ...base, metric: 'performance-class', subject: doc.performanceClass.label ?? 'above all classes', status: 'provisional', legal_ref: formatLegalRef(CARBON_FOOTPRINT_CONCEPT.performanceClasses), verified: CARBON_FOOTPRINT_CONCEPT.verified, note: doc.performanceClass.note });
  }
  for (const a of doc.avoided ?? []) {
    rows.push({ ...base, metric: 'co2-avoided', subject: a.route, kg_co2e: a.avoidedKgCO2e, note: `displaced ${a.displacedKgCO2e.toFixed(1)} + credits ${a.creditsKgCO2e.toFixed(1)} − process ${a.processKgCO2e.toFixed(1)} kg CO2e` });
  }
  const lines = [MODEL_CSV_COLUMNS.join(','), ...rows.map((r) => MODEL_CSV_COLUMNS.map((c) => cell(r[c])).join(','))];
  return lines.join('\n') + '\n';
}
