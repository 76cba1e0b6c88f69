import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PackNode, Role } from '../../passport/index.js';
import { generateParticipantKeys, keyIdForDid, type Ed25519PublicJwk, type ParticipantKeyFile } from '../../dataspace/identity/index.js';
import { verifyChain } from './chain.js';
import { generateDemoLifeEvents, uuidFromRng, type DemoParticipants, type DemoPassportFacts, type DemoRole } from './demo-events.js';
import { authoringErrors, nextLink, prepareEvent, type EventDraft, type StoredEvent } from './envelope.js';
import { signEvent, toStoredEvent } from './signing.js';
import { validateEventPayload } from './validate.js';

/** mulberry32: small seeded PRNG so every run tells the same stories. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROLES: DemoRole[] = ['manufacturer', 'oem', 'logistics', 'dismantler', 'testingFacility', 'remanufacturer', 'recycler'];
const participants = Object.fromEntries(ROLES.map((r) => [r, { did: `did:web:${r.toLowerCase()}.example` }])) as DemoParticipants;

const modules: PackNode[] = ['M01', 'M02', 'M03', 'M04'].map((id) => ({ id, kind: 'module', serialNumber: `SN-${id}`, children: [] }));
const facts = (chemistry: DemoPassportFacts['chemistry']): DemoPassportFacts => ({
  batteryId: 'BAT-DEMO-1',
  passportId: 'urn:uuid:11111111-2222-4333-8444-555555555555',
  chemistry,
  manufacturerModelId: `PK-${chemistry}`,
  nominalCapacityAh: chemistry === 'LFP' ? 230 : 180,
  nominalVoltageV: 400,
  massKg: 450,
  structure: { id: 'PACK', kind: 'pack', serialNumber: 'SN-PACK', children: modules },
});

function checkDrafts(drafts: EventDraft[]) {
  let last = -Infinity;
  for (const d of drafts) {
    const where = `${d.type} at ${d.occurredAt}`;
    assert.deepEqual(validateEventPayload(d.type, d.payload), [], where);
    assert.deepEqual(authoringErrors(d.type, d.author.role, d.payload), [], where);
    assert.equal(d.author.did, participants[d.author.role as DemoRole].did, where);
    const t = Date.parse(d.occurredAt);
    assert.ok(t >= last, `time goes forward: ${where}`);
    last = t;
  }
}

test('demo lives validate against their schemas and authoring rules', () => {
  const endings = new Set<string>();
  for (const chemistry of ['NMC', 'LFP', 'NCA', 'LMFP', 'LMO', 'LTO', 'NaIon', 'other'] as const) {
    for (let seed = 1; seed <= 12; seed++) {
      const drafts = generateDemoLifeEvents({ passport: facts(chemistry), rng: seeded(seed), start: '2024-03-01T08:00:00Z', participants });
      checkDrafts(drafts);
      const last = drafts[drafts.length - 1].type;
      endings.add(last === 'repurposed' || last === 'recycled' ? last : 'none');
    }
  }
  assert.deepEqual([...endings].sort(), ['none', 'recycled', 'repurposed'], 'the seeds cover every ending');
});

test('a life tells the expected story in order', () => {
  const drafts = generateDemoLifeEvents({ passport: facts('NMC'), rng: seeded(7), start: '2024-03-01T08:00:00Z', participants, options: { endOfLife: 'recycled' } });
  const types = drafts.map((d) => d.type);
  assert.deepEqual(types.slice(0, 5), ['manufactured', 'shipmentPickedUp', 'shipmentInTransit', 'shipmentDelivered', 'putIntoService']);
  assert.equal(types.filter((t) => t === 'operationalSnapshot').length, 12);
  assert.equal(types.filter((t) => t === 'ownershipChange').length, 3);
  assert.equal(types[types.length - 1], 'recycled');
  for (const t of ['testResult', 'dismantlingStep', 'statusChange'] as const) assert.ok(types.includes(t), t);
  assert.ok(types.indexOf('statusChange') > types.indexOf('testResult'));

  const soh = drafts.filter((d) => d.type === 'operationalSnapshot').map((d) => (d.payload as { stateOfHealthPct: number }).stateOfHealthPct);
  for (let i = 1; i < soh.length; i++) assert.ok(soh[i] <= soh[i - 1], 'SoH never rises');
  assert.ok(soh[0] > soh[soh.length - 1], 'SoH declines over the years');
  const years = (Date.parse(drafts[drafts.length - 1].occurredAt) - Date.parse(drafts[0].occurredAt)) / (365.25 * 86_400_000);
  assert.ok(years > 5 && years < 13, `life spans years: ${years}`);

  const lastStep = drafts.filter((d) => d.type === 'dismantlingStep' && d.author.role === 'dismantler').at(-1)!;
  assert.deepEqual((lastStep.payload as { components: { componentId: string }[] }).components.map((c) => c.componentId), ['M01', 'M02', 'M03', 'M04']);

  const repurposed = generateDemoLifeEvents({ passport: facts('LFP'), rng: seeded(7), start: '2024-03-01T08:00:00Z', participants, options: { endOfLife: 'repurposed' } });
  const final = repurposed[repurposed.length - 1];
  assert.equal(final.type, 'repurposed');
  assert.notEqual((final.payload as { newPassportId: string }).newPassportId, facts('LFP').passportId);
  const kept = generateDemoLifeEvents({ passport: facts('LFP'), rng: seeded(7), start: '2024-03-01T08:00:00Z', participants, options: { endOfLife: 'none', snapshots: 3 } });
  assert.equal(kept[kept.length - 1].type, 'operationalSnapshot');
});

test('same seed, same story; bad start is refused', () => {
  const a = generateDemoLifeEvents({ passport: facts('NMC'), rng: seeded(3), start: '2024-01-01T00:00:00Z', participants });
  const b = generateDemoLifeEvents({ passport: facts('NMC'), rng: seeded(3), start: '2024-01-01T00:00:00Z', participants });
  assert.deepEqual(a, b);
  assert.throws(() => generateDemoLifeEvents({ passport: facts('NMC'), rng: seeded(3), start: 'yesterday', participants }), RangeError);
  assert.match(uuidFromRng(seeded(1)), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('a demo life signs into a chain that verifies', async () => {
  const keys = Object.fromEntries(ROLES.map((r) => [r, generateParticipantKeys(participants[r].did)])) as Record<DemoRole, ParticipantKeyFile>;
  const byKid = new Map<string, Ed25519PublicJwk>(ROLES.map((r) => [keyIdForDid(keys[r].did), keys[r].publicJwk]));
  const rng = seeded(11);
  const drafts = generateDemoLifeEvents({ passport: facts('NMC'), rng, start: '2024-03-01T08:00:00Z', participants, options: { endOfLife: 'recycled' } });
  const chain: StoredEvent[] = [];
  for (const d of drafts) {
    const head = chain.length ? { seq: chain.length - 1, hash: chain[chain.length - 1].hash } : null;
    const r = prepareEvent({ ...d, eventId: uuidFromRng(rng), batteryId: 'BAT-DEMO-1' }, nextLink(head));
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.errors));
    chain.push(toStoredEvent(await signEvent(r.envelope, keys[d.author.role as Exclude<Role, 'authority' | 'public'>].privateJwk)));
  }
  const v = await verifyChain(chain, (kid) => byKid.get(kid) ?? null);
  assert.deepEqual(v, { ok: true, length: drafts.length, headHash: chain[chain.length - 1].hash });
});
