import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeJwt } from 'jose';
import {
  STATUS_LIST_MAX_ENTRIES,
  STATUS_LIST_MIN_ENTRIES,
  createStatusList,
  decodeStatusList,
  encodeStatusList,
  isRevoked,
  isStatusBitSet,
  issueStatusListCredential,
  setRevoked,
  setStatusBit,
} from './status-list.js';
import { STATUS_URL, T0, at, authority, recycler, resolveKey, signRaw, withPayload } from './test-support/world.js';

test('a new list has the 16 KB minimum of VC Status List 2021 §6.1 and refuses smaller sizes', () => {
  const list = createStatusList();
  assert.equal(list.lengthEntries, 131_072);
  assert.equal(list.bits.length, 16 * 1024);
  assert.equal(createStatusList(STATUS_LIST_MIN_ENTRIES + 3).lengthEntries, STATUS_LIST_MIN_ENTRIES + 8);
  assert.throws(() => createStatusList(1024), RangeError);
  assert.throws(() => createStatusList(STATUS_LIST_MAX_ENTRIES + 8), RangeError);
  assert.throws(() => createStatusList(Number.NaN), RangeError);
});

test('index 0 is the left-most bit of the first byte, and setters do not mutate their input', () => {
  const empty = createStatusList();
  const list = setRevoked(setRevoked(empty, 0), 9);
  assert.equal(list.bits[0], 0b1000_0000);
  assert.equal(list.bits[1], 0b0100_0000);
  assert.equal(isStatusBitSet(list, 0), true);
  assert.equal(isStatusBitSet(list, 1), false);
  assert.equal(isStatusBitSet(list, 9), true);
  assert.equal(isStatusBitSet(empty, 0), false, 'input list unchanged');
  assert.equal(isStatusBitSet(setStatusBit(list, 9, false), 9), false);
  const last = list.lengthEntries - 1;
  assert.equal(isStatusBitSet(setRevoked(list, last), last), true);
  assert.throws(() => setRevoked(list, list.lengthEntries), RangeError);
  assert.throws(() => setRevoked(list, -1), RangeError);
});

test('encodedList is GZIP + base64url and decodes back to the same bits', () => {
  const list = setRevoked(setRevoked(createStatusList(), 42), 131_071);
  const encoded = encodeStatusList(list);
  assert.match(encoded, /^[A-Za-z0-9_-]+$/);
  assert.ok(encoded.length < 200, `an almost empty 16 KB list compresses well (${encoded.length} chars)`);
  const decoded = decodeStatusList(encoded);
  assert.ok(decoded);
  assert.deepEqual(decoded.bits, list.bits);
  // standard base64 of the same GZIP stream is accepted (early drafts said "base64")
  assert.deepEqual(decodeStatusList(Buffer.from(encoded, 'base64url').toString('base64'))?.bits, list.bits);
});

test('decodeStatusList refuses short lists, non-GZIP data and oversized (bomb) lists', () => {
  assert.equal(decodeStatusList(gzipSync(new Uint8Array(1024)).toString('base64url')), null, 'below 16 KB');
  assert.equal(decodeStatusList(Buffer.from('not gzip at all').toString('base64url')), null);
  assert.equal(decodeStatusList('***'), null);
  assert.equal(decodeStatusList(''), null);
  assert.equal(decodeStatusList(42), null);
  const bomb = gzipSync(new Uint8Array(STATUS_LIST_MAX_ENTRIES / 8 + 1)).toString('base64url');
  assert.ok(bomb.length < 10_000);
  assert.equal(decodeStatusList(bomb), null, 'decompressing past the limit is refused');
});

async function publishedList(indexes: number[], opts: { expiresAt?: Date; purpose?: 'revocation' | 'suspension' } = {}) {
  let list = createStatusList();
  for (const i of indexes) list = setRevoked(list, i);
  return issueStatusListCredential({ issuerDid: authority.did, issuerPrivateJwk: authority.privateJwk, url: STATUS_URL, list, issuedAt: T0, ...opts });
}

test('the status list credential is a StatusList2021Credential VC-JWT whose id is its URL', async () => {
  const claims = decodeJwt(await publishedList([3], { expiresAt: at(3600) }));
  assert.equal(claims.iss, authority.did);
  assert.equal(claims.jti, STATUS_URL);
  assert.equal(claims.sub, `${STATUS_URL}#list`);
  assert.equal(claims.exp, at(3600).getTime() / 1000);
  const vc = claims.vc as { type: string[]; credentialSubject: Record<string, unknown> };
  assert.deepEqual(vc.type, ['VerifiableCredential', 'StatusList2021Credential']);
  assert.equal(vc.credentialSubject.type, 'StatusList2021');
  assert.equal(vc.credentialSubject.statusPurpose, 'revocation');
  assert.equal(isStatusBitSet(decodeStatusList(vc.credentialSubject.encodedList)!, 3), true);
  await assert.rejects(issueStatusListCredential({ issuerDid: authority.did, issuerPrivateJwk: authority.privateJwk, url: 'not a url', list: createStatusList(), issuedAt: T0 }), /url/);
  await assert.rejects(
    issueStatusListCredential({ issuerDid: authority.did, issuerPrivateJwk: authority.privateJwk, url: STATUS_URL, list: { lengthEntries: 8, bits: new Uint8Array(1) }, issuedAt: T0 }),
    /createStatusList/,
  );
});

test('isRevoked reads the bit after verifying the list with the given key or resolver', async () => {
  const jwt = await publishedList([5, 70_000]);
  for (const key of [authority.publicJwk, resolveKey]) {
    for (const [index, revoked] of [[5, true], [6, false], [70_000, true], [0, false]] as const) {
      const r = await isRevoked(jwt, index, key);
      assert.deepEqual(r, { ok: true, revoked, issuer: authority.did, url: STATUS_URL, purpose: 'revocation' });
    }
  }
});

test('isRevoked fails, never answers "not revoked", when the list cannot be trusted', async () => {
  const jwt = await publishedList([5], { expiresAt: at(3600) });
  const reason = async (p: Promise<{ ok: boolean; reason?: string }>) => {
    const r = await p;
    return r.ok ? 'ok' : r.reason;
  };
  assert.equal(await reason(isRevoked(jwt, 5, recycler.publicJwk)), 'badSignature');
  assert.equal(await reason(isRevoked(jwt, 5, async () => null)), 'unknownKey');
  assert.equal(await reason(isRevoked(withPayload(jwt, (c) => { c.jti = 'https://elsewhere/list'; }), 5, authority.publicJwk)), 'badSignature');
  assert.equal(await reason(isRevoked(jwt, 131_072, authority.publicJwk)), 'indexOutOfRange');
  assert.equal(await reason(isRevoked(jwt, -1, authority.publicJwk)), 'indexOutOfRange');
  assert.equal(await reason(isRevoked(jwt, 5, authority.publicJwk, { expectedIssuer: recycler.did })), 'issuerMismatch');
  assert.equal(await reason(isRevoked(jwt, 5, authority.publicJwk, { expectedUrl: 'https://authority.test.example/status/2' })), 'urlMismatch');
  assert.equal(await reason(isRevoked(jwt, 5, authority.publicJwk, { expectedPurpose: 'suspension' })), 'purposeMismatch');
  assert.equal(await reason(isRevoked(jwt, 5, authority.publicJwk, { now: at(3600 + 31) })), 'expired');
  assert.equal(await reason(isRevoked(jwt, 5, authority.publicJwk, { now: at(-31) })), 'notYetValid');
  assert.equal(await reason(isRevoked(jwt, 5, authority.publicJwk, { now: at(60) })), 'ok');
  assert.equal(await reason(isRevoked('garbage', 5, authority.publicJwk)), 'malformed');
  assert.equal(await reason(isRevoked(undefined, 5, authority.publicJwk)), 'malformed');

  // a list signed by one DID but claiming another issuer
  const claims = decodeJwt(jwt) as Record<string, unknown>;
  assert.equal(await reason(isRevoked(await signRaw(recycler, claims), 5, recycler.publicJwk)), 'issuerMismatch');
  // right signer, wrong shape
  const vc = claims.vc as Record<string, unknown>;
  const subject = vc.credentialSubject as Record<string, unknown>;
  const reshaped = (patch: Record<string, unknown>) => signRaw(authority, { ...claims, vc: { ...vc, credentialSubject: { ...subject, ...patch } } });
  assert.equal(await reason(isRevoked(await reshaped({ encodedList: gzipSync(new Uint8Array(100)).toString('base64url') }), 5, authority.publicJwk)), 'malformed');
  assert.equal(await reason(isRevoked(await reshaped({ type: 'BitstringStatusList' }), 5, authority.publicJwk)), 'malformed');
  assert.equal(await reason(isRevoked(await reshaped({ statusPurpose: 'message' }), 5, authority.publicJwk)), 'malformed');
  assert.equal(await reason(isRevoked(await signRaw(authority, { ...claims, vc: { ...vc, type: ['VerifiableCredential'] } }), 5, authority.publicJwk)), 'malformed');
});
