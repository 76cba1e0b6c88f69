import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign, verify } from 'node:crypto';
import {
  didOfKeyId,
  generateParticipantKeys,
  importPrivateKey,
  importPublicKey,
  KeyFileError,
  keyIdForDid,
  parseEd25519PrivateJwk,
  parseEd25519PublicJwk,
  parseParticipantKeyFile,
  serializeParticipantKeyFile,
} from './keys.js';

const DID = 'did:web:127.0.0.1%3A7001';

test('generated participant keys are OKP/Ed25519 JWKs with kid = did#key-1 and work with node:crypto', () => {
  const keys = generateParticipantKeys(DID);
  assert.equal(keys.did, DID);
  assert.deepEqual(
    { kty: keys.publicJwk.kty, crv: keys.publicJwk.crv, kid: keys.publicJwk.kid, alg: keys.publicJwk.alg },
    { kty: 'OKP', crv: 'Ed25519', kid: `${DID}#key-1`, alg: 'EdDSA' },
  );
  assert.equal('d' in keys.publicJwk, false);
  assert.equal(keys.privateJwk.x, keys.publicJwk.x);
  const msg = Buffer.from('battery loop');
  const sig = sign(null, msg, importPrivateKey(keys.privateJwk));
  assert.equal(verify(null, msg, importPublicKey(keys.publicJwk), sig), true);
  assert.throws(() => generateParticipantKeys('did:key:abc'), TypeError);
});

test('key file serialisation is stable and round-trips', () => {
  const keys = generateParticipantKeys(DID);
  const text = serializeParticipantKeyFile(keys);
  assert.ok(text.endsWith('\n'));
  assert.deepEqual(Object.keys(JSON.parse(text)), ['did', 'privateJwk', 'publicJwk']);
  assert.deepEqual(parseParticipantKeyFile(text), keys);
  assert.equal(serializeParticipantKeyFile(parseParticipantKeyFile(text)), text);
});

test('inconsistent key files are rejected with a reason', () => {
  const a = generateParticipantKeys(DID);
  const b = generateParticipantKeys(DID);
  const cases: [string, unknown][] = [
    ['not JSON', '{'],
    ['bad did', { ...a, did: 'did:web:' }],
    ['public key of another pair', { ...a, publicJwk: b.publicJwk }],
    ['private x does not match d', { ...a, privateJwk: { ...a.privateJwk, x: b.privateJwk.x } }],
    ['kid names another DID', { ...a, publicJwk: { ...a.publicJwk, kid: 'did:web:other.example#key-1' } }],
    ['private material in publicJwk', { ...a, publicJwk: a.privateJwk }],
  ];
  for (const [name, value] of cases) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    assert.throws(() => parseParticipantKeyFile(text), KeyFileError, name);
  }
});

test('JWK readers are strict', () => {
  const { publicJwk, privateJwk } = generateParticipantKeys(DID);
  assert.deepEqual(parseEd25519PublicJwk(publicJwk), publicJwk);
  assert.equal(parseEd25519PublicJwk(privateJwk), null, 'a JWK carrying d is not a public key');
  assert.equal(parseEd25519PublicJwk({ ...publicJwk, crv: 'X25519' }), null);
  assert.equal(parseEd25519PublicJwk({ ...publicJwk, x: publicJwk.x.slice(1) }), null);
  assert.equal(parseEd25519PublicJwk({ ...publicJwk, alg: 'ES256' }), null);
  assert.equal(parseEd25519PublicJwk('jwk'), null);
  assert.deepEqual(parseEd25519PrivateJwk(privateJwk), privateJwk);
  assert.equal(parseEd25519PrivateJwk(publicJwk), null);
});

test('kid ↔ DID helpers', () => {
  assert.equal(keyIdForDid(DID), `${DID}#key-1`);
  assert.equal(didOfKeyId(`${DID}#key-1`), DID);
  for (const bad of ['#key-1', `${DID}#`, DID, 'https://x#y', `${DID}#a#b`]) assert.equal(didOfKeyId(bad), null, bad);
});
