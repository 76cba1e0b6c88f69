import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { PARTICIPANT_ROLES } from '../identity/index.js';
import {
  CREDENTIAL_TYPES,
  STATUS_LIST_2021_CONTEXT,
  VC_V1_CONTEXT,
  credentialTypeForRole,
  isCredentialType,
  roleForCredentialType,
} from './credential-types.js';
import { issueCredential, readCredentialClaims } from './credential.js';
import { DATASPACE, DAY_S, STATUS_URL, T0, at, authority, credentialFor, recycler, roleCredentialFor } from './test-support/world.js';

test('every role except public maps to its own credential type and back', () => {
  const types = new Set<string>();
  for (const role of PARTICIPANT_ROLES) {
    const type = credentialTypeForRole(role);
    if (role === 'public') {
      assert.equal(type, null);
      continue;
    }
    assert.ok(type && type.endsWith('Credential'), `${role} -> ${type}`);
    assert.equal(roleForCredentialType(type), role);
    types.add(type);
  }
  assert.equal(types.size, PARTICIPANT_ROLES.length - 1);
  assert.equal(credentialTypeForRole('testingFacility'), 'TestingFacilityCredential');
  assert.equal(roleForCredentialType('MembershipCredential'), null);
  assert.equal(roleForCredentialType('toString'), null);
  assert.equal(credentialTypeForRole('constructor' as never), null);
  assert.deepEqual([...CREDENTIAL_TYPES].sort(), ['MembershipCredential', ...types].sort());
  assert.equal(isCredentialType('VerifiableCredential'), false);
});

test('a membership credential is a VC DM 1.1 JWT with registered claims for issuer, subject, dates and id', async () => {
  const jwt = await credentialFor(recycler, { id: 'urn:uuid:6f1c0c52-5a55-4a43-9f2d-0d1ad2d7c6a1' });
  assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'EdDSA', typ: 'JWT', kid: `${authority.did}#key-1` });
  const claims = decodeJwt(jwt);
  assert.equal(claims.iss, authority.did);
  assert.equal(claims.sub, recycler.did);
  assert.equal(claims.nbf, at(-DAY_S).getTime() / 1000);
  assert.equal(claims.exp, at(365 * DAY_S).getTime() / 1000);
  assert.equal(claims.jti, 'urn:uuid:6f1c0c52-5a55-4a43-9f2d-0d1ad2d7c6a1');
  const vc = claims.vc as Record<string, unknown>;
  assert.equal((vc['@context'] as unknown[])[0], VC_V1_CONTEXT);
  assert.deepEqual(vc.type, ['VerifiableCredential', 'MembershipCredential']);
  assert.deepEqual(vc.credentialSubject, { memberOf: DATASPACE });
  assert.equal(vc.credentialStatus, undefined);
});

test('role credentials carry the role of their type; a contradicting role is refused', async () => {
  const vc = decodeJwt(await roleCredentialFor(recycler)).vc as Record<string, unknown>;
  assert.deepEqual(vc.credentialSubject, { role: 'recycler' });
  const explicit = decodeJwt(await roleCredentialFor(recycler, { types: ['VerifiableCredential', 'AuthorityCredential'], claims: { role: 'authority', unit: 'MSA-DE' } }));
  assert.deepEqual((explicit.vc as Record<string, unknown>).credentialSubject, { role: 'authority', unit: 'MSA-DE' });
  await assert.rejects(roleCredentialFor(recycler, { claims: { role: 'dismantler' } }), /contradicts RecyclerCredential/);
});

test('a status reference becomes a StatusList2021Entry with a string index', async () => {
  const vc = decodeJwt(await credentialFor(recycler, { status: { statusListCredential: STATUS_URL, index: 94567 } })).vc as Record<string, unknown>;
  assert.ok((vc['@context'] as unknown[]).includes(STATUS_LIST_2021_CONTEXT));
  assert.deepEqual(vc.credentialStatus, {
    id: `${STATUS_URL}#94567`,
    type: 'StatusList2021Entry',
    statusPurpose: 'revocation',
    statusListIndex: '94567',
    statusListCredential: STATUS_URL,
  });
});

test('issuance refuses inputs that would produce an unverifiable or ambiguous credential', async () => {
  const cases: Array<[string, Parameters<typeof credentialFor>[1]]> = [
    ['types', { types: ['VerifiableCredential', 'PilotCredential'] as never }],
    ['types', { types: ['MembershipCredential'] as never }],
    ['memberOf', { claims: {} }],
    ['id', { claims: { memberOf: DATASPACE, id: recycler.did } }],
    ['after issuedAt', { issuedAt: T0, expiresAt: T0 }],
    ['issuedAt', { issuedAt: new Date(Number.NaN) }],
    ['subjectDid', { subjectDid: 'did:example:123' }],
    ['statusListCredential', { status: { statusListCredential: 'ftp://x/list', index: 1 } }],
    ['statusListCredential', { status: { statusListCredential: `${STATUS_URL}#frag`, index: 1 } }],
    ['status.index', { status: { statusListCredential: STATUS_URL, index: -1 } }],
    ['status.index', { status: { statusListCredential: STATUS_URL, index: 1.5 } }],
  ];
  for (const [message, overrides] of cases) {
    await assert.rejects(credentialFor(recycler, overrides), (err: Error) => err.message.includes(message), `expected "${message}"`);
  }
  await assert.rejects(
    issueCredential({ issuerDid: authority.did, issuerPrivateJwk: { ...authority.privateJwk, d: recycler.privateJwk.d }, subjectDid: recycler.did, types: ['VerifiableCredential', 'OemCredential'], issuedAt: T0, expiresAt: at(60) }),
    /issuerPrivateJwk/,
  );
});

test('readCredentialClaims round-trips an issued credential and rejects contradicting duplicates', async () => {
  const claims = decodeJwt(await credentialFor(recycler, { status: { statusListCredential: STATUS_URL, index: 7, purpose: 'suspension' } })) as Record<string, unknown>;
  const content = readCredentialClaims(claims);
  assert.ok(typeof content !== 'string');
  assert.equal(content.type, 'MembershipCredential');
  assert.equal(content.subject, recycler.did);
  assert.deepEqual(content.subjectClaims, { memberOf: DATASPACE });
  assert.deepEqual(content.status, { statusListCredential: STATUS_URL, index: 7, purpose: 'suspension' });

  const vc = claims.vc as Record<string, unknown>;
  const variant = (patch: Record<string, unknown>) => readCredentialClaims({ ...claims, vc: { ...vc, ...patch } });
  assert.equal(typeof variant({ credentialSubject: { id: recycler.did, memberOf: DATASPACE } }), 'object');
  assert.match(variant({ credentialSubject: { id: authority.did, memberOf: DATASPACE } }) as string, /does not match sub/);
  assert.match(variant({ issuer: recycler.did }) as string, /issuer/);
  assert.equal(typeof variant({ issuer: { id: authority.did, name: 'Authority' } }), 'object');
  assert.match(variant({ id: 'urn:uuid:other' }) as string, /jti/);
  assert.match(variant({ type: ['VerifiableCredential', 'MembershipCredential', 'OemCredential'] }) as string, /unsupported/);
  assert.match(variant({ '@context': ['https://www.w3.org/ns/credentials/v2'] }) as string, /@context/);
  assert.match(variant({ credentialSubject: [{ memberOf: DATASPACE }] }) as string, /single object/);
  const status = vc.credentialStatus as Record<string, unknown>;
  assert.match(variant({ credentialStatus: { ...status, statusListIndex: 7 } }) as string, /statusListIndex/);
  assert.match(variant({ credentialStatus: { ...status, statusListIndex: '007' } }) as string, /statusListIndex/);
  assert.match(variant({ credentialStatus: { ...status, type: 'BitstringStatusListEntry' } }) as string, /not supported/);
  assert.match(readCredentialClaims({ ...claims, exp: '2032-01-01' }) as string, /numeric/);
});
