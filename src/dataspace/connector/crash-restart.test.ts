/**
 * Crash recovery of DSP contract negotiation between nodes that run as separate OS processes (authority,
 * manufacturer provider, two recycler consumers — one per scenario; PGlite stores on persistent data directories),
 * started by the test-only launcher `test/support/test-node-launcher.ts`. One side is killed with
 * SIGKILL in the middle of a negotiation — no shutdown hook runs — while the other side's outbox is sending to it;
 * the dead side comes back on the same port and data directory and the negotiation must still reach FINALIZED with
 * nothing lost or duplicated: one negotiation per side, one agreement held by both, no process left in an "-ING"
 * state, and the agreement usable for a transfer.
 *
 * Each participant is reached through a small relay in this test process (its PUBLIC_URL, hence its did:web), so the
 * test can stop one chosen DSP message in transit and kill the receiver at exactly that point. While the receiver is
 * down the relay drops every connection, as a dead host would; the sender sees a network failure, not an answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { didWebFromUrl, signAccessToken, type Ed25519PrivateJwk } from '../identity/index.js';
import { generateDemoPassports } from '../../passport/index.js';
import type { Role } from '../../passport/index.js';
import { createBody } from '../../../test/support/participants.js';
import { waitFor } from '../../../test/support/dataspace.js';
import { passportAssetId } from './assets.js';
import { DSP_BASE_PATH } from './index.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LAUNCHER = 'test/support/test-node-launcher.ts';

const children = new Set<ChildProcess>();
const relays = new Set<Relay>();
let tmpRoot: string | null = null;
// last line of defence: a crashed test run must not leave node processes behind
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
after(async () => {
  for (const c of children) {
    c.kill('SIGKILL');
    if (c.exitCode === null && c.signalCode === null) await once(c, 'exit');
  }
  children.clear();
  for (const r of relays) await r.close();
  if (tmpRoot) await rm(tmpRoot, { recursive: true, force: true });
});

/** A port nobody listens on right now; a node restarted on a persistent store must get the same one (its did:web). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Ready {
  url: string;
  did: string;
  pid: number;
  role: Role;
  credentials: number;
  privateJwk: Ed25519PrivateJwk;
}

/** One node as its own OS process (`node --import tsx` on the test launcher), restartable with the same environment. */
class NodeProcess {
  private child: ChildProcess | null = null;
  private readonly tail: string[] = [];
  ready: Ready | null = null;

  constructor(readonly label: string, private readonly env: Record<string, string>) {}

  async start(): Promise<Ready> {
    const child = spawn(process.execPath, ['--import', 'tsx', LAUNCHER], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    children.add(child);
    child.once('exit', () => children.delete(child));
    const keep = (line: string) => {
      this.tail.push(line.slice(0, 600));
      if (this.tail.length > 40) this.tail.shift();
    };
    child.stderr?.on('data', (d: Buffer) => keep(`stderr: ${d.toString()}`));
    this.ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label} not ready in 90 s (a shared, loaded machine starts a node slowly): ${this.output()}`)), 90_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        keep(line);
        try {
          const msg = JSON.parse(line) as Ready & { ready?: boolean };
          if (msg.ready === true) {
            clearTimeout(timer);
            resolve(msg);
          }
        } catch {
          // a log line that is not JSON
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.label} exited (${code ?? signal}) before it was ready: ${this.output()}`));
      });
    });
    return this.ready;
  }

  /** SIGKILL: no shutdown hook, no flush; whatever the store has committed is all that survives. */
  async kill9(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) throw new Error(`${this.label} is not running`);
    const exited = once(c, 'exit');
    c.kill('SIGKILL');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL');
    this.ready = null;
  }

  output(): string {
    return this.tail.join('\n');
  }
}

interface HeldRequest {
  path: string;
  /** Drops the connection without an answer (what the sender sees when the receiving host dies mid-request). */
  reset(): void;
}

/** HTTP relay in front of one node: forwards everything, except one chosen request the test holds in transit. */
class Relay {
  private readonly server: http.Server;
  private hold: { method: string; path: RegExp; resolve: (h: HeldRequest) => void } | null = null;
  /** Requests dropped because the node behind the relay was down. */
  dropped = 0;
  url = '';

  constructor(private readonly targetPort: number) {
    this.server = http.createServer((req, res) => {
      const h = this.hold;
      if (h && req.method === h.method && h.path.test(req.url ?? '')) {
        this.hold = null;
        h.resolve({ path: req.url ?? '', reset: () => req.socket.destroy() });
        return;
      }
      const upstream = http.request({ host: '127.0.0.1', port: this.targetPort, method: req.method, path: req.url, headers: req.headers, agent: false }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      upstream.on('error', () => {
        this.dropped++;
        req.socket.destroy();
      });
      req.pipe(upstream);
    });
    relays.add(this);
  }

  async listen(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    return this;
  }

  /** The next request matching `method` and `path` is held (not forwarded) and handed to the test. */
  holdNext(method: string, path: RegExp, timeoutMs = 15_000): Promise<HeldRequest> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} ${path} reached ${this.url} in ${timeoutMs} ms`)), timeoutMs);
      this.hold = { method, path, resolve: (h) => (clearTimeout(timer), resolve(h)) };
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

async function api(node: Ready, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await signAccessToken({ did: node.did, role: node.role, privateJwk: node.privateJwk, audience: node.did, now: new Date() });
  const res = await fetch(`${node.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(25_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The management API's negotiation summary and agreement rows (the fields the assertions read). */
type NegSummary = Record<'id' | 'role' | 'state' | 'counterPartyDid' | 'assetId', string> & {
  agreementId: string | null;
  error: string | null;
  retryCount: number;
  history: { from: string; to: string; reason: string }[];
};
type AgreementRow = Record<'id' | 'negotiationId' | 'role' | 'assetId' | 'providerDid' | 'consumerDid', string>;

const negotiations = async (n: Ready) => (await api(n, 'GET', '/api/dataspace/negotiations')).body.items as NegSummary[];
const transfers = async (n: Ready) => (await api(n, 'GET', '/api/dataspace/transfers')).body.items as { id: string; state: string }[];
const agreements = async (n: Ready) => (await api(n, 'GET', '/api/dataspace/agreements')).body.items as AgreementRow[];

/** A participant node process behind its relay; `node()` is the running incarnation. */
interface Participant {
  proc: NodeProcess;
  relay: Relay;
  did: string;
  node(): Ready;
}

interface World {
  authority: Ready;
  provider: Participant;
  /** One consumer per scenario, so each scenario's "exactly one negotiation" is its own. */
  consumers: [Participant, Participant];
  assetId: string;
  batteryId: string;
}

/**
 * Authority, a manufacturer (one passport) and two recyclers, each its own process with a persistent PGlite
 * directory. Started once for both scenarios: a fresh on-disk store costs seconds of initdb on a busy machine.
 */
async function startWorld(): Promise<World> {
  tmpRoot = await mkdtemp(join(tmpdir(), 'bl-crash-'));
  const authorityProc = new NodeProcess('authority', { NODE_ROLE: 'authority', NODE_NAME: 'Crash Test Authority', NODE_FEATURES: 'authority,registry', PORT: String(await freePort()), PUBLIC_URL: '', DATA_DIR: join(tmpRoot, 'authority'), DSP_OUTBOX_IDLE_MS: '50' });
  const authority = await authorityProc.start();
  const members = [
    { key: 'provider', role: 'manufacturer' as Role, name: 'Cellforge Batteries GmbH' },
    { key: 'consumer-a', role: 'recycler' as Role, name: 'Hydromet Recycling AB' },
    { key: 'consumer-b', role: 'recycler' as Role, name: 'Nordmetall Recycling GmbH' },
  ];
  const participants: Participant[] = [];
  for (const m of members) {
    const port = await freePort();
    const relay = await new Relay(port).listen();
    const did = didWebFromUrl(relay.url);
    // the authority admits the participant with its role before it asks for credentials
    const admitted = await api(authority, 'POST', '/api/participants', { did, role: m.role, name: m.name, baseUrl: relay.url });
    assert.equal(admitted.status, 201, JSON.stringify(admitted.body));
    const proc = new NodeProcess(m.key, {
      NODE_ROLE: m.role,
      NODE_NAME: m.name,
      NODE_FEATURES: '',
      PORT: String(port),
      PUBLIC_URL: relay.url,
      DATA_DIR: join(tmpRoot, m.key),
      TRUSTED_ISSUERS: authority.did,
      DSP_OUTBOX_IDLE_MS: '50',
      TEST_AUTHORITY_URL: authority.url,
      TEST_AUTHORITY_DID: authority.did,
    });
    participants.push({
      proc,
      relay,
      did,
      node() {
        if (!proc.ready) throw new Error(`${m.key} is not running`);
        return proc.ready;
      },
    });
  }
  const ready = await Promise.all(participants.map((p) => p.proc.start()));
  for (const [i, r] of ready.entries()) {
    assert.equal(r.did, participants[i].did, 'the did:web follows PUBLIC_URL');
    assert.ok(r.credentials > 0, `${members[i].key} holds credentials from the authority`);
  }
  // trust lists, filled through each node's operator API: the other participants and the authority
  const directory = [...members.map((m, i) => ({ did: participants[i].did, role: m.role, name: m.name, baseUrl: participants[i].relay.url })), { did: authority.did, role: 'authority' as Role, name: 'Crash Test Authority', baseUrl: authority.url }];
  for (const self of ready) {
    for (const o of directory.filter((d) => d.did !== self.did)) {
      const r = await api(self, 'POST', '/api/participants', o);
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
  }
  const [provider, consumerA, consumerB] = participants;
  const [passport] = generateDemoPassports({ count: 1, seed: 11, now: new Date().toISOString(), issuer: { did: provider.did, role: 'manufacturer', name: members[0].name } });
  const created = await api(provider.node(), 'POST', '/api/passports', createBody(passport));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { authority, provider, consumers: [consumerA, consumerB], assetId: passportAssetId(passport.batteryId, 'legitimateInterest'), batteryId: passport.batteryId };
}

let worldStarted: Promise<World> | null = null;
const world = () => (worldStarted ??= startWorld());
// four fresh on-disk stores take most of the run on a loaded 2-core machine; the scenarios' own budgets exclude it
before(() => world(), { timeout: 180_000 });

const dspTarget = (w: World) => ({ providerUrl: `${w.provider.relay.url}${DSP_BASE_PATH}`, providerDid: w.provider.did, assetId: w.assetId });

async function startNegotiation(w: World, consumer: Participant): Promise<string> {
  const r = await api(consumer.node(), 'POST', '/api/dataspace/negotiations', dspTarget(w));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id as string;
}

/** The one negotiation `n` holds with `counterPartyDid` (in `state`, when given); more than one fails the test. */
async function negotiationWith(n: Ready, counterPartyDid: string, state?: string): Promise<NegSummary | null> {
  const items = (await negotiations(n)).filter((x) => x.counterPartyDid === counterPartyDid);
  assert.ok(items.length <= 1, `more than one negotiation with ${counterPartyDid}: ${JSON.stringify(items)}`);
  return items.length === 1 && (!state || items[0].state === state) ? items[0] : null;
}

const pending = (state: string) => state.endsWith('ING');

/**
 * Both sides FINALIZED, one negotiation per side for this pair and one agreement held by both; the agreement then
 * carries a transfer; afterwards no process on any running node is left in an "-ING" state.
 */
async function assertSettled(w: World, consumer: Participant, consumerNegotiationId: string): Promise<{ consumer: NegSummary; provider: NegSummary }> {
  const c = consumer.node();
  const p = w.provider.node();
  const describe = async () => ({ consumer: await negotiations(c), provider: await negotiations(p), consumerLog: consumer.proc.output(), providerLog: w.provider.proc.output() });
  const consumerDone = await waitFor('consumer FINALIZED', async () => {
    const n = await negotiationWith(c, w.provider.did);
    return n && (n.state === 'FINALIZED' || n.state === 'TERMINATED') ? n : null;
    // the sender's next retry may be a 16 s backoff away (1, 2, 4, 8, 16 s), and a loaded machine restarts slowly
  }, 60_000, describe);
  assert.equal(consumerDone.state, 'FINALIZED', JSON.stringify(consumerDone));
  assert.equal(consumerDone.id, consumerNegotiationId);
  const providerDone = await waitFor('provider FINALIZED', () => negotiationWith(p, consumer.did, 'FINALIZED'), 15_000, describe);
  assert.equal((await negotiations(c)).length, 1, 'exactly one negotiation on the consumer');

  const ca = await agreements(c);
  const pa = (await agreements(p)).filter((a) => a.consumerDid === consumer.did);
  assert.equal(ca.length, 1, JSON.stringify(ca));
  assert.equal(pa.length, 1, JSON.stringify(pa));
  assert.equal(ca[0].id, pa[0].id, 'one agreement, held by both sides');
  assert.equal(ca[0].id, consumerDone.agreementId);
  assert.equal(pa[0].id, providerDone.agreementId);
  assert.deepEqual([ca[0].role, pa[0].role], ['consumer', 'provider']);
  for (const a of [ca[0], pa[0]]) {
    assert.equal(a.assetId, w.assetId);
    assert.equal(a.providerDid, w.provider.did);
    assert.equal(a.consumerDid, consumer.did);
  }

  // the agreement came through the crash usable: transfer and pull the data, no renegotiation
  const fetched = await api(c, 'POST', '/api/dataspace/fetch', dspTarget(w));
  assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
  assert.equal(fetched.body.reusedAgreement, true);
  assert.equal(fetched.body.agreementId, ca[0].id);
  assert.equal((fetched.body.data as { batteryId: string }).batteryId, w.batteryId);

  const running = [w.provider, ...w.consumers].filter((x) => x.proc.ready).map((x) => x.node());
  const all = async () => (await Promise.all(running.map(async (n) => [...(await negotiations(n)), ...(await transfers(n))]))).flat();
  await waitFor('no process in an -ING state', async () => (await all()).every((x) => !pending(x.state)), 10_000, all);
  assert.equal((await negotiations(c)).length, 1, 'still exactly one negotiation on the consumer');
  assert.ok(await negotiationWith(p, consumer.did, 'FINALIZED'), 'still exactly one negotiation with this consumer on the provider');
  return { consumer: consumerDone, provider: providerDone };
}

const VERIFICATION = /\/negotiations\/[^/]+\/agreement\/verification$/;
const AGREEMENT = /\/negotiations\/[^/]+\/agreement$/;

test('provider killed (SIGKILL) after agreeing, while the consumer sends its verification; restarted on its store, the negotiation finalizes', { timeout: 240_000 }, async () => {
  const w = await world();
  const consumer = w.consumers[0];
  const held = w.provider.relay.holdNext('POST', VERIFICATION);
  const id = await startNegotiation(w, consumer);
  const inTransit = await held;
  // the provider has sent its agreement and had it acknowledged; the consumer's verification is on the wire
  await waitFor('provider AGREED', () => negotiationWith(w.provider.node(), consumer.did, 'AGREED'), 10_000);
  assert.ok(await negotiationWith(consumer.node(), w.provider.did, 'VERIFYING'), 'the consumer is sending its verification');

  await w.provider.proc.kill9();
  inTransit.reset();
  // the consumer's outbox keeps the verification and retries with backoff against the dead provider
  const retrying = await waitFor('consumer retrying', async () => {
    const n = await negotiationWith(consumer.node(), w.provider.did, 'VERIFYING');
    return n && n.retryCount >= 2 ? n : null;
  }, 10_000, () => negotiations(consumer.node()));
  assert.ok(w.provider.relay.dropped >= 1, 'a retry reached the relay while the provider was down');
  assert.ok(retrying.error, 'the consumer records why the send failed');
  assert.equal((await agreements(consumer.node())).length, 0, 'no agreement is stored before the negotiation is finalized');

  const restarted = await w.provider.proc.start();
  assert.equal(restarted.did, w.provider.did, 'same store, same port: same identity');
  const survived = await negotiationWith(restarted, consumer.did);
  assert.ok(survived && ['AGREED', 'FINALIZING', 'FINALIZED'].includes(survived.state), `the provider's AGREED negotiation survived SIGKILL: ${JSON.stringify(survived)}`);

  const done = await assertSettled(w, consumer, id);
  assert.ok(done.consumer.history.some((h) => h.from === 'VERIFYING' && /sending verification failed/.test(h.reason)), 'the consumer recorded failed sends while the provider was down');
});

test('consumer killed (SIGKILL) after its request was acknowledged, while the provider sends the agreement; restarted on its store, the negotiation finalizes', { timeout: 240_000 }, async () => {
  const w = await world();
  const consumer = w.consumers[1];
  if (!w.provider.proc.ready) await w.provider.proc.start();
  const held = consumer.relay.holdNext('POST', AGREEMENT);
  const id = await startNegotiation(w, consumer);
  const inTransit = await held;
  // the consumer's request was acknowledged (REQUESTED is persisted); the provider's agreement is on the wire
  await waitFor('consumer REQUESTED', () => negotiationWith(consumer.node(), w.provider.did, 'REQUESTED'), 10_000);
  assert.ok(await negotiationWith(w.provider.node(), consumer.did, 'AGREEING'), 'the provider is sending its agreement');

  await consumer.proc.kill9();
  inTransit.reset();
  // the provider's outbox keeps the agreement and retries with backoff against the dead consumer
  const retrying = await waitFor('provider retrying', async () => {
    const n = await negotiationWith(w.provider.node(), consumer.did, 'AGREEING');
    return n && n.retryCount >= 2 ? n : null;
  }, 10_000, () => negotiations(w.provider.node()));
  assert.ok(consumer.relay.dropped >= 1, 'a retry reached the relay while the consumer was down');
  assert.ok(retrying.error, 'the provider records why the send failed');

  const restarted = await consumer.proc.start();
  assert.equal(restarted.did, consumer.did, 'same store, same port: same identity');
  const survived = await negotiationWith(restarted, w.provider.did);
  assert.ok(survived && survived.id === id, `the consumer's negotiation survived SIGKILL: ${JSON.stringify(survived)}`);

  const done = await assertSettled(w, consumer, id);
  assert.ok(done.provider.history.some((h) => h.from === 'AGREEING' && /sending agreement failed/.test(h.reason)), 'the provider recorded failed sends while the consumer was down');
});
