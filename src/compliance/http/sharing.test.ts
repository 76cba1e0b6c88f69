/**
 * A recycler's signed compliance report shared with a market surveillance authority over the dataspace (issue 7):
 * the authority sees the document in the recycler's catalog, negotiates, transfers and verifies the JWS with the
 * recycler's did:web key; a manufacturer neither sees nor gets it (authorities-tier contract policy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactVerify, importJWK } from 'jose';
import { startTestDataspace } from '../../../test/support/dataspace.js';
import { documentAssetId, DSP_BASE_PATH } from '../../dataspace/connector/index.js';

type Body = Record<string, unknown>;

test('a signed compliance report reaches the authority over DSP, and only the authority', { timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'recycler', role: 'recycler', name: 'Hydromet' },
    { key: 'msa', role: 'authority', name: 'Market Surveillance Authority' },
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
  ]);
  t.after(() => ds.close());
  const { recycler: r, msa, manufacturer: m } = ds.nodes;
  const post = async <T = Body>(node: typeof r, path: string, body: unknown) => {
    const res = await fetch(`${node.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await ds.operatorToken(node)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const signed = await post<{ id: string; jws: string }>(r, '/api/compliance/reports/sign', { kind: 'year', key: '2026' });
  assert.equal(signed.status, 201, JSON.stringify(signed.body));
  const assetId = documentAssetId(signed.body.id);
  const provider = { providerUrl: `${r.url}${DSP_BASE_PATH}`, providerDid: r.identity.did };

  const seen = await post<{ catalog: { dataset?: { '@id': string }[] } }>(msa, '/api/dataspace/catalog', provider);
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  assert.ok(JSON.stringify(seen.body).includes(assetId), 'the authority finds the report in the catalog');
  const hidden = await post(m, '/api/dataspace/catalog', provider);
  assert.ok(!JSON.stringify(hidden.body).includes(assetId), 'a manufacturer does not see it');

  const got = await post<{ data: { jws: string; kind: string; key: string } }>(msa, '/api/dataspace/fetch', { ...provider, assetId });
  assert.equal(got.status, 200, JSON.stringify(got.body).slice(0, 400));
  assert.equal(got.body.data.jws, signed.body.jws);
  const v = await compactVerify(got.body.data.jws, await importJWK(r.identity.publicJwk as never, 'EdDSA'));
  const payload = JSON.parse(new TextDecoder().decode(v.payload)) as { reportId: string; kind: string; key: string };
  assert.deepEqual([payload.reportId, payload.kind, payload.key], [signed.body.id, 'year', '2026']);

  const refused = await post(m, '/api/dataspace/fetch', { ...provider, assetId });
  assert.ok(refused.status >= 400 && refused.status < 500, `manufacturer fetch answered ${refused.status}`);
  const unknown = await post(msa, '/api/dataspace/fetch', { ...provider, assetId: documentAssetId('no-such-report') });
  assert.ok(unknown.status >= 400 && unknown.status < 500, `unknown document answered ${unknown.status}`);
});
