/**
 * The passport list's filters beyond status/chemistry (issue 8: the console's battery list): state-of-health range on
 * the state of certified energy (#57, legitimate-interest tier) and manufacturing place (#5, public), on PGlite and
 * PostgreSQL. A caller without the legitimate-interest tier can neither filter by SoH nor see it in the summaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../../../test/support/db.js';
import { startTestWorld, createBody } from '../../../test/support/participants.js';
import { generateDemoPassports, type Passport } from '../core/index.js';
import { migrate } from '../../platform/db.js';
import { passportMigrations } from '../adapters/migrations.js';

interface Item {
  batteryId: string;
  sohPct?: number | null;
  status?: string;
  manufacturingCountry: string | null;
  manufacturingLocality: string | null;
}

for (const backend of testBackends()) {
  test(`passport list filters on ${backend.name}`, async (t) => {
    const db = await backend.open();
    const w = await startTestWorld(db);
    t.after(async () => {
      await w.close();
      await db.close();
    });
    const app = w.node.app;
    const auth = `Bearer ${await w.token(w.issuer)}`;
    const recycler = `Bearer ${await w.token(w.others.recycler)}`;
    const demo = generateDemoPassports({ count: 8, seed: 11, now: new Date().toISOString(), issuer: { did: w.issuer.did, role: 'manufacturer', name: w.issuer.name } });
    for (const p of demo) {
      const res = await app.inject({ method: 'POST', url: '/api/passports', headers: { authorization: auth }, payload: createBody(p) });
      assert.equal(res.statusCode, 201, res.body);
    }
    const list = async (qs: string, authorization?: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/passports?limit=500&${qs}`, headers: authorization ? { authorization } : {} });
      return { status: res.statusCode, body: res.json() as { items: Item[]; errors?: { field: string }[] } };
    };
    const soh = (p: Passport) => p.attributes.stateOfCertifiedEnergy as number;
    const place = (p: Passport) => p.attributes.manufacturingPlace as { addressCountry: string; locality: string };

    await t.test('SoH range: exactly the passports whose state of certified energy lies in it', async () => {
      const values = demo.map(soh).sort((a, b) => a - b);
      const lo = values[2];
      const hi = values[5];
      const r = await list(`sohMin=${lo}&sohMax=${hi}`, recycler);
      assert.equal(r.status, 200);
      const expected = demo.filter((p) => soh(p) >= lo && soh(p) <= hi).map((p) => p.batteryId).sort();
      assert.ok(expected.length >= 4 && expected.length < demo.length, `the range splits the fleet (${expected.length} of ${demo.length})`);
      assert.deepEqual(r.body.items.map((i) => i.batteryId).sort(), expected);
      for (const i of r.body.items) assert.equal(i.sohPct, soh(demo.find((p) => p.batteryId === i.batteryId)!));
    });

    await t.test('location: a country code matches exactly, other text the start of the town', async () => {
      const country = place(demo[0]).addressCountry;
      const byCountry = await list(`location=${country.toLowerCase()}`);
      assert.equal(byCountry.status, 200);
      assert.deepEqual(byCountry.body.items.map((i) => i.batteryId).sort(), demo.filter((p) => place(p).addressCountry === country).map((p) => p.batteryId).sort());
      const town = place(demo[0]).locality;
      const byTown = await list(`location=${encodeURIComponent(town.slice(0, 4).toUpperCase())}`);
      const expected = demo.filter((p) => place(p).locality.toLowerCase().startsWith(town.slice(0, 4).toLowerCase())).map((p) => p.batteryId).sort();
      assert.deepEqual(byTown.body.items.map((i) => i.batteryId).sort(), expected);
      assert.ok(byTown.body.items.every((i) => i.manufacturingLocality === town || i.manufacturingLocality?.toLowerCase().startsWith(town.slice(0, 4).toLowerCase())));
      const none = await list('location=%25');
      assert.equal(none.body.items.length, 0, 'a LIKE wildcard in the text matches literally');
    });

    await t.test('the public tier can neither filter by SoH nor see it', async () => {
      const r = await list('sohMin=10');
      assert.equal(r.status, 400);
      assert.deepEqual(r.body.errors?.map((e) => e.field), ['querystring.sohMin']);
      const all = await list('');
      assert.equal(all.body.items.length, demo.length);
      for (const i of all.body.items) {
        assert.equal(Object.hasOwn(i, 'sohPct'), false, 'no SoH in public summaries');
        assert.equal(Object.hasOwn(i, 'status'), false, 'no status in public summaries');
        assert.ok(i.manufacturingCountry, 'the manufacturing place is public');
      }
    });

    await t.test('bad ranges name the field', async () => {
      const inverted = await list('sohMin=90&sohMax=10', recycler);
      assert.equal(inverted.status, 400);
      assert.deepEqual(inverted.body.errors?.map((e) => e.field), ['querystring.sohMin']);
      const outOfRange = await list('sohMax=140', recycler);
      assert.equal(outOfRange.status, 400);
      assert.ok(outOfRange.body.errors?.some((e) => e.field === 'querystring.sohMax'));
    });

    await t.test('a write keeps the filter columns in step with the document', async () => {
      const p = demo[0];
      const res = await app.inject({ method: 'PATCH', url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: `Bearer ${await w.token(w.others.testingFacility)}` }, payload: { attributes: { stateOfCertifiedEnergy: 12.5 } } });
      assert.equal(res.statusCode, 200, res.body);
      const r = await list('sohMax=13', recycler);
      assert.deepEqual(r.body.items.map((i) => i.batteryId), [p.batteryId]);
      assert.equal(r.body.items[0].sohPct, 12.5);
    });

    await t.test('at: where the battery was last seen, from its signed events; latest sighting wins; not for the public', async () => {
      const [a, b] = [demo[1], demo[2]];
      const carrier = w.others.logistics;
      const step = async (batteryId: string, type: string, location: { name: string; countryCode: string }, occurredAt: string) => {
        const head = (await app.inject({ method: 'GET', url: `/api/passports/${batteryId}/events/head` })).json() as { seq: number; hash: string };
        const shipment = { shipmentId: `SHP-${batteryId}-${type}`, location, handling: { temperatureMinC: 10, temperatureMaxC: 20, peakShockG: 1, stateOfChargePct: 30 }, safetyStatus: 'normal' };
        const payload = type === 'shipmentPickedUp' ? { ...shipment, consignor: { name: 'Dealer' }, destination: { name: 'Kreislauf Demontage Leipzig', countryCode: 'DE' } } : { ...shipment, consignee: { name: 'Kreislauf Demontage GmbH' } };
        const ev = await w.sign(carrier, batteryId, type, payload, head.seq < 0 ? null : head, occurredAt);
        const res = await app.inject({ method: 'POST', url: `/api/passports/${batteryId}/events`, headers: { authorization: `Bearer ${await w.token(carrier)}` }, payload: { event: ev } });
        assert.equal(res.statusCode, 201, res.body);
      };
      await w.grantAgreement(carrier, a.batteryId);
      await w.grantAgreement(carrier, b.batteryId);
      await step(a.batteryId, 'shipmentPickedUp', { name: 'Autohaus Lyon', countryCode: 'FR' }, '2026-03-01T08:00:00Z');
      await step(a.batteryId, 'shipmentDelivered', { name: 'Kreislauf Demontage Leipzig', countryCode: 'DE' }, '2026-03-03T08:00:00Z');
      await step(b.batteryId, 'shipmentPickedUp', { name: 'Autohaus Lyon', countryCode: 'FR' }, '2026-03-02T08:00:00Z');
      const atSite = await list('at=kreislauf', recycler);
      assert.equal(atSite.status, 200);
      assert.deepEqual(atSite.body.items.map((i) => i.batteryId), [a.batteryId]);
      const inFrance = await list('at=FR', recycler);
      assert.deepEqual(inFrance.body.items.map((i) => i.batteryId), [b.batteryId], 'A has moved on from France');
      const seen = (inFrance.body.items[0] as Item & { lastLocation?: { name: string; at: string } }).lastLocation;
      assert.deepEqual(seen && [seen.name, seen.at], ['Autohaus Lyon', '2026-03-02T08:00:00.000Z']);
      const pub = await list('at=FR');
      assert.equal(pub.status, 400);
      assert.deepEqual(pub.body.errors?.map((e) => e.field), ['querystring.at']);
      assert.ok((await list('')).body.items.every((i) => !Object.hasOwn(i, 'lastLocation')), 'no location in public summaries');
    });

    await t.test('the migration fills the columns of passports stored before it', async () => {
      await db.query(`UPDATE passports SET soh_pct = NULL, place_country = NULL, place_locality = NULL`);
      await db.query(`DELETE FROM schema_migrations WHERE id = 'passport-002-list-filters'`);
      const applied = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM passports WHERE soh_pct IS NULL`);
      assert.equal(applied[0].n, demo.length);
      await migrate(db, passportMigrations);
      const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM passports WHERE soh_pct IS NOT NULL AND place_country IS NOT NULL AND place_locality IS NOT NULL`);
      assert.equal(after[0].n, demo.length);
    });
  });
}
