/**
 * Recording sinks for the multi-process telemetry tests. Like the twin's own sink they are idempotent by batch
 * counter: a batch whose seq is not above the battery's last applied one is a duplicate (recorded as a detected
 * redelivery, not applied again). Every apply is a row `(battery, seq, worker pid)` in apply order, in PostgreSQL
 * (own schema) or, without a database, in a JSONL file appended with O_APPEND by every process.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { TelemetrySink } from '../../src/twin/ports.js';

export interface AppliedRow {
  battery: string;
  seq: number;
  pid: number;
}

export interface SeqRecord {
  applied: AppliedRow[];
  duplicates: AppliedRow[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createSeqSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.query(`CREATE TABLE ${schema}.battery_state (battery text PRIMARY KEY, last_seq bigint NOT NULL)`);
    await c.query(`CREATE TABLE ${schema}.applied (id bigserial PRIMARY KEY, battery text NOT NULL, seq bigint NOT NULL, pid int NOT NULL)`);
    await c.query(`CREATE TABLE ${schema}.duplicates (id bigserial PRIMARY KEY, battery text NOT NULL, seq bigint NOT NULL, pid int NOT NULL)`);
  } finally {
    await c.end();
  }
}

export async function dropSeqSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

export async function readPgRecord(url: string, schema: string): Promise<SeqRecord> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows = async (t: string) =>
      (await c.query<{ battery: string; seq: string; pid: number }>(`SELECT battery, seq, pid FROM ${schema}.${t} ORDER BY id`)).rows.map((r) => ({ battery: r.battery, seq: Number(r.seq), pid: r.pid }));
    return { applied: await rows('applied'), duplicates: await rows('duplicates') };
  } finally {
    await c.end();
  }
}

export function pgSeqSink(url: string, schema: string, delayMs = 0): { sink: TelemetrySink; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const sink: TelemetrySink = {
    async apply(key, batch) {
      const battery = `${key.participant}/${key.batteryId}`;
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(`INSERT INTO ${schema}.battery_state (battery, last_seq) VALUES ($1, -1) ON CONFLICT DO NOTHING`, [battery]);
        const last = Number((await c.query<{ last_seq: string }>(`SELECT last_seq FROM ${schema}.battery_state WHERE battery = $1 FOR UPDATE`, [battery])).rows[0].last_seq);
        if (delayMs) await sleep(delayMs);
        if (batch.seq <= last) {
          await c.query(`INSERT INTO ${schema}.duplicates (battery, seq, pid) VALUES ($1, $2, $3)`, [battery, batch.seq, process.pid]);
          await c.query('COMMIT');
          return { status: 'duplicate' };
        }
        await c.query(`UPDATE ${schema}.battery_state SET last_seq = $2 WHERE battery = $1`, [battery, batch.seq]);
        await c.query(`INSERT INTO ${schema}.applied (battery, seq, pid) VALUES ($1, $2, $3)`, [battery, batch.seq, process.pid]);
        await c.query('COMMIT');
        return { status: 'applied', samples: batch.samples.length };
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
  };
  return { sink, close: () => pool.end() };
}

interface JsonlLine {
  b: string;
  s: number;
  pid: number;
  dup?: true;
}

export function readJsonlRecord(path: string): SeqRecord {
  const lines = existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as JsonlLine)
    : [];
  const row = (l: JsonlLine): AppliedRow => ({ battery: l.b, seq: l.s, pid: l.pid });
  return { applied: lines.filter((l) => !l.dup).map(row), duplicates: lines.filter((l) => l.dup).map(row) };
}

/** One process applies a battery at a time (its partition is in one worker's hands), so read-then-append is safe. */
export function jsonlSeqSink(path: string, delayMs = 0): { sink: TelemetrySink; close(): Promise<void> } {
  const sink: TelemetrySink = {
    async apply(key, batch) {
      const battery = `${key.participant}/${key.batteryId}`;
      let last = -1;
      for (const r of readJsonlRecord(path).applied) if (r.battery === battery) last = Math.max(last, r.seq);
      if (delayMs) await sleep(delayMs);
      const line: JsonlLine = { b: battery, s: batch.seq, pid: process.pid };
      if (batch.seq <= last) {
        appendFileSync(path, JSON.stringify({ ...line, dup: true }) + '\n', { flag: 'a' });
        return { status: 'duplicate' };
      }
      appendFileSync(path, JSON.stringify(line) + '\n', { flag: 'a' });
      return { status: 'applied', samples: batch.samples.length };
    },
  };
  return { sink, close: async () => undefined };
}
