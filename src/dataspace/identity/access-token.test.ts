import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactSign, decodeJwt, decodeProtectedHeader } from 'jose';
import { signAccessToken, verifyAccessToken, type AccessTokenResult } from './access-token.js';
import { generateParticipantKeys, importPrivateKey, type Ed25519PublicJwk } from './keys.js';

const A = generateParticipantKeys('did:web:127.0.0.1%3A7001');
const B = generateParticipantKeys('did:web:127.0.0.1%3A7002');
const AUD = 'did:web:127.0.0.1%3A7003';
const T0 = new Date('2031-05-01T10:00:00Z');
const keysByKid = new Map<string, Ed25519PublicJwk>([
  [`${A.did}#key-1`, A.publicJwk],
  [`${B.did}#key-1`, B.publicJwk],
]);
const resolveKey = async (kid: string) => keysByKid.get(kid) ?? null;
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function tokenA(overrides: Partial<Parameters<typeof signAccessToken>[0]> = {}) {
  return signAccessToken({ did: A.did, role: 'dismantler', privateJwk: A.privateJwk, audience: AUD, now: T0, ...overrides });
}

function reason(r: AccessTokenResult) {
  return r.ok ? 'ok' : r.reason;
}

/** Signs arbitrary claims with A's key, for tokens the signer API refuses to produce. */
async function rawToken(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: `${A.did}#key-1`, ...header })
    .sign(importPrivateKey(A.privateJwk));
}

const baseClaims = () => ({ iss: A.did, sub: A.did, aud: AUD, iat: T0.getTime() / 1000, exp: T0.getTime() / 1000 + 300, jti: 'j-1', role: 'oem' });

test('a fresh token verifies and carries did, role, jti, exp', async () => {
  const token = await tokenA({ jti: 'fixed-jti' });
  const header = decodeProtectedHeader(token);
  assert.deepEqual(header, { alg: 'EdDSA', typ: 'JWT', kid: `${A.did}#key-1` });
  const claims = decodeJwt(token);
  assert.equal(claims.iss, A.did);
  assert.equal(claims.sub, A.did);
  assert.equal(claims.exp! - claims.iat!, 300);
  const r = await verifyAccessToken(token, { audience: AUD, now: at(10), resolveKey });
  assert.deepEqual(r, { ok: true, did: A.did, role: 'dismantler', jti: 'fixed-jti', exp: T0.getTime() / 1000 + 300, kid: `${A.did}#key-1` });
});

test('a synchronous key resolver works too', async () => {
  const r = await verifyAccessToken(await tokenA(), { audience: AUD, now: T0, resolveKey: (kid) => keysByKid.get(kid) ?? null });
  assert.equal(reason(r), 'ok');
});

test('expiry and not-before honour the clock skew', async () => {
  const token = await tokenA({ ttlSeconds: 60 });
  const opts = { audience: AUD, resolveKey, maxClockSkewSeconds: 5 };
  assert.equal(reason(await verifyAccessToken(token, { ...opts, now: at(64) })), 'ok');
  assert.equal(reason(await verifyAccessToken(token, { ...opts, now: at(65) })), 'expired');
  assert.equal(reason(await verifyAccessToken(token, { ...opts, now: at(3600) })), 'expired');
  assert.equal(reason(await verifyAccessToken(token, { ...opts, now: at(-5) })), 'ok');
  assert.equal(reason(await verifyAccessToken(token, { ...opts, now: at(-6) })), 'notYetValid');
  const nbf = await rawToken({ ...baseClaims(), nbf: T0.getTime() / 1000 + 100 });
  assert.equal(reason(await verifyAccessToken(nbf, { ...opts, now: T0 })), 'notYetValid');
});

test('wrong audience is refused', async () => {
  const r = await verifyAccessToken(await tokenA(), { audience: 'did:web:someone-else.example', now: T0, resolveKey });
  assert.equal(reason(r), 'wrongAudience');
  const multi = await rawToken({ ...baseClaims(), aud: ['x', AUD] });
  assert.equal(reason(await verifyAccessToken(multi, { audience: AUD, now: T0, resolveKey })), 'ok');
});

test('a token whose kid resolves to another participant key fails the signature', async () => {
  const r = await verifyAccessToken(await tokenA(), { audience: AUD, now: T0, resolveKey: async () => B.publicJwk });
  assert.equal(reason(r), 'badSignature');
});

test('a token signed with B key but claiming A kid fails the signature', async () => {
  const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(baseClaims())))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: `${A.did}#key-1` })
    .sign(importPrivateKey(B.privateJwk));
  assert.equal(reason(await verifyAccessToken(forged, { audience: AUD, now: T0, resolveKey })), 'badSignature');
});

test('unknown keys and failing resolvers give unknownKey', async () => {
  const token = await tokenA();
  assert.equal(reason(await verifyAccessToken(token, { audience: AUD, now: T0, resolveKey: async () => null })), 'unknownKey');
  const throwing = async () => {
    throw new Error('network down');
  };
  assert.equal(reason(await verifyAccessToken(token, { audience: AUD, now: T0, resolveKey: throwing })), 'unknownKey');
  const privateLeak = async () => A.privateJwk;
  assert.equal(reason(await verifyAccessToken(token, { audience: AUD, now: T0, resolveKey: privateLeak })), 'unknownKey');
});

test('tampered claims fail the signature', async () => {
  const [h, p, s] = (await tokenA()).split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims.role = 'authority';
  const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
  assert.equal(reason(await verifyAccessToken(tampered, { audience: AUD, now: T0, resolveKey })), 'badSignature');
});

test('iss or sub other than the kid DID is refused', async () => {
  for (const claims of [{ ...baseClaims(), iss: B.did }, { ...baseClaims(), sub: B.did }]) {
    assert.equal(reason(await verifyAccessToken(await rawToken(claims), { audience: AUD, now: T0, resolveKey })), 'issuerMismatch');
  }
});

test('lifetimes above one hour are refused on both sides', async () => {
  await assert.rejects(tokenA({ ttlSeconds: 3601 }), RangeError);
  await assert.rejects(tokenA({ ttlSeconds: 0 }), RangeError);
  assert.equal(reason(await verifyAccessToken(await tokenA({ ttlSeconds: 3600 }), { audience: AUD, now: T0, resolveKey })), 'ok');
  const long = await rawToken({ ...baseClaims(), exp: T0.getTime() / 1000 + 7200 });
  assert.equal(reason(await verifyAccessToken(long, { audience: AUD, now: T0, resolveKey })), 'lifetimeTooLong');
});

test('malformed input never throws', async () => {
  const valid = await tokenA();
  const [h, p] = valid.split('.');
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: `${A.did}#key-1` })).toString('base64url')}.${p}.`;
  const inputs: unknown[] = [
    undefined,
    null,
    42,
    '',
    'a.b',
    'a.b.c.d',
    'not a token at all',
    none,
    `${h}.${p}.!!!`,
    `${Buffer.from('not json').toString('base64url')}.${p}.AAAA`,
    await rawToken(baseClaims(), { typ: 'at+jwt' }),
    await rawToken(baseClaims(), { kid: 'key-1' }),
    await rawToken({ ...baseClaims(), role: 'emperor' }),
    await rawToken({ ...baseClaims(), jti: undefined }),
    await rawToken({ ...baseClaims(), exp: 'tomorrow' }),
    await new CompactSign(new TextEncoder().encode('[1,2]')).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: `${A.did}#key-1` }).sign(importPrivateKey(A.privateJwk)),
  ];
  for (const input of inputs) {
    const r = await verifyAccessToken(input, { audience: AUD, now: T0, resolveKey });
    assert.equal(reason(r), 'malformed', String(input));
  }
});
