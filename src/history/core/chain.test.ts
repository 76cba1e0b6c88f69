import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Role } from '../../passport/index.js';
import {
  buildDidDocument,
  generateParticipantKeys,
  keyDirectoryFromDidDocuments,
  parseDidDocument,
  type ParticipantKeyFile,
  type ParsedDidDocument,
} from '../../dataspace/identity/index.js';
import { verifyChain, type ChainVerification, type VerifyChainOptions } from './chain.js';
import { GENESIS_PREV_HASH, nextLink, envelopeOf, type EventEnvelope, type StoredEvent } from './envelope.js';
import { EXAMPLE_PAYLOADS } from './examples.js';
import type { EventType } from './payload-schemas.js';
import { computeEventHash, signEvent, toStoredEvent } from './signing.js';

const participants = {
  manufacturer: generateParticipantKeys('did:web:maker.example'),
  logistics: generateParticipantKeys('did:web:carrier.example'),
  oem: generateParticipantKeys('did:web:oem.example'),
  testingFacility: generateParticipantKeys('did:web:lab.example'),
} satisfies Partial<Record<Role, ParticipantKeyFile>>;
type P = keyof typeof participants;
const STRANGER = generateParticipantKeys('did:web:stranger.example');

const docs: ParsedDidDocument[] = Object.entries(participants).map(([role, k]) => {
  const r = parseDidDocument(buildDidDocument({ did: k.did, publicJwk: k.publicJwk, role: role as Role, name: role }), k.did);
  assert.ok(r.ok);
  return r.document;
});
const directory = keyDirectoryFromDidDocuments(docs);
const resolveKey = directory.resolveKey;

const PLAN: [EventType, P][] = [
  ['manufactured', 'manufacturer'],
  ['shipmentPickedUp', 'logistics'],
  ['putIntoService', 'oem'],
  ['operationalSnapshot', 'oem'],
  ['testResult', 'testingFacility'],
  ['statusChange', 'testingFacility'],
];

interface Step {
  type: EventType;
  role: Role;
  did: string;
  signer: ParticipantKeyFile;
  kid?: string;
  batteryId?: string;
}

/** Signs envelopes directly (no prepareEvent), so tests can build chains an honest node would refuse. */
async function buildChain(steps: Step[]): Promise<StoredEvent[]> {
  const chain: StoredEvent[] = [];
  for (const [i, s] of steps.entries()) {
    const link = nextLink(chain.length ? { seq: chain.length - 1, hash: chain[chain.length - 1].hash } : null);
    const env: EventEnvelope = {
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      batteryId: s.batteryId ?? 'BAT-42',
      ...link,
      type: s.type,
      occurredAt: new Date(Date.UTC(2030, 0, 1 + i * 30)).toISOString(),
      author: { did: s.did, role: s.role },
      payload: EXAMPLE_PAYLOADS[s.type],
    };
    chain.push(toStoredEvent(await signEvent(env, s.signer.privateJwk, s.kid ? { kid: s.kid } : {})));
  }
  return chain;
}

const honestSteps = (): Step[] => PLAN.map(([type, p]) => ({ type, role: p, did: participants[p].did, signer: participants[p] }));
const honest = await buildChain(honestSteps());
const clone = (events: StoredEvent[]) => JSON.parse(JSON.stringify(events)) as StoredEvent[];
const rehash = (e: StoredEvent) => ({ ...e, hash: computeEventHash(e) });

function expectBad(r: ChainVerification, problem: string, seq: number, position = seq) {
  assert.equal(r.ok, false, 'chain should not verify');
  if (!r.ok) {
    assert.equal(r.firstBad.problem, problem, r.firstBad.detail);
    assert.equal(r.firstBad.seq, seq, r.firstBad.detail);
    assert.equal(r.firstBad.position, position);
  }
}

test('an honest chain verifies', async () => {
  const r = await verifyChain(honest, resolveKey);
  assert.deepEqual(r, { ok: true, length: 6, headHash: honest[5].hash });
  assert.equal(honest[0].prevHash, GENESIS_PREV_HASH);
  assert.equal(honest[3].prevHash, honest[2].hash);
  assert.deepEqual(await verifyChain([], resolveKey), { ok: true, length: 0, headHash: null });
  const withStoreFields = honest.map((e) => ({ ...e, recordedAt: '2031-01-01T00:00:00Z' }));
  assert.equal((await verifyChain(withStoreFields, resolveKey)).ok, true);
});

test('altered: payload changed, hash left or recomputed', async () => {
  const c = clone(honest);
  (c[3].payload as { stateOfHealthPct: number }).stateOfHealthPct = 99;
  expectBad(await verifyChain(c, resolveKey), 'altered', 3);
  c[3] = rehash(c[3]);
  const r = await verifyChain(c, resolveKey);
  expectBad(r, 'altered', 3);
  assert.match(r.ok ? '' : r.firstBad.detail, /signature/);
  assert.equal(r.ok ? '' : r.firstBad.eventId, honest[3].eventId);
});

test('reordered: swapped events and a duplicated event', async () => {
  const c = clone(honest);
  [c[2], c[3]] = [c[3], c[2]];
  expectBad(await verifyChain(c, resolveKey), 'reordered', 3, 2);
  const dup = [...clone(honest).slice(0, 4), clone(honest)[1], ...clone(honest).slice(4)];
  expectBad(await verifyChain(dup, resolveKey), 'reordered', 1, 4);
});

test('removed: a gap in the middle, or a truncated tail when the head is known', async () => {
  const c = clone(honest);
  c.splice(2, 1);
  expectBad(await verifyChain(c, resolveKey), 'removed', 3, 2);
  const tail = clone(honest).slice(0, 5);
  assert.equal((await verifyChain(tail, resolveKey)).ok, true, 'truncation alone is undetectable');
  const r = await verifyChain(tail, resolveKey, { expectedHead: { seq: 5, hash: honest[5].hash } });
  expectBad(r, 'removed', 5, 5);
  assert.equal(r.ok ? 'x' : r.firstBad.eventId, null);
  const forked = await verifyChain(honest, resolveKey, { expectedHead: { seq: 4, hash: 'f'.repeat(64) } });
  expectBad(forked, 'altered', 4);
});

test('wrongKey: signed under another participant kid, or a kid missing from the author DID document', async () => {
  const steps = honestSteps();
  steps[3] = { ...steps[3], signer: participants.testingFacility, kid: `${participants.testingFacility.did}#key-1` };
  const foreign = await buildChain(steps);
  expectBad(await verifyChain(foreign, resolveKey), 'wrongKey', 3);

  const steps2 = honestSteps();
  steps2[2] = { ...steps2[2], signer: STRANGER, kid: `${participants.oem.did}#key-2` };
  const secondKey = await buildChain(steps2);
  expectBad(await verifyChain(secondKey, resolveKey, { isKnownDid: directory.isKnownDid }), 'wrongKey', 2);
  expectBad(await verifyChain(secondKey, resolveKey), 'unknownAuthor', 2);
});

test('a key swapped under the author own kid reads as altered (signature mismatch)', async () => {
  const steps = honestSteps();
  steps[1] = { ...steps[1], signer: STRANGER };
  expectBad(await verifyChain(await buildChain(steps), resolveKey), 'altered', 1);
});

test('unknownAuthor: a DID nobody can resolve, or a failing resolver', async () => {
  const steps = honestSteps();
  steps[4] = { ...steps[4], did: STRANGER.did, signer: STRANGER };
  expectBad(await verifyChain(await buildChain(steps), resolveKey), 'unknownAuthor', 4);
  const failing = () => {
    throw new Error('DID document fetch timed out');
  };
  expectBad(await verifyChain(honest, failing), 'unknownAuthor', 0);
});

test('badSignature: signature that is not a detached EdDSA JWS', async () => {
  const c = clone(honest);
  c[2] = rehash({ ...c[2], signature: 'not-a-jws' });
  expectBad(await verifyChain(c, resolveKey), 'badSignature', 2);
});

test('notPermitted: role may not author the type, or claims a role the verifier does not trust', async () => {
  const steps = honestSteps();
  steps[4] = { ...steps[4], role: 'oem', did: participants.oem.did, signer: participants.oem };
  expectBad(await verifyChain(await buildChain(steps), resolveKey), 'notPermitted', 4);
  const roleOf: VerifyChainOptions['roleOf'] = (did) => docs.find((d) => d.did === did)?.role ?? null;
  assert.equal((await verifyChain(honest, resolveKey, { roleOf })).ok, true);
  const claims = honestSteps();
  claims[2] = { ...claims[2], role: 'remanufacturer' };
  expectBad(await verifyChain(await buildChain(claims), resolveKey, { roleOf }), 'notPermitted', 2);
});

test('an event of another battery is reported as altered', async () => {
  const steps = honestSteps();
  steps[2] = { ...steps[2], batteryId: 'BAT-43' };
  expectBad(await verifyChain(await buildChain(steps), resolveKey), 'altered', 2);
});

test('the FIRST bad event is named when there are several faults', async () => {
  const c = clone(honest);
  (c[4].payload as { capacityAh: number }).capacityAh = 1;
  c.splice(1, 1);
  expectBad(await verifyChain(c, resolveKey), 'removed', 2, 1);
  const d = clone(honest);
  [d[4], d[5]] = [d[5], d[4]];
  d[1] = rehash({ ...d[1], occurredAt: '2030-01-02T00:00:00.000Z' });
  expectBad(await verifyChain(d, resolveKey), 'altered', 1);
});

test('garbage input never throws', async () => {
  for (const junk of [[null], [42], [{}], [{ ...honest[0], seq: 'zero' }], [{ ...honest[0], payload: { x: Number.NaN } }]]) {
    const r = await verifyChain(junk as unknown as StoredEvent[], resolveKey);
    expectBad(r, 'altered', 0);
  }
});

type Mutation =
  | { kind: 'payloadLeaf'; at: number; leaf: number; rehash: boolean }
  | { kind: 'field'; at: number; field: 'occurredAt' | 'eventId' | 'batteryId' | 'type' | 'authorDid' | 'authorRole' | 'seq' | 'prevHash' | 'hash'; rehash: boolean }
  | { kind: 'signatureChar'; at: number; index: number; rehash: boolean }
  | { kind: 'remove'; at: number }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'duplicate'; at: number; to: number };

function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [path];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k]));
}

function changed(v: unknown): unknown {
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'string') return `${v}x`;
  if (typeof v === 'boolean') return !v;
  return 'changed';
}

function apply(chain: StoredEvent[], m: Mutation): StoredEvent[] {
  const c = clone(chain);
  const n = c.length;
  const at = m.at % n;
  const finish = (e: StoredEvent, re: boolean) => {
    c[at] = re ? rehash(e) : e;
    return c;
  };
  switch (m.kind) {
    case 'payloadLeaf': {
      const paths = leaves(c[at].payload);
      const path = paths[m.leaf % paths.length];
      let parent = c[at].payload as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = path[path.length - 1];
      parent[last] = changed(parent[last]);
      return finish(c[at], m.rehash);
    }
    case 'field': {
      const e = c[at];
      const other = (e.author.did === participants.oem.did ? participants.logistics : participants.oem).did;
      const edits: Record<typeof m.field, () => StoredEvent> = {
        occurredAt: () => ({ ...e, occurredAt: '2029-12-31T23:59:59.000Z' }),
        eventId: () => ({ ...e, eventId: 'ffffffff-ffff-4fff-bfff-ffffffffffff' }),
        batteryId: () => ({ ...e, batteryId: 'BAT-OTHER' }),
        type: () => ({ ...e, type: e.type === 'operationalSnapshot' ? 'testResult' : 'operationalSnapshot' }),
        authorDid: () => ({ ...e, author: { ...e.author, did: other } }),
        authorRole: () => ({ ...e, author: { ...e.author, role: e.author.role === 'oem' ? 'recycler' : 'oem' } }),
        seq: () => ({ ...e, seq: e.seq + 1 }),
        prevHash: () => ({ ...e, prevHash: e.prevHash.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a')) }),
        hash: () => ({ ...e, hash: e.hash.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a')) }),
      };
      return finish(edits[m.field](), m.field !== 'hash' && m.rehash);
    }
    case 'signatureChar': {
      const s = c[at].signature;
      const i = m.index % s.length;
      const ch = s[i] === '.' ? '-' : s[i] === 'A' ? 'B' : 'A';
      return finish({ ...c[at], signature: s.slice(0, i) + ch + s.slice(i + 1) }, m.rehash);
    }
    case 'remove':
      c.splice(at, 1);
      return c;
    case 'swap': {
      const j = (at + 1 + (m.other % (n - 1))) % n;
      [c[at], c[j]] = [c[j], c[at]];
      return c;
    }
    case 'duplicate':
      c.splice(m.to % (n + 1), 0, clone([c[at]])[0]);
      return c;
  }
}

const idx = fc.nat({ max: 1000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('payloadLeaf' as const), at: idx, leaf: idx, rehash: fc.boolean() }),
  fc.record({
    kind: fc.constant('field' as const),
    at: idx,
    field: fc.constantFrom('occurredAt', 'eventId', 'batteryId', 'type', 'authorDid', 'authorRole', 'seq', 'prevHash', 'hash'),
    rehash: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('signatureChar' as const), at: idx, index: idx, rehash: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), at: idx }),
  fc.record({ kind: fc.constant('swap' as const), at: idx, other: idx }),
  fc.record({ kind: fc.constant('duplicate' as const), at: idx, to: idx }),
);

test('property: any single mutation of a valid chain is detected', async () => {
  const head = { seq: honest.length - 1, hash: honest[honest.length - 1].hash };
  await fc.assert(
    fc.asyncProperty(mutation, async (m) => {
      const mutated = apply(honest, m);
      const r = await verifyChain(mutated, resolveKey, { expectedHead: head, isKnownDid: directory.isKnownDid });
      assert.equal(r.ok, false, `undetected: ${JSON.stringify(m)}`);
      // The fault must point into the chain: the event named really is in the (mutated) list, or the missing tail.
      if (!r.ok && r.firstBad.eventId !== null) assert.ok(r.firstBad.position < mutated.length);
    }),
    { numRuns: 300 },
  );
  assert.deepEqual(envelopeOf(honest[0]).seq, 0, 'the shared chain was not mutated in place');
});
