/**
 * `batteryloop dataspace scenario`: the seed's flow on fresh nodes (ephemeral ports, embedded stores). The
 * manufacturer publishes passports and registers them; then each battery's life is played through the participants
 * who live it: before a participant first writes to a battery's passport it reads the passport through the dataspace
 * (catalog offer → contract negotiation → transfer → HTTP pull; agreements are reused), and every write is an event
 * signed by that participant and appended over HTTP to the passport holder's node.
 */
import { randomUUID } from 'node:crypto';
import { startLocalDataspace, demoLifeDrafts, rngFrom, DEMO_PARTICIPANTS } from '../platform/local-dataspace.js';
import type { NodeHandle } from '../platform/node.js';
import { signAccessToken } from '../dataspace/identity/index.js';
import { nextLink, prepareEvent, signEvent } from '../history/core/index.js';
import { passportAssetId } from '../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../dataspace/connector/index.js';
import type { Passport, Role } from '../passport/index.js';

export interface ScenarioSummary {
  ok: boolean;
  participants: { name: string; role: string; did: string }[];
  passports: number;
  negotiations: { started: number; finalized: number; failed: number };
  transfers: { started: number; completed: number; failed: number };
  agreementsReused: number;
  eventsWritten: number;
  finalStatuses: Record<string, number>;
  failures: string[];
  wallTimeMs: number;
}

const token = (from: NodeHandle, to: NodeHandle) => signAccessToken({ did: from.identity.did, role: from.identity.role, privateJwk: from.identity.privateJwk, audience: to.identity.did, now: new Date() });

async function call(from: NodeHandle, to: NodeHandle, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${to.url}${path}`, { method, headers: { authorization: `Bearer ${await token(from, to)}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

export async function runScenario(opts: { passports: number; seed: number; progress: (m: string) => void }): Promise<ScenarioSummary> {
  const t0 = performance.now();
  const failures: string[] = [];
  const ds = await startLocalDataspace({ passports: opts.passports, seed: opts.seed, lives: false, config: { logLevel: 'silent' }, logger: false, onProgress: opts.progress });
  try {
    const m = ds.nodes.manufacturer;
    const byRole = Object.fromEntries(DEMO_PARTICIPANTS.map((p) => [p.role, ds.nodes[p.key]])) as Record<Role, NodeHandle>;
    const participants = Object.fromEntries(DEMO_PARTICIPANTS.map((p) => [p.role, { did: ds.nodes[p.key].identity.did }])) as Record<Role, { did: string }>;
    const provider = { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did };
    const rng = rngFrom(opts.seed ^ 0x5eed);
    let events = 0;
    let reused = 0;
    const ids = ((await call(m, m, 'GET', '/api/passports?limit=500')).body.items as { batteryId: string }[]).map((x) => x.batteryId);
    for (const [i, batteryId] of ids.entries()) {
      const p = (await call(m, m, 'GET', `/api/passports/${encodeURIComponent(batteryId)}`)).body as unknown as Passport;
      const readers = new Set<Role>();
      // the seed's flow ends each life: every other battery is repurposed (new linked passport), the rest recycled
      for (const d of demoLifeDrafts(p, participants, rng, new Date().toISOString(), i % 2 === 0 ? 'repurposed' : 'recycled')) {
        const author = byRole[d.author.role];
        if (author !== m && !readers.has(d.author.role)) {
          // read before writing: through the dataspace, at the tier the author's credentials allow
          const tier = d.author.role === 'logistics' ? 'public' : 'legitimateInterest';
          const r = await call(author, author, 'POST', '/api/dataspace/fetch', { ...provider, assetId: passportAssetId(batteryId, tier) });
          if (r.status !== 200) failures.push(`${author.name} could not read ${batteryId}: ${JSON.stringify(r.body).slice(0, 300)}`);
          else if (r.body.reusedAgreement) reused++;
          readers.add(d.author.role);
        }
        const written = await appendSigned(author, m, batteryId, d);
        if (written) events++;
        else failures.push(`${author.name}: ${d.type} on ${batteryId} was refused`);
      }
      opts.progress(`battery ${i + 1}/${ids.length}: ${events} events written`);
    }
    const negotiations = { started: 0, finalized: 0, failed: 0 };
    const transfers = { started: 0, completed: 0, failed: 0 };
    for (const n of Object.values(ds.nodes)) {
      for (const x of ((await call(n, n, 'GET', '/api/dataspace/negotiations')).body.items ?? []) as { role: string; state: string }[]) {
        if (x.role !== 'consumer') continue;
        negotiations.started++;
        if (x.state === 'FINALIZED') negotiations.finalized++;
        else if (x.state === 'TERMINATED') negotiations.failed++;
      }
      for (const x of ((await call(n, n, 'GET', '/api/dataspace/transfers')).body.items ?? []) as { role: string; state: string }[]) {
        if (x.role !== 'consumer') continue;
        transfers.started++;
        if (x.state === 'COMPLETED') transfers.completed++;
        else if (x.state === 'TERMINATED') transfers.failed++;
      }
    }
    const finalStatuses: Record<string, number> = {};
    for (const x of (await call(m, m, 'GET', '/api/passports?limit=500')).body.items as { status: string; closed: boolean }[]) {
      const k = x.closed ? 'closed' : x.status;
      finalStatuses[k] = (finalStatuses[k] ?? 0) + 1;
    }
    if (negotiations.failed > 0) failures.push(`${negotiations.failed} negotiation(s) terminated`);
    if (transfers.failed > 0) failures.push(`${transfers.failed} transfer(s) terminated`);
    return {
      ok: failures.length === 0,
      participants: Object.values(ds.nodes).map((n) => ({ name: n.name, role: n.authority ? 'dataspaceAuthority' : n.identity.role, did: n.identity.did })),
      passports: ids.length,
      negotiations,
      transfers,
      agreementsReused: reused,
      eventsWritten: events,
      finalStatuses,
      failures,
      wallTimeMs: Math.round(performance.now() - t0),
    };
  } finally {
    await ds.close();
  }
}

/** Signs the draft as its author on the holder's current head and appends it over HTTP; retries once if the head moved. */
async function appendSigned(author: NodeHandle, holder: NodeHandle, batteryId: string, d: ReturnType<typeof demoLifeDrafts>[number]): Promise<boolean> {
  const eventId = randomUUID();
  for (let attempt = 0; attempt < 3; attempt++) {
    const head = (await call(author, holder, 'GET', `/api/passports/${encodeURIComponent(batteryId)}/events/head`)).body as { seq: number; hash: string };
    const prepared = prepareEvent({ ...d, eventId, batteryId }, nextLink(head.seq < 0 ? null : head));
    if (!prepared.ok) return false;
    const signed = await signEvent(prepared.envelope, author.identity.privateJwk);
    const r = await call(author, holder, 'POST', `/api/passports/${encodeURIComponent(batteryId)}/events`, { event: signed });
    if (r.status === 201 || r.status === 200) return true;
    if (r.status !== 409) return false;
  }
  return false;
}
