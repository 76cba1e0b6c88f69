/**
 * Compliance routes on `buildApp` with a real database: who may write (the node's operator only) and read
 * (authenticated participants), problem+json naming fields, report content types, signing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactVerify, importJWK } from 'jose';
import { testBackends } from '../../../test/support/db.js';
import { buildApp } from '../../platform/app.js';
import { loadConfig } from '../../platform/config.js';
import { migrate } from '../../platform/db.js';
import { Unauthorized } from '../../platform/errors.js';
import type { Caller } from '../../platform/auth.js';
import { generateDemoPassports, type Passport } from '../../passport/index.js';
import { generateEd25519KeyPair, signCompactJws } from '../../dataspace/index.js';
import { complianceMigrations } from '../adapters/migrations.js';
import { ComplianceService } from '../service.js';
import { exampleOutputsFor } from '../core/intake-examples.js';
import { fillIntake } from '../core/intake.js';
import { CSV_COLUMNS } from '../core/report.js';
import { complianceHttp } from './plugin.js';

type Body = Record<string, unknown>;
const RECYCLER = 'did:web:recycler.test.example';
const TOKENS: Record<string, Caller> = {
  'tok-recycler-1': { did: RECYCLER, role: 'recycler', via: 'apiToken' },
  'tok-authority-1': { did: 'did:web:msa.test.example', role: 'authority', via: 'apiToken' },
  'tok-maker-00001': { did: 'did:web:maker.test.example', role: 'manufacturer', via: 'apiToken' },
};
const passports = generateDemoPassports({ count: 4, seed: 33, now: '2026-01-10T00:00:00Z', issuer: { did: 'did:web:maker.test.example', role: 'manufacturer', name: 'Cellforge' } }).filter((p) => p.model.chemistry === 'NMC');

async function world(backend: ReturnType<typeof testBackends>[number]) {
  const db = await backend.open();
  await migrate(db, complianceMigrations);
  const key = generateEd25519KeyPair(`${RECYCLER}#key-1`);
  const byId = new Map<string, Passport>(passports.map((p) => [p.batteryId, p]));
  const service = new ComplianceService({
    db, now: () => new Date('2026-04-02T08:00:00Z'),
    passportOf: async (id) => byId.get(id) ?? null,
    append: async () => ({ ok: true, seq: 3 }),
    sign: async (payload) => signCompactJws({ alg: 'EdDSA', typ: 'JWT', kid: key.privateJwk.kid }, JSON.stringify(payload), key.privateJwk),
  });
  let wakes = 0;
  const app = await buildApp({
    config: loadConfig({ logLevel: 'silent' }, {}),
    title: 'compliance test',
    nodeDid: () => RECYCLER,
    logger: false,
    authenticator: { authenticate: async (bearer) => TOKENS[bearer] ?? Promise.reject(new Unauthorized('unknown token')) },
    domains: [{ name: 'compliance', plugin: complianceHttp, options: { service, operatorDid: () => RECYCLER, wake: () => wakes++ } }],
  });
  const call = async (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) => {
    const r = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as Body } : {}) });
    const type = String(r.headers['content-type'] ?? '');
    return { status: r.statusCode, type, headers: r.headers, text: r.body, body: type.includes('json') ? (r.json() as Body) : ({} as Body) };
  };
  return { db, app, call, key, wakes: () => wakes };
}

function batchBody(batchId: string, ps: Passport[]) {
  const items = ps.map((p, i) => {
    const r = fillIntake({ batteryId: p.batteryId }, p, `x[${i}]`);
    assert.ok(r.ok);
    return r.value.item;
  });
  return {
    batchId, processedOn: '2026-03-30', facility: { name: 'Hydromet Salzgitter', countryCode: 'DE' },
    route: ['discharge', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy'],
    intake: ps.map((p) => ({ batteryId: p.batteryId })), outputs: exampleOutputsFor(items),
  };
}

const fields = (b: Body) => (b.errors as { field: string }[]).map((e) => e.field);

for (const backend of testBackends()) {
  test(`[${backend.name}] compliance HTTP: operator-only writes, participant reads, problems name fields, reports in three formats, signed reports`, async (t) => {
    const w = await world(backend);
    t.after(async () => {
      await w.app.close();
      await w.db.close();
    });
    const body = batchBody('B-h1', passports.slice(0, 2));
    assert.equal((await w.call('POST', '/api/compliance/batches', undefined, body)).status, 401);
    const maker = await w.call('POST', '/api/compliance/batches', 'tok-maker-00001', body);
    assert.equal(maker.status, 403);
    assert.match(maker.type, /^application\/problem\+json/);
    const typo = await w.call('POST', '/api/compliance/batches', 'tok-recycler-1', { ...body, intake: [{ batteryId: 'X', massKgs: 3 }] });
    assert.equal(typo.status, 400);
    assert.ok(fields(typo.body).includes('body.intake.0.massKgs'), JSON.stringify(typo.body));
    const over = structuredClone(body);
    over.outputs.find((o) => o.fractionId === 'F-Li')!.componentsKg.Li! *= 2;
    const bad = await w.call('POST', '/api/compliance/batches', 'tok-recycler-1', over);
    assert.equal(bad.status, 422);
    assert.match(fields(bad.body)[0], /^body\.outputs\[\d+\]\.componentsKg\.Li$/);

    const created = await w.call('POST', '/api/compliance/batches', 'tok-recycler-1', body);
    assert.equal(created.status, 201, created.text);
    assert.equal(w.wakes(), 1, 'the delivery loop is woken after an intake');
    assert.equal((created.body.recycledEvents as unknown[]).length, 2);
    assert.equal((await w.call('POST', '/api/compliance/batches', 'tok-recycler-1', body)).status, 409);

    const read = await w.call('GET', '/api/compliance/batches/B-h1', 'tok-authority-1');
    assert.equal(read.status, 200);
    assert.equal((read.body.batch as { recyclerId: string }).recyclerId, RECYCLER);
    assert.equal((await w.call('GET', '/api/compliance/batches/B-h1')).status, 401);
    assert.equal((await w.call('GET', '/api/compliance/batches/B-none', 'tok-authority-1')).status, 404);
    const list = await w.call('GET', '/api/compliance/batches?year=2026', 'tok-maker-00001');
    assert.deepEqual((list.body.items as { batchId: string }[]).map((i) => i.batchId), ['B-h1']);

    const csv = await w.call('GET', '/api/compliance/reports/batch/B-h1?format=csv', 'tok-authority-1');
    assert.equal(csv.status, 200);
    assert.equal(csv.type, 'text/csv; charset=utf-8');
    assert.equal(csv.text.split('\n')[0], CSV_COLUMNS.join(','));
    const html = await w.call('GET', '/api/compliance/reports/year/2026?format=html', 'tok-authority-1');
    assert.equal(html.type, 'text/html; charset=utf-8');
    assert.match(String(html.headers['content-security-policy']), /default-src 'none'/);
    assert.match(html.text, /<svg role="img"/);
    const json = await w.call('GET', '/api/compliance/reports/batch/B-h1', 'tok-authority-1');
    assert.equal(json.type, 'application/json; charset=utf-8');
    assert.equal(json.body.kind, 'batch');
    assert.equal((await w.call('GET', '/api/compliance/reports/batch/B-h1?format=pdf', 'tok-authority-1')).status, 400);

    const lots = (await w.call('GET', '/api/compliance/lots?element=Ni', 'tok-maker-00001')).body.items as { lotId: string; elementMassKg: number }[];
    assert.equal(lots.length, 1);
    const url = `/api/compliance/lots/${encodeURIComponent(lots[0].lotId)}/allocations`;
    assert.equal((await w.call('POST', url, 'tok-maker-00001', { modelId: 'CF-NMC-75', elementMassKg: 5 })).status, 403);
    assert.equal((await w.call('POST', url, 'tok-recycler-1', { modelId: 'CF-NMC-75', elementMassKg: 5 })).status, 201);
    const tooMuch = await w.call('POST', url, 'tok-recycler-1', { modelId: 'CF-NMC-90', elementMassKg: lots[0].elementMassKg });
    assert.equal(tooMuch.status, 409);
    assert.deepEqual(fields(tooMuch.body), ['body.elementMassKg']);

    const rc = await w.call('POST', '/api/compliance/recycled-content', 'tok-maker-00001', { models: [{ modelId: 'CF-NMC-75', placedOnMarketOn: '2031-09-01', primary: [{ element: 'Ni', elementMassKg: 45 }] }] });
    assert.equal(rc.status, 200, rc.text);
    const ni = (rc.body.models as { shares: { element: string; postConsumerPct: number }[] }[])[0].shares.find((s) => s.element === 'Ni')!;
    assert.equal(ni.postConsumerPct, 10);
    const model = { modelId: 'CF-NMC-75', placedOnMarketOn: '2031-09-01', primary: [{ element: 'Ni', elementMassKg: 45 }], footprint: { lifetimeEnergyKWh: 120_000, contributions: [{ stage: 'main-product-production', description: 'pack', kgCO2e: 5400, source: 'plant LCA' }] } };
    const mhtml = await w.call('POST', '/api/compliance/reports/model?format=html', 'tok-authority-1', model);
    assert.equal(mhtml.status, 200, mhtml.text);
    assert.match(mhtml.text, /Art\. 8\(2\)/);
    const cf = await w.call('POST', '/api/compliance/carbon-footprint', 'tok-maker-00001', { modelId: 'CF-NMC-75', lifetimeEnergyKWh: 120_000, contributions: [{ stage: 'distribution', description: 'ship', kgCO2e: 120, source: 'GLEC v3' }], classThresholds: [{ label: 'A', maxPerKWh: 0.01 }] });
    assert.equal(cf.status, 200);
    assert.equal((cf.body.performanceClass as { label: string }).label, 'A');
    const noSource = await w.call('POST', '/api/compliance/carbon-footprint', 'tok-maker-00001', { modelId: 'M', lifetimeEnergyKWh: 1, contributions: [{ stage: 'distribution', description: 'ship', kgCO2e: 1, source: '  ' }] });
    assert.equal(noSource.status, 422, 'a blank source is refused by the core');

    const targets = await w.call('GET', '/api/compliance/targets');
    assert.equal(targets.status, 200, 'the target table is public law');
    assert.ok((targets.body.targets as { legalRefText: string }[]).some((x) => /Annex XII, Part B/.test(x.legalRefText)));

    assert.equal((await w.call('POST', '/api/compliance/reports/sign', 'tok-authority-1', { kind: 'batch', key: 'B-h1' })).status, 403);
    const signed = await w.call('POST', '/api/compliance/reports/sign', 'tok-recycler-1', { kind: 'batch', key: 'B-h1' });
    assert.equal(signed.status, 201, signed.text);
    const fetched = await w.call('GET', `/api/compliance/reports/signed/${signed.body.id}`, 'tok-authority-1');
    assert.equal(fetched.status, 200);
    const { payload } = await compactVerify(String(fetched.body.jws), await importJWK(w.key.publicJwk, 'EdDSA'));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)).report, fetched.body.report);
    const modelSign = await w.call('POST', '/api/compliance/reports/sign', 'tok-recycler-1', { kind: 'model', key: 'CF-NMC-75' });
    assert.equal(modelSign.status, 422);
    assert.deepEqual(fields(modelSign.body), ['body.input']);
  });
}
