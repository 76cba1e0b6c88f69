/** did:web document, API tokens for scripts, and the operator-only trust list, on a real node and database. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends } from '../../../../test/support/db.js';
import { startTestWorld } from '../../../../test/support/participants.js';
import { parseDidDocument } from '../../identity/index.js';

for (const backend of testBackends()) {
  test(`identity API on ${backend.name}`, async (t) => {
    const db = await backend.open();
    const w = await startTestWorld(db);
    t.after(async () => {
      await w.close();
      await db.close();
    });
    const app = w.node.app;

    await t.test('the node serves its did:web document with its Ed25519 key', async () => {
      const res = await app.inject({ method: 'GET', url: '/.well-known/did.json' });
      assert.equal(res.statusCode, 200);
      const parsed = parseDidDocument(res.json(), w.node.identity.did);
      assert.ok(parsed.ok, JSON.stringify(parsed));
    });

    await t.test('API tokens: created once, authenticate as their owner, revocable', async () => {
      const rc = w.others.recycler;
      const created = await app.inject({ method: 'POST', url: '/api/tokens', headers: { authorization: `Bearer ${await w.token(rc)}` }, payload: { label: 'nightly export' } });
      assert.equal(created.statusCode, 201, created.body);
      const token = created.json().token as string;
      assert.match(token, /^blt_/);
      const who = (await app.inject({ method: 'GET', url: '/api/whoami', headers: { authorization: `Bearer ${token}` } })).json();
      assert.equal(who.did, rc.did);
      assert.equal(who.role, 'recycler');
      assert.equal(who.via, 'apiToken');
      const stored = await db.query<{ token_hash: string }>(`SELECT token_hash FROM api_tokens`);
      assert.ok(stored.every((r) => !r.token_hash.includes(token.slice(4, 20))), 'only the hash is stored');
      const rev = await app.inject({ method: 'POST', url: '/api/tokens/revoke', headers: { authorization: `Bearer ${token}` }, payload: { token } });
      assert.equal(rev.statusCode, 200);
      const after = await app.inject({ method: 'GET', url: '/api/whoami', headers: { authorization: `Bearer ${token}` } });
      assert.equal(after.statusCode, 401);
      const unknown = await app.inject({ method: 'GET', url: '/api/whoami', headers: { authorization: `Bearer blt_${'A'.repeat(43)}` } });
      assert.equal(unknown.statusCode, 401);
    });

    await t.test('only the operator manages the trust list', async () => {
      const body = { did: 'did:web:new.example', role: 'recycler', name: 'New recycler' };
      const byOther = await app.inject({ method: 'POST', url: '/api/participants', headers: { authorization: `Bearer ${await w.token(w.others.oem)}` }, payload: body });
      assert.equal(byOther.statusCode, 403);
      const bad = await app.inject({ method: 'POST', url: '/api/participants', headers: { authorization: `Bearer ${await w.token(w.issuer)}` }, payload: { ...body, did: 'did:key:z6Mk' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'body.did');
      const ok = await app.inject({ method: 'POST', url: '/api/participants', headers: { authorization: `Bearer ${await w.token(w.issuer)}` }, payload: body });
      assert.equal(ok.statusCode, 201, ok.body);
    });
  });
}
