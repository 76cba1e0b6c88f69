/**
 * Contract negotiation between real nodes over HTTP: credentials from the authority, catalog visibility by role,
 * the full negotiation to FINALIZED with agreements on both sides, and refusals answered the DSP way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace, waitFor } from '../../../test/support/dataspace.js';
import { generateDemoPassports } from '../../passport/index.js';
import { passportAssetId } from './assets.js';
import { DSP_BASE_PATH } from './index.js';

test('negotiation between a recycler and a manufacturer over DSP', async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'recycler', role: 'recycler', name: 'Hydromet' },
    { key: 'logistics', role: 'logistics', name: 'RheinCargo' },
    { key: 'outsider', role: 'recycler', name: 'No credentials', credentials: false },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.manufacturer;
  const [p] = generateDemoPassports({ count: 1, seed: 3, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
  const provider = { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did };
  const api = async (n: typeof m, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${n.url}${path}`, { method, headers: { authorization: `Bearer ${await ds.operatorToken(n)}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  await t.test('the catalog shows each caller only the tiers its credentials allow', async () => {
    const rc = await api(ds.nodes.recycler, 'POST', '/api/dataspace/catalog', provider);
    assert.equal(rc.status, 200, JSON.stringify(rc.body));
    const rcIds = (rc.body.datasets as { assetId: string }[]).map((d) => d.assetId);
    assert.ok(rcIds.includes(passportAssetId(p.batteryId, 'legitimateInterest')));
    assert.ok(!rcIds.includes(passportAssetId(p.batteryId, 'authorities')));
    const lg = await api(ds.nodes.logistics, 'POST', '/api/dataspace/catalog', provider);
    const lgIds = (lg.body.datasets as { assetId: string }[]).map((d) => d.assetId);
    assert.deepEqual(lgIds, [passportAssetId(p.batteryId, 'public')], 'logistics sees only the public tier');
  });

  await t.test('a recycler negotiates the legitimate-interest tier to FINALIZED; both sides hold the agreement', async () => {
    const r = await api(ds.nodes.recycler, 'POST', '/api/dataspace/negotiations', { ...provider, assetId: passportAssetId(p.batteryId, 'legitimateInterest') });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.id as string;
    const done = await waitFor('FINALIZED', async () => {
      const n = (await api(ds.nodes.recycler, 'GET', `/api/dataspace/negotiations/${encodeURIComponent(id)}`)).body;
      return n.state === 'FINALIZED' || n.state === 'TERMINATED' ? n : null;
    }, 10_000, async () => ({ consumer: (await api(ds.nodes.recycler, 'GET', '/api/dataspace/negotiations')).body, provider: (await api(m, 'GET', '/api/dataspace/negotiations')).body }));
    assert.equal(done.state, 'FINALIZED', JSON.stringify(done));
    const mine = (await api(ds.nodes.recycler, 'GET', '/api/dataspace/agreements')).body.items as { id: string; role: string }[];
    const theirs = await waitFor('provider agreement', async () => {
      const items = (await api(m, 'GET', '/api/dataspace/agreements')).body.items as { id: string; role: string }[];
      return items.length ? items : null;
    });
    assert.equal(mine.length, 1);
    assert.equal(theirs[0].id, mine[0].id, 'one agreement, held by both sides');
  });

  await t.test('fetch: transfer under the agreement, pull the tier view with the data-plane token, reuse the agreement', async () => {
    const body = { ...provider, assetId: passportAssetId(p.batteryId, 'legitimateInterest') };
    const first = await api(ds.nodes.recycler, 'POST', '/api/dataspace/fetch', body);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.reusedAgreement, true, 'the agreement from the previous test is reused, not renegotiated');
    const data = first.body.data as { batteryId: string; attributes: Record<string, unknown> };
    assert.equal(data.batteryId, p.batteryId);
    assert.ok('remainingCapacity' in data.attributes, 'legitimate-interest attributes are delivered');
    assert.ok(!('testReportResults' in data.attributes), 'authority-only attributes are not');
    const negotiationsBefore = ((await api(ds.nodes.recycler, 'GET', '/api/dataspace/negotiations')).body.items as unknown[]).length;
    const second = await api(ds.nodes.recycler, 'POST', '/api/dataspace/fetch', body);
    assert.equal(second.status, 200);
    assert.equal(((await api(ds.nodes.recycler, 'GET', '/api/dataspace/negotiations')).body.items as unknown[]).length, negotiationsBefore, 'no renegotiation');
    const transfers = await waitFor('completed transfers', async () => {
      const items = (await api(ds.nodes.recycler, 'GET', '/api/dataspace/transfers')).body.items as { state: string }[];
      return items.length === 2 && items.every((x) => x.state === 'COMPLETED') ? items : null;
    });
    assert.equal(transfers.length, 2);
    // the provider revoked the data-plane token when the transfer completed
    const tp = (await api(m, 'GET', '/api/dataspace/transfers')).body.items as { id: string; state: string }[];
    assert.ok(tp.every((x) => x.state === 'COMPLETED'), JSON.stringify(tp));
    const replay = await fetch(`${m.url}/dataplane/${encodeURIComponent(tp[0].id)}`, { headers: { authorization: 'Bearer dpt_forged' } });
    assert.equal(replay.status, 403);
  });

  await t.test('logistics cannot see or negotiate the legitimate-interest tier', async () => {
    const r = await api(ds.nodes.logistics, 'POST', '/api/dataspace/negotiations', { ...provider, assetId: passportAssetId(p.batteryId, 'legitimateInterest') });
    assert.equal(r.status, 404, JSON.stringify(r.body));
  });

  await t.test('a node without credentials sees only public data, and an unauthenticated DSP call gets 404', async () => {
    const o = await api(ds.nodes.outsider, 'POST', '/api/dataspace/catalog', provider);
    assert.deepEqual((o.body.datasets as { assetId: string }[]).map((d) => d.assetId), [passportAssetId(p.batteryId, 'public')]);
    const raw = await fetch(`${provider.providerUrl}/catalog/request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }) });
    assert.equal(raw.status, 404);
    const unknown = await fetch(`${provider.providerUrl}/negotiations/urn:uuid:00000000-0000-4000-8000-000000000000`, { headers: { authorization: 'Bearer x.y.z' } });
    assert.equal(unknown.status, 404);
  });

  await t.test('provider-initiated: the manufacturer offers, the recycler operator accepts, the negotiation finalizes', async () => {
    const r = ds.nodes.recycler;
    const [q] = generateDemoPassports({ count: 1, seed: 41, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
    await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, q);
    const assetId = passportAssetId(q.batteryId, 'legitimateInterest');
    const o = await api(m, 'POST', '/api/dataspace/offers', { consumerDid: r.identity.did, consumerCallbackUrl: `${r.url}${DSP_BASE_PATH}/callback`, assetId });
    assert.equal(o.status, 201, JSON.stringify(o.body));
    const offered = await waitFor('OFFERED on the consumer', async () => {
      const items = (await api(r, 'GET', '/api/dataspace/negotiations')).body.items as { id: string; state: string; assetId: string }[];
      return items.find((x) => x.assetId === assetId && x.state === 'OFFERED') ?? null;
    });
    const d = await api(r, 'POST', `/api/dataspace/negotiations/${encodeURIComponent(offered.id)}/decision`, { accept: true });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const done = await waitFor('FINALIZED after acceptance', async () => {
      const n = (await api(r, 'GET', `/api/dataspace/negotiations/${encodeURIComponent(offered.id)}`)).body;
      return n.state === 'FINALIZED' || n.state === 'TERMINATED' ? n : null;
    });
    assert.equal(done.state, 'FINALIZED', JSON.stringify(done));
    const again = await api(r, 'POST', `/api/dataspace/negotiations/${encodeURIComponent(offered.id)}/decision`, { accept: true });
    assert.equal(again.status, 409, 'no decision after the end');
  });

  await t.test('the version endpoint is public', async () => {
    const v = (await (await fetch(`${m.url}/.well-known/dspace-version`)).json()) as { protocolVersions: { version: string; path: string }[] };
    assert.equal(v.protocolVersions[0].version, '2025-1');
    assert.equal(v.protocolVersions[0].path, DSP_BASE_PATH);
  });
});
