/**
 * The console gateway against two real nodes (manufacturer and recycler, each trusting the other): participants list,
 * forwarding with and without an act-as identity (the node answers with exactly that role's tier), bodies, queries and
 * problem+json passed through, unknown participants named, an unreachable node as 502, loopback only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startNode, type NodeHandle } from '../node.js';
import { CATALOGUE, filterPassportForRole, generateDemoPassports, readableTiers, type Passport } from '../../passport/index.js';
import { createBody } from '../../../test/support/participants.js';
import { startConsoleGateway, type ConsoleGateway } from './gateway.js';

async function trust(a: NodeHandle, b: NodeHandle) {
  await a.registry.upsert({ did: b.identity.did, role: b.identity.role, name: b.identity.name, publicJwk: b.identity.publicJwk, baseUrl: b.url });
}

test('console gateway', async (t) => {
  const m = await startNode({ name: 'Gateway Test Manufacturer', role: 'manufacturer', logger: false });
  const r = await startNode({ name: 'Gateway Test Recycler', role: 'recycler', logger: false });
  t.after(async () => {
    await r.close();
    await m.close();
  });
  await trust(m, r);
  await trust(r, m);
  const gw: ConsoleGateway = await startConsoleGateway({ nodes: { manufacturer: m, recycler: r } });
  t.after(() => gw.close());
  const [p] = generateDemoPassports({ count: 1, seed: 21, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: m.identity.name } });

  await t.test('lists every participant with key, name, role, DID and URL', async () => {
    const res = await fetch(`${gw.url}/api/console/participants`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { items: { key: string; name: string; role: string; did: string; url: string }[] };
    assert.deepEqual(body.items, [
      { key: 'manufacturer', name: m.identity.name, role: 'manufacturer', did: m.identity.did, url: m.url },
      { key: 'recycler', name: r.identity.name, role: 'recycler', did: r.identity.did, url: r.url },
    ]);
  });

  await t.test('forwards a POST body as is, signed as the act-as participant', async () => {
    const res = await fetch(`${gw.url}/n/manufacturer/api/passports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-batteryloop-act-as': 'manufacturer' },
      body: JSON.stringify(createBody(p)),
    });
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(res.headers.get('location'), `/n/manufacturer/api/passports/${encodeURIComponent(p.passportId)}`, 'a node path is rewritten onto the gateway');
    const anonymous = await fetch(`${gw.url}/n/manufacturer/api/passports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(createBody(p)) });
    assert.equal(anonymous.status, 401, 'without act-as the call is anonymous');
    const bad = await fetch(`${gw.url}/n/manufacturer/api/passports`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-batteryloop-act-as': 'manufacturer' }, body: '{"schemaVersion":' });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.deepEqual(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['body']);
  });

  await t.test('each identity gets exactly its tier', async () => {
    const keysAs = async (actAs?: string) => {
      const res = await fetch(`${gw.url}/n/manufacturer/api/passports/${p.batteryId}`, { headers: actAs ? { 'x-batteryloop-act-as': actAs } : {} });
      assert.equal(res.status, 200);
      return Object.keys(((await res.json()) as Passport).attributes).sort();
    };
    const expect = (role: 'public' | 'recycler' | 'manufacturer', isIssuer: boolean) => Object.keys(filterPassportForRole(p, role, { isIssuer }).attributes).sort();
    assert.deepEqual(await keysAs(), expect('public', false));
    assert.deepEqual(await keysAs('recycler'), expect('recycler', false));
    assert.deepEqual(await keysAs('manufacturer'), expect('manufacturer', true));
    const recyclerTiers = readableTiers('recycler', { isIssuer: false });
    assert.ok(CATALOGUE.some((d) => d.tier !== 'public' && recyclerTiers.has(d.tier) && (expect('recycler', false) as string[]).includes(d.key)), 'the recycler sees more than the public');
  });

  await t.test('the query string reaches the node as sent; its problem+json comes back', async () => {
    const ok = await fetch(`${gw.url}/n/manufacturer/api/passports?chemistry=${p.model.chemistry}&limit=5`);
    assert.deepEqual(((await ok.json()) as { items: { batteryId: string }[] }).items.map((i) => i.batteryId), [p.batteryId]);
    const none = await fetch(`${gw.url}/n/manufacturer/api/passports?q=${encodeURIComponent('no such battery')}`);
    assert.equal(((await none.json()) as { items: unknown[] }).items.length, 0);
    const bad = await fetch(`${gw.url}/n/manufacturer/api/passports?status=original`);
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['querystring.status']);
    const page = await fetch(`${gw.url}/n/manufacturer/p/${p.batteryId}?lang=de`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /<html lang="de">/);
  });

  await t.test('unknown participants are named as the field', async () => {
    const path = await fetch(`${gw.url}/n/nobody/api/passports`);
    assert.equal(path.status, 404);
    assert.match(path.headers.get('content-type') ?? '', /problem\+json/);
    assert.deepEqual(((await path.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['params.key']);
    const actor = await fetch(`${gw.url}/n/manufacturer/api/passports`, { headers: { 'x-batteryloop-act-as': 'nobody' } });
    assert.equal(actor.status, 404);
    assert.deepEqual(((await actor.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['headers.x-batteryloop-act-as']);
  });

  await t.test('a node that does not answer is a 502 naming the participant', async () => {
    const srv = createServer();
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((res) => srv.close(() => res()));
    const dead = { ...m, url: `http://127.0.0.1:${port}`, name: 'Closed node' };
    const g2 = await startConsoleGateway({ nodes: { dead } });
    try {
      const res = await fetch(`${g2.url}/n/dead/api/passports`);
      assert.equal(res.status, 502);
      assert.match(((await res.json()) as { detail: string }).detail, /Closed node is not reachable/);
    } finally {
      await g2.close();
    }
  });

  await t.test('binds to loopback only, and falls back to a free port when the preferred one is taken', async () => {
    await assert.rejects(startConsoleGateway({ nodes: {}, host: '0.0.0.0' }), /loopback only/);
    const taken = Number(new URL(gw.url).port);
    const g2 = await startConsoleGateway({ nodes: {}, port: taken });
    try {
      assert.notEqual(Number(new URL(g2.url).port), taken);
      assert.equal((await fetch(`${g2.url}/api/console/participants`)).status, 200);
    } finally {
      await g2.close();
    }
    await assert.rejects(startConsoleGateway({ nodes: {}, port: taken, exactPort: true }), /EADDRINUSE/);
  });
});
