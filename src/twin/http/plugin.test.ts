/**
 * The twin on real nodes: the OEM registers a twin for a battery whose passport the manufacturer holds, telemetry
 * arrives out of order and twice, the estimates are stored per batch, the first snapshot becomes a signed
 * operationalSnapshot on the manufacturer's node (setting the passport's dynamic attributes), and an overheating
 * pack raises a safetyAlert event and a webhook call.
 */
/** A JSON response body as the tests read it: fields are checked by the assertions themselves. */
type Body = Record<string, unknown>;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestDataspace, waitFor } from '../../../test/support/dataspace.js';
import { generateDemoPassports } from '../../passport/index.js';
import { passportAssetId } from '../../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../../dataspace/connector/index.js';

function batch(batteryId: string, seq: number, t0: number, tempC: number) {
  const samples = Array.from({ length: 30 }, (_, k) => ({ t: t0 + (seq * 30 + k) * 1000, i: 40, u: 96 * 3.68 - k * 0.01, uMin: 3.66, uMax: 3.69, tMin: tempC - 1, tMax: tempC + (tempC > 60 ? k * 0.3 : 0) }));
  return { v: 1, batteryId, seq, samples };
}

const backends: [string, string | undefined][] = [['pglite', undefined], ...(process.env.TEST_DATABASE_URL ? [['postgres', process.env.TEST_DATABASE_URL] as [string, string]] : [])];
for (const [backend, databaseUrl] of backends) test(`twin over HTTP on ${backend}: ordered exactly-once application, snapshot on the holder, safety alert as event and webhook`, { timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'oem', role: 'oem', name: 'Vehicle OEM' },
  ], { databaseUrl });
  const hooks: unknown[] = [];
  const hookServer = createServer((req, res) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => {
      hooks.push(JSON.parse(b));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  t.after(async () => {
    await ds.close();
    await new Promise((r) => hookServer.close(r));
  });
  const m = ds.nodes.manufacturer;
  const oem = ds.nodes.oem;
  const [p] = generateDemoPassports({ count: 1, seed: 9, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
  const tok = await ds.operatorToken(oem);
  const call = async <T = Body>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${oem.url}${path}`, { method, headers: { authorization: `Bearer ${tok}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, body: (await r.json()) as T };
  };
  // the OEM reads the battery's data under an agreement first: that agreement is what lets it write events there
  assert.equal((await call('POST', '/api/dataspace/fetch', { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(p.batteryId, 'legitimateInterest') })).status, 200);
  const reg = await call('POST', '/api/twin/batteries', { batteryId: p.batteryId, participant: 'oem', chemistry: 'NMC', cellCapacityAh: 60, seriesCells: 96, parallelCells: 2, certifiedUsableEnergyKwh: 75, initialSoc: 0.6, holderUrl: m.url, holderDid: m.identity.did });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  assert.equal((await call('POST', '/api/twin/webhooks', { url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/alerts` })).status, 201);

  const t0 = Date.now() - 3600_000;
  const url = `/api/twin/batteries/${encodeURIComponent(p.batteryId)}/telemetry`;
  assert.equal((await call('POST', url, batch(p.batteryId, 0, t0, 25))).body.status, 'applied');
  assert.equal((await call('POST', url, batch(p.batteryId, 2, t0, 25))).body.status, 'buffered', 'seq 2 waits for seq 1');
  const one = await call('POST', url, batch(p.batteryId, 1, t0, 25));
  assert.deepEqual(one.body, { status: 'applied', samples: 60 }, 'seq 1 releases itself and the held seq 2');
  assert.equal((await call('POST', url, batch(p.batteryId, 1, t0, 25))).body.status, 'duplicate');
  const bad = await call('POST', url, { v: 1, batteryId: p.batteryId, seq: 3, samples: [{ t: t0, i: 'x', u: 1 }] });
  assert.equal(bad.status, 422);
  assert.match(JSON.stringify(bad.body.errors), /samples\/0\/i/);

  const series = (await call('GET', `/api/twin/batteries/${encodeURIComponent(p.batteryId)}/series`)).body.items as { seq: number; point: { soc: number; sos: number } }[];
  assert.deepEqual(series.map((x) => x.seq), [0, 1, 2]);
  assert.ok(series.every((x) => x.point.soc > 0 && x.point.soc < 1));

  // the first applied batch owed the passport a snapshot: it lands on the holder as the OEM's signed event
  const mt = await ds.operatorToken(m);
  const passportOnHolder = async () => (await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { attributes: Record<string, unknown> };
  const events = async () => ((await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}/events`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { items: { type: string; author: { did: string }; payload: { stateOfChargePct: number; remainingCapacityAh: number; level: string; factor: string } }[] }).items;
  const snap = await waitFor('snapshot on the holder', async () => (await events()).find((e) => e.type === 'operationalSnapshot'), 20_000);
  assert.equal(snap.author.did, oem.identity.did);
  const soc = (await passportOnHolder()).attributes.stateOfCharge as number;
  assert.ok(Math.abs(soc - snap.payload.stateOfChargePct) < 0.01, `${soc} vs ${snap.payload.stateOfChargePct}`);
  assert.equal(snap.payload.remainingCapacityAh > 0, true);

  // an overheating pack: the State of Safety collapses, an alert event and a webhook call follow
  assert.equal((await call('POST', url, batch(p.batteryId, 3, t0, 78))).body.status, 'applied');
  const alert = await waitFor('safety alert on the holder', async () => (await events()).find((e) => e.type === 'safetyAlert'), 20_000);
  assert.equal(alert.payload.level, 'critical');
  assert.match(alert.payload.factor, /temperature/);
  await waitFor('webhook called', async () => hooks.length > 0, 20_000);
  assert.equal((hooks[0] as { batteryId: string }).batteryId, p.batteryId);
  const neg = (await passportOnHolder()).attributes.negativeEvents as { eventType: string }[];
  assert.equal(neg.at(-1)?.eventType, 'thermalIncident');
  const state = (await call<{ alertLevel: string; outbox: { done: boolean }[] }>('GET', `/api/twin/batteries/${encodeURIComponent(p.batteryId)}`)).body;
  assert.equal(state.alertLevel, 'critical');
  assert.ok(state.outbox.every((o) => o.done), JSON.stringify(state.outbox));
});
