import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildDidDocument,
  keyDirectoryFromDidDocuments,
  parseDidDocument,
  verificationKeyFromDidDocument,
  type ParsedDidDocument,
} from './did-document.js';
import { didWebFromUrl } from './did-web.js';
import { generateParticipantKeys } from './keys.js';

const DID = didWebFromUrl('http://127.0.0.1:7003');
const keys = generateParticipantKeys(DID);
const built = buildDidDocument({ did: DID, publicJwk: keys.publicJwk, role: 'recycler', name: 'Hanau Recycling', serviceEndpoint: 'http://127.0.0.1:7003' });

function parsedOk(value: unknown, did = DID): ParsedDidDocument {
  const r = parseDidDocument(value, did);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.document;
}

test('built DID document has the did:web / JsonWebKey2020 shape', () => {
  const kid = `${DID}#key-1`;
  assert.deepEqual(built['@context'], ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1']);
  assert.equal(built.id, DID);
  assert.deepEqual(built.verificationMethod.map((m) => [m.id, m.type, m.controller]), [[kid, 'JsonWebKey2020', DID]]);
  assert.equal('d' in built.verificationMethod[0].publicKeyJwk, false);
  assert.deepEqual(built.authentication, [kid]);
  assert.deepEqual(built.assertionMethod, [kid]);
  assert.deepEqual(built.service, [
    { id: `${DID}#api`, type: 'BatteryLoopNode', serviceEndpoint: 'http://127.0.0.1:7003', participantRole: 'recycler', participantName: 'Hanau Recycling' },
  ]);
  assert.equal(buildDidDocument({ did: 'did:web:example.com', publicJwk: keys.publicJwk, role: 'oem', name: 'x' }).service[0].serviceEndpoint, 'https://example.com');
  assert.throws(() => buildDidDocument({ did: DID, publicJwk: keys.privateJwk, role: 'oem', name: 'x' }), TypeError);
});

test('a fetched document parses and yields its key by kid for each relationship', () => {
  const doc = parsedOk(JSON.parse(JSON.stringify(built)));
  assert.equal(doc.role, 'recycler');
  assert.equal(doc.name, 'Hanau Recycling');
  assert.equal(doc.serviceEndpoint, 'http://127.0.0.1:7003');
  const kid = `${DID}#key-1`;
  assert.equal(verificationKeyFromDidDocument(doc, kid)?.x, keys.publicJwk.x);
  assert.equal(verificationKeyFromDidDocument(doc, kid, 'authentication')?.x, keys.publicJwk.x);
  assert.equal(verificationKeyFromDidDocument(doc, `${DID}#key-2`), null);
  assert.equal(verificationKeyFromDidDocument(doc, 'did:web:other.example#key-1'), null);
});

test('relative references and embedded methods are understood', () => {
  const doc = parsedOk({
    '@context': 'https://www.w3.org/ns/did/v1',
    id: DID,
    verificationMethod: [{ id: '#key-1', type: 'JsonWebKey2020', controller: DID, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: keys.publicJwk.x, kid: 'key-1' } }],
    assertionMethod: ['#key-1'],
    authentication: [{ id: '#auth', type: 'JsonWebKey2020', controller: DID, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: keys.publicJwk.x } }],
  });
  assert.ok(verificationKeyFromDidDocument(doc, `${DID}#key-1`));
  assert.equal(verificationKeyFromDidDocument(doc, `${DID}#key-1`, 'authentication'), null, 'key-1 is not an authentication key');
  assert.ok(verificationKeyFromDidDocument(doc, `${DID}#auth`, 'authentication'));
  assert.equal(doc.role, null);
});

test('mismatched or unsafe documents are rejected', () => {
  const clone = () => JSON.parse(JSON.stringify(built));
  const other = generateParticipantKeys('did:web:other.example');
  const cases: [string, (d: { verificationMethod: { publicKeyJwk: Record<string, unknown>; [k: string]: unknown }[]; [k: string]: unknown }) => unknown, string | RegExp][] = [
    ['document id ≠ expected DID', (d) => ({ ...d, id: 'did:web:other.example' }), /does not match/],
    ['method id of another DID', (d) => { d.verificationMethod[0].id = 'did:web:other.example#key-1'; d.authentication = []; d.assertionMethod = []; return d; }, /not a fragment/],
    ['controller of another DID', (d) => { d.verificationMethod[0].controller = 'did:web:other.example'; return d; }, /controller/],
    ['private key published', (d) => { d.verificationMethod[0].publicKeyJwk = { ...other.privateJwk }; return d; }, /private key/],
    ['jwk kid names another method', (d) => { d.verificationMethod[0].publicKeyJwk.kid = `${DID}#key-9`; return d; }, /does not match/],
    ['dangling reference', (d) => { d.assertionMethod = [`${DID}#key-2`]; return d; }, /not a verification method/],
    ['duplicate method ids', (d) => { d.verificationMethod.push(d.verificationMethod[0]); return d; }, /duplicate/],
    ['missing DID context', (d) => ({ ...d, '@context': ['https://example.com/ctx'] }), /@context/],
    ['not an object', () => [1, 2], /object/],
  ];
  for (const [name, mutate, reason] of cases) {
    const r = parseDidDocument(mutate(clone()), DID);
    assert.equal(r.ok, false, name);
    if (!r.ok) assert.match(r.reason, reason instanceof RegExp ? reason : new RegExp(reason), name);
  }
});

test('key directory tells unknown DIDs from unknown keys', () => {
  const dir = keyDirectoryFromDidDocuments([parsedOk(built)]);
  assert.equal(dir.resolveKey(`${DID}#key-1`)?.x, keys.publicJwk.x);
  assert.equal(dir.resolveKey(`${DID}#key-2`), null);
  assert.equal(dir.resolveKey('garbage'), null);
  assert.equal(dir.isKnownDid(DID), true);
  assert.equal(dir.isKnownDid('did:web:other.example'), false);
});
