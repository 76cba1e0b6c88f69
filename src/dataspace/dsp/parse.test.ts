/**
 * Parser behaviour beyond the fixtures: never throwing on hostile input, callback-address forms, dispatch helpers,
 * embedded objects and discovery documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  callbackEndpoint,
  contractRequestMessage,
  DSP_CONTEXT,
  DSP_MESSAGE_TYPES,
  DSP_EMBEDDED_TYPES,
  errorReasons,
  normalizeCallbackAddress,
  parseAnyMessage,
  parseDidService,
  parseEmbedded,
  parseMessage,
  parseVersionResponse,
  transferStartMessage,
  type DspMessageType,
} from './index.js';

const offer = {
  id: 'urn:uuid:d526561f-528e-4d5a-ae12-9a9dd9b7a518',
  target: 'urn:uuid:3dd1add8-4d2d-569e-d634-8394a8836a88',
  policy: { permissions: [{ action: 'use', constraints: [] }], prohibitions: [], obligations: [] },
};
const request = contractRequestMessage({ consumerPid: 'urn:uuid:c1', offer, callbackAddress: 'https://consumer.example/cb' });

test('property: no parser throws on arbitrary values, and each rejects them', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...DSP_MESSAGE_TYPES),
      fc.constantFrom(...DSP_EMBEDDED_TYPES),
      fc.anything({ withNullPrototype: true, withObjectString: true, withBigInt: true, withMap: true, withSet: true }),
      (type, embeddedType, body) => {
        for (const result of [parseMessage(type, body), parseAnyMessage(body), parseEmbedded(embeddedType, body), parseVersionResponse(body), parseDidService(body)]) {
          assert.equal(result.ok, false);
          assert.ok(!result.ok && result.errors.length > 0 && result.errors.every((e) => typeof e.field === 'string' && e.reason.length > 0));
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('property: replacing any property of a valid message with junk never throws', () => {
  const paths: (string | number)[][] = [['consumerPid'], ['offer'], ['offer', '@id'], ['offer', 'permission'], ['offer', 'permission', 0], ['offer', 'permission', 0, 'action'], ['callbackAddress'], ['@context'], ['@context', 0]];
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, junk) => {
      const body = JSON.parse(JSON.stringify(request)) as Record<string, unknown>;
      let node: Record<string | number, unknown> = body;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
      node[path[path.length - 1] as string | number] = junk;
      const result = parseMessage('ContractRequestMessage', body);
      if (!result.ok) assert.ok(result.errors.length > 0);
    }),
    { numRuns: 300 },
  );
});

test('throwing getters and deep nesting produce errors, not exceptions', () => {
  const hostile = new Proxy({}, { ownKeys: () => { throw new Error('boom'); }, get: () => { throw new Error('boom'); }, has: () => true, getOwnPropertyDescriptor: () => ({ configurable: true, enumerable: true, value: 1 }) });
  const r1 = parseMessage('ContractRequestMessage', hostile);
  assert.equal(r1.ok, false);
  let deep: unknown = { leftOperand: 'x', operator: 'eq', rightOperand: 'y' };
  for (let i = 0; i < 5000; i++) deep = { and: [deep] };
  const body = { ...JSON.parse(JSON.stringify(request)), offer: { ...request.offer, permission: [{ action: 'use', constraint: [deep] }] } };
  const r2 = parseMessage('ContractRequestMessage', body);
  assert.ok(!r2.ok && r2.errors.some((e) => e.reason.includes('nests deeper')), JSON.stringify(r2.ok ? [] : r2.errors.slice(0, 2)));
});

test('callbackAddress with or without trailing slash parses and yields the same endpoints', () => {
  for (const cb of ['https://consumer.example/cb', 'https://consumer.example/cb/', 'http://localhost:8282/api/dsp//']) {
    const r = parseMessage('ContractRequestMessage', { ...request, callbackAddress: cb });
    assert.ok(r.ok, cb);
  }
  assert.equal(normalizeCallbackAddress('https://consumer.example/cb/'), 'https://consumer.example/cb');
  assert.equal(normalizeCallbackAddress('https://consumer.example/cb'), 'https://consumer.example/cb');
  assert.equal(callbackEndpoint('https://c.example/cb/', '/negotiations/urn:uuid:1/offers'), callbackEndpoint('https://c.example/cb', '/negotiations/urn:uuid:1/offers'));
  assert.equal(callbackEndpoint('https://c.example/cb//', '/transfers/x/start'), 'https://c.example/cb/transfers/x/start');
  assert.throws(() => callbackEndpoint('https://c.example', 'negotiations'), TypeError);
});

test('a request carrying both callbackAddress and providerPid is accepted (schema oneOf relaxed on input)', () => {
  const r = parseMessage('ContractRequestMessage', { ...request, providerPid: 'urn:uuid:p1' });
  assert.ok(r.ok);
  assert.equal(r.message.providerPid, 'urn:uuid:p1');
});

test('unknown extra properties are kept; the message is the validated body', () => {
  const body = { ...request, 'https://example.org/ext#note': 'kept' };
  const r = parseMessage('ContractRequestMessage', body);
  assert.ok(r.ok);
  assert.equal(r.message, body);
});

test('the errors name fields with dotted paths and read as reasons', () => {
  const r = parseMessage('ContractRequestMessage', { '@context': [DSP_CONTEXT], '@type': 'ContractRequestMessage', consumerPid: 42, offer: { '@type': 'Offer', permission: [{}] } });
  assert.equal(r.ok, false);
  const errors = r.ok ? [] : r.errors;
  assert.deepEqual(errors.map((e) => e.field).sort(), ['callbackAddress', 'consumerPid', 'offer.@id', 'offer.permission.0.action'].sort());
  assert.ok(errorReasons(errors).includes('offer.@id: is required'));
  assert.ok(errors.find((e) => e.field === 'consumerPid')?.reason.includes('must be a string'));
});

test('a body of the wrong JSON kind is rejected at (body)', () => {
  for (const body of [null, [], 'x', 1, true, undefined]) {
    const r = parseMessage('TransferCompletionMessage', body);
    assert.ok(!r.ok && r.errors[0]?.field === '(body)', JSON.stringify(body));
  }
});

test('an unknown expected type is an error, not an exception', () => {
  const r = parseMessage('NotAType' as DspMessageType, request);
  assert.ok(!r.ok && r.errors[0]?.field === '@type');
});

test('parseAnyMessage dispatches on @type and honours the allowed list', () => {
  const any = parseAnyMessage(request);
  assert.ok(any.ok && any.message['@type'] === 'ContractRequestMessage');
  const restricted = parseAnyMessage(request, ['TransferRequestMessage']);
  assert.ok(!restricted.ok && restricted.errors[0]?.field === '@type');
  assert.ok(!parseAnyMessage({ '@context': [DSP_CONTEXT] }).ok);
  assert.ok(!parseAnyMessage('x').ok);
});

test('parseEmbedded checks nested objects without @context', () => {
  const start = transferStartMessage({ providerPid: 'p', consumerPid: 'c', dataAddress: { endpointType: 'HttpData', endpoint: 'https://p.example/data', properties: [{ name: 'authorization', value: 't' }] } });
  assert.ok(parseEmbedded('DataAddress', start.dataAddress).ok);
  assert.ok(parseEmbedded('EndpointProperty', start.dataAddress?.endpointProperties?.[0]).ok);
  assert.ok(parseEmbedded('Offer', request.offer).ok);
  const noType = parseEmbedded('DataAddress', { endpointType: 'HttpData' });
  assert.ok(!noType.ok && noType.errors[0]?.field === '@type');
  assert.ok(parseEmbedded('DataService', { '@id': 's', '@type': 'DataService', endpointURL: 'https://p.example' }).ok);
  assert.ok(!parseEmbedded('Distribution', { format: 'HttpData-PULL' }).ok);
  assert.ok(!parseEmbedded('Agreement', { ...request.offer, '@type': 'Agreement' }).ok);
  assert.equal(DSP_EMBEDDED_TYPES.length, 6);
});

test('version responses and DID service entries', () => {
  assert.ok(parseVersionResponse({ protocolVersions: [{ version: '2025-1', path: '/api/dsp/2025-1', binding: 'HTTPS' }] }).ok);
  const http = parseVersionResponse({ protocolVersions: [{ version: '2025-1', path: '/x', binding: 'HTTP' }] });
  assert.ok(!http.ok && http.errors[0]?.field === 'protocolVersions.0.binding');
  const empty = parseVersionResponse({ protocolVersions: [] });
  assert.ok(!empty.ok && empty.errors[0]?.field === 'protocolVersions');
  const noAuthVersion = parseVersionResponse({ protocolVersions: [{ version: '2025-1', path: '/x', binding: 'HTTPS', auth: { protocol: 'DCP' } }] });
  assert.ok(!noAuthVersion.ok && noAuthVersion.errors[0]?.field === 'protocolVersions.0.auth.version');
  const did = parseDidService({ '@context': [DSP_CONTEXT], id: 'did:web:x#dsp', type: 'CatalogService', serviceEndpoint: 'https://x.example/catalog' });
  assert.ok(!did.ok && did.errors[0]?.field === '@context');
});
