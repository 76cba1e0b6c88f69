/**
 * Shell descriptor store contract on PGlite and PostgreSQL: writes keep the searchable links in step, pages cover
 * every visible shell once, and lookups implement the core rule (AND over links, visible ids only), checked against
 * `matchesAssetLinks` on a generated population.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { testBackends } from '../../../../test/support/db.js';
import { migrate } from '../../../platform/db.js';
import { registryMigrations } from './migrations.js';
import { PgShellDescriptorStore } from './pg-shell-descriptor-store.js';
import { batteryShellDescriptor, globalReference, matchesAssetLinks, viewShellDescriptor, PUBLIC_READABLE, SEMANTIC_IDS, type AssetAdministrationShellDescriptor, type AssetLink, type Viewer } from '../core/index.js';

const OWNER = 'did:web:cellforge.example';
const OTHER_OWNER = 'did:web:reman.example';
const RECYCLER = 'did:web:recycler.example';
const OEM = 'did:web:oem.example';
const AT = '2026-11-01T00:00:00.000Z';

function battery(n: number, readers?: string[]): AssetAdministrationShellDescriptor {
  return batteryShellDescriptor({
    batteryId: `BAT-${n}`,
    passportId: `P-${n}`,
    manufacturerModelId: `M-${n % 3}`,
    holderDid: OWNER,
    readers,
    submodels: [{ semanticId: SEMANTIC_IDS.catenaxBatteryPass, assetId: `bp-${n}`, href: 'https://cellforge.example/submodel', dspEndpoint: 'https://cellforge.example/dsp' }],
  });
}

async function drain<T>(fetchPage: (after?: string) => Promise<{ items: T[]; nextAfter?: string }>): Promise<{ all: T[]; pages: number }> {
  const all: T[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const p = await fetchPage(after);
    pages++;
    all.push(...p.items);
    if (p.nextAfter === undefined) return { all, pages };
    after = p.nextAfter;
    if (pages > 100) throw new Error('paging does not end');
  }
}

for (const backend of testBackends()) {
  test(`shell descriptor store on ${backend.name}`, async (t) => {
    const db = await backend.open();
    t.after(() => db.close());
    await migrate(db, registryMigrations);
    const store = new PgShellDescriptorStore(db);

    await t.test('create, duplicate, get, replace, delete keep links in step', async () => {
      const d = battery(1);
      assert.equal(await store.create(OWNER, d, AT), true);
      assert.equal(await store.create(OTHER_OWNER, { ...battery(2), id: d.id }, AT), false, 'duplicate id refused');
      const got = await store.get(d.id);
      assert.deepEqual(got, { descriptor: d, ownerDid: OWNER, createdAt: AT, updatedAt: AT });
      assert.equal(await store.get('urn:none'), null);

      const anon: Viewer = { did: null };
      assert.deepEqual((await store.lookup({ viewer: anon, links: [{ name: 'partInstanceId', value: 'BAT-1' }], limit: 10 })).items, [d.id]);

      const changed = { ...d, specificAssetIds: [{ name: 'partInstanceId', value: 'BAT-1-NEW', externalSubjectId: globalReference(PUBLIC_READABLE) }] };
      assert.equal(await store.replace(OTHER_OWNER, changed, '2026-11-02T00:00:00.000Z'), false, 'only the owner replaces');
      assert.equal(await store.replace(OWNER, changed, '2026-11-02T00:00:00.000Z'), true);
      assert.equal((await store.get(d.id))?.updatedAt, '2026-11-02T00:00:00.000Z');
      assert.deepEqual((await store.lookup({ viewer: anon, links: [{ name: 'partInstanceId', value: 'BAT-1' }], limit: 10 })).items, [], 'old link gone');
      assert.deepEqual((await store.lookup({ viewer: anon, links: [{ name: 'partInstanceId', value: 'BAT-1-NEW' }], limit: 10 })).items, [d.id]);
      assert.equal(await store.replace(OWNER, { ...changed, id: 'urn:none' }, AT), false, 'unknown shell');

      assert.equal(await store.delete(OTHER_OWNER, d.id), false, 'only the owner deletes');
      assert.equal(await store.delete(OWNER, d.id), true);
      assert.equal(await store.delete(OWNER, d.id), false);
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM shell_asset_links WHERE aas_id = $1`, [d.id]);
      assert.equal(n, 0, 'links deleted with the shell');
    });

    await t.test('a failed link write leaves no shell behind', async () => {
      // an incompressible value far beyond a btree entry (validation prevents this; the store must still not half-write)
      const tooBig = { ...battery(99), specificAssetIds: [{ name: 'x', value: randomBytes(20_000).toString('base64') }] };
      await assert.rejects(store.create(OWNER, tooBig, AT));
      assert.equal(await store.get(tooBig.id), null, 'the descriptor row rolled back with its links');
    });

    await t.test('list pages cover every visible shell exactly once, filtered per viewer', async () => {
      const ids: Record<string, string[]> = { public: [], recycler: [], hidden: [] };
      for (let n = 10; n < 27; n++) {
        const readers = n % 3 === 0 ? [PUBLIC_READABLE] : n % 3 === 1 ? [RECYCLER] : undefined;
        const d = readers ? battery(n, readers) : { ...battery(n), specificAssetIds: battery(n).specificAssetIds.map(({ name, value }) => ({ name, value })) };
        await store.create(n === 26 ? OTHER_OWNER : OWNER, d, AT);
        (n % 3 === 0 ? ids.public : n % 3 === 1 ? ids.recycler : ids.hidden).push(d.id);
      }
      const sorted = (a: string[]) => [...a].sort();
      const listIds = async (viewer: Viewer, limit: number) => {
        const r = await drain((after) => store.list({ viewer, limit, after }));
        return { ids: r.all.map((s) => s.descriptor.id), pages: r.pages };
      };
      const owner = await listIds({ did: OWNER }, 4);
      assert.equal(owner.ids.length, new Set(owner.ids).size, 'no shell twice');
      // shell 26 belongs to OTHER_OWNER and has owner-only ids: invisible to OWNER
      assert.deepEqual(sorted(owner.ids), sorted([...ids.public, ...ids.recycler, ...ids.hidden].filter((id) => id !== 'urn:batteryloop:aas:P-26')));
      assert.equal(owner.pages, Math.ceil(owner.ids.length / 4), 'a full last page says it is the last (no empty trailing page)');
      assert.deepEqual(sorted((await listIds({ did: RECYCLER }, 3)).ids), sorted([...ids.public, ...ids.recycler]));
      assert.deepEqual(sorted((await listIds({ did: OEM }, 2)).ids), sorted(ids.public));
      assert.deepEqual(sorted((await listIds({ did: null }, 100)).ids), sorted(ids.public));
      assert.deepEqual(sorted((await listIds({ did: OTHER_OWNER }, 5)).ids), sorted([...ids.public, 'urn:batteryloop:aas:P-26']));
      const page = await store.list({ viewer: { did: OWNER }, limit: 3 });
      assert.equal(page.items.length, 3);
      assert.equal(page.nextAfter, page.items[2].descriptor.id);
    });

    await t.test('lookup agrees with the core rule on a generated population', async () => {
      await db.query(`DELETE FROM shell_descriptors`);
      const subjects = [PUBLIC_READABLE, RECYCLER, OEM, null] as const;
      const owners = [OWNER, OTHER_OWNER];
      const names = ['partInstanceId', 'manufacturerPartId', 'customerPartId'];
      const values = ['v1', 'v2', 'v3'];
      const shellArb = fc.record({
        owner: fc.constantFrom(...owners),
        global: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
        ids: fc.uniqueArray(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...values), fc.constantFrom(...subjects)), { maxLength: 5, selector: (x) => x.join('|') }),
      });
      const population = fc.sample(shellArb, { numRuns: 40, seed: 42 });
      const shells = population.map((p, i) => ({
        owner: p.owner,
        d: {
          id: `urn:aas:gen:${String(i).padStart(2, '0')}`,
          ...(p.global ? { globalAssetId: p.global } : {}),
          specificAssetIds: p.ids.map(([name, value, s]) => (s === null ? { name, value } : { name, value, externalSubjectId: globalReference(s) })),
          submodelDescriptors: [],
        } as AssetAdministrationShellDescriptor,
      }));
      for (const s of shells) assert.equal(await store.create(s.owner, s.d, AT), true);

      const linkArb = fc.oneof(
        fc.record({ name: fc.constantFrom(...names), value: fc.constantFrom(...values) }),
        fc.record({ name: fc.constant('globalAssetId'), value: fc.constantFrom('g1', 'g2') }),
      );
      const viewers: Viewer[] = [{ did: null }, { did: OWNER }, { did: OTHER_OWNER }, { did: RECYCLER }, { did: OEM }];
      let nonEmpty = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(linkArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(...viewers), fc.integer({ min: 1, max: 7 }), async (links: AssetLink[], viewer, limit) => {
          const expected = shells.filter((s) => matchesAssetLinks(s.d, s.owner, viewer, links)).map((s) => s.d.id).sort();
          const got = (await drain((after) => store.lookup({ viewer, links, limit, after }))).all;
          assert.deepEqual([...got].sort(), expected, JSON.stringify({ viewer, links }));
          assert.equal(new Set(got).size, got.length);
          if (expected.length > 0) nonEmpty++;
        }),
        { numRuns: 60, seed: 7 },
      );
      assert.ok(nonEmpty > 10, `the generated queries must hit shells (hit ${nonEmpty})`);

      // list agrees with the core view rule as well
      for (const viewer of viewers) {
        const expected = shells.filter((s) => viewShellDescriptor(s.d, s.owner, viewer) !== null).map((s) => s.d.id).sort();
        const got = (await drain((after) => store.list({ viewer, limit: 6, after }))).all.map((s) => s.descriptor.id);
        assert.deepEqual([...got].sort(), expected, `list for ${viewer.did}`);
      }
    });
  });
}
