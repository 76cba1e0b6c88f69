import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createPresentation, createSelfIssuedToken, MAX_PRESENTED_CREDENTIALS } from './presentation.js';
import { T0, VERIFIER, authority, credentialFor, recycler } from './test-support/world.js';

const t0s = T0.getTime() / 1000;

test('a presentation is a VP-JWT by the holder for one verifier, carrying the VC-JWTs verbatim', async () => {
  const vc = await credentialFor(recycler);
  const vp = await createPresentation({ holderDid: recycler.did, holderPrivateJwk: recycler.privateJwk, credentials: [vc], audience: VERIFIER, nonce: 'n-1', now: T0, ttlSeconds: 120, id: 'urn:uuid:vp-1' });
  assert.deepEqual(decodeProtectedHeader(vp), { alg: 'EdDSA', typ: 'JWT', kid: `${recycler.did}#key-1` });
  assert.deepEqual(decodeJwt(vp), {
    iss: recycler.did,
    sub: recycler.did,
    aud: VERIFIER,
    nbf: t0s,
    iat: t0s,
    exp: t0s + 120,
    jti: 'urn:uuid:vp-1',
    nonce: 'n-1',
    vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential: [vc] },
  });
});

test('the self-issued token has iss = sub = caller, aud, jti, iat, exp and the VP in `vp`', async () => {
  const vp = await createPresentation({ holderDid: recycler.did, holderPrivateJwk: recycler.privateJwk, credentials: [], audience: VERIFIER, now: T0, ttlSeconds: 60 });
  const token = await createSelfIssuedToken({ did: recycler.did, privateJwk: recycler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 300, presentation: vp, jti: 'tok-1' });
  assert.deepEqual(decodeJwt(token), { iss: recycler.did, sub: recycler.did, aud: VERIFIER, jti: 'tok-1', iat: t0s, exp: t0s + 300, vp });
  const bare = decodeJwt(await createSelfIssuedToken({ did: recycler.did, privateJwk: recycler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 30 }));
  assert.equal(bare.vp, undefined);
  assert.equal(typeof bare.jti, 'string');
  assert.notEqual(bare.jti, decodeJwt(await createSelfIssuedToken({ did: recycler.did, privateJwk: recycler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 30 })).jti);
});

test('producers refuse long lifetimes, foreign keys and non-JWT credentials', async () => {
  const base = { did: recycler.did, privateJwk: recycler.privateJwk, audience: VERIFIER, now: T0 };
  await assert.rejects(createSelfIssuedToken({ ...base, ttlSeconds: 301 }), RangeError);
  await assert.rejects(createSelfIssuedToken({ ...base, ttlSeconds: 0 }), RangeError);
  await assert.rejects(createSelfIssuedToken({ ...base, ttlSeconds: 60, audience: '' }), /audience/);
  await assert.rejects(createSelfIssuedToken({ ...base, ttlSeconds: 60, presentation: '{"vp":1}' }), /presentation/);
  await assert.rejects(createSelfIssuedToken({ ...base, ttlSeconds: 60, privateJwk: authority.privateJwk, did: 'not-a-did' }), /did/);
  const vp = { holderDid: recycler.did, holderPrivateJwk: recycler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 60 };
  await assert.rejects(createPresentation({ ...vp, credentials: ['not a jwt'] }), /compact VC-JWT/);
  await assert.rejects(createPresentation({ ...vp, credentials: new Array(MAX_PRESENTED_CREDENTIALS + 1).fill('a.b.c') }), RangeError);
  await assert.rejects(createPresentation({ ...vp, credentials: [], ttlSeconds: 3601 }), RangeError);
  await assert.rejects(createPresentation({ ...vp, credentials: [], now: new Date(Number.NaN) }), /now/);
  await assert.rejects(createPresentation({ ...vp, credentials: [], holderPrivateJwk: { ...recycler.privateJwk, x: authority.privateJwk.x } }), /holderPrivateJwk/);
});
