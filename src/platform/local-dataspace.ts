/**
 * The local dataspace `npm start` runs: one node per demo participant, each with its own store and keys, on its own
 * loopback port in one process. Every node trusts the others (its registry) and resolves their keys over did:web.
 * The manufacturer's node holds the demo passports and their signed histories, authored by the participants
 * who did each step.
 */
import { randomUUID } from 'node:crypto';
import type { Passport, Role } from '../passport/index.js';
import { generateDemoPassports } from '../passport/index.js';
import { generateDemoLifeEvents, prepareEvent, signEvent, nextLink, type SignedEvent } from '../history/core/index.js';
import { startNode, type NodeFeature, type NodeHandle } from './node.js';
import { signAccessToken } from '../dataspace/identity/index.js';
import { batteryShellDescriptor, SEMANTIC_IDS } from '../dataspace/registry/index.js';
import { OFFERED_TIERS, passportAssetId } from '../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../dataspace/connector/index.js';
import type { Config } from './config.js';

export interface DemoParticipant {
  key: string;
  name: string;
  role: Exclude<Role, 'public'>;
}

/** The dataspace's governance node: issues membership and role credentials and runs the discovery registry. */
export const DATASPACE_AUTHORITY: DemoParticipant = { key: 'dataspaceAuthority', name: 'Battery Loop Dataspace Authority', role: 'authority' };

export const DEMO_PARTICIPANTS: readonly DemoParticipant[] = [
  { key: 'manufacturer', name: 'Cellforge Batteries GmbH', role: 'manufacturer' },
  { key: 'oem', name: 'Voltara Motors AG', role: 'oem' },
  { key: 'logistics', name: 'RheinCargo Logistics GmbH', role: 'logistics' },
  { key: 'dismantler', name: 'Kreislauf Demontage GmbH', role: 'dismantler' },
  { key: 'testingFacility', name: 'Ampere Test Labs', role: 'testingFacility' },
  { key: 'remanufacturer', name: 'SecondLife Energy B.V.', role: 'remanufacturer' },
  { key: 'recycler', name: 'Hydromet Recycling AB', role: 'recycler' },
  { key: 'authority', name: 'Market Surveillance Authority (DE)', role: 'authority' },
];

export interface LocalDataspaceOptions {
  passports?: number;
  seed?: number;
  /** Base port to try first (manufacturer = base, then +1...); a taken port falls back to any free one. */
  basePort?: number;
  config?: Partial<Config>;
  logger?: boolean | Record<string, unknown>;
  onProgress?: (msg: string) => void;
  now?: () => Date;
  /** Seed the demo lives in-process (default). The dataspace scenario plays them over the network instead. */
  lives?: boolean;
}

export interface LocalDataspace {
  nodes: Record<string, NodeHandle>;
  passportIds: string[];
  eventCount: number;
  close(): Promise<void>;
}

async function startOnPreferredPort(p: DemoParticipant, port: number, o: LocalDataspaceOptions, features?: NodeFeature[]): Promise<NodeHandle> {
  try {
    return await startNode({ name: p.name, role: p.role, config: { ...o.config, port }, logger: o.logger, now: o.now, features });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e;
    return startNode({ name: p.name, role: p.role, config: { ...o.config, port: 0 }, logger: o.logger, now: o.now, features });
  }
}

/** A node asks the authority for its credentials over HTTP, authenticated with its own participant token. */
async function fetchCredentials(node: NodeHandle, authority: NodeHandle): Promise<number> {
  const token = await signAccessToken({ did: node.identity.did, role: node.identity.role, privateJwk: node.identity.privateJwk, audience: authority.identity.did, now: new Date() });
  const res = await fetch(`${authority.url}/api/authority/credentials`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 201) throw new Error(`${node.name}: credential issuance failed: HTTP ${res.status} ${await res.text()}`);
  const creds = ((await res.json()) as { credentials: string[] }).credentials;
  node.connector.identity.setCredentials(creds);
  return creds.length;
}

export async function startLocalDataspace(o: LocalDataspaceOptions = {}): Promise<LocalDataspace> {
  const progress = o.onProgress ?? (() => undefined);
  const nodes: Record<string, NodeHandle> = {};
  try {
    nodes[DATASPACE_AUTHORITY.key] = await startOnPreferredPort(DATASPACE_AUTHORITY, o.basePort ? o.basePort - 1 : 0, o, ['authority', 'registry']);
    progress(`node ${DATASPACE_AUTHORITY.name} (credentials, registry) at ${nodes[DATASPACE_AUTHORITY.key].url}`);
    for (const [i, p] of DEMO_PARTICIPANTS.entries()) {
      nodes[p.key] = await startOnPreferredPort(p, o.basePort ? o.basePort + i : 0, o);
      progress(`node ${p.name} (${p.role}) at ${nodes[p.key].url}`);
    }
    // trust list: every node registers every participant with the role it plays (keys resolved over did:web)
    for (const n of Object.values(nodes)) {
      for (const other of Object.values(nodes)) {
        if (other === n) continue;
        await n.registry.upsert({ did: other.identity.did, role: other.identity.role, name: other.identity.name, publicJwk: null, baseUrl: other.url });
      }
    }
    // the authority admitted every participant above (its trust list); each node now trusts it and fetches credentials
    const authority = nodes[DATASPACE_AUTHORITY.key];
    for (const n of Object.values(nodes)) {
      n.trustedIssuers.add(authority.identity.did);
      if (n !== authority) await fetchCredentials(n, authority);
    }
    progress(`credentials issued to ${Object.keys(nodes).length - 1} participants`);
    const seeded = await seedDemoData(nodes, o.passports ?? 24, o.seed ?? 20270218, progress, o.now ?? (() => new Date()), o.lives ?? true);
    const registered = await registerInRegistry(nodes.manufacturer, authority);
    progress(`registry: ${registered} battery shells registered with their DSP assets`);
    return {
      nodes,
      ...seeded,
      async close() {
        for (const n of Object.values(nodes).reverse()) await n.close();
      },
    };
  } catch (e) {
    for (const n of Object.values(nodes)) await n.close().catch(() => undefined);
    throw e;
  }
}

/**
 * The life generator tells a whole life from the start date; the demo packs were made between weeks and a few years
 * ago, so the life is squeezed (order kept) into the time between creation and yesterday: no event lies in the future.
 */
function fitLifeIntoPast<T extends { occurredAt: string }>(drafts: T[], startMs: number, endMs: number): T[] {
  if (drafts.length === 0) return drafts;
  const t0 = Date.parse(drafts[0].occurredAt);
  const t1 = Date.parse(drafts[drafts.length - 1].occurredAt);
  const scale = t1 > t0 ? Math.min(1, (endMs - startMs) / (t1 - t0)) : 1;
  return drafts.map((d) => ({ ...d, occurredAt: new Date(startMs + (Date.parse(d.occurredAt) - t0) * scale).toISOString() }));
}

/**
 * The passport holder registers each battery at the discovery registry (AAS Part 2 style): lookup by battery id
 * then tells anyone which node holds the passport and which DSP asset to negotiate for each tier.
 */
async function registerInRegistry(holder: NodeHandle, registryNode: NodeHandle): Promise<number> {
  const token = await signAccessToken({ did: holder.identity.did, role: holder.identity.role, privateJwk: holder.identity.privateJwk, audience: registryNode.identity.did, now: new Date() });
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = await holder.passports.list({ limit: 200, cursor });
    for (const p of page.items) {
      const d = batteryShellDescriptor({
        batteryId: p.batteryId,
        passportId: p.passportId,
        manufacturerModelId: p.manufacturerModelId,
        holderDid: holder.identity.did,
        submodels: OFFERED_TIERS.map((tier) => ({
          semanticId: SEMANTIC_IDS.catenaxBatteryPass,
          idShort: `passport_${tier}`,
          assetId: passportAssetId(p.batteryId, tier),
          href: `${holder.url}/api/passports/${encodeURIComponent(p.batteryId)}`,
          dspEndpoint: `${holder.url}${DSP_BASE_PATH}`,
        })),
      });
      const res = await fetch(`${registryNode.url}/shell-descriptors`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(d) });
      if (res.status !== 201 && res.status !== 409) throw new Error(`registry refused ${p.batteryId}: HTTP ${res.status} ${await res.text()}`);
      n++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

/** The signed-event drafts of one demo battery's life (who did what, when), fitted between its creation and now. */
export function demoLifeDrafts(p: Passport, participants: Record<Role, { did: string }>, rng: () => number, nowIso: string, ending?: 'none' | 'repurposed' | 'recycled') {
  const facts = {
    batteryId: p.batteryId,
    passportId: p.passportId,
    chemistry: p.model.chemistry,
    manufacturerModelId: p.model.manufacturerModelId,
    nominalCapacityAh: Number(p.attributes.ratedCapacity),
    nominalVoltageV: Number(p.attributes.nominalVoltage),
    massKg: Number(p.attributes.batteryMass),
    structure: p.structure,
  };
  return fitLifeIntoPast(
    generateDemoLifeEvents({
      passport: facts,
      rng,
      start: p.createdAt,
      participants,
      // a pack younger than two years is still in its first life
      options: ending ? { endOfLife: ending } : Date.parse(nowIso) - Date.parse(p.createdAt) < 2 * 365 * 86_400_000 ? { endOfLife: 'none' } : undefined,
    }),
    Date.parse(p.createdAt),
    Date.parse(nowIso) - 86_400_000,
  );
}

/** Deterministic PRNG (mulberry32) so the demo data is the same at every start. */
export function rngFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedDemoData(nodes: Record<string, NodeHandle>, count: number, seed: number, progress: (m: string) => void, now: () => Date, lives: boolean) {
  const m = nodes.manufacturer;
  if ((await m.passports.list({ limit: 1 })).items.length > 0) return { passportIds: [], eventCount: 0 };
  const nowIso = now().toISOString();
  const demo = generateDemoPassports({ count, seed, now: nowIso, issuer: { did: m.identity.did, role: m.identity.role, name: m.identity.name } });
  const stakeholders = DEMO_PARTICIPANTS.map((p) => nodes[p.key]);
  const byRole = Object.fromEntries(stakeholders.map((n) => [n.identity.role, n])) as Record<Role, NodeHandle>;
  const participants = Object.fromEntries(stakeholders.map((n) => [n.identity.role, { did: n.identity.did }])) as Record<Role, { did: string }>;
  const rng = rngFrom(seed ^ 0x5eed);
  let eventCount = 0;
  for (const [i, p] of demo.entries()) {
    await m.passports.importDocument({ did: m.identity.did, role: m.identity.role }, p);
    if (!lives) continue;
    const drafts = demoLifeDrafts(p, participants, rng, nowIso);
    let head: { seq: number; hash: string } | null = null;
    for (const d of drafts) {
      const author = byRole[d.author.role];
      const prepared = prepareEvent({ ...d, eventId: randomUUID(), batteryId: p.batteryId }, nextLink(head));
      if (!prepared.ok) throw new Error(`demo event ${d.type} invalid: ${prepared.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
      const signed: SignedEvent = await signEvent(prepared.envelope, author.identity.privateJwk);
      // the demo's past is imported as already-signed history; new writes go through agreements (see the scenario)
      const r = await m.history.importSigned(p.batteryId, signed, author.identity.name);
      head = { seq: signed.seq, hash: r.hash };
      eventCount++;
      // a successor passport continues on its own chain; later drafts in this life belong to the original battery
    }
    if ((i + 1) % 6 === 0 || i + 1 === demo.length) progress(`demo data: ${i + 1}/${demo.length} passports, ${eventCount} signed events`);
  }
  return { passportIds: demo.map((p) => p.passportId), eventCount };
}
