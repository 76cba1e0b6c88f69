/** HistoryStore on one SQL for PGlite and PostgreSQL. */
import type { Db, Queryable } from '../../platform/db.js';
import type { ChainHead, HistoryStore, StoredEventRow } from '../ports.js';

export class PgHistoryStore implements HistoryStore {
  constructor(private readonly db: Db) {}

  /**
   * Serialises appends per battery. PostgreSQL: a transaction-scoped advisory lock keyed by the battery id, so
   * several node processes over one database never fork a chain (a hash collision only serialises two batteries).
   * PGlite has one connection and runs transactions one at a time already.
   */
  async lockChain(batteryId: string, q: Queryable): Promise<void> {
    if (this.db.kind === 'postgres') await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [batteryId]);
  }

  async head(batteryId: string, q: Queryable = this.db): Promise<ChainHead | null> {
    const rows = await q.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM history_heads WHERE battery_id=$1`, [batteryId]);
    return rows.length ? { seq: rows[0].seq, hash: rows[0].hash } : null;
  }

  async byEventId(eventId: string, q: Queryable = this.db): Promise<StoredEventRow | null> {
    const rows = await q.query<{ event: unknown; hash: string; recorded_at: Date | string }>(
      `SELECT event, hash, recorded_at FROM history_events WHERE event_id=$1`,
      [eventId],
    );
    return rows.length ? toRow(rows[0]) : null;
  }

  async append(row: StoredEventRow, q: Queryable): Promise<void> {
    const e = row.event;
    await q.query(
      `INSERT INTO history_events (battery_id, seq, event_id, type, occurred_at, author_did, hash, event)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [e.batteryId, e.seq, e.eventId, e.type, e.occurredAt, e.author.did, row.hash, JSON.stringify(e)],
    );
    await q.query(
      `INSERT INTO history_heads (battery_id, seq, hash) VALUES ($1,$2,$3)
       ON CONFLICT (battery_id) DO UPDATE SET seq=EXCLUDED.seq, hash=EXCLUDED.hash`,
      [e.batteryId, e.seq, row.hash],
    );
  }

  async list(batteryId: string, opts: { afterSeq?: number; limit?: number } = {}): Promise<StoredEventRow[]> {
    const rows = await this.db.query<{ event: unknown; hash: string; recorded_at: Date | string }>(
      `SELECT event, hash, recorded_at FROM history_events WHERE battery_id=$1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [batteryId, opts.afterSeq ?? -1, opts.limit ?? 100000],
    );
    return rows.map(toRow);
  }

  async countAll(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM history_events`);
    return rows[0].n;
  }
}

function toRow(r: { event: unknown; hash: string; recorded_at: Date | string }): StoredEventRow {
  const event = (typeof r.event === 'string' ? JSON.parse(r.event) : r.event) as StoredEventRow['event'];
  const recordedAt = r.recorded_at instanceof Date ? r.recorded_at.toISOString() : new Date(r.recorded_at).toISOString();
  return { event, hash: r.hash, recordedAt };
}
