import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandToStatements, JsonLdShapeError, parseContext } from './expand.js';

const ctx = {
  '@version': 1.1,
  ex: 'https://example.org/ns#',
  name: 'ex:name',
  link: { '@id': 'ex:link', '@type': '@id' },
  blob: { '@id': 'ex:blob', '@type': '@json' },
  steps: { '@id': 'ex:steps', '@container': '@list' },
  Thing: 'ex:Thing',
};

test('expands terms, compact IRIs, nested nodes and @json literals to sorted statements', () => {
  const doc = {
    '@context': ctx,
    '@id': 'urn:uuid:00000000-0000-4000-8000-000000000001',
    '@type': 'Thing',
    name: 'a',
    link: 'ex:other',
    blob: { b: 1, a: [true] },
    steps: [{ name: 'first' }, { name: 'second' }],
  };
  const st = expandToStatements(doc);
  assert.ok(st.includes('<urn:uuid:00000000-0000-4000-8000-000000000001> <https://example.org/ns#link> <https://example.org/ns#other> .'));
  assert.ok(st.includes('<urn:uuid:00000000-0000-4000-8000-000000000001> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/ns#Thing> .'));
  assert.ok(st.some((s) => s.includes('"{\\"a\\":[true],\\"b\\":1}"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>')));
  assert.ok(st.includes('_:b1 <https://example.org/ns#name> "second" .'));
  assert.deepEqual(st, [...st].sort());
  // Same input, same output: expansion is a pure function of the document.
  assert.deepEqual(expandToStatements(structuredClone(doc)), st);
});

test('rejects a key that is not a context term and names its path', () => {
  const doc = { '@context': ctx, '@id': 'urn:x:1', nested: { name: 'x' } };
  assert.throws(
    () => expandToStatements(doc),
    (e: unknown) => e instanceof JsonLdShapeError && e.field === '$.nested' && /not a term/.test(e.reason),
  );
  const deep = { '@context': ctx, '@id': 'urn:x:1', steps: [{ name: 'x', typo: 1 }] };
  assert.throws(() => expandToStatements(deep), (e: unknown) => e instanceof JsonLdShapeError && e.field === '$.steps[0].typo');
});

test('rejects remote contexts, @vocab and undefined prefixes', () => {
  assert.throws(() => parseContext('https://example.org/context.jsonld'), JsonLdShapeError);
  assert.throws(() => parseContext({ '@vocab': 'https://example.org/' }), /@vocab/);
  assert.throws(() => parseContext({ a: 'relative-thing' }), (e: unknown) => e instanceof JsonLdShapeError && e.field === '$.@context.a');
});
