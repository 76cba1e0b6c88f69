/**
 * Registry API on `buildApp` with the real participant authenticator (pinned keys in the trust list) and a real
 * database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { testBackends } from '../../../../test/support/db.js';
import { buildApp } from '../../../platform/app.js';
import { loadConfig } from '../../../platform/config.js';
import { migrate } from '../../../platform/db.js';
import { trustMigrations } from '../../trust/migrations.js';
import { PgParticipantStore } from '../../trust/pg-participant-store.js';
import { DidKeyResolver } from '../../trust/key-resolver.js';
import { ParticipantAuthenticator } from '../../trust/authenticator.js';
import { generateParticipantKeys, signAccessToken, type Ed25519PrivateJwk } from '../../identity/index.js';
import type { Role } from '../../../passport/index.js';
import { registryMigrations, PgShellDescriptorStore, RegistryService, registryPlugin } from '../index.js';
import { batteryShellDescriptor, encodeId, globalReference, negotiationTargets, MAX_AAS_ID_BYTES, PUBLIC_READABLE, SEMANTIC_IDS, type AssetAdministrationShellDescriptor } from '../core/index.js';

const NODE_DID = 'did:web:registry.test.example';
const DSP = 'https://cellforge.test.example/api/dsp';

interface Party {
  did: string;
  role: Role;
  privateJwk: Ed25519PrivateJwk;
}

async function world(backend: ReturnType<typeof testBackends>[number]) {
  const db = await backend.open();
  await migrate(db, [...trustMigrations, ...registryMigrations]);
  const participants = new PgParticipantStore(db);
  const parties: Record<string, Party> = {};
  for (const [key, role] of [['maker', 'manufacturer'], ['reman', 'remanufacturer'], ['recycler', 'recycler'], ['oem', 'oem']] as const) {
    const did = `did:web:${key}.test.example`;
    const k = generateParticipantKeys(did);
    await participants.upsert({ did, role, name: key, publicJwk: k.publicJwk, baseUrl: null });
    parties[key] = { did, role, privateJwk: k.privateJwk };
  }
  const now = () => new Date();
  const app = await buildApp({
    config: loadConfig({ logLevel: 'silent' }, {}),
    title: 'registry test',
    nodeDid: () => NODE_DID,
    logger: false,
    authenticator: new ParticipantAuthenticator({ registry: participants, keys: new DidKeyResolver({ registry: participants, allowInsecureLoopback: false }), now, maxClockSkewSeconds: 30, maxTokenTtlSeconds: 600 }),
    domains: [{ name: 'registry', plugin: registryPlugin, options: { service: new RegistryService({ store: new PgShellDescriptorStore(db), now }) } }],
  });
  const auth = async (p: Party) => ({ authorization: `Bearer ${await signAccessToken({ did: p.did, role: p.role, privateJwk: p.privateJwk, audience: NODE_DID, now: new Date() })}` });
  return { db, app, parties, auth };
}

function battery(n: number, holderDid: string, readers?: string[]): AssetAdministrationShellDescriptor {
  return batteryShellDescriptor({
    batteryId: `BAT-${n}`,
    passportId: `P-${n}`,
    manufacturerModelId: 'CF-NMC-75',
    holderDid,
    readers,
    submodels: [{ semanticId: SEMANTIC_IDS.catenaxBatteryPass, assetId: `bp-${n}`, href: `https://cellforge.test.example/submodels/${n}`, dspEndpoint: DSP, idShort: 'BatteryPass' }],
  });
}

const path = (id: string) => `/shell-descriptors/${encodeId(id)}`;

for (const backend of testBackends()) {
  test(`registry API on ${backend.name}`, async (t) => {
    const { db, app, parties, auth } = await world(backend);
    t.after(async () => {
      await app.close();
      await db.close();
    });
    const { maker, reman, recycler, oem } = parties;
    const inject = (app as FastifyInstance).inject.bind(app);
    const pub = battery(1, maker.did);
    const restricted = battery(2, maker.did, [recycler.did]);

    await t.test('register: 201 with Location, owner = caller; 401 anonymous; 409 duplicate', async () => {
      const anon = await inject({ method: 'POST', url: '/shell-descriptors', payload: pub });
      assert.equal(anon.statusCode, 401);
      const res = await inject({ method: 'POST', url: '/shell-descriptors', headers: await auth(maker), payload: pub });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers.location, path(pub.id));
      assert.deepEqual(res.json(), pub);
      assert.equal((await inject({ method: 'POST', url: '/shell-descriptors', headers: await auth(maker), payload: restricted })).statusCode, 201);
      const dup = await inject({ method: 'POST', url: '/shell-descriptors', headers: await auth(reman), payload: pub });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.headers['content-type'], 'application/problem+json; charset=utf-8');
    });

    await t.test('bad input → 400 naming the field', async () => {
      const cases: [string, unknown, string][] = [
        ['unknown property', { ...pub, id: 'urn:x1', description: [] }, 'body.description'],
        ['missing id', { specificAssetIds: [] }, 'body.id'],
        ['subject not a DID', { id: 'urn:x2', specificAssetIds: [{ name: 'a', value: 'b', externalSubjectId: globalReference('BPNL0001') }] }, 'body.specificAssetIds.0.externalSubjectId.keys.0.value'],
        ['bad subprotocolBody', { ...pub, id: 'urn:x3', submodelDescriptors: [{ ...pub.submodelDescriptors[0], endpoints: [{ interface: 'SUBMODEL-3.0', protocolInformation: { href: 'https://h.example', subprotocol: 'DSP', subprotocolBody: 'id=a' } }] }] }, 'body.submodelDescriptors.0.endpoints.0.protocolInformation.subprotocolBody'],
        ['wrong interface', { ...pub, id: 'urn:x4', submodelDescriptors: [{ ...pub.submodelDescriptors[0], endpoints: [{ ...pub.submodelDescriptors[0].endpoints[0], interface: 'AAS-3.0' }] }] }, 'body.submodelDescriptors.0.endpoints.0.interface'],
      ];
      for (const [why, payload, field] of cases) {
        const res = await inject({ method: 'POST', url: '/shell-descriptors', headers: await auth(maker), payload: payload as object });
        assert.equal(res.statusCode, 400, `${why}: ${res.body}`);
        const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
        assert.ok(fields.includes(field), `${why}: ${fields.join(', ')}`);
      }
      for (const bad of ['not*base64', 'YR', 'dXJuOng/Pg']) {
        const res = await inject({ method: 'GET', url: `/shell-descriptors/${encodeURIComponent(bad)}` });
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.json().errors[0].field, 'params.aasIdentifier');
      }
      const cur = await inject({ method: 'GET', url: '/shell-descriptors?cursor=bogus' });
      assert.equal(cur.statusCode, 400);
      assert.equal(cur.json().errors[0].field, 'querystring.cursor');
      const lim = await inject({ method: 'GET', url: '/shell-descriptors?limit=0' });
      assert.equal(lim.statusCode, 400);
      assert.equal(lim.json().errors[0].field, 'querystring.limit');
    });

    await t.test('read by id: visibility filters ids; invisible or unknown → 404', async () => {
      const mine = await inject({ method: 'GET', url: path(restricted.id), headers: await auth(maker) });
      assert.deepEqual(mine.json(), restricted, 'owner sees everything');
      const theirs = await inject({ method: 'GET', url: path(restricted.id), headers: await auth(recycler) });
      assert.equal(theirs.statusCode, 200);
      assert.equal(theirs.json().specificAssetIds.length, 4);
      assert.equal((await inject({ method: 'GET', url: path(restricted.id), headers: await auth(oem) })).statusCode, 404);
      assert.equal((await inject({ method: 'GET', url: path(restricted.id) })).statusCode, 404);
      const anonPub = await inject({ method: 'GET', url: path(pub.id) });
      assert.equal(anonPub.statusCode, 200);
      const targets = negotiationTargets(anonPub.json());
      assert.deepEqual(targets.map((x) => [x.assetId, x.dspEndpoint]), [['bp-1', DSP]], 'a public reader learns what to negotiate where');
      assert.equal((await inject({ method: 'GET', url: path('urn:unknown') })).statusCode, 404);
      const padded = await inject({ method: 'GET', url: `/shell-descriptors/${Buffer.from(pub.id).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}` });
      assert.equal(padded.statusCode, 200, 'correctly padded base64url is accepted too');
      const sm = await inject({ method: 'GET', url: `${path(pub.id)}/submodel-descriptors` });
      assert.deepEqual(sm.json(), { paging_metadata: {}, result: pub.submodelDescriptors });
      assert.equal((await inject({ method: 'GET', url: `${path(restricted.id)}/submodel-descriptors`, headers: await auth(oem) })).statusCode, 404);
    });

    await t.test('lookup by asset link: AND semantics, visibility, deprecated GET form', async () => {
      const lookup = async (links: { name: string; value: string }[], headers: Record<string, string> = {}) => {
        const res = await inject({ method: 'POST', url: '/lookup/shellsByAssetLink', headers, payload: links });
        assert.equal(res.statusCode, 200, res.body);
        return res.json() as { paging_metadata: object; result: string[] };
      };
      assert.deepEqual(await lookup([{ name: 'partInstanceId', value: 'BAT-1' }]), { paging_metadata: {}, result: [pub.id] });
      assert.deepEqual((await lookup([{ name: 'manufacturerPartId', value: 'CF-NMC-75' }])).result, [pub.id], 'anonymous: only the public shell');
      assert.deepEqual((await lookup([{ name: 'manufacturerPartId', value: 'CF-NMC-75' }], await auth(recycler))).result.sort(), [pub.id, restricted.id].sort());
      assert.deepEqual((await lookup([{ name: 'partInstanceId', value: 'BAT-2' }], await auth(oem))).result, [], 'not visible to the oem');
      assert.deepEqual((await lookup([{ name: 'partInstanceId', value: 'BAT-1' }, { name: 'passportId', value: 'P-2' }], await auth(maker))).result, [], 'AND: both links must match one shell');
      assert.deepEqual((await lookup([{ name: 'partInstanceId', value: 'BAT-2' }, { name: 'passportId', value: 'P-2' }], await auth(maker))).result, [restricted.id]);
      const empty = await inject({ method: 'POST', url: '/lookup/shellsByAssetLink', payload: [] });
      assert.equal(empty.statusCode, 400);
      const page1 = await inject({ method: 'POST', url: '/lookup/shellsByAssetLink?limit=1', headers: await auth(recycler), payload: [{ name: 'holderDid', value: maker.did }] });
      const c = page1.json().paging_metadata.cursor as string;
      assert.ok(c, 'a cursor when more follow');
      const page2 = await inject({ method: 'POST', url: `/lookup/shellsByAssetLink?limit=1&cursor=${c}`, headers: await auth(recycler), payload: [{ name: 'holderDid', value: maker.did }] });
      assert.deepEqual([...page1.json().result, ...page2.json().result].sort(), [pub.id, restricted.id].sort());
      assert.deepEqual(page2.json().paging_metadata, {});

      const q = encodeId(JSON.stringify({ name: 'partInstanceId', value: 'BAT-1' }));
      const old = await inject({ method: 'GET', url: `/lookup/shells?assetIds=${q}` });
      assert.deepEqual(old.json(), { paging_metadata: {}, result: [pub.id] });
      const both = await inject({ method: 'GET', url: `/lookup/shells?assetIds=${q}&assetIds=${encodeId(JSON.stringify({ name: 'passportId', value: 'P-2' }))}`, headers: await auth(maker) });
      assert.deepEqual(both.json().result, []);
      const bad = await inject({ method: 'GET', url: `/lookup/shells?assetIds=${q}&assetIds=%25%25` });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'querystring.assetIds.1');
    });

    await t.test('list: paged, filtered per caller', async () => {
      const anon = await inject({ method: 'GET', url: '/shell-descriptors' });
      assert.deepEqual(anon.json().result.map((d: { id: string }) => d.id), [pub.id]);
      const p1 = (await inject({ method: 'GET', url: '/shell-descriptors?limit=1', headers: await auth(maker) })).json();
      assert.equal(p1.result.length, 1);
      const p2 = (await inject({ method: 'GET', url: `/shell-descriptors?limit=1&cursor=${p1.paging_metadata.cursor}`, headers: await auth(maker) })).json();
      assert.deepEqual([p1.result[0].id, p2.result[0].id].sort(), [pub.id, restricted.id].sort());
      assert.equal(p2.paging_metadata.cursor, undefined);
    });

    await t.test('replace and delete: owner only (403), invisible → 404, id mismatch → 400', async () => {
      const changed = { ...pub, specificAssetIds: [...pub.specificAssetIds, { name: 'customerPartId', value: 'OEM-77', externalSubjectId: globalReference(PUBLIC_READABLE) }] };
      const other = await inject({ method: 'PUT', url: path(pub.id), headers: await auth(reman), payload: changed });
      assert.equal(other.statusCode, 403, other.body);
      assert.equal((await inject({ method: 'PUT', url: path(restricted.id), headers: await auth(oem), payload: restricted })).statusCode, 404, 'a write does not reveal a hidden shell');
      assert.equal((await inject({ method: 'PUT', url: path(pub.id), payload: changed })).statusCode, 401);
      const mismatch = await inject({ method: 'PUT', url: path(pub.id), headers: await auth(maker), payload: { ...changed, id: 'urn:other' } });
      assert.equal(mismatch.statusCode, 400);
      assert.equal(mismatch.json().errors[0].field, 'body.id');
      assert.equal((await inject({ method: 'PUT', url: path('urn:unknown'), headers: await auth(maker), payload: { ...changed, id: 'urn:unknown' } })).statusCode, 404);
      const ok = await inject({ method: 'PUT', url: path(pub.id), headers: await auth(maker), payload: changed });
      assert.equal(ok.statusCode, 204, ok.body);
      const found = await inject({ method: 'POST', url: '/lookup/shellsByAssetLink', payload: [{ name: 'customerPartId', value: 'OEM-77' }] });
      assert.deepEqual(found.json().result, [pub.id], 'the new id is searchable');

      assert.equal((await inject({ method: 'DELETE', url: path(pub.id), headers: await auth(recycler) })).statusCode, 403);
      assert.equal((await inject({ method: 'DELETE', url: path(pub.id), headers: await auth(maker) })).statusCode, 204);
      assert.equal((await inject({ method: 'GET', url: path(pub.id) })).statusCode, 404);
      assert.equal((await inject({ method: 'DELETE', url: path(pub.id), headers: await auth(maker) })).statusCode, 404);
    });

    await t.test('the longest id the registry accepts is still addressable in a path', async () => {
      const longest = { id: `urn:${'x'.repeat(MAX_AAS_ID_BYTES - 4)}`, specificAssetIds: [{ name: 'partInstanceId', value: 'BAT-LONG', externalSubjectId: globalReference(PUBLIC_READABLE) }] };
      const created = await inject({ method: 'POST', url: '/shell-descriptors', headers: await auth(maker), payload: longest });
      assert.equal(created.statusCode, 201, created.body);
      assert.deepEqual((await inject({ method: 'GET', url: path(longest.id) })).json(), { ...longest, submodelDescriptors: [] });
      const tooLong = await inject({ method: 'POST', url: '/shell-descriptors', headers: await auth(maker), payload: { ...longest, id: `${longest.id}y` } });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().errors[0].field, 'body.id');
    });

    await t.test('OpenAPI lists the routes under the registry tag', async () => {
      const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; deprecated?: boolean }>> };
      for (const p of ['/shell-descriptors', '/shell-descriptors/{aasIdentifier}', '/shell-descriptors/{aasIdentifier}/submodel-descriptors', '/lookup/shellsByAssetLink', '/lookup/shells']) {
        assert.ok(doc.paths[p], p);
        for (const op of Object.values(doc.paths[p])) assert.deepEqual(op.tags, ['registry'], p);
      }
      assert.equal(doc.paths['/lookup/shells'].get.deprecated, true);
    });
  });
}
