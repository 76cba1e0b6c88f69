/**
 * The one database seam: PGlite (embedded default) or PostgreSQL (`DATABASE_URL`), same SQL on both.
 * SQL is kept to PostgreSQL 15 features. `pg` returns int8 as strings, so adapters cast counts to int4 in SQL.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back when it throws (nothing half-written). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * PostgreSQL only: subscribes to a NOTIFY channel on a dedicated connection. `onReset` runs whenever the
   * subscription may have missed messages (connection lost; it reconnects with backoff) and once it is back.
   */
  listen?(channel: string, onMessage: (payload: string) => void, onReset: (connected: boolean) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** PostgreSQL URL; empty → PGlite. */
  url?: string;
  /** PGlite data directory; empty → in memory. */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); isolates nodes/tests sharing one database. */
  schema?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDb(opts: OpenDbOptions = {}): Promise<Db> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new Error(`invalid schema name '${opts.schema}': use lower-case letters, digits and underscores`);
  }
  return opts.url ? openPostgres(opts.url, opts) : openPglite(opts);
}

async function openPglite(opts: OpenDbOptions): Promise<Db> {
  if (opts.dataDir) mkdirSync(dirname(opts.dataDir), { recursive: true });
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  if (opts.schema) {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
  }
  let closed = false;
  const q: Queryable = {
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await db.query<T>(sql, params as unknown[]);
      return r.rows;
    },
  };
  return {
    kind: 'pglite',
    query: q.query,
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      // PGlite serialises transactions on its single connection, which also serialises concurrent appends.
      return db.transaction(async (t) =>
        fn({
          async query<R>(sql: string, params: unknown[] = []) {
            return (await t.query<R>(sql, params as unknown[])).rows;
          },
        }),
      );
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}

async function openPostgres(url: string, opts: OpenDbOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
  });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  if (opts.schema) {
    const c = await pool.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      c.release();
    }
  }
  let closed = false;
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await pool.query(sql, params);
      return r.rows as T[];
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn({
          async query<R>(sql: string, params: unknown[] = []) {
            return (await c.query(sql, params)).rows as R[];
          },
        });
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async listen(channel, onMessage, onReset) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
      let stopped = false;
      let client: pg.Client | null = null;
      let delayMs = 100;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url });
        c.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
        const lost = () => {
          if (client !== c) return;
          client = null;
          onReset(false);
          if (!stopped) setTimeout(() => void connect().catch(() => undefined), delayMs).unref();
          delayMs = Math.min(delayMs * 2, 5000);
        };
        c.on('error', lost);
        c.on('end', lost);
        try {
          await c.connect();
          await c.query(`LISTEN ${channel}`);
        } catch (e) {
          client = c;
          lost();
          await c.end().catch(() => undefined);
          throw e;
        }
        if (stopped) {
          await c.end().catch(() => undefined);
          return;
        }
        client = c;
        delayMs = 100;
        onReset(true);
      };
      await connect();
      return async () => {
        stopped = true;
        const c = client;
        client = null;
        if (c) await c.end().catch(() => undefined);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export interface Migration {
  /** Stable, globally unique id, e.g. `passport-001-passports`. Order = array order. */
  id: string;
  sql: string;
}

/**
 * Applies migrations once each, in order, inside one transaction per migration.
 * On PostgreSQL an advisory lock lets several node processes start against one database at once.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  const applied: string[] = [];
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  await db.tx(async (q) => {
    if (db.kind === 'postgres') await q.query(`SELECT pg_advisory_xact_lock(727274)`);
    const done = new Set((await q.query<{ id: string }>(`SELECT id FROM schema_migrations`)).map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      for (const stmt of splitSql(m.sql)) await q.query(stmt);
      await q.query(`INSERT INTO schema_migrations (id) VALUES ($1)`, [m.id]);
      applied.push(m.id);
    }
  });
  return applied;
}

/**
 * Splits a migration into statements on semicolons at line ends, keeping dollar-quoted bodies
 * (`$fn$ ... $fn$`, PL/pgSQL functions) whole.
 */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const line of sql.split('\n')) {
    current += line + '\n';
    for (const m of line.matchAll(/\$[A-Za-z_]*\$/g)) {
      if (quote === null) quote = m[0];
      else if (m[0] === quote) quote = null;
    }
    if (quote === null && /;\s*$/.test(line)) {
      out.push(current.trim().replace(/;$/, ''));
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out.filter((s) => s.length > 0);
}
