import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { generateParticipantKeys } from '../identity/index.js';
import { createPresentation, createSelfIssuedToken } from './presentation.js';
import { createStatusList, issueStatusListCredential, setRevoked } from './status-list.js';
import {
  DATASPACE,
  DAY_S,
  STATUS_URL,
  StatusHost,
  T0,
  VERIFIER,
  at,
  authority,
  credentialFor,
  dismantler,
  recycler,
  replayCache,
  resolveKey,
  rogue,
  roleCredentialFor,
  signRaw,
  tokenWith,
  verifierOptions,
  withPayload,
} from './test-support/world.js';
import { verifyPresentedIdentity, type PresentedIdentityResult } from './verify.js';

async function setup() {
  const host = new StatusHost();
  await host.publish();
  const membership = await credentialFor(recycler, { status: { statusListCredential: STATUS_URL, index: 10 } });
  const role = await roleCredentialFor(recycler, { status: { statusListCredential: STATUS_URL, index: 11 } });
  return { host, membership, role };
}

function accepted(r: PresentedIdentityResult) {
  if (!r.ok) assert.fail(`refused: ${r.where} ${r.reason}: ${r.detail}`);
  return r;
}

function refusal(r: PresentedIdentityResult) {
  return r.ok ? 'accepted' : `${r.where}:${r.reason}`;
}

function ignoredReasons(r: PresentedIdentityResult) {
  return accepted(r).ignored.map((i) => `${i.index}:${i.reason}`);
}

test('round trip: membership and role credentials become claims; the shared status list is fetched once', async () => {
  const { host, membership, role } = await setup();
  const r = accepted(await verifyPresentedIdentity(await tokenWith(recycler, [membership, role], { jti: 'tok-rt' }), verifierOptions(host)));
  assert.deepEqual(r.claims.did, recycler.did);
  assert.deepEqual(r.claims.roles, ['recycler']);
  assert.deepEqual(r.claims.memberships, [DATASPACE]);
  assert.deepEqual(
    r.claims.credentials.map(({ type, issuer, expiresAt }) => ({ type, issuer, expiresAt })),
    [
      { type: 'MembershipCredential', issuer: authority.did, expiresAt: at(365 * DAY_S).toISOString() },
      { type: 'RecyclerCredential', issuer: authority.did, expiresAt: at(365 * DAY_S).toISOString() },
    ],
  );
  assert.match(r.claims.credentials[0].id ?? '', /^urn:uuid:/);
  assert.deepEqual(r.ignored, []);
  assert.equal(r.tokenId, 'tok-rt');
  assert.equal(r.tokenExpiresAtEpochS, T0.getTime() / 1000 + 300);
  assert.deepEqual(host.fetches, [STATUS_URL]);
});

test('a token without a presentation proves the DID only', async () => {
  const { host } = await setup();
  const token = await createSelfIssuedToken({ did: dismantler.did, privateJwk: dismantler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 60 });
  const r = accepted(await verifyPresentedIdentity(token, verifierOptions(host)));
  assert.deepEqual(r.claims, { did: dismantler.did, roles: [], memberships: [], credentials: [] });
});

test('expired and not-yet-valid credentials are ignored without masking a valid one (30 s skew)', async () => {
  const { host, membership } = await setup();
  const expired = await roleCredentialFor(recycler, { issuedAt: at(-10 * DAY_S), expiresAt: at(-31) });
  const barelyValid = await roleCredentialFor(recycler, { types: ['VerifiableCredential', 'DismantlerCredential'], issuedAt: at(-DAY_S), expiresAt: at(-29) });
  const future = await roleCredentialFor(recycler, { types: ['VerifiableCredential', 'OemCredential'], issuedAt: at(31), expiresAt: at(DAY_S) });
  const r = await verifyPresentedIdentity(await tokenWith(recycler, [expired, membership, future, barelyValid]), verifierOptions(host));
  assert.deepEqual(ignoredReasons(r), ['0:expired', '2:notYetValid']);
  assert.deepEqual(accepted(r).claims.roles, ['dismantler']);
  assert.deepEqual(accepted(r).claims.memberships, [DATASPACE]);
});

test('credentials from untrusted issuers are ignored and their keys are never resolved', async () => {
  const { host, membership } = await setup();
  const fromRogue = await credentialFor(recycler, { issuer: rogue, types: ['VerifiableCredential', 'AuthorityCredential'], claims: {} });
  const selfIssued = await credentialFor(recycler, { issuer: recycler, types: ['VerifiableCredential', 'AuthorityCredential'], claims: {} });
  const resolved: string[] = [];
  const spy = async (kid: string) => {
    resolved.push(kid);
    return resolveKey(kid);
  };
  const r = await verifyPresentedIdentity(await tokenWith(recycler, [fromRogue, membership, selfIssued]), verifierOptions(host, { resolveKey: spy }));
  assert.deepEqual(ignoredReasons(r), ['0:untrustedIssuer', '2:untrustedIssuer']);
  assert.deepEqual(accepted(r).claims.roles, []);
  assert.ok(!resolved.includes(`${rogue.did}#key-1`));
  // trusting the rogue issuer makes the same presentation count
  const trusting = await verifyPresentedIdentity(await tokenWith(recycler, [fromRogue]), verifierOptions(host, { trustedIssuers: new Set([authority.did, rogue.did]) }));
  assert.deepEqual(accepted(trusting).claims.roles, ['authority']);
});

test('a revoked credential is ignored once its bit is set in the published status list', async () => {
  const { host, membership, role } = await setup();
  const before = accepted(await verifyPresentedIdentity(await tokenWith(recycler, [membership, role]), verifierOptions(host)));
  assert.deepEqual(before.claims.roles, ['recycler']);
  await host.revoke(11);
  const after = await verifyPresentedIdentity(await tokenWith(recycler, [membership, role]), verifierOptions(host));
  assert.deepEqual(ignoredReasons(after), ['1:revoked']);
  assert.deepEqual(accepted(after).claims.roles, []);
  assert.deepEqual(accepted(after).claims.memberships, [DATASPACE]);
});

test('a suspension list suspends; an unavailable or foreign status list makes the credential not count', async () => {
  const { host, membership } = await setup();
  const suspendUrl = 'https://authority.test.example/status/suspension';
  host.published.set(suspendUrl, await issueStatusListCredential({ issuerDid: authority.did, issuerPrivateJwk: authority.privateJwk, url: suspendUrl, list: setRevoked(createStatusList(), 4), issuedAt: T0, purpose: 'suspension' }));
  const suspended = await roleCredentialFor(recycler, { status: { statusListCredential: suspendUrl, index: 4, purpose: 'suspension' } });
  const missing = await roleCredentialFor(recycler, { status: { statusListCredential: 'https://authority.test.example/status/404', index: 4 } });
  // a second trusted issuer publishes a list at a URL the authority's credential points to: not the issuer's list
  const otherIssuer = generateParticipantKeys('did:web:other-authority.test.example');
  const hijackUrl = 'https://authority.test.example/status/hijacked';
  host.published.set(hijackUrl, await issueStatusListCredential({ issuerDid: otherIssuer.did, issuerPrivateJwk: otherIssuer.privateJwk, url: hijackUrl, list: createStatusList(), issuedAt: T0 }));
  const hijacked = await roleCredentialFor(recycler, { status: { statusListCredential: hijackUrl, index: 4 } });
  const options = verifierOptions(host, {
    trustedIssuers: new Set([authority.did, otherIssuer.did]),
    resolveKey: async (kid) => (kid === `${otherIssuer.did}#key-1` ? otherIssuer.publicJwk : resolveKey(kid)),
  });
  const r = await verifyPresentedIdentity(await tokenWith(recycler, [suspended, missing, hijacked, membership]), options);
  assert.deepEqual(ignoredReasons(r), ['0:suspended', '1:statusUnavailable', '2:statusUnavailable']);
  assert.deepEqual(accepted(r).claims.memberships, [DATASPACE]);
  const throwing = await verifyPresentedIdentity(
    await tokenWith(recycler, [membership]),
    verifierOptions(host, { fetchStatusList: () => { throw new Error('network down'); } }),
  );
  assert.deepEqual(ignoredReasons(throwing), ['0:statusUnavailable']);
});

test('a credential issued to someone else does not count for the presenter', async () => {
  const { host, membership } = await setup();
  const dismantlersRole = await roleCredentialFor(dismantler, { types: ['VerifiableCredential', 'DismantlerCredential'] });
  const r = await verifyPresentedIdentity(await tokenWith(recycler, [dismantlersRole, membership]), verifierOptions(host));
  assert.deepEqual(ignoredReasons(r), ['0:subjectMismatch']);
  assert.deepEqual(accepted(r).claims.roles, []);
});

test("a presentation made by another holder than the token's caller is refused", async () => {
  const { host } = await setup();
  const theirs = await roleCredentialFor(dismantler, { types: ['VerifiableCredential', 'DismantlerCredential'] });
  const token = await tokenWith(recycler, [theirs], { vpHolder: dismantler });
  assert.equal(refusal(await verifyPresentedIdentity(token, verifierOptions(host))), 'presentation:holderMismatch');
});

test('a token is accepted once: the replay check sees its jti again', async () => {
  const { host, membership } = await setup();
  const cache = replayCache();
  const token = await tokenWith(recycler, [membership], { jti: 'once' });
  accepted(await verifyPresentedIdentity(token, verifierOptions(host, { seenJti: cache.seenJti })));
  assert.deepEqual([...cache.entries], [['once', T0.getTime() / 1000 + 300]]);
  assert.equal(refusal(await verifyPresentedIdentity(token, verifierOptions(host, { seenJti: cache.seenJti }))), 'token:replay');
  accepted(await verifyPresentedIdentity(await tokenWith(recycler, [membership], { jti: 'twice' }), verifierOptions(host, { seenJti: cache.seenJti })));
  // invalid tokens never reach (or fill) the replay cache
  await verifyPresentedIdentity(await tokenWith(recycler, [membership], { jti: 'elsewhere', audience: 'did:web:other.example' }), verifierOptions(host, { seenJti: cache.seenJti }));
  assert.equal(cache.entries.has('elsewhere'), false);
  const failing = verifierOptions(host, { seenJti: async () => { throw new Error('db down'); } });
  assert.equal(refusal(await verifyPresentedIdentity(await tokenWith(recycler, [membership]), failing)), 'token:replayCheckFailed');
});

test('token and presentation must both be addressed to this verifier', async () => {
  const { host, membership } = await setup();
  assert.equal(refusal(await verifyPresentedIdentity(await tokenWith(recycler, [membership], { audience: 'did:web:other.example' }), verifierOptions(host))), 'token:wrongAudience');
  assert.equal(refusal(await verifyPresentedIdentity(await tokenWith(recycler, [membership], { vpAudience: 'did:web:other.example' }), verifierOptions(host))), 'presentation:wrongAudience');
});

test('tampering with the token, the presentation or a credential breaks its signature', async () => {
  const { host, membership, role } = await setup();
  const token = await tokenWith(recycler, [membership]);
  const longer = withPayload(token, (c) => { c.exp = (c.exp as number) + 3000; });
  assert.equal(refusal(await verifyPresentedIdentity(longer, verifierOptions(host))), 'token:badSignature');

  const vp = await createPresentation({ holderDid: recycler.did, holderPrivateJwk: recycler.privateJwk, credentials: [membership], audience: VERIFIER, now: T0, ttlSeconds: 60 });
  const stuffedVp = withPayload(vp, (c) => { (c.vp as { verifiableCredential: string[] }).verifiableCredential.push(role); });
  const viaStuffed = await createSelfIssuedToken({ did: recycler.did, privateJwk: recycler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 60, presentation: stuffedVp });
  assert.equal(refusal(await verifyPresentedIdentity(viaStuffed, verifierOptions(host))), 'presentation:badSignature');

  const promoted = withPayload(role, (c) => { (c.vc as { type: string[] }).type = ['VerifiableCredential', 'AuthorityCredential']; });
  const r = await verifyPresentedIdentity(await tokenWith(recycler, [promoted, membership]), verifierOptions(host));
  assert.deepEqual(ignoredReasons(r), ['0:badSignature']);
  // a credential whose kid names the authority but which another key signed
  const forged = await signRaw(rogue, decodeJwt(role) as Record<string, unknown>, { kid: `${authority.did}#key-1` });
  assert.deepEqual(ignoredReasons(await verifyPresentedIdentity(await tokenWith(recycler, [forged]), verifierOptions(host))), ['0:badSignature']);
});

test('token rules: lifetime at most 300 s, not expired, iss = sub = DID of kid, key known', async () => {
  const { host } = await setup();
  const t0s = T0.getTime() / 1000;
  const claims = { iss: recycler.did, sub: recycler.did, aud: VERIFIER, iat: t0s, exp: t0s + 300, jti: 'j' };
  const check = async (jwt: string, opts = {}) => refusal(await verifyPresentedIdentity(jwt, verifierOptions(host, opts)));
  assert.equal(await check(await signRaw(recycler, claims)), 'accepted');
  assert.equal(await check(await signRaw(recycler, { ...claims, exp: t0s + 301 })), 'token:lifetimeTooLong');
  assert.equal(await check(await signRaw(recycler, claims), { now: at(331) }), 'token:expired');
  assert.equal(await check(await signRaw(recycler, claims), { now: at(-31) }), 'token:notYetValid');
  assert.equal(await check(await signRaw(recycler, { ...claims, sub: dismantler.did })), 'token:issuerMismatch');
  assert.equal(await check(await signRaw(recycler, { ...claims, iss: authority.did, sub: authority.did })), 'token:issuerMismatch');
  assert.equal(await check(await signRaw(recycler, { ...claims, jti: undefined })), 'token:malformed');
  assert.equal(await check(await signRaw(recycler, { ...claims, vp: { verifiableCredential: [] } })), 'token:malformed');
  assert.equal(await check(await signRaw(recycler, claims, { alg: 'EdDSA', typ: 'dpop+jwt' })), 'token:malformed');
  const stranger = generateParticipantKeys('did:web:stranger.test.example');
  assert.equal(await check(await createSelfIssuedToken({ did: stranger.did, privateJwk: stranger.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 60 })), 'token:unknownKey');
  assert.equal(await check(await signRaw(recycler, claims), { resolveKey: () => { throw new Error('dns failure'); } }), 'token:unknownKey');
});

test('presentation rules: nonce when one was issued, bounded lifetime, VP shape', async () => {
  const { host, membership } = await setup();
  const withNonce = await tokenWith(recycler, [membership], { nonce: 'challenge-1' });
  accepted(await verifyPresentedIdentity(withNonce, verifierOptions(host, { presentationNonce: 'challenge-1' })));
  assert.equal(refusal(await verifyPresentedIdentity(withNonce, verifierOptions(host, { presentationNonce: 'challenge-2' }))), 'presentation:nonceMismatch');
  const t0s = T0.getTime() / 1000;
  const vpClaims = { iss: recycler.did, aud: VERIFIER, iat: t0s, exp: t0s + 600, vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential: [membership, 42] } };
  const wrap = async (vpJwt: string) => verifyPresentedIdentity(await createSelfIssuedToken({ did: recycler.did, privateJwk: recycler.privateJwk, audience: VERIFIER, now: T0, ttlSeconds: 60, presentation: vpJwt }), verifierOptions(host));
  assert.deepEqual(ignoredReasons(await wrap(await signRaw(recycler, vpClaims))), ['1:malformed']);
  assert.equal(refusal(await wrap(await signRaw(recycler, { ...vpClaims, exp: t0s + 7200 }))), 'presentation:lifetimeTooLong');
  assert.equal(refusal(await wrap(await signRaw(recycler, { ...vpClaims, exp: undefined }))), 'presentation:malformed');
  assert.equal(refusal(await wrap(await signRaw(recycler, { ...vpClaims, vp: { ...vpClaims.vp, type: ['VerifiableCredential'] } }))), 'presentation:malformed');
  assert.equal(refusal(await wrap(await signRaw(recycler, { ...vpClaims, iss: dismantler.did }))), 'presentation:issuerMismatch');
});

test('credential content rules: signer is the issuer, role stated, membership names the dataspace, roles deduplicated', async () => {
  const { host } = await setup();
  const good = decodeJwt(await roleCredentialFor(recycler)) as Record<string, unknown>;
  const vc = good.vc as Record<string, unknown>;
  const otherIss = await signRaw(authority, { ...good, iss: rogue.did });
  const noRole = await signRaw(authority, { ...good, vc: { ...vc, credentialSubject: {} } });
  const noMemberOf = await signRaw(authority, { ...good, vc: { ...vc, type: ['VerifiableCredential', 'MembershipCredential'], credentialSubject: {} } });
  const again = await roleCredentialFor(recycler);
  const r = await verifyPresentedIdentity(await tokenWith(recycler, [otherIss, noRole, noMemberOf, again, await roleCredentialFor(recycler)]), verifierOptions(host));
  assert.deepEqual(ignoredReasons(r), ['0:issuerMismatch', '1:malformed', '2:malformed']);
  assert.deepEqual(accepted(r).claims.roles, ['recycler']);
  assert.equal(accepted(r).claims.credentials.length, 2);
});

test('invalid verifier options are reported, not thrown', async () => {
  const { host, membership } = await setup();
  const token = await tokenWith(recycler, [membership]);
  for (const bad of [{ audience: '' }, { now: new Date(Number.NaN) }, { trustedIssuers: [authority.did] as never }, { resolveKey: null as never }, { maxClockSkewSeconds: -1 }]) {
    assert.equal(refusal(await verifyPresentedIdentity(token, verifierOptions(host, bad))), 'options:invalidOptions');
  }
  assert.equal(refusal(await verifyPresentedIdentity(token, null as never)), 'options:invalidOptions');
});
