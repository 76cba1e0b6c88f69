/**
 * A carrier's shipment on real nodes: classification, an unsafe packing refused with the required one, then pick-up,
 * transit and delivery as the carrier's signed events in the passport on the manufacturer's node, with a handling
 * alert escalating a hot transport.
 */
/** A JSON response body as the tests read it: fields are checked by the assertions themselves. */
type Body = Record<string, unknown>;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace } from '../../../../test/support/dataspace.js';
import { generateDemoPassports } from '../../../passport/index.js';
import { passportAssetId } from '../../../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../../../dataspace/connector/index.js';

test('shipments over HTTP: classify, refuse unsafe packing, record each step in the passport on the holder', { timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'carrier', role: 'logistics', name: 'RheinCargo' },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.manufacturer;
  const c = ds.nodes.carrier;
  const [p] = generateDemoPassports({ count: 1, seed: 12, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
  const tok = await ds.operatorToken(c);
  const call = async <T = Body>(path: string, body: unknown) => {
    const r = await fetch(`${c.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };
  const damaged = { stateOfSafety: 0.55, sosDriver: 'negativeEvents', negativeEvents: ['crash'], massKg: 380, context: 'loose', purpose: 'recycling' };
  const cls = await call<{ unNumber: string; status: string; specialProvisions: string[] }>('/api/logistics/classify', damaged);
  assert.equal(cls.status, 200, JSON.stringify(cls.body));
  assert.equal(cls.body.unNumber, 'UN 3480');
  assert.equal(cls.body.status, 'damagedOrDefective');
  assert.ok(cls.body.specialProvisions.includes('SP 376'));

  const plan = { shipmentId: 'SHP-T-1', batteryId: p.batteryId, holderUrl: m.url, holderDid: m.identity.did, battery: damaged, consignor: { name: 'Dealer Köln' }, consignee: { name: 'Hydromet Salzgitter' }, origin: { name: 'Dealer Köln', countryCode: 'DE' }, destination: { name: 'Plant Salzgitter', countryCode: 'DE' } };
  const unsafe = await call<{ errors: { field: string; reason: string }[]; detail: string }>('/api/logistics/shipments', { ...plan, packing: 'P909' });
  assert.equal(unsafe.status, 422);
  assert.equal(unsafe.body.errors[0].field, 'body.packing');
  assert.match(unsafe.body.detail, /P908|LP904/);
  const planned = await call('/api/logistics/shipments', { ...plan, packing: 'P908' });
  assert.equal(planned.status, 201, JSON.stringify(planned.body));

  const handling = { temperatureMinC: 12, temperatureMaxC: 24, peakShockG: 1.1, stateOfChargePct: 30 };
  const gated = await call('/api/logistics/shipments/SHP-T-1/pickup', { location: plan.origin, handling });
  assert.equal(gated.status, 403, 'no agreement for this battery yet: the holder refuses the write');
  assert.equal((await call('/api/dataspace/fetch', { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(p.batteryId, 'public') })).status, 200);
  const picked = await call('/api/logistics/shipments/SHP-T-1/pickup', { location: plan.origin, handling });
  assert.equal(picked.status, 200, JSON.stringify(picked.body));
  const transit = await call<{ alerts: unknown[]; shipment: { safetyStatus: string } }>('/api/logistics/shipments/SHP-T-1/transit', { location: { name: 'A2 near Hannover', countryCode: 'DE' }, handling: { ...handling, temperatureMaxC: 58 } });
  assert.equal(transit.status, 200, JSON.stringify(transit.body));
  assert.ok(transit.body.alerts.length > 0, 'a hot transport raises a handling alert');
  const early = await call('/api/logistics/shipments/SHP-T-1/pickup', { location: plan.origin, handling });
  assert.equal(early.status, 409, 'steps follow the shipment state machine');
  const delivered = await call('/api/logistics/shipments/SHP-T-1/deliver', { location: plan.destination, handling });
  assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
  const ct = await ds.operatorToken(c);
  const listed = (await (await fetch(`${c.url}/api/logistics/shipments?batteryId=${encodeURIComponent(p.batteryId)}`, { headers: { authorization: `Bearer ${ct}` } })).json()) as { items: { shipment: { shipmentId: string }; steps: number }[] };
  assert.deepEqual(listed.items.map((i) => [i.shipment.shipmentId, i.steps]), [['SHP-T-1', 3]]);

  const mt = await ds.operatorToken(m);
  const events = ((await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}/events`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { items: { type: string; author: { did: string }; payload: Body }[] }).items;
  const steps = events.filter((e) => e.type.startsWith('shipment'));
  assert.deepEqual(steps.map((e) => e.type), ['shipmentPickedUp', 'shipmentInTransit', 'shipmentDelivered']);
  assert.ok(steps.every((e) => e.author.did === c.identity.did));
  assert.equal(steps[1].payload.safetyStatus, transit.body.shipment.safetyStatus);
  assert.equal((await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}/events/verify`)).json() as { ok: boolean }).ok, true);
});
