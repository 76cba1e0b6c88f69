/**
 * The compliance service on real nodes with the ports the composition root uses: a recycler node fetches the
 * passports from the manufacturer's node over the dataspace, takes a batch in, and its outbox writes each battery's
 * `recycled` event into the passport on the manufacturer's node, which closes it (Art. 77(6)); a signed report
 * verifies with the recycler's published key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace } from '../../../test/support/dataspace.js';
import { migrate } from '../../platform/db.js';
import { generateDemoPassports, type Passport } from '../../passport/index.js';
import { verifyCompactJws } from '../../dataspace/index.js';
import { passportAssetId } from '../../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../../dataspace/connector/index.js';
import { complianceMigrations } from './migrations.js';
import { compliancePorts } from './node-ports.js';
import { ComplianceService } from '../service.js';
import { exampleOutputsFor } from '../core/intake-examples.js';
import { fillIntake } from '../core/intake.js';

test('recycled events reach the passports on the holder node and close them; the report signature verifies', { timeout: 180_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'maker', role: 'manufacturer', name: 'Cellforge' },
    { key: 'recycler', role: 'recycler', name: 'Hydromet Salzgitter' },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.maker;
  const r = ds.nodes.recycler;
  const ps = generateDemoPassports({ count: 10, seed: 5, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } }).filter((p) => p.model.chemistry === 'NMC').slice(0, 2);
  assert.equal(ps.length, 2);
  for (const p of ps) await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);

  await migrate(r.db, complianceMigrations);
  const token = await ds.operatorToken(r);
  let fetched = 0;
  const service = new ComplianceService({
    db: r.db,
    now: () => new Date(),
    ...compliancePorts({
      identity: () => r.identity,
      now: () => new Date(),
      localPassport: (id) => r.passports.getFull(id).catch(() => null),
      // the recycler's legitimate-interest view (Annex XIII(2)-(4)) carries the materials list the intake needs
      remotePassport: async (batteryId, holderDid) => {
        const url = (await r.registry.get(holderDid))?.baseUrl;
        if (!url) return null;
        const res = await fetch(`${r.url}/api/dataspace/fetch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ providerUrl: `${url}${DSP_BASE_PATH}`, providerDid: holderDid, assetId: passportAssetId(batteryId, 'legitimateInterest') }) });
        if (!res.ok) return null;
        fetched++;
        return ((await res.json()) as { data: Passport }).data;
      },
      appendHere: async (batteryId, draft) => ({ seq: (await r.history.appendDraft({ did: r.identity.did, role: r.identity.role, name: r.identity.name }, batteryId, draft)).event.seq }),
      baseUrlOf: async (did) => (await r.registry.get(did))?.baseUrl ?? null,
    }),
  });

  const items = ps.map((p, i) => {
    const f = fillIntake({ batteryId: p.batteryId }, p, `x[${i}]`);
    assert.ok(f.ok);
    return f.value.item;
  });
  const view = await service.intake({
    batchId: 'B-E2E', processedOn: new Date().toISOString().slice(0, 10), facility: { name: 'Plant Salzgitter', countryCode: 'DE' },
    route: ['discharge', 'black-mass', 'hydrometallurgy'],
    intake: ps.map((p) => ({ batteryId: p.batteryId, holderDid: m.identity.did })), outputs: exampleOutputsFor(items),
  }, r.identity.did);
  assert.equal(fetched, 2, 'both passports came over the dataspace');
  assert.ok(view.intake.every((i) => i.compositionBasis === 'passport-materials'), 'the legitimate-interest view carries batteryMaterials');

  assert.equal(await service.deliverPending(), 2);
  for (const p of ps) {
    const full = await m.passports.getFull(p.batteryId);
    assert.equal(full.closed, true, 'the passport closes with its recycled event');
    assert.equal(full.status, 'waste');
    const events = await m.history.list(p.batteryId);
    const last = events[events.length - 1].event;
    assert.equal(last.type, 'recycled');
    assert.equal(last.author.did, r.identity.did);
    assert.equal((await m.history.verify(p.batteryId)).ok, true);
  }
  // a lost answer: the outbox sends again; the holder recognises the event id and nothing is written twice
  await r.db.query(`UPDATE compliance_recycled_outbox SET status='pending', next_attempt_at=now()`);
  assert.equal(await service.deliverPending(), 2);
  assert.equal((await m.history.list(ps[0].batteryId)).filter((e) => e.event.type === 'recycled').length, 1);

  const signed = await service.signReport('batch', 'B-E2E');
  const check = verifyCompactJws(signed.jws, r.identity.publicJwk);
  assert.ok(check.ok);
  assert.equal(JSON.parse(check.payload.toString('utf8')).iss, r.identity.did);
});
