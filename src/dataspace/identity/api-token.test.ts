import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { apiTokenMatchesHash, constantTimeEqual, createApiToken, hashApiToken, isApiTokenFormat } from './api-token.js';

const bytes = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7) & 0xff);

test('API token = blt_ + base64url(random bytes); only the SHA-256 hex hash is kept', () => {
  const { token, hash } = createApiToken(bytes(1));
  assert.equal(token, `blt_${Buffer.from(bytes(1)).toString('base64url')}`);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(hash, createHash('sha256').update(token).digest('hex'));
  assert.equal(hashApiToken(token), hash);
  assert.ok(isApiTokenFormat(token));
  assert.notEqual(createApiToken(bytes(2)).hash, hash);
});

test('too little entropy is refused', () => {
  assert.throws(() => createApiToken(new Uint8Array(16)), RangeError);
});

test('presented tokens are matched against the stored hash', () => {
  const { token, hash } = createApiToken(bytes(3));
  assert.equal(apiTokenMatchesHash(token, hash), true);
  assert.equal(apiTokenMatchesHash(token, hash.toUpperCase()), true);
  assert.equal(apiTokenMatchesHash(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, hash), false);
  assert.equal(apiTokenMatchesHash('blt_short', hash), false);
  assert.equal(apiTokenMatchesHash(undefined, hash), false);
});

test('constant-time compare is plain equality in result', () => {
  assert.equal(constantTimeEqual('abc', 'abc'), true);
  assert.equal(constantTimeEqual('abc', 'abd'), false);
  assert.equal(constantTimeEqual('abc', 'abcd'), false);
  assert.equal(constantTimeEqual('', ''), true);
});
