/** base64url identifiers (AAS Part 2 v3 path encoding), cursors and the deprecated assetIds parameter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeAssetIdsParam, decodeCursor, decodeId, encodeCursor, encodeId } from './encoding.js';

test('encodeId writes RFC 4648 §5 base64url without padding', () => {
  // "urn:uuid:…" style ids contain ':' and would need percent-encoding raw; in base64url '+' and '/' become '-' and '_'
  assert.equal(encodeId('urn:x?>'), 'dXJuOng_Pg');
  assert.equal(encodeId('a'), 'YQ');
  assert.equal(encodeId('ab'), 'YWI');
  assert.equal(encodeId('abc'), 'YWJj');
  assert.doesNotMatch(encodeId('ä€𝄞 battery'), /[=+/]/);
});

test('decodeId inverts encodeId for any non-empty text', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }), (s) => {
      assert.equal(decodeId(encodeId(s)), s);
    }),
    { numRuns: 300 },
  );
});

test('decodeId accepts correct padding and refuses everything that is not a canonical encoding', () => {
  assert.equal(decodeId('YQ=='), 'a');
  assert.equal(decodeId('YWI='), 'ab');
  const refused: [string, string][] = [
    ['', 'empty'],
    ['YQ=', 'padding too short'],
    ['YWJj=', 'padding where none belongs'],
    ['YQ===', 'too much padding'],
    ['Y', 'length 1 mod 4 cannot be base64'],
    ['YR', 'non-zero trailing bits: a second spelling of "a"'],
    ['dXJuOng/Pg', "standard alphabet '/' is not base64url"],
    ['dXJuOng+Pg', "standard alphabet '+' is not base64url"],
    ['YW Jj', 'space'],
    ['YW%4Aj', 'percent-encoding'],
    ['_w', 'bytes that are not UTF-8 (0xff)'],
  ];
  for (const [s, why] of refused) assert.equal(decodeId(s), null, why);
});

test('cursors round-trip and foreign strings are refused', () => {
  assert.equal(decodeCursor(encodeCursor('urn:batteryloop:aas:P-1')), 'urn:batteryloop:aas:P-1');
  assert.equal(decodeCursor('garbage!'), null);
  assert.equal(decodeCursor(encodeId('"just a string"')), null);
  assert.equal(decodeCursor(encodeId('["c2","x"]')), null, 'another cursor version');
  assert.equal(decodeCursor(encodeId('["c1",""]')), null);
});

test('deprecated assetIds: one link per value, or an array in one value; errors name the value', () => {
  const a = encodeId(JSON.stringify({ name: 'partInstanceId', value: 'BAT-1' }));
  const b = encodeId(JSON.stringify([{ name: 'manufacturerPartId', value: 'M-1' }, { name: 'passportId', value: 'P-1' }]));
  assert.deepEqual(decodeAssetIdsParam([a, b]), {
    ok: true,
    links: [
      { name: 'partInstanceId', value: 'BAT-1' },
      { name: 'manufacturerPartId', value: 'M-1' },
      { name: 'passportId', value: 'P-1' },
    ],
  });
  assert.deepEqual(decodeAssetIdsParam([a, 'not*base64']), { ok: false, index: 1, reason: 'not base64url-encoded UTF-8' });
  assert.deepEqual(decodeAssetIdsParam([encodeId('{nope')]), { ok: false, index: 0, reason: 'not JSON' });
  const extra = encodeId(JSON.stringify({ name: 'a', value: 'b', externalSubjectId: 'x' }));
  assert.equal(decodeAssetIdsParam([extra]).ok, false, 'unknown members refused');
  assert.equal(decodeAssetIdsParam([encodeId('[]')]).ok, false, 'empty array refused');
  assert.equal(decodeAssetIdsParam([encodeId('{"name":"a","value":1}')]).ok, false, 'value must be a string');
});
