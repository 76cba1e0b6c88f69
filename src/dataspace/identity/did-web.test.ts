import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { didWebFromUrl, didWebToBaseUrl, didWebToUrl, isDidWeb, parseDidWeb } from './did-web.js';

test('loopback base URL with port: port colon is percent-encoded', () => {
  const did = didWebFromUrl('http://127.0.0.1:7001');
  assert.equal(did, 'did:web:127.0.0.1%3A7001');
  assert.equal(didWebToUrl(did, { scheme: 'http' }), 'http://127.0.0.1:7001/.well-known/did.json');
  assert.equal(didWebToUrl(did), 'https://127.0.0.1:7001/.well-known/did.json');
  assert.equal(didWebToBaseUrl(did, { scheme: 'http' }), 'http://127.0.0.1:7001');
});

test('did:web spec examples resolve to the documented URLs', () => {
  assert.equal(didWebToUrl('did:web:w3c-ccg.github.io'), 'https://w3c-ccg.github.io/.well-known/did.json');
  assert.equal(didWebToUrl('did:web:w3c-ccg.github.io:user:alice'), 'https://w3c-ccg.github.io/user/alice/did.json');
  assert.equal(didWebToUrl('did:web:example.com%3A3000:user:alice'), 'https://example.com:3000/user/alice/did.json');
});

test('paths become colon-separated segments; trailing slash and default port are dropped', () => {
  assert.equal(didWebFromUrl('https://example.com/user/alice/'), 'did:web:example.com:user:alice');
  assert.equal(didWebFromUrl('https://Example.COM:443'), 'did:web:example.com');
  assert.equal(didWebFromUrl('https://example.com:3000/nodes/a'), 'did:web:example.com%3A3000:nodes:a');
  assert.equal(didWebToBaseUrl('did:web:example.com%3A3000:nodes:a'), 'https://example.com:3000/nodes/a');
});

test('characters outside DID idchar are percent-encoded in segments', () => {
  const did = didWebFromUrl('https://example.com/my%20node/o\'brien');
  assert.equal(did, 'did:web:example.com:my%20node:o%27brien');
  assert.equal(didWebToUrl(did), 'https://example.com/my%20node/o%27brien/did.json');
});

test('invalid URLs are refused', () => {
  for (const url of ['ftp://example.com', 'https://user:pw@example.com', 'https://example.com/?q=1', 'https://example.com/#x', 'not a url', 'https://[::1]:7001']) {
    assert.throws(() => didWebFromUrl(url), TypeError, url);
  }
});

test('invalid DIDs are refused', () => {
  const bad = [
    'did:web:',
    'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    'did:web:exa mple.com',
    'did:web:example.com%3A99999',
    'did:web:example.com%3A0',
    'did:web:example.com:',
    'did:web:example.com::a',
    'did:web:example.com:.well-known',
    'did:web:example.com:..',
    'did:web:example.com:a%2Fb',
    'did:web:example.com#key-1',
    'did:web:%ZZ',
  ];
  for (const did of bad) {
    assert.equal(parseDidWeb(did), null, did);
    assert.equal(isDidWeb(did), false, did);
    assert.throws(() => didWebToUrl(did), TypeError, did);
  }
  assert.equal(isDidWeb(42), false);
});

test('property: base URL → did:web → base URL round-trips for hosts, ports and paths', () => {
  // Labels start with a letter: all-numeric hosts are IPv4 shorthand that URL normalises (0 → 0.0.0.0).
  const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
  const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/).filter((s) => s !== '.' && s !== '..' && s !== '.well-known');
  fc.assert(
    fc.property(
      fc.array(label, { minLength: 1, maxLength: 4 }),
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      fc.array(segment, { maxLength: 3 }),
      fc.constantFrom<'http' | 'https'>('http', 'https'),
      (labels, port, segments, scheme) => {
        const defaultPort = scheme === 'https' ? 443 : 80;
        const hostPort = port !== undefined && port !== defaultPort ? `${labels.join('.')}:${port}` : labels.join('.');
        const base = `${scheme}://${hostPort}${segments.map((s) => `/${s}`).join('')}`;
        const did = didWebFromUrl(base);
        assert.ok(isDidWeb(did), did);
        // '~' is not a DID idchar, so it is carried percent-encoded; URLs treat both forms as equal.
        assert.equal(decodeURIComponent(didWebToBaseUrl(did, { scheme })), decodeURIComponent(base));
        assert.equal(didWebFromUrl(didWebToBaseUrl(did, { scheme })), did);
      },
    ),
    { numRuns: 300 },
  );
});
