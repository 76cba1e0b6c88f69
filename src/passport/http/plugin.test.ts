/**
 * Passport API on a real node and a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
 * The role × attribute walk proves that GET returns exactly the attributes each tier may see (Art. 77(2), Annex XIII).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../../../test/support/db.js';
import { startTestWorld, createBody, OTHER_ROLES, type TestWorld } from '../../../test/support/participants.js';
import { CATALOGUE, generateDemoPassports, readableTiers, type Passport, type Role } from '../core/index.js';

async function world(backend: ReturnType<typeof testBackends>[number]): Promise<{ w: TestWorld; p: Passport; auth: string }> {
  const db = await backend.open();
  const w = await startTestWorld(db);
  const [p] = generateDemoPassports({ count: 1, seed: 7, now: new Date().toISOString(), issuer: { did: w.issuer.did, role: 'manufacturer', name: w.issuer.name } });
  const auth = `Bearer ${await w.token(w.issuer)}`;
  const res = await w.node.app.inject({ method: 'POST', url: '/api/passports', headers: { authorization: auth }, payload: createBody(p) });
  assert.equal(res.statusCode, 201, res.body);
  const orig = w.close;
  w.close = async () => {
    await orig();
    await db.close();
  };
  return { w, p, auth };
}

for (const backend of testBackends()) {
  test(`passport API on ${backend.name}`, async (t) => {
    const { w, p, auth } = await world(backend);
    t.after(() => w.close());
    const app = w.node.app;

    await t.test('role × attribute: GET returns exactly the readable tiers', async () => {
      const callers: { label: string; role: Role; header?: string; isIssuer: boolean }[] = [
        { label: 'anonymous public', role: 'public', isIssuer: false },
        { label: 'issuer', role: 'manufacturer', header: auth, isIssuer: true },
        ...(await Promise.all(OTHER_ROLES.map(async (r) => ({ label: r, role: r, header: `Bearer ${await w.token(w.others[r])}`, isIssuer: false })))),
      ];
      let checked = 0;
      for (const c of callers) {
        const res = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}`, headers: c.header ? { authorization: c.header } : {} });
        assert.equal(res.statusCode, 200, `${c.label}: ${res.body}`);
        const got = res.json() as Passport;
        const tiers = readableTiers(c.role, { isIssuer: c.isIssuer });
        for (const def of CATALOGUE) {
          const visible = Object.hasOwn(got.attributes, def.key);
          assert.equal(visible, tiers.has(def.tier), `${c.label} × #${def.number} ${def.key} (${def.tier})`);
          if (visible) assert.deepEqual(got.attributes[def.key], p.attributes[def.key], `${c.label} sees the stored value of ${def.key}`);
          checked++;
        }
      }
      assert.equal(checked, callers.length * CATALOGUE.length);
      assert.equal(CATALOGUE.length, 93);
      t.diagnostic(`role × attribute matrix: ${callers.length} callers × ${CATALOGUE.length} attributes = ${checked} checks`);
    });

    await t.test('the testing facility writes test results, never composition; nothing half-written', async () => {
      const tf = `Bearer ${await w.token(w.others.testingFacility)}`;
      const before = (await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}`, headers: { authorization: auth } })).json() as Passport;
      const sohKey = CATALOGUE.find((d) => d.writers.includes('testingFacility') && d.type.kind === 'number')!;
      const compKey = CATALOGUE.find((d) => d.group === 'materialsAndComposition')!;
      const mixed = await app.inject({ method: 'PATCH', url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: tf }, payload: { attributes: { [sohKey.key]: 50, [compKey.key]: p.attributes[compKey.key] } } });
      assert.equal(mixed.statusCode, 403, mixed.body);
      assert.ok((mixed.json().errors as { field: string }[]).some((e) => e.field === `attributes.${compKey.key}`), 'names the forbidden attribute');
      const after = (await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}`, headers: { authorization: auth } })).json() as Passport;
      assert.equal(after.version, before.version, 'rejected write changed nothing');
      assert.deepEqual(after.attributes[sohKey.key], before.attributes[sohKey.key]);
      const ok = await app.inject({ method: 'PATCH', url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: tf }, payload: { attributes: { [sohKey.key]: 50 } } });
      assert.equal(ok.statusCode, 200, ok.body);
      const written = (await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}`, headers: { authorization: auth } })).json() as Passport;
      assert.equal(written.attributes[sohKey.key], 50);
      assert.equal(written.version, before.version + 1);
      assert.ok(Date.parse(written.attributeUpdatedAt[sohKey.key]) >= Date.parse(before.updatedAt), 'last-update time recorded');
    });

    await t.test('invalid values: every failing attribute is named, nothing written', async () => {
      const numeric = CATALOGUE.filter((d) => d.type.kind === 'number' && d.writers.length >= 0).slice(0, 2);
      const payload = { attributes: { [numeric[0].key]: 1e12, [numeric[1].key]: 'not a number', notAnAttribute: 1 } };
      const res = await app.inject({ method: 'PATCH', url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: auth }, payload });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
      assert.deepEqual(fields, [`attributes.${numeric[0].key}`, `attributes.${numeric[1].key}`, 'attributes.notAnAttribute'].sort());
      const [fresh] = generateDemoPassports({ count: 1, seed: 8, now: new Date().toISOString(), issuer: { did: w.issuer.did, role: 'manufacturer', name: w.issuer.name } });
      const before = (await app.inject({ method: 'GET', url: '/api/passports?limit=500' })).json().items.length;
      const bad = await app.inject({ method: 'POST', url: '/api/passports', headers: { authorization: auth }, payload: { ...createBody(fresh), attributes: { ...fresh.attributes, ratedCapacity: -5 } } });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.ok((bad.json().errors as { field: string }[]).some((e) => e.field === 'attributes.ratedCapacity'));
      assert.equal((await app.inject({ method: 'GET', url: '/api/passports?limit=500' })).json().items.length, before, 'nothing written');
    });

    await t.test('malformed requests are 4xx problem+json naming the field, never 5xx', async () => {
      const cases = [
        { name: 'malformed JSON', req: { method: 'PATCH' as const, url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: auth, 'content-type': 'application/json' }, payload: '{"attributes": {' }, status: 400 },
        { name: 'wrong content type', req: { method: 'PATCH' as const, url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: auth, 'content-type': 'text/plain' }, payload: 'x' }, status: 415 },
        { name: 'oversized body', req: { method: 'PATCH' as const, url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: auth, 'content-type': 'application/json' }, payload: JSON.stringify({ attributes: { x: 'a'.repeat(2 * 1024 * 1024) } }) }, status: 413 },
        { name: 'wrong type', req: { method: 'PATCH' as const, url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: auth }, payload: { attributes: 'x' } }, status: 400 },
        { name: 'unknown body property', req: { method: 'PATCH' as const, url: `/api/passports/${p.batteryId}/attributes`, headers: { authorization: auth }, payload: { attributes: { a: 1 }, sneaky: true } }, status: 400 },
        { name: 'garbage bearer', req: { method: 'GET' as const, url: `/api/passports/${p.batteryId}`, headers: { authorization: 'Bearer not-a-token-at-all' } }, status: 401 },
        { name: 'unknown passport', req: { method: 'GET' as const, url: '/api/passports/NOPE-123' }, status: 404 },
        { name: 'path traversal id', req: { method: 'GET' as const, url: '/api/passports/..%2F..%2Fetc%2Fpasswd' }, status: 400 },
        { name: 'anonymous write', req: { method: 'PATCH' as const, url: `/api/passports/${p.batteryId}/attributes`, payload: { attributes: { a: 1 } } }, status: 401 },
      ];
      for (const c of cases) {
        const res = await app.inject(c.req);
        assert.equal(res.statusCode, c.status, `${c.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/, c.name);
        const body = res.json();
        assert.equal(body.status, c.status);
        if (c.status === 400 || c.status === 413 || c.status === 415) assert.ok(Array.isArray(body.errors) && body.errors[0].field, `${c.name} names a field`);
      }
    });

    await t.test('tokens: expired, wrong audience, wrong key and unregistered participants are refused', async () => {
      const { signAccessToken, generateParticipantKeys } = await import('../../dataspace/identity/index.js');
      const o = w.others.oem;
      const expired = await signAccessToken({ did: o.did, role: o.role, privateJwk: o.privateJwk, audience: w.node.identity.did, now: new Date(Date.now() - 3600_000), ttlSeconds: 300 });
      const wrongAud = await signAccessToken({ did: o.did, role: o.role, privateJwk: o.privateJwk, audience: 'did:web:elsewhere.example', now: new Date() });
      const stranger = generateParticipantKeys(o.did);
      const wrongKey = await signAccessToken({ did: o.did, role: o.role, privateJwk: stranger.privateJwk, audience: w.node.identity.did, now: new Date() });
      const claimsRecycler = await signAccessToken({ did: o.did, role: 'recycler', privateJwk: o.privateJwk, audience: w.node.identity.did, now: new Date() });
      for (const [name, tok] of Object.entries({ expired, wrongAud, wrongKey, claimsRecycler })) {
        const res = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}`, headers: { authorization: `Bearer ${tok}` } });
        assert.equal(res.statusCode, 401, `${name}: ${res.body}`);
      }
    });

    await t.test('public page, QR code, list, OpenAPI 3.1', async () => {
      const page = await app.inject({ method: 'GET', url: `/p/${p.batteryId}?lang=de` });
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /text\/html/);
      assert.ok(page.body.includes(p.batteryId) && page.body.includes('Batteriepass'));
      const liOnly = CATALOGUE.find((d) => d.tier === 'legitimateInterest' && typeof p.attributes[d.key] === 'string' && String(p.attributes[d.key]).length > 8)!;
      assert.ok(!page.body.includes(String(p.attributes[liOnly.key])), 'public page shows nothing above the public tier');
      const svg = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}/qr.svg` });
      assert.equal(svg.statusCode, 200);
      assert.match(svg.body, /^<svg/);
      const png = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}/qr.png` });
      assert.equal(png.headers['content-type'], 'image/png');
      assert.deepEqual([...png.rawPayload.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      const list = await app.inject({ method: 'GET', url: `/api/passports?chemistry=${p.model.chemistry}&limit=5` });
      assert.equal(list.statusCode, 200);
      assert.equal(list.json().items[0].batteryId, p.batteryId);
      const oa = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
      assert.equal(oa.openapi, '3.1.0');
      const docs = await app.inject({ method: 'GET', url: '/docs/' });
      assert.equal(docs.statusCode, 200, 'the docs page is served');
      assert.match(docs.body, /swagger/i);
      assert.ok(oa.paths['/api/passports/{id}'] && oa.paths['/api/passports/{id}/events']);
    });

    await t.test('exports over the API carry only the caller tier and name files by namespace', async () => {
      const full = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}/export?format=catenax`, headers: { authorization: auth } });
      assert.equal(full.statusCode, 200, full.body);
      assert.equal(full.json().files[0].fileName, 'io.catenax.battery.battery_pass.json');
      // Catena-X requires legitimate-interest data: the public view cannot fill it, and the refusal names what is missing
      const pub = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}/export?format=catenax` });
      assert.equal(pub.statusCode, 422, pub.body);
      assert.ok(pub.json().errors.length > 0);
      const idta = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}/export?format=idta`, headers: { authorization: auth } });
      assert.ok((idta.json().files as { fileName: string }[]).some((f) => f.fileName === 'io.admin-shell.idta.batterypass.technical_data.json'));
      const pubIdta = (await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}/export?format=idta` })).json();
      const text = JSON.stringify(pubIdta.files);
      const li = CATALOGUE.find((d) => d.key === 'remainingCapacity')!;
      assert.ok(!text.includes('RemainingCapacity') || p.attributes[li.key] === undefined, 'no legitimate-interest values in a public export');
      const bad = await app.inject({ method: 'GET', url: `/api/passports/${p.batteryId}/export?format=xml` });
      assert.equal(bad.statusCode, 400);
    });

    await t.test('import from an export creates the passport on this node', async () => {
      const [q] = generateDemoPassports({ count: 1, seed: 31337, now: new Date().toISOString(), issuer: { did: w.issuer.did, role: 'manufacturer', name: w.issuer.name } });
      const { exportPassport } = await import('../core/exports/index.js');
      const files = exportPassport(q, 'jsonld').files;
      const r = await app.inject({ method: 'POST', url: '/api/passports/import', headers: { authorization: auth }, payload: { format: 'jsonld', files } });
      assert.equal(r.statusCode, 201, r.body);
      const bad = await app.inject({ method: 'POST', url: '/api/passports/import', headers: { authorization: auth }, payload: { format: 'jsonld', files: [{ ...files[0], content: { '@type': 'Nope' } }] } });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.ok(bad.json().errors[0].field);
    });
  });
}
