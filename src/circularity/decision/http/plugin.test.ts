/**
 * Route decisions on real nodes: the remanufacturer receives a passport over the dataspace, gets the recommendation
 * with its explanation, and carries out a repurpose decision — the linked successor passport appears on the holder.
 */
/** A JSON response body as the tests read it: fields are checked by the assertions themselves. */
type Body = Record<string, unknown>;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace } from '../../../../test/support/dataspace.js';
import { generateDemoPassports } from '../../../passport/index.js';
import { passportAssetId } from '../../../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../../../dataspace/connector/index.js';
import { appendToHolder, EXAMPLE_PAYLOADS } from '../../../history/index.js';

test('route over HTTP: explained recommendation, refused bad factors, repurpose creates the linked passport on the holder', { timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'reman', role: 'remanufacturer', name: 'SecondLife' },
    { key: 'oem', role: 'oem', name: 'Voltara' },
    { key: 'dismantler', role: 'dismantler', name: 'Kreislauf' },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.manufacturer;
  const r = ds.nodes.reman;
  const [p, q] = generateDemoPassports({ count: 2, seed: 17, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, q);
  const tok = await ds.operatorToken(r);
  const call = async <T = Body>(path: string, body: unknown) => {
    const res = await fetch(`${r.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const got = await call('/api/dataspace/fetch', { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(p.batteryId, 'legitimateInterest') });
  assert.equal(got.status, 200);
  type Rec = { route: string | null; evaluations: { route: string; feasible: boolean; exclusions: string[] }[]; explanation: string[]; errors: { field: string; reason: string }[] };
  const rec = await call<Rec>('/api/circularity/route', { passport: got.body.data });
  assert.equal(rec.status, 200, JSON.stringify(rec.body).slice(0, 400));
  assert.ok(rec.body.route, 'a route is recommended');
  assert.ok(rec.body.evaluations.length >= 4);
  assert.ok(rec.body.explanation.length > 0);
  // an aged, measured pack (SoH 70 %) cannot go back into a car: the recommendation says which constraint binds
  const aged = await call<Rec>('/api/circularity/route', { passport: got.body.data, overrides: { soh: { pointPct: 70, lowPct: 66, highPct: 74 } } });
  assert.equal(aged.status, 200);
  const reuse = aged.body.evaluations.find((e) => e.route === 'reuse')!;
  assert.equal(reuse.feasible, false);
  assert.ok(reuse.exclusions.some((x) => /SoH/.test(x)), JSON.stringify(reuse.exclusions));
  const badFactors = await call<Rec>('/api/circularity/route', { passport: got.body.data, factors: { noSuchPrice: 3 } });
  assert.equal(badFactors.status, 422);
  assert.equal(badFactors.body.errors[0].field, 'body.factors');

  const newPassportId = `urn:uuid:${crypto.randomUUID()}`;
  const done = await call('/api/circularity/route/execute', { batteryId: p.batteryId, route: 'repurpose', newPassportId, stateOfHealthPct: 70, newApplication: 'stationaryStorage', holderUrl: m.url, holderDid: m.identity.did });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  const mt = await ds.operatorToken(m);
  const succ = await fetch(`${m.url}/api/passports/${encodeURIComponent(newPassportId)}`, { headers: { authorization: `Bearer ${mt}` } });
  assert.equal(succ.status, 200, 'the successor passport exists on the holder');
  const old = (await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { successorPassportIds?: string[] };
  assert.deepEqual(old.successorPassportIds, [newPassportId]);

  // the OEM's twin signs a snapshot with a low State of Safety: a decision read with the holder sees it
  const o = ds.nodes.oem;
  const fetchAs = async (node: typeof o, batteryId: string) => {
    const t2 = await ds.operatorToken(node);
    const res = await fetch(`${node.url}/api/dataspace/fetch`, { method: 'POST', headers: { authorization: `Bearer ${t2}`, 'content-type': 'application/json' }, body: JSON.stringify({ providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(batteryId, 'legitimateInterest') }) });
    assert.equal(res.status, 200, 'an agreement covers the battery');
  };
  await fetchAs(o, q.batteryId);
  const snap = { ...EXAMPLE_PAYLOADS.operationalSnapshot, stateOfSafety: { score: 0.35, driver: 'cellVoltageSpread' } };
  const app = await appendToHolder({ url: m.url, did: m.identity.did }, { did: o.identity.did, role: 'oem', privateJwk: o.identity.privateJwk }, q.batteryId, { eventId: crypto.randomUUID(), type: 'operationalSnapshot', occurredAt: new Date().toISOString(), payload: snap });
  assert.ok(app.ok, JSON.stringify(app));
  const gotQ = await call('/api/dataspace/fetch', { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(q.batteryId, 'legitimateInterest') });
  type Rec2 = Rec & { input: { sos: { score: number; driver: string }; provenance: string[] } };
  const blind = await call<Rec2>('/api/circularity/route', { passport: gotQ.body.data });
  const seen = await call<Rec2>('/api/circularity/route', { passport: gotQ.body.data, holderUrl: m.url, holderDid: m.identity.did });
  assert.equal(seen.status, 200, JSON.stringify(seen.body).slice(0, 400));
  assert.equal(seen.body.input.sos.score, 0.35);
  assert.equal(seen.body.input.sos.driver, 'twin:cellVoltageSpread');
  assert.ok(seen.body.input.provenance.some((x) => /digital twin 0\.35/.test(x)));
  assert.ok(blind.body.input.sos.score > 0.35, 'without the holder the decision sees only the passport');
  assert.equal(seen.body.evaluations.find((e) => e.route === 'reuse')!.feasible, false, 'a medium SoS excludes re-use in a vehicle');

  // recycling: the dismantler marks the battery waste and hands it to the recycler on the holder
  const d = ds.nodes.dismantler;
  const dt = await ds.operatorToken(d);
  await fetchAs(d, q.batteryId);
  const exec = async (body: unknown) => {
    const res = await fetch(`${d.url}/api/circularity/route/execute`, { method: 'POST', headers: { authorization: `Bearer ${dt}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Body & { errors?: { field: string }[] } };
  };
  const noRecycler = await exec({ batteryId: q.batteryId, route: 'recycle', holderUrl: m.url, holderDid: m.identity.did });
  assert.equal(noRecycler.status, 422);
  assert.equal(noRecycler.body.errors?.[0].field, 'body.recyclerDid');
  const recyclerDid = 'did:web:recycler.example';
  const handed = await exec({ batteryId: q.batteryId, route: 'recycle', recyclerDid, recyclerName: 'Hydromet Recycling AB', holderUrl: m.url, holderDid: m.identity.did });
  assert.equal(handed.status, 201, JSON.stringify(handed.body));
  assert.equal(handed.body.previousStatus, 'original');
  const again = await exec({ batteryId: q.batteryId, route: 'recycle', recyclerDid, recyclerName: 'Hydromet Recycling AB', holderUrl: m.url, holderDid: m.identity.did });
  assert.equal(again.status, 201, 'repeating the handover is harmless');
  const qNow = (await (await fetch(`${m.url}/api/passports/${encodeURIComponent(q.batteryId)}`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { status: string };
  assert.equal(qNow.status, 'waste');
  type Ev = { type: string; payload: { toOwner?: { did?: string } } };
  const qEvents = ((await (await fetch(`${m.url}/api/passports/${encodeURIComponent(q.batteryId)}/events`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { items: Ev[] }).items;
  assert.equal(qEvents.filter((e) => e.type === 'ownershipChange' && e.payload.toOwner?.did === recyclerDid).length, 1, 'one handover, not two');
  assert.equal(qEvents.filter((e) => e.type === 'statusChange').length, 1);
});
