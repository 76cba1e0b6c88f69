/** Passport store contract on PGlite and PostgreSQL, including the coherence of the PGlite public-tier cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBackends, TEST_DATABASE_URL } from '../../../test/support/db.js';
import { migrate, openDb } from '../../platform/db.js';
import { passportMigrations } from './migrations.js';
import { PgPassportStore } from './pg-passport-store.js';
import { generateDemoPassports } from '../core/index.js';

const issuer = { did: 'did:web:store.test.example', role: 'manufacturer' as const, name: 'Store test' };

for (const backend of testBackends()) {
  test(`passport store on ${backend.name}`, async (t) => {
    const db = await backend.open();
    t.after(() => db.close());
    await migrate(db, passportMigrations);
    const store = new PgPassportStore(db);
    const [a, b] = generateDemoPassports({ count: 2, seed: 5, now: '2026-11-01T00:00:00Z', issuer });

    assert.equal(await store.insert(a, '{"v":1}'), true);
    assert.equal(await store.insert(a, '{"v":1}'), false, 'duplicate passport id refused');
    assert.equal(await store.insert({ ...b, batteryId: a.batteryId }, '{}'), false, 'duplicate battery id refused');
    assert.equal(await store.getPublicJson(a.batteryId), '{"v":1}');
    assert.equal(await store.getPublicJson(a.passportId), '{"v":1}');

    assert.equal(await store.update({ ...a, version: 2 }, '{"v":2}', 1), true);
    assert.equal(await store.getPublicJson(a.batteryId), '{"v":2}', 'a write is visible to the next public read');
    assert.equal(await store.update({ ...a, version: 3 }, '{"v":3}', 1), false, 'stale expected version refused');

    await assert.rejects(
      db.tx(async (q) => {
        await store.update({ ...a, version: 3 }, '{"v":"rolled back"}', 2, q);
        throw new Error('abort');
      }),
    );
    assert.equal(await store.getPublicJson(a.batteryId), '{"v":2}', 'a rolled-back write never shows');
    assert.deepEqual(await store.getState(a.batteryId), { closed: false, status: 'original' });
    assert.equal(await store.getPublicJson('missing'), null);

    await store.insert(b, '{}');
    const page1 = await store.list({ limit: 1 });
    assert.equal(page1.items.length, 1);
    assert.ok(page1.nextCursor);
    const page2 = await store.list({ limit: 1, cursor: page1.nextCursor });
    assert.equal(page2.items.length, 1);
    assert.notEqual(page2.items[0].passportId, page1.items[0].passportId);
    assert.equal((await store.list({ limit: 10, chemistry: a.model.chemistry })).items.every((i) => i.chemistry === a.model.chemistry), true);
    assert.equal(await store.count(), 2);

    if (backend.name === 'postgres') {
      // a second node process on the same database: its writes reach this process's cache through NOTIFY
      const [{ s }] = await db.query<{ s: string }>(`SELECT current_schema() AS s`);
      const db2 = await openDb({ url: TEST_DATABASE_URL, schema: s });
      const other = new PgPassportStore(db2);
      await store.start();
      await other.start();
      try {
        assert.equal(store.publicCacheActive, true, 'LISTEN is up, so the cache is on');
        assert.equal(await store.getPublicJson(a.batteryId), '{"v":2}');
        assert.equal(await store.getPublicJson(a.batteryId), '{"v":2}');
        assert.equal(await other.update({ ...a, version: 3 }, '{"v":3}', 2), true);
        let seen = '';
        for (let i = 0; i < 100 && seen !== '{"v":3}'; i++) {
          seen = (await store.getPublicJson(a.batteryId)) ?? '';
          if (seen !== '{"v":3}') await new Promise((r) => setTimeout(r, 10));
        }
        assert.equal(seen, '{"v":3}', "another process's write becomes visible after its NOTIFY");
      } finally {
        await store.stop();
        await other.stop();
        await db2.close();
      }
    }
  });
}
