import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactVerify, importJWK } from 'jose';
import { generateParticipantKeys } from '../../dataspace/identity/index.js';
import { EXAMPLE_PAYLOADS } from './examples.js';
import { nextLink, prepareEvent, type EventEnvelope } from './envelope.js';
import { canonicalEnvelope, computeEventHash, parseDetachedSignature, signEvent, toStoredEvent, verifyEventSignature } from './signing.js';

const LAB = generateParticipantKeys('did:web:lab.example');
const OTHER = generateParticipantKeys('did:web:other.example');

function envelope(): EventEnvelope {
  const r = prepareEvent(
    {
      eventId: '0b5f7c1e-2d3a-4b5c-9d6e-7f8091a2b3c4',
      batteryId: 'BAT-7',
      type: 'testResult',
      occurredAt: '2031-05-01T10:00:00.000Z',
      author: { did: LAB.did, role: 'testingFacility' },
      payload: EXAMPLE_PAYLOADS.testResult,
    },
    nextLink(null),
  );
  assert.ok(r.ok);
  return r.envelope;
}

test('signature is a detached compact JWS with exactly {alg: EdDSA, kid}', async () => {
  const signed = await signEvent(envelope(), LAB.privateJwk);
  assert.match(signed.signature, /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]{86}$/);
  const [h] = signed.signature.split('..');
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'EdDSA', kid: `${LAB.did}#key-1` });
  assert.deepEqual(await verifyEventSignature(signed, LAB.publicJwk), { ok: true, kid: `${LAB.did}#key-1` });
});

test('any JOSE library verifies it once the JCS payload is re-attached (RFC 7515 Appendix F)', async () => {
  const signed = await signEvent(envelope(), LAB.privateJwk);
  const [h, s] = signed.signature.split('..');
  const payload = Buffer.from(canonicalEnvelope(signed)).toString('base64url');
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: LAB.publicJwk.x }, 'EdDSA');
  const { payload: bytes } = await compactVerify(`${h}.${payload}.${s}`, key);
  assert.deepEqual(JSON.parse(Buffer.from(bytes).toString()), {
    author: signed.author, batteryId: signed.batteryId, eventId: signed.eventId, occurredAt: signed.occurredAt,
    payload: signed.payload, prevHash: signed.prevHash, seq: signed.seq, type: signed.type,
  });
});

test('verification fails for tampering, other keys and foreign kids', async () => {
  const signed = await signEvent(envelope(), LAB.privateJwk);
  const tampered = { ...signed, payload: { ...EXAMPLE_PAYLOADS.testResult, stateOfHealthPct: 95 } };
  assert.equal((await verifyEventSignature(tampered, LAB.publicJwk)).ok, false);
  assert.deepEqual(await verifyEventSignature(tampered, LAB.publicJwk).then((r) => !r.ok && r.reason), 'mismatch');
  assert.deepEqual(await verifyEventSignature({ ...signed, seq: 1 }, LAB.publicJwk).then((r) => !r.ok && r.reason), 'mismatch');
  assert.deepEqual(await verifyEventSignature(signed, OTHER.publicJwk).then((r) => !r.ok && r.reason), 'mismatch');

  const foreign = await signEvent(envelope(), OTHER.privateJwk, { kid: `${OTHER.did}#key-1` });
  assert.deepEqual(await verifyEventSignature(foreign, OTHER.publicJwk).then((r) => !r.ok && r.reason), 'kidNotAuthor');
  assert.deepEqual(await verifyEventSignature({ ...signed, signature: 'x..y' }, LAB.publicJwk).then((r) => !r.ok && r.reason), 'malformedSignature');
  assert.deepEqual(await verifyEventSignature(signed, LAB.privateJwk).then((r) => !r.ok && r.reason), 'invalidKey');
});

test('signature form checks reject non-canonical or extended headers', async () => {
  const signed = await signEvent(envelope(), LAB.privateJwk);
  const [, s] = signed.signature.split('..');
  const header = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
  assert.equal(typeof parseDetachedSignature(signed.signature), 'object');
  for (const bad of [
    `${header({ alg: 'EdDSA', kid: `${LAB.did}#key-1`, b64: false, crit: ['b64'] })}..${s}`,
    `${header({ alg: 'ES256', kid: `${LAB.did}#key-1` })}..${s}`,
    `${header({ alg: 'EdDSA', kid: 'key-1' })}..${s}`,
    `${header({ alg: 'EdDSA', kid: `${LAB.did}#key-1` })}..${s.slice(0, -1)}`,
    `${header({ alg: 'EdDSA', kid: `${LAB.did}#key-1` })}.${Buffer.from('{}').toString('base64url')}.${s}`,
    42,
  ]) {
    assert.equal(typeof parseDetachedSignature(bad), 'string', String(bad));
  }
});

test('JCS canonical form: sorted members, ES number formatting, independent of member order', async () => {
  const env = envelope();
  const text = canonicalEnvelope(env);
  assert.ok(text.startsWith('{"author":{"did":"did:web:lab.example","role":"testingFacility"},"batteryId":"BAT-7","eventId":'));
  assert.ok(text.includes('"uncertainty":{"capacityAh":2.1,"coverageFactor":2,"internalResistanceOhm":0.0058,"stateOfHealthPct":1.5}'));
  const reversed = Object.fromEntries(Object.entries(env).reverse()) as unknown as EventEnvelope;
  assert.equal(canonicalEnvelope(reversed), text);

  const signed = await signEvent(env, LAB.privateJwk);
  const again = await signEvent(reversed, LAB.privateJwk);
  assert.equal(again.signature, signed.signature, 'Ed25519 is deterministic (RFC 8032)');
  const hash = computeEventHash(signed);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(computeEventHash({ ...signed, recordedAt: 'x', hash: 'y' } as typeof signed), hash, 'store fields are not hashed');
  const flipped = signed.signature.slice(0, -2) + (signed.signature.at(-2) === 'A' ? 'B' : 'A') + signed.signature.at(-1);
  assert.notEqual(computeEventHash({ ...signed, signature: flipped }), hash);
  assert.equal(toStoredEvent(signed).hash, hash);
});

test('signEvent refuses invalid envelopes and non-private keys', async () => {
  await assert.rejects(signEvent({ ...envelope(), prevHash: 'zz' }, LAB.privateJwk), /prevHash/);
  await assert.rejects(signEvent(envelope(), LAB.publicJwk as never), TypeError);
});
