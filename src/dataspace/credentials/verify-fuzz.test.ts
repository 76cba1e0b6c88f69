import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSelfIssuedToken } from './presentation.js';
import { decodeStatusList, isRevoked } from './status-list.js';
import { StatusHost, T0, VERIFIER, authority, recycler, signRaw, verifierOptions } from './test-support/world.js';
import { verifyPresentedIdentity } from './verify.js';

const host = new StatusHost();
const options = verifierOptions(host);
const b64json = fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url'));
const jwtShaped = fc.tuple(b64json, b64json, fc.base64String()).map(([h, p, s]) => `${h}.${p}.${s.replace(/=/g, '')}`);
const t0s = T0.getTime() / 1000;
const vpEnvelope = (verifiableCredential: unknown) => ({
  iss: recycler.did,
  aud: VERIFIER,
  iat: t0s,
  exp: t0s + 60,
  vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential },
});
const tokenFor = (presentation: string) => createSelfIssuedToken({ did: recycler.did, privateJwk: recycler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 60, presentation });

test('random strings and values never make the verifier throw, and are never accepted', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), jwtShaped, fc.anything()), async (input) => {
      const r = await verifyPresentedIdentity(input, options);
      assert.equal(r.ok, false);
    }),
    { numRuns: 300 },
  );
});

test('validly signed tokens with random claims never throw and are never accepted', async () => {
  await fc.assert(
    fc.asyncProperty(fc.dictionary(fc.constantFrom('iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'vp', 'nbf', 'x'), fc.jsonValue()), async (claims) => {
      const r = await verifyPresentedIdentity(await signRaw(recycler, claims), options);
      assert.equal(r.ok, false);
    }),
    { numRuns: 150 },
  );
});

test('random presentations inside a valid token are refused or yield no claims', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string(), jwtShaped, fc.jsonValue().map((v) => `signed:${JSON.stringify(v)}`)), async (vp) => {
      const presentation = vp.startsWith('signed:') ? await signRaw(recycler, { ...vpEnvelope([]), vp: JSON.parse(vp.slice(7)) }) : vp;
      // signed directly: the producer would refuse a presentation that is not a compact JWS
      const token = await signRaw(recycler, { iss: recycler.did, sub: recycler.did, aud: VERIFIER, iat: t0s, exp: t0s + 60, jti: 'fuzz', vp: presentation });
      const r = await verifyPresentedIdentity(token, options);
      if (r.ok) assert.deepEqual(r.claims, { did: recycler.did, roles: [], memberships: [], credentials: [] });
    }),
    { numRuns: 150 },
  );
});

test('random credentials signed by the trusted issuer are each counted or ignored, never thrown', async () => {
  const vcClaims = fc.record(
    {
      iss: fc.oneof(fc.constant(authority.did), fc.string()),
      sub: fc.oneof(fc.constant(recycler.did), fc.string()),
      nbf: fc.oneof(fc.constant(t0s - 10), fc.double()),
      exp: fc.oneof(fc.constant(t0s + 10), fc.double(), fc.string()),
      vc: fc.oneof(fc.jsonValue(), fc.record({ '@context': fc.constant(['https://www.w3.org/2018/credentials/v1']), type: fc.array(fc.constantFrom('VerifiableCredential', 'MembershipCredential', 'OemCredential', 'x')), credentialSubject: fc.jsonValue(), credentialStatus: fc.jsonValue() }, { requiredKeys: ['@context', 'type'] })),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(vcClaims.map((c) => ({ signed: c })), fc.anything()), { maxLength: 4 }), async (items) => {
      const credentials = await Promise.all(items.map((i) => (i && typeof i === 'object' && 'signed' in i ? signRaw(authority, i.signed as Record<string, unknown>) : i)));
      const r = await verifyPresentedIdentity(await tokenFor(await signRaw(recycler, vpEnvelope(credentials))), options);
      assert.ok(r.ok, 'a valid token and presentation are accepted whatever the credentials');
      assert.equal(r.ignored.length + r.claims.credentials.length, credentials.length);
    }),
    { numRuns: 150 },
  );
});

test('status list readers never throw on random input', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string(), jwtShaped, fc.anything()), fc.oneof(fc.integer(), fc.double()), async (input, index) => {
      assert.equal(decodeStatusList(input), null);
      const r = await isRevoked(input, index, authority.publicJwk, { now: T0 });
      assert.equal(r.ok, false);
    }),
    { numRuns: 300 },
  );
});
