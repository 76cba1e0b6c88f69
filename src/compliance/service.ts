/**
 * The recycler's and auditor's compliance service (issue 7): batches taken in by passport, checked for mass balance
 * and assessed against Annex XII of Regulation (EU) 2023/1542; recovered outputs issued as material lots whose later
 * use counts as recycled content (Art. 8); a `recycled` event owed to every battery's passport (Art. 77(6)), kept in
 * an outbox and delivered by a work loop; reports per batch, year and model, signed on request.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db.js';
import { nameBasedUuid } from '../platform/ids.js';
import { Conflict, NotFound, ValidationFailed, type FieldError } from '../platform/errors.js';
import type { Passport } from '../passport/index.js';
import { batchCategory, type OutputFraction, type ProcessStep, type RecyclerBatch } from './core/batch.js';
import { batchEfficiency } from './core/efficiency.js';
import { checkMassBalance, DEFAULT_TOLERANCE, type Tolerance } from './core/mass-balance.js';
import { lotsFromBatch } from './core/material-lots.js';
import { batchRecovery } from './core/recovery.js';
import { balanceViolationField, eventProcess, fillIntake, lotSpecsFor, recycledPayloads, type FilledIntake, type IntakeInput, type RecycledPayload } from './core/intake.js';
import type { MaterialLot } from './core/material-lots.js';
import { recycledContent, type RecycledContentResult } from './core/recycled-content.js';
import { avoidedByRoute, carbonFootprint, performanceClass, type EolRouteInput, type FootprintContribution, type PerformanceClassThreshold } from './core/carbon-footprint.js';
import { resolveModelUses, type ModelUseRequest } from './core/model-uses.js';
import { modelDocument, modelDocumentToCsv, type ModelReportInput } from './core/model-report.js';
import { batchDocument, recyclingDocumentToCsv, yearDocument, type ReportDocument } from './core/report-document.js';
import { renderReportHtml } from './core/html-report.js';
import { ComplianceStore, type Allocation, type OutboxRow } from './adapters/store.js';

export type AppendOutcome = { ok: true; seq: number } | { ok: false; status: number; reason: string };
export type RecycledDraft = { eventId: string; type: string; occurredAt: string; payload: unknown };

export interface ComplianceDeps {
  db: Db;
  now: () => Date;
  /**
   * The battery's passport, from this node or fetched over the dataspace (from `holderDid` when the intake names it);
   * null when none can be had.
   */
  passportOf: (batteryId: string, holderDid: string | null) => Promise<Passport | null>;
  /** Writes this node's signed event into the passport on its holder (`holderDid` when known, else resolve it). */
  append: (batteryId: string, draft: RecycledDraft, holderDid: string | null) => Promise<AppendOutcome>;
  /** Compact JWS (EdDSA) over the payload by this node's key. */
  sign: (payload: unknown) => Promise<string>;
  /** Stated in signed reports as `iss`. */
  issuerDid?: () => string;
  tolerance?: Tolerance;
}

export interface BatchInput {
  batchId: string;
  processedOn: string;
  facility: RecycledPayload['facility'];
  route: ProcessStep[];
  intake: IntakeInput[];
  outputs: OutputFraction[];
}

export interface RecycledEventView {
  batteryId: string;
  eventId: string;
  status: OutboxRow['status'];
  attempts: number;
  lastError: string | null;
  seq: number | null;
  nextAttemptAt: string | null;
  doneAt: string | null;
}

export interface BatchSummary {
  category: string;
  batteries: number;
  inputKg: number;
  recycledKg: number;
  efficiencyPct: number | null;
  efficiencyStatus: string;
  recoveryPct: Record<string, number | null>;
  lots: string[];
}

export interface BatchView {
  batchId: string;
  processedOn: string;
  year: number;
  recyclerDid: string;
  createdAt: string;
  facility: RecycledPayload['facility'];
  batch: RecyclerBatch;
  intake: { batteryId: string; passportId: string; fromPassport: FilledIntake['fromPassport']; compositionBasis: FilledIntake['compositionBasis']; notes: string[] }[];
  summary: BatchSummary;
  recycledEvents: RecycledEventView[];
}

interface BatchMeta {
  facility: RecycledPayload['facility'];
  intake: BatchView['intake'];
}

/** Statuses after which retrying the same event cannot succeed (malformed, invalid, passport closed by another). */
const PERMANENT = new Set([400, 410, 422]);
const LEASE_MS = 60_000;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

export class ComplianceService {
  private readonly tol: Tolerance;
  private readonly store: ComplianceStore;

  constructor(private readonly d: ComplianceDeps) {
    this.store = new ComplianceStore(d.db);
    this.tol = d.tolerance ?? DEFAULT_TOLERANCE;
  }

  /** Takes a batch in: completes it from the passports, checks it, and stores batch, lots and owed events at once. */
  async intake(input: BatchInput, recyclerDid: string): Promise<BatchView> {
    const today = this.d.now().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.processedOn) || Number.isNaN(Date.parse(input.processedOn))) {
      throw new ValidationFailed('processedOn must be a date YYYY-MM-DD', [{ field: 'body.processedOn', reason: 'not a date' }]);
    }
    if (input.processedOn > today) throw new ValidationFailed('a batch cannot be processed in the future', [{ field: 'body.processedOn', reason: `after today (${today})` }]);
    const dupErrors = [
      ...duplicates(input.intake.map((i) => i.batteryId)).map((j) => ({ field: `body.intake[${j}].batteryId`, reason: `battery ${input.intake[j].batteryId} is listed twice` })),
      ...duplicates(input.outputs.map((o) => o.fractionId)).map((j) => ({ field: `body.outputs[${j}].fractionId`, reason: `fraction ${input.outputs[j].fractionId} is listed twice` })),
    ];
    if (dupErrors.length) throw new ValidationFailed('intake and outputs must not repeat an id', dupErrors);
    if (await this.store.batchExists(input.batchId)) throw new Conflict(`batch ${input.batchId} exists already`, {}, [{ field: 'body.batchId', reason: 'taken' }]);
    await this.assertBatteriesFree(input);

    const passports = await mapLimit(input.intake, 8, (i) => this.d.passportOf(i.batteryId, i.holderDid ?? null).catch(() => null));
    const closed = passports.findIndex((p) => p?.closed);
    if (closed >= 0) throw new Conflict(`the passport of battery ${input.intake[closed].batteryId} is closed: it was recycled already`, {}, [{ field: `body.intake[${closed}].batteryId`, reason: 'already recycled' }]);
    const filled: FilledIntake[] = [];
    const errors: FieldError[] = [];
    input.intake.forEach((it, i) => {
      const r = fillIntake(it, passports[i], `body.intake[${i}]`);
      if (r.ok) filled.push(r.value);
      else errors.push(...r.errors);
    });
    if (errors.length) throw new ValidationFailed('intake items are incomplete or contradict their passports', errors);

    const batch: RecyclerBatch = { batchId: input.batchId, recyclerId: recyclerDid, processedOn: input.processedOn, intake: filled.map((f) => f.item), route: input.route, outputs: input.outputs };
    if (!eventProcess(batch)) throw new ValidationFailed('the route has no metallurgical or direct-recycling step, so no battery is recycled yet', [{ field: 'body.route', reason: 'add hydrometallurgy, pyrometallurgy or direct-recycling' }]);
    const category = asValidation(() => batchCategory(batch), 'body.intake');
    const mb = asValidation(() => checkMassBalance(batch, this.tol), 'body.intake');
    if (!mb.ok) throw new ValidationFailed(`mass balance fails: ${mb.violations.map((v) => v.message).join('; ')}`, mb.violations.map((v) => ({ field: balanceViolationField(batch, v.subject, 'body'), reason: v.message })));
    const efficiency = batchEfficiency(batch, this.tol);
    const recovery = batchRecovery(batch, this.tol);
    const createdAt = this.d.now().toISOString();
    const lots = asValidation(() => lotsFromBatch(batch, lotSpecsFor(batch), input.processedOn), 'body.intake');
    const payloads = recycledPayloads(batch, input.facility);
    const meta: BatchMeta = { facility: input.facility, intake: filled.map((f) => ({ batteryId: f.item.batteryId, passportId: f.item.passportId, fromPassport: f.fromPassport, compositionBasis: f.compositionBasis, notes: f.notes })) };
    const summary: BatchSummary = {
      category, batteries: batch.intake.length, inputKg: efficiency.inputKg, recycledKg: efficiency.recycledKg,
      efficiencyPct: efficiency.assessment.valuePct, efficiencyStatus: efficiency.assessment.status,
      recoveryPct: Object.fromEntries(recovery.map((r) => [r.element, r.assessment.valuePct])), lots: lots.map((l) => l.lotId),
    };

    await this.d.db.tx(async (q) => {
      if (!(await this.store.insertBatch(q, { batchId: batch.batchId, processedOn: batch.processedOn, recyclerDid, doc: batch, meta, summary, createdAt }))) {
        throw new Conflict(`batch ${batch.batchId} exists already`, {}, [{ field: 'body.batchId', reason: 'taken' }]);
      }
      for (const lot of lots) await this.store.insertLot(q, lot, createdAt);
      for (const [i, f] of filled.entries()) {
        const draft: RecycledDraft = { eventId: nameBasedUuid(`compliance|recycled|${batch.batchId}|${f.item.batteryId}`), type: 'recycled', occurredAt: createdAt, payload: payloads.get(f.item.batteryId) };
        if (!(await this.store.insertOutbox(q, { batteryId: f.item.batteryId, batchId: batch.batchId, holderDid: f.holderDid, draft, at: createdAt }))) {
          throw new Conflict(`battery ${f.item.batteryId} is already in another batch`, {}, [{ field: `body.intake[${i}].batteryId`, reason: 'already taken in' }]);
        }
      }
    });
    return (await this.getBatch(batch.batchId))!;
  }

  private async assertBatteriesFree(input: BatchInput): Promise<void> {
    const taken = await this.store.batchesOfBatteries(input.intake.map((i) => i.batteryId));
    if (taken.length === 0) return;
    const idx = new Map(input.intake.map((it, i) => [it.batteryId, i]));
    throw new Conflict(
      `battery ${taken[0].batteryId} is already in batch ${taken[0].batchId}`,
      { batteries: taken },
      taken.map((t) => ({ field: `body.intake[${idx.get(t.batteryId)}].batteryId`, reason: `already in batch ${t.batchId}` })),
    );
  }

  async listBatches(opts: { year?: number; limit?: number; after?: string } = {}): Promise<{ items: (BatchSummary & { batchId: string; processedOn: string; recyclerDid: string; createdAt: string })[]; next: string | null }> {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
    const rows = await this.store.listBatches({ year: opts.year, after: opts.after, limit });
    return {
      items: rows.map((r) => ({ batchId: r.batchId, processedOn: r.processedOn, recyclerDid: r.recyclerDid, createdAt: r.createdAt, ...(r.summary as BatchSummary) })),
      next: rows.length === limit ? rows[rows.length - 1].batchId : null,
    };
  }

  async getBatch(batchId: string): Promise<BatchView | null> {
    const r = await this.store.getBatch(batchId);
    if (!r) return null;
    const meta = r.meta as BatchMeta;
    const events = await this.store.outboxOfBatch(batchId);
    return {
      batchId: r.batchId, processedOn: r.processedOn, year: r.year, recyclerDid: r.recyclerDid, createdAt: r.createdAt, facility: meta.facility,
      batch: r.doc, intake: meta.intake, summary: r.summary as BatchSummary,
      recycledEvents: events.map((e) => ({ batteryId: e.batteryId, eventId: e.eventId, status: e.status, attempts: e.attempts, lastError: e.lastError, seq: e.seq, nextAttemptAt: e.status === 'pending' ? e.nextAttemptAt : null, doneAt: e.doneAt })),
    };
  }

  /**
   * One delivery pass of owed `recycled` events; returns how many were delivered. A 409 saying the event is already
   * recorded means our own earlier attempt landed (the event id is ours alone), so it counts as delivered.
   */
  async deliverPending(limit = 20): Promise<number> {
    const due = await this.store.claimDue(this.d.now(), limit, LEASE_MS);
    let delivered = 0;
    for (const item of due) {
      let out: AppendOutcome;
      try {
        out = await this.d.append(item.batteryId, item.draft, item.holderDid);
      } catch (e) {
        out = { ok: false, status: (e as { status?: number }).status ?? 0, reason: (e as Error).message };
      }
      const attempts = item.attempts + 1;
      const at = this.d.now();
      if (out.ok) {
        await this.store.markDelivered(item.batteryId, attempts, out.seq, at.toISOString(), null);
        delivered++;
      } else if (out.status === 409 && /already/i.test(out.reason)) {
        await this.store.markDelivered(item.batteryId, attempts, null, at.toISOString(), `already recorded on the holder: ${out.reason}`);
        delivered++;
      } else if (PERMANENT.has(out.status)) {
        await this.store.markRefused(item.batteryId, attempts, `${out.status}: ${out.reason}`, at.toISOString());
      } else {
        // exponential backoff from 2 s up to an hour; the holder may be down or the agreement not yet signed
        const backoffMs = Math.min(3_600_000, 1000 * 2 ** Math.min(attempts, 12));
        await this.store.markRetry(item.batteryId, attempts, `${out.status}: ${out.reason}`, new Date(at.getTime() + backoffMs).toISOString());
      }
    }
    return delivered;
  }

  async lots(filter: { batchId?: string; element?: string; limit?: number } = {}): Promise<LotView[]> {
    const rows = await this.store.lots({ ...filter, limit: Math.min(Math.max(filter.limit ?? 200, 1), 1000) });
    const allocs = rows.length ? await this.store.allocations({ lotIds: rows.map((r) => r.lot.lotId) }) : [];
    return rows.map((r) => lotView(r.lot, r.allocatedKg, allocs));
  }

  /** Promises element mass of a lot to a battery model; refused beyond what the lot holds (409). */
  async allocateLot(lotId: string, modelId: string, elementMassKg: number, allocationId: string = randomUUID()): Promise<{ allocationId: string; lot: LotView }> {
    if (!(Number.isFinite(elementMassKg) && elementMassKg > 0)) throw new ValidationFailed('elementMassKg must be > 0', [{ field: 'body.elementMassKg', reason: 'must be > 0' }]);
    const r = await this.store.allocate({ allocationId, lotId, modelId, elementMassKg, createdAt: this.d.now().toISOString() });
    if (!r.ok && r.reason === 'no-lot') throw new NotFound(`no material lot ${lotId}`);
    if (!r.ok && r.reason === 'duplicate') throw new Conflict(`allocation ${allocationId} exists already`, {}, [{ field: 'body.allocationId', reason: 'taken' }]);
    if (!r.ok) {
      const left = (r.elementMassKg ?? 0) - (r.allocatedKg ?? 0);
      throw new Conflict(`lot ${lotId} holds ${r.elementMassKg?.toFixed(3)} kg, ${r.allocatedKg?.toFixed(3)} kg are allocated already: ${Math.max(0, left).toFixed(3)} kg left, ${elementMassKg.toFixed(3)} kg asked`, { remainingKg: Math.max(0, left) }, [{ field: 'body.elementMassKg', reason: `exceeds the ${Math.max(0, left).toFixed(3)} kg left in the lot` }]);
    }
    return { allocationId, lot: (await this.lotById(lotId))! };
  }

  private async lotById(lotId: string): Promise<LotView | null> {
    const rows = await this.store.lots({ lotIds: [lotId], limit: 1 });
    if (!rows.length) return null;
    return lotView(rows[0].lot, rows[0].allocatedKg, await this.store.allocations({ lotIds: [lotId] }));
  }

  /** Recycled content per model (Art. 8), each share traced to the lot records it comes from. */
  async recycledContent(models: ModelUseRequest[]): Promise<{ models: RecycledContentResult[]; lots: MaterialLot[] }> {
    const { resolved, lots } = await this.resolveModels(models, (i) => `body.models[${i}]`);
    const results = asValidation(() => recycledContent(resolved.map((r) => r.model), [...lots.values(), ...resolved.flatMap((r) => r.primaryLots)]), 'body.models');
    const used = new Set(resolved.flatMap((r) => r.model.uses.map((u) => u.lotId)));
    return { models: results, lots: [...lots.values()].filter((l) => used.has(l.lotId)) };
  }

  private async resolveModels(models: ModelUseRequest[], at: (i: number) => string) {
    const allocs = await this.store.allocations({ modelIds: models.map((m) => m.modelId) });
    const ids = [...new Set([...allocs.map((a) => a.lotId), ...models.flatMap((m) => (m.uses ?? []).map((u) => u.lotId))])];
    const lots = new Map((ids.length ? await this.store.lots({ lotIds: ids, limit: ids.length }) : []).map((r) => [r.lot.lotId, r.lot]));
    const errors: FieldError[] = [];
    const resolved = models.flatMap((m, i) => {
      const r = resolveModelUses(m, allocs, lots, at(i));
      if (r.ok) return [r];
      errors.push(...r.errors);
      return [];
    });
    if (errors.length) throw new ValidationFailed('material uses do not match the lot records', errors);
    return { resolved, lots };
  }

  /** Carbon footprint per kWh by life-cycle stage (Art. 7, Annex II), provisional class, CO2 avoided per route. */
  footprint(input: FootprintRequest) {
    return asValidation(() => {
      const footprint = carbonFootprint({ modelId: input.modelId, lifetimeEnergyKWh: input.lifetimeEnergyKWh, contributions: input.contributions });
      return {
        footprint,
        performanceClass: input.classThresholds?.length ? performanceClass(footprint.perKWh, input.classThresholds) : null,
        avoided: input.endOfLife ? avoidedByRoute(input.endOfLife.newBatteryProductionKgCO2e, input.endOfLife.routes) : null,
      };
    }, 'body');
  }

  async document(kind: ReportKind, key: string, input?: ModelRequest, inputField = 'body'): Promise<ReportDocument> {
    const at = this.d.now().toISOString();
    if (kind === 'batch') {
      const b = await this.store.getBatch(key);
      if (!b) throw new NotFound(`no batch ${key}`);
      return batchDocument(b.doc, at, this.tol);
    }
    if (kind === 'year') {
      if (!/^\d{4}$/.test(key)) throw new ValidationFailed('year must have four digits', [{ field: 'params.year', reason: 'not a year' }]);
      return yearDocument(await this.store.batchDocsOfYear(Number(key)), Number(key), at, this.tol);
    }
    if (!input) throw new ValidationFailed('a model report needs its inputs', [{ field: inputField, reason: 'required for kind model' }]);
    const { resolved, lots } = await this.resolveModels([{ ...input, modelId: key }], () => inputField);
    const r = resolved[0];
    const mi: ModelReportInput = { modelId: key, placedOnMarketOn: input.placedOnMarketOn, uses: r.model.uses, footprint: input.footprint, endOfLife: input.endOfLife };
    return asValidation(() => modelDocument(mi, [...lots.values(), ...r.primaryLots], at), inputField);
  }

  async report(kind: ReportKind, key: string, format: ReportFormat, input?: ModelRequest): Promise<{ contentType: string; body: string; filename: string }> {
    const doc = await this.document(kind, key, input);
    const filename = `compliance-${kind}-${key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}.${format}`;
    if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', body: doc.kind === 'model' ? modelDocumentToCsv(doc) : recyclingDocumentToCsv(doc), filename };
    if (format === 'html') return { contentType: 'text/html; charset=utf-8', body: renderReportHtml(doc), filename };
    return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(doc), filename };
  }

  /** Signs the report as it stands now (JWS by this node's key) and keeps it, so an authority can fetch it by id. */
  async signReport(kind: ReportKind, key: string, input?: ModelRequest): Promise<SignedReport> {
    const report = JSON.parse(JSON.stringify(await this.document(kind, key, input, 'body.input'))) as ReportDocument;
    const id = randomUUID();
    const createdAt = this.d.now().toISOString();
    const payload = { typ: SIGNED_REPORT_TYPE, reportId: id, kind, key, ...(this.d.issuerDid ? { iss: this.d.issuerDid() } : {}), issuedAt: createdAt, report };
    const jws = await this.d.sign(payload);
    await this.store.insertSignedReport({ id, kind, key, report, jws, createdAt });
    return { id, kind, key, report, jws, createdAt };
  }

  async getSignedReport(id: string): Promise<SignedReport | null> {
    const r = await this.store.getSignedReport(id);
    return r ? { ...r, kind: r.kind as ReportKind, report: r.report as ReportDocument } : null;
  }

  /** Signed reports as documents the connector offers to authorities over DSP (connector `SharedDocuments`). */
  sharedDocuments(limit = 1000): { list(): Promise<string[]>; get(documentId: string): Promise<SignedReport | null> } {
    return { list: () => this.store.signedReportIds(limit), get: (id) => this.getSignedReport(id) };
  }
}

export const SIGNED_REPORT_TYPE = 'batteryloop.compliance-report/1';
export type ReportKind = 'batch' | 'year' | 'model';
export type ReportFormat = 'json' | 'csv' | 'html';
export interface SignedReport {
  id: string;
  kind: ReportKind;
  key: string;
  report: ReportDocument;
  jws: string;
  createdAt: string;
}
export interface FootprintRequest {
  modelId: string;
  lifetimeEnergyKWh: number;
  contributions: FootprintContribution[];
  classThresholds?: PerformanceClassThreshold[];
  endOfLife?: { newBatteryProductionKgCO2e: number; routes: EolRouteInput[] };
}
/** Inputs of a model report: the lot uses (or the model's allocations), primary material, footprint, end-of-life routes. */
export type ModelRequest = Omit<ModelUseRequest, 'modelId'> & Pick<ModelReportInput, 'footprint' | 'endOfLife'>;
export interface LotView extends MaterialLot {
  allocatedKg: number;
  remainingKg: number;
  allocations: Omit<Allocation, 'lotId'>[];
}

function lotView(lot: MaterialLot, allocatedKg: number, allocs: readonly Allocation[]): LotView {
  return {
    ...lot, allocatedKg, remainingKg: Math.max(0, lot.elementMassKg - allocatedKg),
    allocations: allocs.filter((a) => a.lotId === lot.lotId).map((a) => ({ allocationId: a.allocationId, modelId: a.modelId, elementMassKg: a.elementMassKg, createdAt: a.createdAt })),
  };
}

const CORE_ERRORS = new Set(['BatchError', 'MassBalanceError', 'CompositionError', 'LotError', 'RecycledContentError', 'FootprintError', 'RangeError']);

/** Runs core code; its domain errors become 422 naming `field`, anything else propagates. */
export function asValidation<T>(fn: () => T, field: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && CORE_ERRORS.has(e.name)) throw new ValidationFailed(e.message, [{ field, reason: e.message }]);
    throw e;
  }
}

function duplicates(ids: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  ids.forEach((id, i) => (seen.has(id) ? out.push(i) : seen.add(id)));
  return out;
}

