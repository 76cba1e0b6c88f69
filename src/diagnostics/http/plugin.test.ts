/**
 * The testing facility's workflow over HTTP on real nodes: a pulse test (features or raw series) → SoH, interval and
 * grade; refusals name the field; with `record`, the facility's signed testResult event lands in the passport on
 * the manufacturer's node, after the facility got access to the battery's data over the dataspace.
 */
/** A JSON response body as the tests read it: fields are checked by the assertions themselves. */
type Body = Record<string, unknown>;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace } from '../../../test/support/dataspace.js';
import { hasShared, sharedPath } from '../../../test/support/shared.js';
import { generateDemoPassports } from '../../passport/index.js';
import { passportAssetId } from '../../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../../dataspace/connector/index.js';
import { readPulseBatCsv } from '../adapters/pulsebat.js';
import { synthesiseFromFeatures } from '../core/synthetic.js';

const skip = hasShared ? false : '../shared absent: the test takes real PulseBat rows as its pulse tests';

test('SoH over HTTP: assess, refuse with the field, record as a signed testResult on the holder node', { skip, timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'lab', role: 'testingFacility', name: 'Battery Lab' },
    { key: 'recycler', role: 'recycler', name: 'Hydromet' },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.manufacturer;
  const lab = ds.nodes.lab;
  const [p] = generateDemoPassports({ count: 1, seed: 5, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
  const token = await ds.operatorToken(lab);
  const post = async <T = Body>(path: string, body: unknown) => {
    const r = await fetch(`${lab.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };
  const row = readPulseBatCsv(sharedPath('datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv')).find((r) => r.chem === 'LMO' && r.socPct === 30)!;

  type Soh = { soh: { pred: number; low: number; high: number; coverage: number }; grade: string; internalResistanceOhm: number; modelVersion: string; inputSha256: string; features: { u: number[] }; recorded: { duplicate: boolean }; errors: { field: string; reason: string }[] };
  const byFeatures = await post<Soh>('/api/diagnostics/soh', { chem: row.chem, nominalCapacityAh: row.qnAh, features: { u: row.u } });
  assert.equal(byFeatures.status, 200, JSON.stringify(byFeatures.body));
  const s = byFeatures.body.soh;
  assert.ok(s.low <= s.pred && s.pred <= s.high && s.high - s.low < 0.3, JSON.stringify(s));
  assert.ok(Math.abs(s.pred - row.soh) < 0.1, `prediction ${s.pred} vs measured ${row.soh}`);
  assert.match(byFeatures.body.grade, /^[ABCD]$/);
  assert.ok(byFeatures.body.internalResistanceOhm > 0);

  // a module of 4 cells in series: the same cell voltages ×4 give the same SoH
  const series = synthesiseFromFeatures(row.u, row.qnAh);
  const byPulse = await post<Soh>('/api/diagnostics/soh', { chem: row.chem, nominalCapacityAh: row.qnAh, seriesCells: 4, pulse: { timeS: [...series.timeS], currentA: [...series.currentA], voltageV: series.voltageV.map((v) => v * 4) } });
  assert.equal(byPulse.status, 200, JSON.stringify(byPulse.body));
  assert.ok(Math.abs(byPulse.body.soh.pred - s.pred) < 0.01, `${byPulse.body.soh.pred} vs ${s.pred}`);
  assert.equal(byPulse.body.features.u.length, 21);

  const unknown = await post<Soh>('/api/diagnostics/soh', { chem: 'NaIon', nominalCapacityAh: 10, features: { u: row.u } });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.errors[0].field, 'body.chem');
  const both = await post('/api/diagnostics/soh', { chem: 'LMO', nominalCapacityAh: 10, features: { u: row.u }, pulse: { timeS: [0, 1], currentA: [0, 0], voltageV: [4, 4] } });
  assert.equal(both.status, 422);
  const shortPulse = await post<Soh>('/api/diagnostics/soh', { chem: 'LMO', nominalCapacityAh: 10, pulse: { timeS: [0, 1, 2], currentA: [0, 0, 0], voltageV: [4, 4, 4] } });
  assert.equal(shortPulse.status, 422, 'a test that is not the protocol is refused, not answered');
  assert.equal(shortPulse.body.errors[0].field, 'body.pulse');
  const wrongU = await post('/api/diagnostics/soh', { chem: 'LMO', nominalCapacityAh: 10, features: { u: row.u.map(() => 9) } });
  assert.equal(wrongU.status, 422, 'out-of-range voltages are refused');

  const record = { batteryId: p.batteryId, componentId: 'pack', testTemperatureC: 24, holderUrl: m.url, holderDid: m.identity.did };
  const gated = await post('/api/diagnostics/soh', { chem: row.chem, nominalCapacityAh: row.qnAh, features: { u: row.u }, record });
  assert.equal(gated.status, 403, `without an agreement the holder refuses the write: ${JSON.stringify(gated.body)}`);
  // the lab gets access to the battery's data the regular way: negotiation + transfer over DSP
  const fetched = await post('/api/dataspace/fetch', { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(p.batteryId, 'legitimateInterest') });
  assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
  const recorded = await post('/api/diagnostics/soh', { chem: row.chem, nominalCapacityAh: row.qnAh, features: { u: row.u }, record });
  assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
  const again = await post<Soh>('/api/diagnostics/soh', { chem: row.chem, nominalCapacityAh: row.qnAh, features: { u: row.u }, record });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.equal(again.body.recorded.duplicate, true, 'the same test sent twice is one event');

  const mt = await ds.operatorToken(m);
  const events = (await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}/events`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { items: { type: string; author: { did: string }; payload: { method: string; modelVersion: string; inputSha256: string; stateOfHealthPct: number; stateOfHealthIntervalPct: { low: number }; pulseFeaturesV: number[] } }[] };
  const tr = events.items.filter((e) => e.type === 'testResult');
  assert.equal(tr.length, 1);
  assert.equal(tr[0].author.did, lab.identity.did);
  assert.equal(tr[0].payload.method, 'pulseTest');
  assert.equal(tr[0].payload.modelVersion, byFeatures.body.modelVersion);
  assert.equal(tr[0].payload.inputSha256, byFeatures.body.inputSha256);
  assert.ok(Math.abs(tr[0].payload.stateOfHealthPct - s.pred * 100) < 0.01);
  assert.ok(tr[0].payload.stateOfHealthIntervalPct.low <= tr[0].payload.stateOfHealthPct);
  assert.deepEqual(tr[0].payload.pulseFeaturesV, row.u.map((v) => Math.round(v * 1e5) / 1e5), 'the report carries the features the model saw');

  // the report is offered to others over the dataspace: a recycler's transfer of the battery's data carries it, signed
  const rec = ds.nodes.recycler;
  const rt = await ds.operatorToken(rec);
  const got = await fetch(`${rec.url}/api/dataspace/fetch`, { method: 'POST', headers: { authorization: `Bearer ${rt}`, 'content-type': 'application/json' }, body: JSON.stringify({ providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(p.batteryId, 'legitimateInterest') }) });
  assert.equal(got.status, 200);
  const shared = ((await got.json()) as { data: { testResults: { eventId: string; signature: string; author: { did: string } }[] } }).data.testResults;
  assert.equal(shared.length, 1);
  assert.equal(shared[0].author.did, lab.identity.did);
  assert.ok(shared[0].signature.length > 80, 'signed by the facility');

  const verify = await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}/events/verify`, { headers: { authorization: `Bearer ${mt}` } })).json();
  assert.equal((verify as { ok: boolean }).ok, true);
});
