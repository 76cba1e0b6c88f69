/**
 * Signed history on a real node and database: idempotent appends, no forks under concurrency, lifecycle effects,
 * and verification that names the first bad event after tampering in the store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testBackends } from '../../../test/support/db.js';
import { startTestWorld, createBody } from '../../../test/support/participants.js';
import { generateDemoPassports, type Passport } from '../../passport/index.js';

const base = (kind: string) => ({
  shipmentId: `SHP-${kind}`,
  location: { name: 'Hub Duisburg', countryCode: 'DE' },
  handling: { temperatureMinC: 8, temperatureMaxC: 24, peakShockG: 1.2, stateOfChargePct: 30 },
  safetyStatus: 'normal',
});
const pickedUp = (kind: string) => ({ ...base(kind), consignor: { name: 'Dealer Köln' }, destination: { name: 'Dismantler Leipzig', countryCode: 'DE' } });
const shipment = base;

for (const backend of testBackends()) {
  test(`history API on ${backend.name}`, async (t) => {
    const db = await backend.open();
    const w = await startTestWorld(db);
    t.after(async () => {
      await w.close();
      await db.close();
    });
    const app = w.node.app;
    const [p] = generateDemoPassports({ count: 1, seed: 11, now: new Date().toISOString(), issuer: { did: w.issuer.did, role: 'manufacturer', name: w.issuer.name } });
    const issuerAuth = `Bearer ${await w.token(w.issuer)}`;
    const created = await app.inject({ method: 'POST', url: '/api/passports', headers: { authorization: issuerAuth }, payload: createBody(p) });
    assert.equal(created.statusCode, 201, created.body);
    const url = `/api/passports/${p.batteryId}/events`;
    const head = async () => {
      const h = (await app.inject({ method: 'GET', url: `${url}/head` })).json() as { seq: number; hash: string };
      return h.seq < 0 ? null : h;
    };

    await t.test('operator draft is signed by the node; retried event id never duplicates', async () => {
      const draft = { eventId: randomUUID(), type: 'manufactured', occurredAt: '2025-03-01T08:00:00Z', payload: { passportId: p.passportId, manufacturerModelId: p.model.manufacturerModelId, chemistry: p.model.chemistry, nominalCapacityAh: 120, facility: { name: 'Gigafab Erfurt', countryCode: 'DE' } } };
      const r1 = await app.inject({ method: 'POST', url, headers: { authorization: issuerAuth }, payload: { draft } });
      if (r1.statusCode !== 201) {
        // payload shape is owned by the event schema; show the reason to whoever changes it
        assert.fail(`manufactured draft rejected: ${r1.body}`);
      }
      const r2 = await app.inject({ method: 'POST', url, headers: { authorization: issuerAuth }, payload: { draft } });
      assert.equal(r2.statusCode, 200);
      assert.equal(r2.json().duplicate, true);
      const list = (await app.inject({ method: 'GET', url, headers: { authorization: issuerAuth } })).json().items;
      assert.equal(list.length, 1);
    });

    await t.test('a participant appends its own signed event; wrong author, bad signature, stale head are refused', async () => {
      const lg = w.others.logistics;
      const lgAuth = `Bearer ${await w.token(lg)}`;
      const ev = await w.sign(lg, p.batteryId, 'shipmentPickedUp', pickedUp('1'), await head());
      // without a contract agreement for this battery's data, a participant may not write to its passport (issue 3)
      const gated = await app.inject({ method: 'POST', url, headers: { authorization: lgAuth }, payload: { event: ev } });
      assert.equal(gated.statusCode, 403, gated.body);
      assert.match(gated.json().detail, /no contract agreement/);
      await w.grantAgreement(lg, p.batteryId);
      const ok = await app.inject({ method: 'POST', url, headers: { authorization: lgAuth }, payload: { event: ev } });
      if (ok.statusCode !== 201) assert.fail(`shipmentPickedUp rejected: ${ok.body}`);
      const retry = await app.inject({ method: 'POST', url, headers: { authorization: lgAuth }, payload: { event: ev } });
      assert.equal(retry.statusCode, 200, 'identical retry is acknowledged, not duplicated');
      const stale = await w.sign(lg, p.batteryId, 'shipmentInTransit', shipment('1'), null);
      const r409 = await app.inject({ method: 'POST', url, headers: { authorization: lgAuth }, payload: { event: stale } });
      assert.equal(r409.statusCode, 409, r409.body);
      assert.ok(r409.json().nextSeq >= 2);
      const tampered = { ...(await w.sign(lg, p.batteryId, 'shipmentInTransit', shipment('1'), await head())), payload: shipment('2') };
      const bad = await app.inject({ method: 'POST', url, headers: { authorization: lgAuth }, payload: { event: tampered } });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.equal(bad.json().errors[0].field, 'event.signature');
      const asOther = await w.sign(w.others.recycler, p.batteryId, 'recycled', { inputMassKg: 400, recoveredMaterialsKg: { Li: 4 }, process: 'hydrometallurgical', facility: { name: 'X', countryCode: 'SE' } }, await head());
      const forged = await app.inject({ method: 'POST', url, headers: { authorization: lgAuth }, payload: { event: asOther } });
      assert.equal(forged.statusCode, 403, forged.body);
      const tf = w.others.testingFacility;
      const wrongType = await w.sign(lg, p.batteryId, 'shipmentInTransit', shipment('1'), await head());
      const tfAuth = `Bearer ${await w.token(tf)}`;
      assert.equal((await app.inject({ method: 'POST', url, headers: { authorization: tfAuth }, payload: { event: wrongType } })).statusCode, 403);
    });

    await t.test('concurrent appends to one battery never fork the chain', async () => {
      const n = 12;
      const drafts = Array.from({ length: n }, (_, i) => ({ eventId: randomUUID(), type: 'ownershipChange', occurredAt: `2025-04-0${1 + (i % 9)}T10:00:00Z`, payload: { fromOwner: { did: w.issuer.did, name: 'Cellforge' }, toOwner: { did: w.others.oem.did, name: 'OEM' }, reason: 'sale' } }));
      const results = await Promise.all(drafts.map((d) => app.inject({ method: 'POST', url, headers: { authorization: issuerAuth }, payload: { draft: d } })));
      for (const r of results) assert.equal(r.statusCode, 201, r.body);
      const items = (await app.inject({ method: 'GET', url, headers: { authorization: issuerAuth } })).json().items as { seq: number }[];
      assert.deepEqual(items.map((e) => e.seq), items.map((_, i) => i), 'seq is 0..n-1 without gaps or duplicates');
      const v = (await app.inject({ method: 'GET', url: `${url}/verify` })).json();
      assert.equal(v.ok, true, JSON.stringify(v));
    });

    await t.test('tampering in the store is found and the first bad event named', async () => {
      const items = (await app.inject({ method: 'GET', url, headers: { authorization: issuerAuth } })).json().items as { seq: number }[];
      assert.ok(items.length >= 5);
      const target = 3;
      const [orig] = await db.query<{ at: string }>(`SELECT event->>'occurredAt' AS at FROM history_events WHERE battery_id=$1 AND seq=$2`, [p.batteryId, target]);
      await db.query(`UPDATE history_events SET event = jsonb_set(event, '{occurredAt}', '"2020-01-01T00:00:00Z"') WHERE battery_id=$1 AND seq=$2`, [p.batteryId, target]);
      const v = (await app.inject({ method: 'GET', url: `${url}/verify` })).json();
      assert.equal(v.ok, false);
      assert.equal(v.firstBad.seq, target);
      assert.equal(v.firstBad.problem, 'altered');
      await db.query(`UPDATE history_events SET event = jsonb_set(event, '{occurredAt}', to_jsonb($3::text)) WHERE battery_id=$1 AND seq=$2`, [p.batteryId, target, orig.at]);
      assert.equal((await app.inject({ method: 'GET', url: `${url}/verify` })).json().ok, true, 'restoring the value restores the chain');
    });

    await t.test('a removed event and a cut-off tail are named', async () => {
      const items = (await app.inject({ method: 'GET', url, headers: { authorization: issuerAuth } })).json().items as { seq: number }[];
      const last = items.length - 1;
      await db.query(`DELETE FROM history_events WHERE battery_id=$1 AND seq=$2`, [p.batteryId, last]);
      const tail = (await app.inject({ method: 'GET', url: `${url}/verify` })).json();
      assert.equal(tail.ok, false, 'truncation is caught against the stored head');
      assert.equal(tail.firstBad.problem, 'removed');
      await db.query(`DELETE FROM history_events WHERE battery_id=$1 AND seq=2`, [p.batteryId]);
      const mid = (await app.inject({ method: 'GET', url: `${url}/verify` })).json();
      assert.equal(mid.ok, false);
      assert.equal(mid.firstBad.problem, 'removed');
      assert.equal(mid.firstBad.seq, 3, 'the event after the gap is the first bad one');
    });

    await t.test("an OEM snapshot sets the passport's dynamic attributes; a safety alert adds a negative event; an impossible value refuses the event", async () => {
      const [d] = generateDemoPassports({ count: 1, seed: 23, now: new Date().toISOString(), issuer: { did: w.issuer.did, role: 'manufacturer', name: w.issuer.name } });
      assert.equal((await app.inject({ method: 'POST', url: '/api/passports', headers: { authorization: issuerAuth }, payload: createBody(d) })).statusCode, 201);
      const oem = w.others.oem;
      await w.grantAgreement(oem, d.batteryId);
      const oemAuth = `Bearer ${await w.token(oem)}`;
      const evUrl = `/api/passports/${d.batteryId}/events`;
      const headOf = async () => {
        const h = (await app.inject({ method: 'GET', url: `${evUrl}/head` })).json() as { seq: number; hash: string };
        return h.seq < 0 ? null : h;
      };
      const snapshot = {
        stateOfChargePct: 63.27, stateOfHealthPct: 91.5, fullEquivalentCycles: 212.6, energyThroughputKwh: 15293.4, capacityThroughputAh: 38232,
        temperatures: { minC: -4.5, maxC: 31 }, currentTemperatureC: 22.4, source: 'bms',
        stateOfCertifiedEnergyPct: 90.1, remainingCapacityAh: 109.8, remainingUsableEnergyKwh: 70.2, remainingPowerW: [{ atSocPct: 63.3, powerW: 181000 }],
        deepDischargeEvents: 0, overchargeEvents: 1, stateOfSafety: { score: 0.93, driver: 'temperature' },
      };
      const r = await app.inject({ method: 'POST', url: evUrl, headers: { authorization: oemAuth }, payload: { event: await w.sign(oem, d.batteryId, 'operationalSnapshot', snapshot, await headOf()) } });
      assert.equal(r.statusCode, 201, r.body);
      const seen = (await app.inject({ method: 'GET', url: `/api/passports/${d.batteryId}`, headers: { authorization: oemAuth } })).json() as Passport;
      const a = seen.attributes as Record<string, unknown>;
      assert.equal(a.stateOfCharge, 63.27);
      assert.equal(a.capacityFade, 8.5);
      assert.equal(a.numberOfFullCycles, 213);
      assert.equal(a.stateOfCertifiedEnergy, 90.1);
      assert.equal(a.remainingCapacity, 109.8);
      assert.deepEqual(a.remainingPowerCapability, [{ atSocPercent: 63.3, powerW: 181000 }]);
      // the extremes are over the whole life: the demo passport's earlier record stays unless this window exceeds it
      const prevT = (d.attributes as Record<string, unknown>).temperatureInformation as { minimumDegC: number; maximumDegC: number } | undefined;
      assert.deepEqual(a.temperatureInformation, { currentDegC: 22.4, minimumDegC: Math.min(-4.5, prevT?.minimumDegC ?? Infinity), maximumDegC: Math.max(31, prevT?.maximumDegC ?? -Infinity) });
      assert.ok(seen.attributeUpdatedAt?.stateOfCharge, 'dynamic attributes carry their update time');

      const alert = { level: 'critical', stateOfSafety: 0.12, factor: 'temperatureRise', detail: 'max cell temperature rose 6.5 K/min to 71 °C', negativeEvent: 'thermalIncident', source: 'bms' };
      const ra = await app.inject({ method: 'POST', url: evUrl, headers: { authorization: oemAuth }, payload: { event: await w.sign(oem, d.batteryId, 'safetyAlert', alert, await headOf()) } });
      assert.equal(ra.statusCode, 201, ra.body);
      const withAlert = (await app.inject({ method: 'GET', url: `/api/passports/${d.batteryId}`, headers: { authorization: oemAuth } })).json() as Passport;
      const neg = (withAlert.attributes as Record<string, unknown>).negativeEvents as { eventType: string; severity: string }[];
      assert.equal(neg.at(-1)?.eventType, 'thermalIncident');
      assert.equal(neg.at(-1)?.severity, 'critical');

      // a remaining capacity the catalogue cannot hold (> 2000 Ah) refuses the whole event: no event, no attribute
      const before = await headOf();
      const bad = await app.inject({ method: 'POST', url: evUrl, headers: { authorization: oemAuth }, payload: { event: await w.sign(oem, d.batteryId, 'operationalSnapshot', { ...snapshot, remainingCapacityAh: 5000 }, before) } });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.match(bad.body, /remainingCapacity/);
      assert.deepEqual(await headOf(), before, 'nothing half-written');
    });

    await t.test('repurposing creates a linked successor passport; recycling closes the passport for writes', async () => {
      const [q] = generateDemoPassports({ count: 1, seed: 99, now: new Date().toISOString(), issuer: { did: w.issuer.did, role: 'manufacturer', name: w.issuer.name } });
      assert.equal((await app.inject({ method: 'POST', url: '/api/passports', headers: { authorization: issuerAuth }, payload: createBody(q) })).statusCode, 201);
      const qurl = `/api/passports/${q.batteryId}/events`;
      const rm = w.others.remanufacturer;
      await w.grantAgreement(rm, q.batteryId);
      const newPassportId = `urn:uuid:${randomUUID()}`;
      const ev = await w.sign(rm, q.batteryId, 'repurposed', { newPassportId, newApplication: 'stationaryStorage', stateOfHealthPct: 78 }, null);
      const r = await app.inject({ method: 'POST', url: qurl, headers: { authorization: `Bearer ${await w.token(rm)}` }, payload: { event: ev } });
      assert.equal(r.statusCode, 201, r.body);
      const succ = (await app.inject({ method: 'GET', url: `/api/passports/${encodeURIComponent(newPassportId)}`, headers: { authorization: `Bearer ${await w.token(rm)}` } })).json() as Passport;
      assert.equal(succ.issuer.did, rm.did, 'the remanufacturer issues the successor passport');
      assert.equal(succ.predecessorPassportId, q.passportId);
      assert.equal(succ.status, 'repurposed');
      const pred = (await app.inject({ method: 'GET', url: `/api/passports/${q.batteryId}`, headers: { authorization: issuerAuth } })).json() as Passport;
      const predPublic = (await app.inject({ method: 'GET', url: `/api/passports/${q.batteryId}` })).json() as Passport;
      assert.equal(predPublic.status, undefined, 'status (#11) and Art. 77(7) links are legitimate-interest data');
      assert.equal(predPublic.successorPassportIds, undefined);
      assert.deepEqual(pred.successorPassportIds, [newPassportId]);

      const rc = w.others.recycler;
      await w.grantAgreement(rc, succ.batteryId);
      const h = (await app.inject({ method: 'GET', url: `/api/passports/${encodeURIComponent(succ.batteryId)}/events/head` })).json();
      const rec = await w.sign(rc, succ.batteryId, 'recycled', { inputMassKg: 400, recoveredMaterialsKg: { Li: 4.1, Cu: 30 }, process: 'hydrometallurgical', facility: { name: 'Hydromet Skellefteå', countryCode: 'SE' } }, h.seq < 0 ? null : h);
      const rr = await app.inject({ method: 'POST', url: `/api/passports/${encodeURIComponent(succ.batteryId)}/events`, headers: { authorization: `Bearer ${await w.token(rc)}` }, payload: { event: rec } });
      assert.equal(rr.statusCode, 201, rr.body);
      const closed = (await app.inject({ method: 'GET', url: `/api/passports/${encodeURIComponent(succ.batteryId)}`, headers: { authorization: `Bearer ${await w.token(rc)}` } })).json() as Passport;
      assert.equal(closed.closed, true);
      assert.equal(closed.status, 'waste');
      const after = await app.inject({ method: 'PATCH', url: `/api/passports/${encodeURIComponent(succ.batteryId)}/attributes`, headers: { authorization: `Bearer ${await w.token(w.others.testingFacility)}` }, payload: { attributes: { x: 1 } } });
      assert.equal(after.statusCode, 410, after.body);
    });
  });
}
