/** Catalog pagination through the management API: pages follow the provider's `Link: rel="next"` until the end. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace } from '../../../test/support/dataspace.js';
import { generateDemoPassports } from '../../passport/index.js';
import { DSP_BASE_PATH } from '../connector/index.js';
import { nextLink } from '../connector/client.js';

test('nextLink reads rel="next" from an RFC 8288 Link header', () => {
  assert.equal(nextLink('<https://p.example/dsp/catalog/request?cursor=abc>; rel="next"'), 'https://p.example/dsp/catalog/request?cursor=abc');
  assert.equal(nextLink('<https://a/x>; rel="prev", <https://a/y>; rel=next'), 'https://a/y');
  assert.equal(nextLink('<https://a/x>; rel="prev"'), null);
  assert.equal(nextLink(null), null);
});

test('a consumer pages through a catalog larger than one page (100 batteries), every dataset once', { timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'recycler', role: 'recycler', name: 'Hydromet' },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.manufacturer;
  const r = ds.nodes.recycler;
  const ps = generateDemoPassports({ count: 130, seed: 31, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  for (const p of ps) await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
  const tok = await ds.operatorToken(r);
  const page = async (pageUrl?: string) => {
    const res = await fetch(`${r.url}/api/dataspace/catalog`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify({ providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, ...(pageUrl ? { page: pageUrl } : {}) }) });
    return { status: res.status, body: (await res.json()) as { datasets: { assetId: string }[]; next: string | null } };
  };
  const seen: string[] = [];
  let next: string | null | undefined;
  let pages = 0;
  do {
    const p = await page(next ?? undefined);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    seen.push(...p.body.datasets.map((d) => d.assetId));
    next = p.body.next;
    pages++;
  } while (next && pages < 20);
  assert.ok(pages >= 2, `expected several pages, got ${pages}`);
  assert.equal(new Set(seen).size, seen.length, 'no dataset twice');
  for (const p of ps) assert.ok(seen.some((a) => a.includes(p.batteryId)), `battery ${p.batteryId} listed`);
  const foreign = await page('http://127.0.0.1:1/elsewhere/catalog/request');
  assert.equal(foreign.status, 400, 'a page URL outside the provider is refused (no request to arbitrary hosts)');
});
