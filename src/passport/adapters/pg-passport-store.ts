/** PassportStore on one SQL for PGlite and PostgreSQL. */
import type { Db, Queryable } from '../../platform/db.js';
import type { Passport } from '../core/types.js';
import type { PassportListFilter, PassportStore, PassportSummary } from '../ports.js';

interface Row {
  passport_id: string;
  battery_id: string;
  status: string;
  chemistry: string;
  model_id: string;
  closed: boolean;
  updated_at: Date | string;
  soh_pct: number | string | null;
  place_country: string | null;
  place_locality: string | null;
  last_site?: string | null;
  last_country?: string | null;
  last_seen_at?: Date | string | null;
}

/** The list-filter columns copied out of the document (migration passport-002): SoH (#57) and manufacturing place (#5). */
function filterColumns(p: Passport): [number | null, string | null, string | null] {
  const soh = p.attributes.stateOfCertifiedEnergy;
  const place = p.attributes.manufacturingPlace as { addressCountry?: unknown; locality?: unknown } | undefined;
  return [
    typeof soh === 'number' && Number.isFinite(soh) ? soh : null,
    typeof place?.addressCountry === 'string' ? place.addressCountry.toUpperCase() : null,
    typeof place?.locality === 'string' ? place.locality : null,
  ];
}

/** Escapes LIKE wildcards so user text matches literally. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

function iso(v: Date | string): string {
  return v instanceof Date ? v.toISOString() : new Date(v).toISOString();
}

function encodeCursor(updatedAt: string, passportId: string): string {
  return Buffer.from(JSON.stringify([updatedAt, passportId])).toString('base64url');
}

/** Returns null for a cursor that was not produced by us, so the caller can answer 400 naming `cursor`. */
export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
      return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  return null;
}

/**
 * Read cache of the pre-rendered public tier (QR-code scans are the hottest path). Correctness:
 * - every write through this adapter invalidates it, and a read caches only if no invalidation happened while it
 *   was in flight (generation check), so a rolled-back or concurrent write never leaves a stale entry;
 * - PGlite is embedded: no other process can write the store, so that is all it takes;
 * - on PostgreSQL other node processes may write the same table: each write also sends NOTIFY in its transaction
 *   (delivered on commit), every process LISTENs and invalidates, and while the LISTEN connection is down the cache
 *   is off. Another process's write is therefore visible here after the notification latency (milliseconds).
 * See docs/decisions/0003-public-read-cache.md.
 */
class PublicJsonCache {
  private readonly entries = new Map<string, string>();
  private generation = 0;
  enabled: boolean;
  constructor(private readonly max: number, enabled: boolean) {
    this.enabled = enabled;
  }
  get(id: string): string | undefined {
    return this.enabled ? this.entries.get(id) : undefined;
  }
  begin(): number {
    return this.generation;
  }
  put(gen: number, ids: string[], json: string): void {
    if (!this.enabled || gen !== this.generation) return;
    if (this.entries.size >= this.max) this.entries.clear();
    for (const id of ids) this.entries.set(id, json);
  }
  invalidate(): void {
    // any write drops the whole cache: writes are rare next to reads, and a passport is cached under two ids
    this.generation++;
    this.entries.clear();
  }
}

const CHANNEL = 'bl_passports_changed';

export class PgPassportStore implements PassportStore {
  private readonly cache: PublicJsonCache | null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Db, opts: { publicCacheEntries?: number } = {}) {
    const size = opts.publicCacheEntries ?? 10_000;
    // on PostgreSQL the cache stays off until the LISTEN connection is up (start())
    this.cache = size > 0 ? new PublicJsonCache(size, db.kind === 'pglite') : null;
  }

  /** PostgreSQL: subscribe to other processes' writes so the public-read cache can be used. */
  async start(): Promise<void> {
    const cache = this.cache;
    if (!cache || this.db.kind !== 'postgres' || !this.db.listen) return;
    this.unlisten = await this.db.listen(
      CHANNEL,
      () => cache.invalidate(),
      (connected) => {
        cache.invalidate();
        cache.enabled = connected;
      },
    );
  }

  /** Whether public reads may be served from the cache right now. */
  get publicCacheActive(): boolean {
    return this.cache?.enabled ?? false;
  }

  async stop(): Promise<void> {
    if (this.unlisten) await this.unlisten();
    this.unlisten = null;
  }

  private async changed(q: Queryable): Promise<void> {
    this.cache?.invalidate();
    // sent at commit, dropped on rollback: other processes invalidate exactly when the change becomes visible
    if (this.db.kind === 'postgres') await q.query(`SELECT pg_notify('${CHANNEL}', '')`);
  }

  async insert(p: Passport, publicJson: string, q: Queryable = this.db): Promise<boolean> {
    await this.changed(q);
    const rows = await q.query(
      `INSERT INTO passports (passport_id, battery_id, status, chemistry, model_id, closed, version, doc, public_json, created_at, updated_at, soh_pct, place_country, place_locality)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
       ON CONFLICT DO NOTHING RETURNING passport_id`,
      [p.passportId, p.batteryId, p.status, p.model.chemistry, p.model.manufacturerModelId, p.closed, p.version, JSON.stringify(p), publicJson, p.createdAt, p.updatedAt, ...filterColumns(p)],
    );
    return rows.length === 1;
  }

  async update(p: Passport, publicJson: string, expectedVersion: number, q: Queryable = this.db): Promise<boolean> {
    await this.changed(q);
    const rows = await q.query(
      `UPDATE passports SET status=$2, chemistry=$3, model_id=$4, closed=$5, version=$6, doc=$7, public_json=$8, updated_at=$9,
         soh_pct=$11, place_country=$12, place_locality=$13
       WHERE passport_id=$1 AND version=$10 RETURNING passport_id`,
      [p.passportId, p.status, p.model.chemistry, p.model.manufacturerModelId, p.closed, p.version, JSON.stringify(p), publicJson, p.updatedAt, expectedVersion, ...filterColumns(p)],
    );
    return rows.length === 1;
  }

  async get(id: string, q: Queryable = this.db, forUpdate = false): Promise<Passport | null> {
    const rows = await q.query<{ doc: Passport | string }>(
      `SELECT doc FROM passports WHERE passport_id=$1 OR battery_id=$1 LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (rows.length === 0) return null;
    const doc = rows[0].doc;
    return typeof doc === 'string' ? (JSON.parse(doc) as Passport) : doc;
  }

  async getState(batteryId: string, q: Queryable = this.db): Promise<{ closed: boolean; status: Passport['status'] } | null> {
    const rows = await q.query<{ closed: boolean; status: Passport['status'] }>(`SELECT closed, status FROM passports WHERE battery_id=$1`, [batteryId]);
    return rows.length ? rows[0] : null;
  }

  /** The DID of the passport's issuer, read without loading the document. */
  async getIssuerDid(batteryId: string): Promise<string | null> {
    const rows = await this.db.query<{ did: string }>(`SELECT doc->'issuer'->>'did' AS did FROM passports WHERE battery_id=$1`, [batteryId]);
    return rows.length ? rows[0].did : null;
  }

  async getPublicJson(id: string): Promise<string | null> {
    const hit = this.cache?.get(id);
    if (hit !== undefined) return hit;
    const gen = this.cache?.begin() ?? 0;
    const rows = await this.db.query<{ public_json: string; passport_id: string; battery_id: string }>(
      `SELECT public_json, passport_id, battery_id FROM passports WHERE passport_id=$1 OR battery_id=$1 LIMIT 1`,
      [id],
    );
    if (rows.length === 0) return null;
    this.cache?.put(gen, [rows[0].passport_id, rows[0].battery_id], rows[0].public_json);
    return rows[0].public_json;
  }

  async list(f: PassportListFilter): Promise<{ items: PassportSummary[]; nextCursor?: string }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.status) {
      params.push(f.status);
      where.push(`status = $${params.length}`);
    }
    if (f.chemistry) {
      params.push(f.chemistry);
      where.push(`chemistry = $${params.length}`);
    }
    if (f.q) {
      params.push(`%${likeLiteral(f.q)}%`);
      where.push(`(battery_id ILIKE $${params.length} OR passport_id ILIKE $${params.length} OR model_id ILIKE $${params.length})`);
    }
    if (f.sohMinPct !== undefined) {
      params.push(f.sohMinPct);
      where.push(`soh_pct >= $${params.length}`);
    }
    if (f.sohMaxPct !== undefined) {
      params.push(f.sohMaxPct);
      where.push(`soh_pct <= $${params.length}`);
    }
    if (f.location) {
      const loc = f.location.trim();
      if (/^[A-Za-z]{2}$/.test(loc)) {
        params.push(loc.toUpperCase());
        where.push(`place_country = $${params.length}`);
      } else {
        params.push(`${likeLiteral(loc.toLowerCase())}%`);
        where.push(`lower(place_locality) LIKE $${params.length}`);
      }
    }
    if (f.at) {
      const at = f.at.trim();
      if (/^[A-Za-z]{2}$/.test(at)) {
        params.push(at.toUpperCase());
        where.push(`last_country = $${params.length}`);
      } else {
        params.push(`${likeLiteral(at.toLowerCase())}%`);
        where.push(`lower(last_site) LIKE $${params.length}`);
      }
    }
    if (f.cursor) {
      const c = decodeCursor(f.cursor);
      if (c) {
        params.push(c[0], c[1]);
        where.push(`(updated_at, passport_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
      }
    }
    params.push(f.limit + 1);
    const rows = await this.db.query<Row>(
      `SELECT passport_id, battery_id, status, chemistry, model_id, closed, updated_at, soh_pct, place_country, place_locality, last_site, last_country, last_seen_at FROM passports
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY updated_at DESC, passport_id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, f.limit).map((r) => ({
      passportId: r.passport_id,
      batteryId: r.battery_id,
      status: r.status as PassportSummary['status'],
      chemistry: r.chemistry as PassportSummary['chemistry'],
      manufacturerModelId: r.model_id,
      closed: r.closed,
      updatedAt: iso(r.updated_at),
      sohPct: r.soh_pct === null ? null : Number(r.soh_pct),
      manufacturingCountry: r.place_country,
      manufacturingLocality: r.place_locality,
      lastLocation: r.last_site && r.last_country && r.last_seen_at ? { name: r.last_site, countryCode: r.last_country, at: iso(r.last_seen_at) } : null,
    }));
    const last = items[items.length - 1];
    return rows.length > f.limit && last ? { items, nextCursor: encodeCursor(last.updatedAt, last.passportId) } : { items };
  }

  async setLastLocation(batteryId: string, loc: { name: string; countryCode: string }, at: string, q?: Queryable): Promise<void> {
    // events may arrive out of time order (a late shipment report): the latest sighting wins, not the latest write
    await (q ?? this.db).query(
      `UPDATE passports SET last_site=$2, last_country=$3, last_seen_at=$4 WHERE battery_id=$1 AND (last_seen_at IS NULL OR last_seen_at <= $4::timestamptz)`,
      [batteryId, loc.name, loc.countryCode, at],
    );
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM passports`);
    return rows[0].n;
  }
}
