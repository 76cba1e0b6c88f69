/** HistoryStore on one SQL for PGlite and PostgreSQL. */
import type { Db, Queryable } from '../../platform/db.js';
import type { ChainHead, EventListOptions, HistoryStore, StoredEventRow } from '../ports.js';

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

  /** Head of the chain and, if the event id is taken, the stored event — one round trip on the append path. */
  async appendContext(batteryId: string, eventId: string, q: Queryable): Promise<{ head: ChainHead | null; existing: StoredEventRow | null }> {
    const rows = await q.query<{ kind: string; seq: number | null; hash: string; event: unknown; recorded_at: Date | string | null }>(
      `SELECT 'head' AS kind, seq, hash, NULL::jsonb AS event, NULL::timestamptz AS recorded_at FROM history_heads WHERE battery_id=$1
       UNION ALL
       SELECT 'event', seq, hash, event, recorded_at FROM history_events WHERE event_id=$2`,
      [batteryId, eventId],
    );
    const h = rows.find((r) => r.kind === 'head');
    const e = rows.find((r) => r.kind === 'event');
    return {
      head: h ? { seq: h.seq as number, hash: h.hash } : null,
      existing: e ? toRow({ event: e.event, hash: e.hash, recorded_at: e.recorded_at as Date }) : null,
    };
  }

  /**
   * The fast path of an append as ONE atomic statement: the event goes in only if the passport exists and is open,
   * the chain head is exactly the one the author signed against and the event id is new; the head moves with it.
   * Returns false when any condition fails (or a concurrent append won the same seq); the caller then takes the
   * slow path, which names the reason. Under concurrency the (battery, seq) key decides, so the chain never forks.
   */
  async appendIfHead(row: StoredEventRow, q: Queryable = this.db): Promise<boolean> {
    const e = row.event;
    const rows = await q.query<{ ok: boolean }>(`SELECT bl_append_event($1,$2,$3,$4,$5,$6,$7,$8,$9) AS ok`, [
      e.batteryId, e.seq, e.eventId, e.type, e.occurredAt, e.author.did, row.hash, JSON.stringify(e), e.prevHash,
    ]);
    return rows[0]?.ok === true;
  }

  /** Inserts the event and moves the head in one statement; the (battery, seq) key refuses a fork. */
  async append(row: StoredEventRow, q: Queryable): Promise<void> {
    const e = row.event;
    await q.query(
      `WITH ins AS (
         INSERT INTO history_events (battery_id, seq, event_id, type, occurred_at, author_did, hash, event)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING battery_id, seq, hash)
       INSERT INTO history_heads (battery_id, seq, hash) SELECT battery_id, seq, hash FROM ins
       ON CONFLICT (battery_id) DO UPDATE SET seq=EXCLUDED.seq, hash=EXCLUDED.hash`,
      [e.batteryId, e.seq, e.eventId, e.type, e.occurredAt, e.author.did, row.hash, JSON.stringify(e)],
    );
  }

  async list(batteryId: string, opts: EventListOptions = {}): Promise<StoredEventRow[]> {
    // `latest`: the newest `limit` events (still returned in chain order), e.g. the last operational snapshot
    const params: unknown[] = [batteryId, opts.afterSeq ?? -1, opts.limit ?? 100000];
    if (opts.type) params.push(opts.type);
    const typeCond = opts.type ? ' AND type = $4' : '';
    const rows = await this.db.query<{ event: unknown; hash: string; recorded_at: Date | string }>(
      opts.latest
        ? `SELECT * FROM (SELECT event, hash, recorded_at, seq FROM history_events WHERE battery_id=$1 AND seq > $2${typeCond} ORDER BY seq DESC LIMIT $3) t ORDER BY seq`
        : `SELECT event, hash, recorded_at FROM history_events WHERE battery_id=$1 AND seq > $2${typeCond} ORDER BY seq LIMIT $3`,
      params,
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
