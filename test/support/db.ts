/**
 * Storage tests run on every backend we ship: PGlite always, and real PostgreSQL when `TEST_DATABASE_URL` is set
 * (CI sets it). Each PostgreSQL test gets a fresh schema, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../src/platform/db.js';

export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, empty database (own schema on PostgreSQL). */
  open(): Promise<Db>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';

export function testBackends(): TestBackend[] {
  const list: TestBackend[] = [{ name: 'pglite', open: () => openDb({}) }];
  if (TEST_DATABASE_URL) {
    list.push({
      name: 'postgres',
      async open() {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const db = await openDb({ url: TEST_DATABASE_URL, schema, poolSize: 6 });
        const close = db.close.bind(db);
        return Object.assign(db, {
          async close() {
            await close();
            const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
            await c.connect();
            try {
              await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            } finally {
              await c.end();
            }
          },
        });
      },
    });
  }
  return list;
}
