/** Visibility of specific asset ids and the lookup rule (Tractus-X DTR: closed by default, owner sees all). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetLinkRows, matchesAssetLinks, viewShellDescriptor } from './visibility.js';
import { globalReference } from './battery.js';
import { pageList } from './paging.js';
import { decodeCursor } from './encoding.js';
import { PUBLIC_READABLE, type AssetAdministrationShellDescriptor } from './types.js';

const OWNER = 'did:web:owner.example';
const RECYCLER = 'did:web:recycler.example';
const OEM = 'did:web:oem.example';

const shell: AssetAdministrationShellDescriptor = {
  id: 'urn:aas:1',
  globalAssetId: 'urn:uuid:0f6f2e1a',
  specificAssetIds: [
    { name: 'partInstanceId', value: 'BAT-1', externalSubjectId: globalReference(PUBLIC_READABLE) },
    { name: 'manufacturerPartId', value: 'M-1', externalSubjectId: globalReference(RECYCLER) },
    { name: 'customerPartId', value: 'C-1' },
  ],
  submodelDescriptors: [],
};

test('owner sees all; others see public ids and ids addressed to them; unmarked ids are the owner’s alone', () => {
  assert.equal(viewShellDescriptor(shell, OWNER, { did: OWNER }), shell);
  assert.deepEqual(viewShellDescriptor(shell, OWNER, { did: RECYCLER })?.specificAssetIds.map((s) => s.name), ['partInstanceId', 'manufacturerPartId']);
  assert.deepEqual(viewShellDescriptor(shell, OWNER, { did: OEM })?.specificAssetIds.map((s) => s.name), ['partInstanceId']);
  assert.deepEqual(viewShellDescriptor(shell, OWNER, { did: null })?.specificAssetIds.map((s) => s.name), ['partInstanceId']);
  const privateShell = { ...shell, specificAssetIds: shell.specificAssetIds.slice(1) };
  assert.equal(viewShellDescriptor(privateShell, OWNER, { did: OEM }), null, 'nothing visible → the shell does not exist for the reader');
  assert.equal(viewShellDescriptor(privateShell, OWNER, { did: null }), null);
});

test('lookup matches every link (AND) through visible ids only', () => {
  const pub = { name: 'partInstanceId', value: 'BAT-1' };
  const forRecycler = { name: 'manufacturerPartId', value: 'M-1' };
  const ownerOnly = { name: 'customerPartId', value: 'C-1' };
  const global = { name: 'globalAssetId', value: 'urn:uuid:0f6f2e1a' };
  const table: [string, string | null, { name: string; value: string }[], boolean][] = [
    ['public id, anonymous', null, [pub], true],
    ['recycler id, anonymous', null, [forRecycler], false],
    ['recycler id, recycler', RECYCLER, [forRecycler], true],
    ['recycler id, oem', OEM, [forRecycler], false],
    ['public AND recycler id, recycler', RECYCLER, [pub, forRecycler], true],
    ['public AND recycler id, oem', OEM, [pub, forRecycler], false],
    ['owner-only id, recycler', RECYCLER, [ownerOnly], false],
    ['owner-only id, owner', OWNER, [ownerOnly], true],
    ['all three, owner', OWNER, [pub, forRecycler, ownerOnly], true],
    ['wrong value', OWNER, [{ name: 'partInstanceId', value: 'BAT-2' }], false],
    ['name of one id with value of another', OWNER, [{ name: 'partInstanceId', value: 'M-1' }], false],
    ['globalAssetId, anonymous (shell visible)', null, [global], true],
    ['globalAssetId AND public id', null, [global, pub], true],
    ['no links', OWNER, [], false],
  ];
  for (const [why, did, links, expected] of table) assert.equal(matchesAssetLinks(shell, OWNER, { did }, links), expected, why);
  const hidden = { ...shell, specificAssetIds: [shell.specificAssetIds[2]] };
  assert.equal(matchesAssetLinks(hidden, OWNER, { did: null }, [global]), false, 'globalAssetId of an invisible shell stays hidden');
});

test('assetLinkRows carries each subject and one global row', () => {
  assert.deepEqual(assetLinkRows(shell), [
    { kind: 'specific', name: 'partInstanceId', value: 'BAT-1', subject: PUBLIC_READABLE },
    { kind: 'specific', name: 'manufacturerPartId', value: 'M-1', subject: RECYCLER },
    { kind: 'specific', name: 'customerPartId', value: 'C-1', subject: null },
    { kind: 'global', name: 'globalAssetId', value: 'urn:uuid:0f6f2e1a', subject: null },
  ]);
});

test('pageList walks a list in pages with cursors', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const seen: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 10; i++) {
    const p = pageList(items, (s) => s, 2, after);
    seen.push(...p.items);
    if (!p.cursor) break;
    after = decodeCursor(p.cursor) ?? undefined;
  }
  assert.deepEqual(seen, items);
  assert.deepEqual(pageList(items, (s) => s, 2, 'gone'), { items: [] });
  assert.deepEqual(pageList(items, (s) => s, 5), { items });
});
