/**
 * Issue 2 figures:
 * - passport_public_get_vs_bare_http: req/s of the public passport GET served from the store ÷ req/s of a bare Fastify
 *   JSON route returning a body of the same size, same load generator, same run.
 * - event_append_vs_raw_insert: signed event appends/s (signature verified, chain linked and hashed, persisted) ÷
 *   single-row INSERTs/s into the same database, same run.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { openDb, type Db } from '../src/platform/db.js';
import { startNode } from '../src/platform/node.js';
import { generateDemoPassports } from '../src/passport/index.js';
import { generateParticipantKeys } from '../src/dataspace/identity/index.js';
import { computeEventHash, nextLink, prepareEvent, signEvent, type SignedEvent } from '../src/history/core/index.js';
import { autocannon, median } from './load.js';
import { passportAssetId } from '../src/dataspace/connector/assets.js';

export interface Figure {
  name: string;
  backend: string;
  value: number;
  goal?: string;
  detail: Record<string, number>;
}

async function withDb<T>(backend: 'pglite' | 'postgres', url: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const db = backend === 'pglite' ? await openDb({}) : await openDb({ url, schema, poolSize: 10 });
  try {
    return await fn(db);
  } finally {
    if (backend === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await db.close();
  }
}

export async function benchPublicGet(backend: 'pglite' | 'postgres', url: string, repeats: number, log: (m: string) => void, opts: { uncached?: boolean } = {}): Promise<Figure> {
  // uncached: the public-read cache is switched off, so every GET reads the table (docs/decisions/0003)
  return withDb(backend, url, async (db) => {
    const node = await startNode({ name: 'Bench manufacturer', role: 'manufacturer', db, logger: false, config: { logLevel: 'silent' }, publicCacheEntries: opts.uncached ? 0 : undefined });
    const bare = Fastify({ logger: false });
    try {
      const passports = generateDemoPassports({ count: 50, seed: 1, now: new Date().toISOString(), issuer: { did: node.identity.did, role: 'manufacturer', name: 'Bench' } });
      for (const p of passports) await node.passports.importDocument({ did: node.identity.did, role: 'manufacturer' }, p);
      const target = passports[0].batteryId;
      const body = JSON.parse(await node.passports.getPublicJson(target)) as unknown;
      // the ceiling: the same JSON bytes from a bare Fastify route — no store, no auth hook, no serialisation
      const bodyText = JSON.stringify(body);
      bare.get('/bare', (_req, reply) => reply.type('application/json; charset=utf-8').send(bodyText));
      await bare.listen({ host: '127.0.0.1', port: 0 });
      const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;
      const getUrl = `${node.url}/api/passports/${encodeURIComponent(target)}`;
      await autocannon(getUrl, { durationS: 1 });
      await autocannon(bareUrl, { durationS: 1 });
      const g: number[] = [];
      const b: number[] = [];
      const p99: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const rb = await autocannon(bareUrl);
        const rg = await autocannon(getUrl);
        if (rg.non2xx || rg.errors) throw new Error(`public GET returned ${rg.non2xx} non-2xx and ${rg.errors} errors`);
        b.push(rb.reqPerSec);
        g.push(rg.reqPerSec);
        p99.push(rg.p99Ms);
        log(`  [${backend}${opts.uncached ? ', uncached' : ''}] run ${i + 1}/${repeats}: passport GET ${rg.reqPerSec.toFixed(0)} req/s, bare ${rb.reqPerSec.toFixed(0)} req/s`);
      }
      const ratios = g.map((x, i) => x / b[i]);
      return {
        name: opts.uncached ? 'passport_public_get_uncached_vs_bare_http' : 'passport_public_get_vs_bare_http',
        backend,
        value: median(ratios),
        goal: opts.uncached ? undefined : '>= 0.6',
        detail: { passportGetReqPerSec: median(g), bareHttpReqPerSec: median(b), passportGetP99Ms: median(p99), bodyBytes: JSON.stringify(body).length },
      };
    } finally {
      await bare.close();
      await node.close();
    }
  });
}

export async function benchAppend(backend: 'pglite' | 'postgres', url: string, repeats: number, n: number, log: (m: string) => void): Promise<Figure> {
  return withDb(backend, url, async (db) => {
    const node = await startNode({ name: 'Bench manufacturer', role: 'manufacturer', db, logger: false, config: { logLevel: 'silent' } });
    try {
      const did = 'did:web:oem.bench.example';
      const keys = generateParticipantKeys(did);
      await node.registry.upsert({ did, role: 'oem', name: 'Bench OEM', publicJwk: keys.publicJwk, baseUrl: null });
      await db.exec(`CREATE TABLE bench_raw (id bigserial PRIMARY KEY, battery_id text NOT NULL, payload jsonb NOT NULL)`);
      const appends: number[] = [];
      const inserts: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const [p] = generateDemoPassports({ count: 1, seed: 100 + r, now: new Date().toISOString(), issuer: { did: node.identity.did, role: 'manufacturer', name: 'Bench' } });
        await node.passports.importDocument({ did: node.identity.did, role: 'manufacturer' }, p);
        // the OEM writes under a contract agreement for this battery (issue 3), as after a DSP negotiation
        await node.connector.store.saveAgreement({ id: randomUUID(), negotiationId: randomUUID(), role: 'provider', assetId: passportAssetId(p.batteryId, 'legitimateInterest'), providerDid: node.identity.did, consumerDid: did, providerAddress: null, policy: {}, agreedAt: new Date().toISOString() });
        // the author signs its chain up front (client work); the node verifies, links, hashes and persists each event
        const events: SignedEvent[] = [];
        let head: { seq: number; hash: string } | null = null;
        for (let i = 0; i < n; i++) {
          // an event without an effect on the passport (the append itself); operational snapshots also set the
          // passport's dynamic attributes in the same transaction and are written at a bounded rate by the twin
          const d = prepareEvent({ eventId: randomUUID(), batteryId: p.batteryId, type: 'ownershipChange', occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), author: { did, role: 'oem' }, payload: { fromOwner: { name: `Fleet ${i}` }, toOwner: { name: `Fleet ${i + 1}` }, reason: 'leaseReturn' } as never }, nextLink(head));
          if (!d.ok) throw new Error(JSON.stringify(d.errors));
          const s = await signEvent(d.envelope, keys.privateJwk);
          events.push(s);
          head = { seq: s.seq, hash: computeEventHash(s) };
        }
        const payload = JSON.stringify(events[0]);
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await db.query(`INSERT INTO bench_raw (battery_id, payload) VALUES ($1, $2)`, [p.batteryId, payload]);
        const rawRate = n / ((performance.now() - t0) / 1000);
        const t1 = performance.now();
        for (const e of events) await node.history.appendSigned({ did, role: 'oem' }, p.batteryId, e);
        const appendRate = n / ((performance.now() - t1) / 1000);
        inserts.push(rawRate);
        appends.push(appendRate);
        log(`  [${backend}] run ${r + 1}/${repeats}: ${appendRate.toFixed(0)} appends/s, ${rawRate.toFixed(0)} raw INSERTs/s`);
      }
      const ratios = appends.map((a, i) => a / inserts[i]);
      return { name: 'event_append_vs_raw_insert', backend, value: median(ratios), goal: '>= 0.4', detail: { appendsPerSec: median(appends), rawInsertsPerSec: median(inserts), eventsPerRun: n } };
    } finally {
      await node.close();
    }
  });
}
