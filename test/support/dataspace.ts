/**
 * A small real dataspace for tests: an authority node (credential issuer + registry) and stakeholder nodes, each
 * with its own PGlite store and keys, on ephemeral loopback ports. Every node trusts the authority's credentials;
 * every stakeholder holds the membership and role credentials the authority issued to it over HTTP.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startNode, type NodeHandle } from '../../src/platform/node.js';
import type { Config } from '../../src/platform/config.js';
import { signAccessToken } from '../../src/dataspace/identity/index.js';
import type { Role } from '../../src/passport/index.js';

export interface TestDataspace {
  authority: NodeHandle;
  nodes: Record<string, NodeHandle>;
  /** Operator token of a node for its own API. */
  operatorToken(n: NodeHandle): Promise<string>;
  close(): Promise<void>;
}

export async function fetchCredentials(node: NodeHandle, authority: NodeHandle): Promise<void> {
  const token = await signAccessToken({ did: node.identity.did, role: node.identity.role, privateJwk: node.identity.privateJwk, audience: authority.identity.did, now: new Date() });
  const res = await fetch(`${authority.url}/api/authority/credentials`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 201) throw new Error(`credential issuance failed: ${res.status} ${await res.text()}`);
  node.connector.identity.setCredentials(((await res.json()) as { credentials: string[] }).credentials);
}

export async function startTestDataspace(members: { key: string; role: Exclude<Role, 'public'>; name: string; credentials?: boolean }[], opts: { outboxIdleMs?: number; databaseUrl?: string; config?: Partial<Config> } = {}): Promise<TestDataspace> {
  const idle = opts.outboxIdleMs ?? 20;
  const started: NodeHandle[] = [];
  // on PostgreSQL each node gets its own schema in the one database (dropped on close), like separate services would
  const schemas: string[] = [];
  const store = () => {
    if (!opts.databaseUrl) return {};
    const schema = `ds_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return { schema, config: { databaseUrl: opts.databaseUrl } };
  };
  const dropSchemas = async () => {
    if (!opts.databaseUrl || schemas.length === 0) return;
    const c = new pg.Client({ connectionString: opts.databaseUrl });
    await c.connect();
    try {
      for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    } finally {
      await c.end();
    }
  };
  try {
    const a = store();
    const authority = await startNode({ name: 'Test Dataspace Authority', role: 'authority', features: ['authority', 'registry'], logger: false, schema: a.schema, config: { ...a.config, dspOutboxIdleMs: idle } });
    started.push(authority);
    const nodes: Record<string, NodeHandle> = {};
    for (const m of members) {
      const s = store();
      const n = await startNode({ name: m.name, role: m.role, logger: false, schema: s.schema, config: { ...opts.config, ...s.config, dspOutboxIdleMs: idle } });
      started.push(n);
      nodes[m.key] = n;
      n.trustedIssuers.add(authority.identity.did);
    }
    // trust lists: the authority admits every member with its role; members know each other (keys over did:web)
    for (const n of started) {
      for (const o of started) {
        if (o !== n) await n.registry.upsert({ did: o.identity.did, role: o.identity.role, name: o.identity.name, publicJwk: null, baseUrl: o.url });
      }
    }
    for (const m of members) if (m.credentials !== false) await fetchCredentials(nodes[m.key], authority);
    return {
      authority,
      nodes,
      operatorToken: (n) => signAccessToken({ did: n.identity.did, role: n.identity.role, privateJwk: n.identity.privateJwk, audience: n.identity.did, now: new Date() }),
      async close() {
        for (const n of started.reverse()) await n.close();
        await dropSchemas();
      },
    };
  } catch (e) {
    for (const n of started) await n.close().catch(() => undefined);
    await dropSchemas().catch(() => undefined);
    throw e;
  }
}

export async function waitFor<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, describe?: () => Promise<unknown>): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}${describe ? `: ${JSON.stringify(await describe())}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
