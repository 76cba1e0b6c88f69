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

test('route over HTTP: explained recommendation, refused bad factors, repurpose creates the linked passport on the holder', { timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'reman', role: 'remanufacturer', name: 'SecondLife' },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.manufacturer;
  const r = ds.nodes.reman;
  const [p] = generateDemoPassports({ count: 1, seed: 17, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
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
});
