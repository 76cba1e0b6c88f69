/**
 * Issue 9, deployment shape: one participant's node as two stateless OS processes over one PostgreSQL database (as
 * behind a load balancer: both claim the same PUBLIC_URL and so the same did:web). Passports and signed events are
 * written through both processes at once, with retries of acknowledged writes sent to the other process; every
 * acknowledged write is there exactly once, the chain is contiguous and verifies, and each process sees all of it.
 * (Telemetry partitioned over NATS JetStream to two twin worker processes is src/twin/adapters/nats-partition.test.ts.)
 * Needs PostgreSQL (TEST_DATABASE_URL): PGlite is one process's embedded store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { repoRoot } from '../support/shared.js';
import { createBody } from '../support/participants.js';
import { signAccessToken, type Ed25519PrivateJwk } from '../../src/dataspace/index.js';
import { generateDemoPassports } from '../../src/passport/index.js';

const url = process.env.TEST_DATABASE_URL;
const LAUNCHER = join(repoRoot, 'test', 'support', 'test-node-launcher.ts');

interface Ready {
  url: string;
  did: string;
  privateJwk: Ed25519PrivateJwk;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function launch(env: Record<string, string>): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', LAUNCHER], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node not ready in 60 s: ${out}`)), 60_000);
    child.stderr?.on('data', (d) => (out += String(d)));
    child.stdout?.on('data', (d) => {
      out += String(d);
      for (const line of String(d).split('\n')) {
        if (!line.startsWith('{')) continue;
        const msg = JSON.parse(line) as Ready & { ready?: boolean };
        if (msg.ready) {
          clearTimeout(timer);
          resolve({ child, ready: msg });
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${code}) before it was ready: ${out}`));
    });
  });
}

test('two node processes behind one database: no lost or duplicated writes', { skip: url ? false : 'TEST_DATABASE_URL not set: needs PostgreSQL', timeout: 180_000 }, async (t) => {
  const schema = `deploy_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const children: ChildProcess[] = [];
  t.after(async () => {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  const dbUrl = `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const [portA, portB] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${portA}`;
  const common = { NODE_ROLE: 'manufacturer', NODE_NAME: 'Cellforge Batteries GmbH', DATABASE_URL: dbUrl, PUBLIC_URL: publicUrl, HOST: '127.0.0.1' };
  const a = await launch({ ...common, PORT: String(portA) });
  children.push(a.child);
  const b = await launch({ ...common, PORT: String(portB) });
  children.push(b.child);
  assert.equal(a.ready.did, b.ready.did, 'both processes are the same participant');
  const bases = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
  const token = () => signAccessToken({ did: a.ready.did, role: 'manufacturer', privateJwk: a.ready.privateJwk, audience: a.ready.did, now: new Date() });
  const call = async (base: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${await token()}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  // passports issued through both processes at once
  const demo = generateDemoPassports({ count: 10, seed: 5, now: new Date().toISOString(), issuer: { did: a.ready.did, role: 'manufacturer', name: 'Cellforge Batteries GmbH' } });
  const created = await Promise.all(demo.map((p, i) => call(bases[i % 2], 'POST', '/api/passports', createBody(p))));
  assert.deepEqual(created.map((r) => r.status), demo.map(() => 201));

  // 40 signed events for one battery, drafted through both processes concurrently; then every acknowledged one is
  // sent again to the other process, as a client retrying after a lost answer would
  const battery = demo[0].batteryId;
  const drafts = Array.from({ length: 40 }, (_, i) => ({ eventId: randomUUID(), type: 'ownershipChange', occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), payload: { fromOwner: { name: `Fleet ${i}` }, toOwner: { name: `Fleet ${i + 1}` }, reason: 'leaseReturn' } }));
  const first = await Promise.all(drafts.map((d, i) => call(bases[i % 2], 'POST', `/api/passports/${battery}/events`, { draft: d })));
  assert.deepEqual(first.map((r) => r.status), drafts.map(() => 201), JSON.stringify(first.find((r) => r.status !== 201)?.body));
  const again = await Promise.all(drafts.map((d, i) => call(bases[(i + 1) % 2], 'POST', `/api/passports/${battery}/events`, { draft: d })));
  assert.ok(again.every((r) => r.status === 200 || r.status === 201), JSON.stringify(again.map((r) => r.status)));

  for (const base of bases) {
    const list = await call(base, 'GET', '/api/passports?limit=500');
    assert.equal((list.body.items as unknown[]).length, demo.length, `${base} lists every passport once`);
    const events = (await call(base, 'GET', `/api/passports/${battery}/events`)).body.items as { eventId: string; seq: number }[];
    const ids = events.map((e) => e.eventId);
    for (const d of drafts) assert.equal(ids.filter((x) => x === d.eventId).length, 1, `event ${d.eventId} is there exactly once`);
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i), 'the chain is contiguous');
    const verify = await fetch(`${base}/api/passports/${battery}/events/verify`);
    assert.equal(((await verify.json()) as { ok: boolean }).ok, true, `${base}: the chain verifies`);
  }
  t.diagnostic(`two processes, one schema: ${demo.length} passports and ${drafts.length} events (each sent twice) written exactly once`);
});
