/** Negotiations, transfers, agreements, data-plane tokens and seen token ids, on one SQL for PGlite and PostgreSQL. */
import type { Db, Queryable } from '../../platform/db.js';
import type { Negotiation, Transfer } from '../core/index.js';

export type ProcessKind = 'negotiation' | 'transfer';
type Entity = Negotiation | Transfer;

export interface StoredAgreement {
  id: string;
  negotiationId: string;
  role: 'consumer' | 'provider';
  assetId: string;
  providerDid: string;
  consumerDid: string;
  providerAddress: string | null;
  policy: unknown;
  agreedAt: string;
}

function doc<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export class PgProcessStore {
  private lastSweepMs = 0;
  constructor(private readonly db: Db) {}

  async save(kind: ProcessKind, e: Entity, now: Date, q: Queryable = this.db): Promise<void> {
    await q.query(
      `INSERT INTO dsp_processes (id, kind, role, state, consumer_pid, provider_pid, counter_party_did, next_attempt_at, lease_until, doc, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,NULL,$9,$10,$10)
       ON CONFLICT (id) DO UPDATE SET state=EXCLUDED.state, consumer_pid=EXCLUDED.consumer_pid, provider_pid=EXCLUDED.provider_pid,
         counter_party_did=EXCLUDED.counter_party_did, next_attempt_at=EXCLUDED.next_attempt_at, lease_until=NULL, doc=EXCLUDED.doc, updated_at=EXCLUDED.updated_at`,
      [e.id, kind, e.role, e.state, e.consumerPid, e.providerPid, e.counterPartyDid, e.nextAttemptAt, JSON.stringify(e), now.toISOString()],
    );
  }

  /**
   * Re-reads a process under a row lock and saves what `change` makes of it (null = leave it). The outbox uses this
   * after a network call, so a message received meanwhile is never overwritten by a stale copy.
   */
  async update<T extends Entity>(kind: ProcessKind, id: string, now: Date, change: (fresh: T) => T | null): Promise<T | null> {
    return this.db.tx(async (q) => {
      const fresh = await this.get<T>(kind, id, q, true);
      if (!fresh) return null;
      const next = change(fresh);
      if (next) await this.save(kind, next, now, q);
      return next;
    });
  }

  async get<T extends Entity>(kind: ProcessKind, id: string, q: Queryable = this.db, forUpdate = false): Promise<T | null> {
    const rows = await q.query<{ doc: unknown }>(`SELECT doc FROM dsp_processes WHERE kind=$1 AND id=$2${forUpdate ? ' FOR UPDATE' : ''}`, [kind, id]);
    return rows.length ? doc<T>(rows[0].doc) : null;
  }

  /** The process this node holds under its own pid (the pid the counter-party puts in the path). */
  async byOwnPid<T extends Entity>(kind: ProcessKind, role: 'consumer' | 'provider', pid: string, q: Queryable = this.db): Promise<T | null> {
    const col = role === 'provider' ? 'provider_pid' : 'consumer_pid';
    const rows = await q.query<{ doc: unknown }>(`SELECT doc FROM dsp_processes WHERE kind=$1 AND role=$2 AND ${col}=$3 FOR UPDATE`, [kind, role, pid]);
    return rows.length ? doc<T>(rows[0].doc) : null;
  }

  /** A provider-side process for the consumer's pid from this counter-party (recognises a resent initial request). */
  async byCounterPartyPid<T extends Entity>(kind: ProcessKind, role: 'consumer' | 'provider', counterPartyDid: string, pid: string): Promise<T | null> {
    const col = role === 'provider' ? 'consumer_pid' : 'provider_pid';
    const rows = await this.db.query<{ doc: unknown }>(`SELECT doc FROM dsp_processes WHERE kind=$1 AND role=$2 AND counter_party_did=$3 AND ${col}=$4`, [kind, role, counterPartyDid, pid]);
    return rows.length ? doc<T>(rows[0].doc) : null;
  }

  /**
   * Leases up to `limit` processes whose outbox message is due (EDC: nextNotLeased). PostgreSQL skips rows another
   * node process holds; the lease expires so a crashed sender's work is picked up again.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<{ kind: ProcessKind; entity: Entity }[]> {
    return this.db.tx(async (q) => {
      const rows = await q.query<{ kind: ProcessKind; doc: unknown; id: string }>(
        `SELECT id, kind, doc FROM dsp_processes
         WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE${this.db.kind === 'postgres' ? ' SKIP LOCKED' : ''}`,
        [now.toISOString(), limit],
      );
      if (rows.length > 0) {
        await q.query(`UPDATE dsp_processes SET lease_until=$1 WHERE id = ANY($2)`, [new Date(now.getTime() + leaseMs).toISOString(), rows.map((r) => r.id)]);
      }
      return rows.map((r) => ({ kind: r.kind, entity: doc<Entity>(r.doc) }));
    });
  }

  /**
   * Leases one process whose message is due, by id, in one statement (the fast path right after a request
   * committed it: no scan, no transaction). Null when nothing is due or another sender holds it.
   */
  async claimOne(kind: ProcessKind, id: string, now: Date, leaseMs: number): Promise<Entity | null> {
    const rows = await this.db.query<{ doc: unknown }>(
      `UPDATE dsp_processes SET lease_until=$4 WHERE kind=$1 AND id=$2
         AND next_attempt_at IS NOT NULL AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
       RETURNING doc`,
      [kind, id, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString()],
    );
    return rows.length ? doc<Entity>(rows[0].doc) : null;
  }

  /**
   * Processes waiting for the counter-party (or the local operator) since before `cutoff`: not terminal, no message
   * of ours pending. A started or suspended transfer is not waiting (it lives as long as its agreement).
   */
  async staleWaiting(cutoff: Date, limit: number): Promise<{ kind: ProcessKind; id: string }[]> {
    return this.db.query<{ kind: ProcessKind; id: string }>(
      `SELECT kind, id FROM dsp_processes
       WHERE next_attempt_at IS NULL AND updated_at < $1
         AND state NOT IN ('FINALIZED', 'TERMINATED', 'COMPLETED', 'STARTED', 'SUSPENDED')
       ORDER BY updated_at LIMIT $2`,
      [cutoff.toISOString(), limit],
    );
  }

  async list(kind: ProcessKind, limit = 200): Promise<Entity[]> {
    const rows = await this.db.query<{ doc: unknown }>(`SELECT doc FROM dsp_processes WHERE kind=$1 ORDER BY updated_at DESC LIMIT $2`, [kind, limit]);
    return rows.map((r) => doc<Entity>(r.doc));
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ kind: string; state: string; n: number }>(`SELECT kind, state, count(*)::int AS n FROM dsp_processes GROUP BY kind, state`);
    return Object.fromEntries(rows.map((r) => [`${r.kind}:${r.state}`, r.n]));
  }

  async saveAgreement(a: StoredAgreement, q: Queryable = this.db): Promise<void> {
    await q.query(
      `INSERT INTO dsp_agreements (id, negotiation_id, role, asset_id, provider_did, consumer_did, provider_address, policy, agreed_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (id) DO NOTHING`,
      [a.id, a.negotiationId, a.role, a.assetId, a.providerDid, a.consumerDid, a.providerAddress, JSON.stringify(a.policy), a.agreedAt],
    );
  }

  async getAgreement(id: string): Promise<StoredAgreement | null> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT * FROM dsp_agreements WHERE id=$1`, [id]);
    return rows.length ? toAgreement(rows[0]) : null;
  }

  /** The newest agreement this consumer holds with the provider for the asset (reused instead of renegotiating). */
  async findConsumerAgreement(consumerDid: string, providerDid: string, assetId: string): Promise<StoredAgreement | null> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM dsp_agreements WHERE role='consumer' AND consumer_did=$1 AND provider_did=$2 AND asset_id=$3 ORDER BY agreed_at DESC LIMIT 1`,
      [consumerDid, providerDid, assetId],
    );
    return rows.length ? toAgreement(rows[0]) : null;
  }

  /** Whether this node (as provider) holds an agreement with `consumerDid` for any of `assetIds`. */
  async hasProviderAgreement(consumerDid: string, assetIds: string[]): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM dsp_agreements WHERE role='provider' AND consumer_did=$1 AND asset_id = ANY($2) LIMIT 1`, [consumerDid, assetIds]);
    return rows.length > 0;
  }

  async listAgreements(limit = 200): Promise<StoredAgreement[]> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT * FROM dsp_agreements ORDER BY agreed_at DESC LIMIT $1`, [limit]);
    return rows.map(toAgreement);
  }

  async saveDataplaneToken(t: { hash: string; transferId: string; assetId: string; consumerDid: string; expiresAt: string }, q: Queryable = this.db): Promise<void> {
    await q.query(`INSERT INTO dsp_dataplane_tokens (token_hash, transfer_id, asset_id, consumer_did, expires_at) VALUES ($1,$2,$3,$4,$5)`, [t.hash, t.transferId, t.assetId, t.consumerDid, t.expiresAt]);
  }

  async findDataplaneToken(hash: string): Promise<{ transferId: string; assetId: string; consumerDid: string; expiresAt: string } | null> {
    const rows = await this.db.query<{ transfer_id: string; asset_id: string; consumer_did: string; expires_at: Date | string }>(
      `SELECT transfer_id, asset_id, consumer_did, expires_at FROM dsp_dataplane_tokens WHERE token_hash=$1`,
      [hash],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return { transferId: r.transfer_id, assetId: r.asset_id, consumerDid: r.consumer_did, expiresAt: new Date(r.expires_at).toISOString() };
  }

  async revokeDataplaneTokens(transferId: string, q: Queryable = this.db): Promise<void> {
    await q.query(`DELETE FROM dsp_dataplane_tokens WHERE transfer_id=$1`, [transferId]);
  }

  /** Records a token id; false if it was already seen (a replay). Expired ids are swept on the way. */
  async markTokenSeen(jti: string, expiresAtEpochS: number, now: Date): Promise<boolean> {
    // sweep expired ids at most once a minute, not on every call (tokens live 2 minutes)
    if (now.getTime() - this.lastSweepMs > 60_000) {
      this.lastSweepMs = now.getTime();
      await this.db.query(`DELETE FROM dsp_seen_tokens WHERE expires_at < $1`, [now.toISOString()]);
    }
    const rows = await this.db.query(`INSERT INTO dsp_seen_tokens (jti, expires_at) VALUES ($1,$2) ON CONFLICT DO NOTHING RETURNING jti`, [jti, new Date(expiresAtEpochS * 1000).toISOString()]);
    return rows.length === 1;
  }
}

function toAgreement(r: Record<string, unknown>): StoredAgreement {
  return {
    id: r.id as string,
    negotiationId: r.negotiation_id as string,
    role: r.role as 'consumer' | 'provider',
    assetId: r.asset_id as string,
    providerDid: r.provider_did as string,
    consumerDid: r.consumer_did as string,
    providerAddress: (r.provider_address as string | null) ?? null,
    policy: doc(r.policy),
    agreedAt: new Date(r.agreed_at as string).toISOString(),
  };
}
