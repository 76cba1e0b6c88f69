import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate } from './db.js';
import { testBackends } from '../../test/support/db.js';

for (const backend of testBackends()) {
  test(`db on ${backend.name}: migrations apply once, transactions roll back on error`, async (t) => {
    const db = await backend.open();
    t.after(() => db.close());
    const ms = [{ id: 't-001', sql: `CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL);\nCREATE INDEX t_v ON t (v);` }];
    assert.deepEqual(await migrate(db, ms), ['t-001']);
    assert.deepEqual(await migrate(db, ms), [], 'second run applies nothing');
    await db.query(`INSERT INTO t VALUES (1, 'a')`);
    await assert.rejects(
      db.tx(async (q) => {
        await q.query(`INSERT INTO t VALUES (2, 'b')`);
        await q.query(`INSERT INTO t VALUES (1, 'dup')`);
      }),
    );
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM t`);
    assert.equal(rows[0].n, 1, 'the failed transaction wrote nothing');
  });
}

test('splitSql keeps dollar-quoted function bodies whole', async () => {
  const { splitSql } = await import('./db.js');
  const parts = splitSql(`CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$\nBEGIN\n  RETURN 1;\nEND\n$fn$;\nCREATE INDEX i ON a (x);\n`);
  assert.equal(parts.length, 3);
  assert.match(parts[1], /RETURN 1;\nEND\n\$fn\$$/);
});
