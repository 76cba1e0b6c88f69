/**
 * SQL of the compliance service (PGlite and PostgreSQL 15). jsonb comes back parsed from pg and PGlite alike, but a
 * text fallback keeps the mapping safe; int8 never leaves SQL uncast.
 */
import type { Db, Queryable } from '../../platform/db.js';
import type { RecyclerBatch } from '../core/batch.js';
import type { MaterialLot } from '../core/material-lots.js';

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export interface BatchRow {
  batchId: string;
  year: number;
  processedOn: string;
  recyclerDid: string;
  doc: RecyclerBatch;
  meta: unknown;
  summary: unknown;
  createdAt: string;
}

export interface OutboxRow {
  batteryId: string;
  batchId: string;
  eventId: string;
  holderDid: string | null;
  draft: { eventId: string; type: string; occurredAt: string; payload: unknown };
  status: 'pending' | 'delivered' | 'refused';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  seq: number | null;
  doneAt: string | null;
}

export interface Allocation {
  allocationId: string;
  lotId: string;
  modelId: string;
  elementMassKg: number;
  createdAt: string;
}

export interface LotRow {
  lot: MaterialLot;
  allocatedKg: number;
  createdAt: string;
}

function toBatch(r: Record<string, unknown>): BatchRow {
  return { batchId: String(r.batch_id), year: Number(r.year), processedOn: day(r.processed_on), recyclerDid: String(r.recycler_did), doc: json(r.doc), meta: json(r.meta), summary: json(r.summary), createdAt: iso(r.created_at) };
}

function toOutbox(r: Record<string, unknown>): OutboxRow {
  return {
    batteryId: String(r.battery_id), batchId: String(r.batch_id), eventId: String(r.event_id), holderDid: (r.holder_did as string | null) ?? null,
    draft: json(r.draft), status: r.status as OutboxRow['status'], attempts: Number(r.attempts), nextAttemptAt: iso(r.next_attempt_at),
    lastError: (r.last_error as string | null) ?? null, seq: r.seq === null || r.seq === undefined ? null : Number(r.seq), doneAt: r.done_at ? iso(r.done_at) : null,
  };
}

export class ComplianceStore {
  constructor(private readonly db: Db) {}

  async batchExists(batchId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM compliance_batches WHERE batch_id=$1`, [batchId])).length > 0;
  }

  async batchesOfBatteries(batteryIds: string[]): Promise<{ batteryId: string; batchId: string }[]> {
    const rows = await this.db.query<{ battery_id: string; batch_id: string }>(`SELECT battery_id, batch_id FROM compliance_recycled_outbox WHERE battery_id = ANY($1)`, [batteryIds]);
    return rows.map((r) => ({ batteryId: r.battery_id, batchId: r.batch_id }));
  }

  /** false when the batch id is taken (nothing written). */
  async insertBatch(q: Queryable, b: Omit<BatchRow, 'year'>): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO compliance_batches (batch_id, year, processed_on, recycler_did, doc, meta, summary, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
      [b.batchId, Number(b.processedOn.slice(0, 4)), b.processedOn, b.recyclerDid, JSON.stringify(b.doc), JSON.stringify(b.meta), JSON.stringify(b.summary), b.createdAt],
    );
    return rows.length > 0;
  }

  async insertLot(q: Queryable, lot: MaterialLot, createdAt: string): Promise<void> {
    await q.query(
      `INSERT INTO compliance_lots (lot_id, batch_id, element, compound, mass_kg, element_mass_kg, origin, produced_on, doc, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [lot.lotId, lot.sourceBatchId, lot.element, lot.compound, lot.massKg, lot.elementMassKg, lot.origin, lot.producedOn, JSON.stringify(lot), createdAt],
    );
  }

  /** false when the battery already owes an event from another batch. */
  async insertOutbox(q: Queryable, r: { batteryId: string; batchId: string; holderDid: string | null; draft: OutboxRow['draft']; at: string }): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO compliance_recycled_outbox (battery_id, batch_id, event_id, holder_did, draft, next_attempt_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING RETURNING battery_id`,
      [r.batteryId, r.batchId, r.draft.eventId, r.holderDid, JSON.stringify(r.draft), r.at],
    );
    return rows.length > 0;
  }

  async listBatches(opts: { year?: number; limit: number; after?: string }): Promise<BatchRow[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT batch_id, year, processed_on, recycler_did, doc, meta, summary, created_at FROM compliance_batches
       WHERE ($1::int IS NULL OR year = $1) AND ($2::text IS NULL OR batch_id > $2) ORDER BY batch_id LIMIT $3`,
      [opts.year ?? null, opts.after ?? null, opts.limit],
    );
    return rows.map(toBatch);
  }

  async getBatch(batchId: string): Promise<BatchRow | null> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT batch_id, year, processed_on, recycler_did, doc, meta, summary, created_at FROM compliance_batches WHERE batch_id=$1`, [batchId]);
    return rows.length ? toBatch(rows[0]) : null;
  }

  async batchDocsOfYear(year: number): Promise<RecyclerBatch[]> {
    const rows = await this.db.query<{ doc: unknown }>(`SELECT doc FROM compliance_batches WHERE year=$1 ORDER BY processed_on, batch_id`, [year]);
    return rows.map((r) => json<RecyclerBatch>(r.doc));
  }

  async outboxOfBatch(batchId: string): Promise<OutboxRow[]> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT * FROM compliance_recycled_outbox WHERE batch_id=$1 ORDER BY battery_id`, [batchId]);
    return rows.map(toOutbox);
  }

  async lots(filter: { batchId?: string; element?: string; lotIds?: string[]; limit: number }): Promise<LotRow[]> {
    const rows = await this.db.query<{ doc: unknown; allocated_kg: number; created_at: unknown }>(
      `SELECT doc, allocated_kg, created_at FROM compliance_lots
       WHERE ($1::text IS NULL OR batch_id = $1) AND ($2::text IS NULL OR element = $2) AND ($3::text[] IS NULL OR lot_id = ANY($3))
       ORDER BY lot_id LIMIT $4`,
      [filter.batchId ?? null, filter.element ?? null, filter.lotIds ?? null, filter.limit],
    );
    return rows.map((r) => ({ lot: json<MaterialLot>(r.doc), allocatedKg: Number(r.allocated_kg), createdAt: iso(r.created_at) }));
  }

  async allocations(filter: { lotIds?: string[]; modelIds?: string[] }): Promise<Allocation[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT allocation_id, lot_id, model_id, element_mass_kg, created_at FROM compliance_lot_allocations
       WHERE ($1::text[] IS NULL OR lot_id = ANY($1)) AND ($2::text[] IS NULL OR model_id = ANY($2)) ORDER BY created_at, allocation_id`,
      [filter.lotIds ?? null, filter.modelIds ?? null],
    );
    return rows.map((r) => ({ allocationId: String(r.allocation_id), lotId: String(r.lot_id), modelId: String(r.model_id), elementMassKg: Number(r.element_mass_kg), createdAt: iso(r.created_at) }));
  }

  /**
   * Takes element mass from a lot for a model in one transaction: the conditional update holds the lot's row lock, so
   * two concurrent allocations cannot both pass the check.
   */
  async allocate(a: Allocation): Promise<{ ok: true } | { ok: false; reason: 'no-lot' | 'exceeds' | 'duplicate'; elementMassKg?: number; allocatedKg?: number }> {
    return this.db.tx(async (q) => {
      const dup = await q.query(`SELECT 1 FROM compliance_lot_allocations WHERE allocation_id=$1`, [a.allocationId]);
      if (dup.length) return { ok: false, reason: 'duplicate' } as const;
      const upd = await q.query(
        `UPDATE compliance_lots SET allocated_kg = allocated_kg + $2 WHERE lot_id=$1 AND allocated_kg + $2 <= element_mass_kg * 1.000000001 RETURNING lot_id`,
        [a.lotId, a.elementMassKg],
      );
      if (upd.length === 0) {
        const cur = await q.query<{ element_mass_kg: number; allocated_kg: number }>(`SELECT element_mass_kg, allocated_kg FROM compliance_lots WHERE lot_id=$1`, [a.lotId]);
        if (!cur.length) return { ok: false, reason: 'no-lot' } as const;
        return { ok: false, reason: 'exceeds', elementMassKg: Number(cur[0].element_mass_kg), allocatedKg: Number(cur[0].allocated_kg) } as const;
      }
      await q.query(`INSERT INTO compliance_lot_allocations (allocation_id, lot_id, model_id, element_mass_kg, created_at) VALUES ($1,$2,$3,$4,$5)`, [a.allocationId, a.lotId, a.modelId, a.elementMassKg, a.createdAt]);
      return { ok: true } as const;
    });
  }

  async insertSignedReport(r: { id: string; kind: string; key: string; report: unknown; jws: string; createdAt: string }): Promise<void> {
    await this.db.query(`INSERT INTO compliance_signed_reports (report_id, kind, report_key, report, jws, created_at) VALUES ($1,$2,$3,$4,$5,$6)`, [r.id, r.kind, r.key, JSON.stringify(r.report), r.jws, r.createdAt]);
  }

  async getSignedReport(id: string): Promise<{ id: string; kind: string; key: string; report: unknown; jws: string; createdAt: string } | null> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT report_id, kind, report_key, report, jws, created_at FROM compliance_signed_reports WHERE report_id=$1`, [id]);
    if (!rows.length) return null;
    const r = rows[0];
    return { id: String(r.report_id), kind: String(r.kind), key: String(r.report_key), report: json(r.report), jws: String(r.jws), createdAt: iso(r.created_at) };
  }

  async signedReportIds(limit: number): Promise<string[]> {
    return (await this.db.query<{ report_id: string }>(`SELECT report_id FROM compliance_signed_reports ORDER BY created_at DESC, report_id LIMIT $1`, [limit])).map((r) => r.report_id);
  }

  /** Claims due events with a lease (another worker skips them until it runs out; a crash retries after it). */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]> {
    return this.db.tx(async (q) => {
      const rows = await q.query<Record<string, unknown>>(
        `SELECT * FROM compliance_recycled_outbox WHERE status='pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, battery_id LIMIT $2 FOR UPDATE${this.db.kind === 'postgres' ? ' SKIP LOCKED' : ''}`,
        [now.toISOString(), limit],
      );
      if (rows.length) await q.query(`UPDATE compliance_recycled_outbox SET next_attempt_at=$2 WHERE battery_id = ANY($1)`, [rows.map((r) => r.battery_id), new Date(now.getTime() + leaseMs).toISOString()]);
      return rows.map(toOutbox);
    });
  }

  async markDelivered(batteryId: string, attempts: number, seq: number | null, at: string, note: string | null): Promise<void> {
    await this.db.query(`UPDATE compliance_recycled_outbox SET status='delivered', attempts=$2, seq=$3, done_at=$4, last_error=$5 WHERE battery_id=$1`, [batteryId, attempts, seq, at, note]);
  }

  async markRetry(batteryId: string, attempts: number, error: string, nextAt: string): Promise<void> {
    await this.db.query(`UPDATE compliance_recycled_outbox SET attempts=$2, last_error=$3, next_attempt_at=$4 WHERE battery_id=$1`, [batteryId, attempts, error.slice(0, 1000), nextAt]);
  }

  async markRefused(batteryId: string, attempts: number, error: string, at: string): Promise<void> {
    await this.db.query(`UPDATE compliance_recycled_outbox SET status='refused', attempts=$2, last_error=$3, done_at=$4 WHERE battery_id=$1`, [batteryId, attempts, error.slice(0, 1000), at]);
  }
}
