/** Participant registry, node identity and API tokens on one SQL for PGlite and PostgreSQL. */
import type { Db } from '../../platform/db.js';
import type { Role } from '../../passport/index.js';
import type { Ed25519PrivateJwk, Ed25519PublicJwk } from '../identity/keys.js';

export interface RegisteredParticipant {
  did: string;
  role: Role;
  name: string;
  publicJwk: Ed25519PublicJwk | null;
  baseUrl: string | null;
}

export interface NodeIdentityRecord {
  did: string;
  role: Role;
  name: string;
  privateJwk: Ed25519PrivateJwk;
  publicJwk: Ed25519PublicJwk;
}

function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export class PgParticipantStore {
  constructor(private readonly db: Db) {}

  async getNodeIdentity(): Promise<NodeIdentityRecord | null> {
    const rows = await this.db.query<{ did: string; role: Role; name: string; private_jwk: unknown; public_jwk: unknown }>(
      `SELECT did, role, name, private_jwk, public_jwk FROM node_identity`,
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return { did: r.did, role: r.role, name: r.name, privateJwk: json(r.private_jwk), publicJwk: json(r.public_jwk) };
  }

  /** Stores the identity once; returns the identity that is stored (an existing one wins, so restarts keep keys). */
  async ensureNodeIdentity(id: NodeIdentityRecord): Promise<NodeIdentityRecord> {
    await this.db.query(
      `INSERT INTO node_identity (singleton, did, role, name, private_jwk, public_jwk) VALUES (true,$1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
      [id.did, id.role, id.name, JSON.stringify(id.privateJwk), JSON.stringify(id.publicJwk)],
    );
    return (await this.getNodeIdentity()) as NodeIdentityRecord;
  }

  async upsert(p: RegisteredParticipant): Promise<void> {
    await this.db.query(
      `INSERT INTO participants (did, role, name, public_jwk, base_url) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (did) DO UPDATE SET role=EXCLUDED.role, name=EXCLUDED.name, public_jwk=EXCLUDED.public_jwk, base_url=EXCLUDED.base_url`,
      [p.did, p.role, p.name, p.publicJwk ? JSON.stringify(p.publicJwk) : null, p.baseUrl],
    );
  }

  async get(did: string): Promise<RegisteredParticipant | null> {
    const rows = await this.db.query<{ did: string; role: Role; name: string; public_jwk: unknown; base_url: string | null }>(
      `SELECT did, role, name, public_jwk, base_url FROM participants WHERE did=$1`,
      [did],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return { did: r.did, role: r.role, name: r.name, publicJwk: r.public_jwk ? json(r.public_jwk) : null, baseUrl: r.base_url };
  }

  async list(): Promise<RegisteredParticipant[]> {
    const rows = await this.db.query<{ did: string; role: Role; name: string; public_jwk: unknown; base_url: string | null }>(
      `SELECT did, role, name, public_jwk, base_url FROM participants ORDER BY name`,
    );
    return rows.map((r) => ({ did: r.did, role: r.role, name: r.name, publicJwk: r.public_jwk ? json(r.public_jwk) : null, baseUrl: r.base_url }));
  }

  async insertApiToken(t: { hash: string; did: string; label: string; expiresAt: string }): Promise<void> {
    await this.db.query(`INSERT INTO api_tokens (token_hash, did, label, expires_at) VALUES ($1,$2,$3,$4)`, [t.hash, t.did, t.label, t.expiresAt]);
  }

  async findApiToken(hash: string): Promise<{ did: string; expiresAt: string; revoked: boolean } | null> {
    const rows = await this.db.query<{ did: string; expires_at: Date | string; revoked_at: unknown }>(
      `SELECT did, expires_at, revoked_at FROM api_tokens WHERE token_hash=$1`,
      [hash],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return { did: r.did, expiresAt: new Date(r.expires_at).toISOString(), revoked: r.revoked_at !== null };
  }

  async revokeApiToken(hash: string, did: string): Promise<boolean> {
    const rows = await this.db.query(`UPDATE api_tokens SET revoked_at=now() WHERE token_hash=$1 AND did=$2 AND revoked_at IS NULL RETURNING did`, [hash, did]);
    return rows.length === 1;
  }
}
