import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { jetstreamManager } from '@nats-io/jetstream';
import { consumerName, ensureTelemetryStream, partitionOf, startMqttToNatsBridge, startTwinWorker, withNats } from './nats-partition.js';
import { telemetryTopic } from './telemetry-topics.js';
import type { TelemetrySink } from '../ports.js';
import { connectClient, dropSession, makeBatch, openTestBroker, uniqueName, waitFor, type TestBroker } from '../../../test/support/mqtt.js';
import { createSeqSchema, dropSeqSchema, readJsonlRecord, readPgRecord, type SeqRecord } from '../../../test/support/seq-sinks.js';
import { repoRoot } from '../../../test/support/shared.js';

const NATS_URL = process.env.TEST_NATS_URL || 'nats://127.0.0.1:4222';
const PG_URL = process.env.TEST_DATABASE_URL ?? '';

async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 4222) });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(1500, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

const skip = process.env.TEST_NATS_URL || (await reachable(NATS_URL)) ? false : `NATS not reachable at ${NATS_URL}: set TEST_NATS_URL to a nats-server with JetStream (-js)`;
const T0 = Date.now() - 3600_000;

test('partitions: stable FNV-1a hash of participant/battery, spread over all partitions', () => {
  // fixed values: a change here would move every battery to another partition in a running fleet
  // FNV-1a-32("a/b") = 982414785 (computed independently with BigInt arithmetic)
  assert.equal(partitionOf('a', 'b', 2 ** 31), 982414785);
  assert.equal(partitionOf('a', 'b', 7), 982414785 % 7);
  assert.equal(partitionOf('did%3Aweb%3Aoem.example', 'BAT-1', 16), 1);
  const counts = new Array(8).fill(0);
  for (let k = 0; k < 800; k++) counts[partitionOf('p', `BAT-${k}`, 8)]++;
  for (const c of counts) assert.ok(c > 60 && c < 140, `uneven spread ${counts}`);
});

interface Harness {
  broker: TestBroker;
  pub: MqttClient;
  stream: string;
  subjectPrefix: string;
  topicPrefix: string;
  bridgeClientId: string;
}

let broker: TestBroker;
let pub: MqttClient;
const streams: string[] = [];
const sessions: string[] = [];
const children = new Set<ChildProcess>();

before(async () => {
  if (skip) return;
  broker = await openTestBroker();
  pub = await connectClient(broker.url);
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (skip) return;
  await pub.endAsync();
  for (const id of sessions) await dropSession(broker.url, id).catch(() => undefined);
  await broker.close();
  await withNats(NATS_URL, async (nc) => {
    const jsm = await jetstreamManager(nc);
    for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
  });
});

function harness(): Harness {
  const tag = randomBytes(4).toString('hex');
  const h = { broker, pub, stream: `BLT_${tag}`, subjectPrefix: `blt.${tag}`, topicPrefix: `bltest-${tag}/v1`, bridgeClientId: uniqueName('bl-bridge') };
  streams.push(h.stream);
  sessions.push(h.bridgeClientId);
  return h;
}

test('ensureTelemetryStream is idempotent: a work queue with one consumer per partition, max one unacked', { skip }, async () => {
  const h = harness();
  await withNats(NATS_URL, async (nc) => {
    await ensureTelemetryStream(nc, { stream: h.stream, subjectPrefix: h.subjectPrefix, partitions: 3, ackWaitMs: 5000 });
    await ensureTelemetryStream(nc, { stream: h.stream, subjectPrefix: h.subjectPrefix, partitions: 3, ackWaitMs: 7000 });
    await ensureTelemetryStream(nc, { stream: h.stream, subjectPrefix: h.subjectPrefix, partitions: 3 }); // keeps 7 s
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(h.stream);
    assert.equal(info.config.retention, 'workqueue');
    assert.deepEqual(info.config.subjects, [`${h.subjectPrefix}.*`]);
    const consumers = [];
    for await (const c of jsm.consumers.list(h.stream)) consumers.push(c);
    assert.deepEqual(consumers.map((c) => c.name).sort(), [0, 1, 2].map((p) => consumerName(h.stream, p)));
    for (const c of consumers) {
      assert.equal(c.config.max_ack_pending, 1);
      assert.equal(c.config.ack_policy, 'explicit');
      assert.equal(c.config.ack_wait, 7000 * 1e6);
    }
  });
});

test('bridge + worker in one process: validated on the way in, de-duplicated by JetStream, refusals reach the MQTT error topic', { skip }, async () => {
  const h = harness();
  const applied: string[] = [];
  const sink: TelemetrySink = {
    async apply(key, batch) {
      if (key.batteryId === 'REFUSED') return { status: 'rejected', reason: 'battery not registered' };
      applied.push(`${key.batteryId}:${batch.seq}`);
      return { status: 'applied', samples: batch.samples.length };
    },
  };
  const errors: { topic: string; body: Record<string, unknown> }[] = [];
  const listener = await connectClient(broker.url);
  await listener.subscribeAsync(`${h.topicPrefix}/+/+/telemetry/error`, { qos: 1 });
  listener.on('message', (topic, payload) => errors.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
  const bridge = await startMqttToNatsBridge({ mqttUrl: broker.url, natsUrl: NATS_URL, partitions: 2, stream: h.stream, subjectPrefix: h.subjectPrefix, topicPrefix: h.topicPrefix, clientId: h.bridgeClientId });
  const worker = await startTwinWorker({ natsUrl: NATS_URL, sink, partitions: 2, stream: h.stream, subjectPrefix: h.subjectPrefix, topicPrefix: h.topicPrefix, pullExpiresMs: 2000 });
  try {
    const send = (b: string, body: unknown) => pub.publishAsync(telemetryTopic(h.topicPrefix, { participant: 'did:web:x', batteryId: b }), JSON.stringify(body), { qos: 1 });
    for (let s = 0; s < 3; s++) await send('B 1', makeBatch('B 1', s, T0));
    await send('B 1', makeBatch('B 1', 1, T0)); // a vehicle resend
    const bad = makeBatch('B 1', 3, T0);
    bad.samples[0].i = 9999;
    await send('B 1', bad);
    await send('REFUSED', makeBatch('REFUSED', 0, T0));
    await waitFor(() => applied.length === 3 && errors.length === 2, 'three applied batches and two error reports');
    assert.deepEqual(applied, ['B 1:0', 'B 1:1', 'B 1:2']);
    assert.equal(bridge.stats().duplicates, 1, 'the resend was dropped by JetStream de-duplication');
    assert.equal(bridge.stats().rejected, 1);
    const range = errors.find((e) => e.topic === `${h.topicPrefix}/did%3Aweb%3Ax/B%201/telemetry/error`)!;
    assert.deepEqual(range.body.errors, [{ field: '/samples/0/i', reason: 'must be <= 2000' }]);
    const refused = errors.find((e) => e.topic === `${h.topicPrefix}/did%3Aweb%3Ax/REFUSED/telemetry/error`)!;
    assert.equal(refused.body.reason, 'battery not registered');
    assert.equal(refused.body.seq, 0);
    assert.equal(worker.stats().rejected, 1);
  } finally {
    await worker.stop();
    await bridge.stop();
    await listener.endAsync();
  }
});

interface WorkerProc {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  output: () => string;
}

function spawnWorker(h: Harness, partitions: number, store: Record<string, string>, applyDelayMs: number): WorkerProc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/support/telemetry-worker.ts')], {
    cwd: repoRoot,
    env: { ...process.env, NATS_URL, STREAM: h.stream, SUBJECT_PREFIX: h.subjectPrefix, PARTITIONS: String(partitions), APPLY_DELAY_MS: String(applyDelayMs), NODE_NO_WARNINGS: '1', ...store },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready ')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

/** Where the worker processes record their applies: PostgreSQL when TEST_DATABASE_URL is set, else a JSONL file. */
async function openStore(): Promise<{ env: Record<string, string>; read(): Promise<SeqRecord>; close(): Promise<void> }> {
  if (PG_URL) {
    const schema = `tt_${randomBytes(5).toString('hex')}`;
    await createSeqSchema(PG_URL, schema);
    return { env: { SINK_PG_URL: PG_URL, SINK_PG_SCHEMA: schema }, read: () => readPgRecord(PG_URL, schema), close: () => dropSeqSchema(PG_URL, schema) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bl-telemetry-'));
  const path = join(dir, 'applied.jsonl');
  return { env: { SINK_JSONL: path }, read: async () => readJsonlRecord(path), close: async () => rmSync(dir, { recursive: true, force: true }) };
}

const BATTERIES = 20;
const BATCHES_PER_BATTERY = 12;

async function publishFleet(h: Harness) {
  // interleaved like a fleet: round k sends batch k of every battery
  for (let s = 0; s < BATCHES_PER_BATTERY; s++) {
    await Promise.all(Array.from({ length: BATTERIES }, (_, b) => pub.publishAsync(telemetryTopic(h.topicPrefix, { participant: 'did:web:fleet', batteryId: `EV-${b}` }), JSON.stringify(makeBatch(`EV-${b}`, s, T0, 5)), { qos: 1 })));
  }
}

function assertExactlyOnceInOrder(rec: SeqRecord) {
  const total = BATTERIES * BATCHES_PER_BATTERY;
  assert.equal(rec.applied.length, total, `applied ${rec.applied.length} of ${total}`);
  const per = new Map<string, number[]>();
  for (const r of rec.applied) (per.get(r.battery) ?? per.set(r.battery, []).get(r.battery)!).push(r.seq);
  assert.equal(per.size, BATTERIES);
  for (const [b, seqs] of per) assert.deepEqual(seqs, [...Array(BATCHES_PER_BATTERY).keys()], `apply order of ${b}`);
}

async function waitForRecord(store: { read(): Promise<SeqRecord> }, pred: (r: SeqRecord) => boolean, what: string, workers: WorkerProc[], timeoutMs = 90_000): Promise<SeqRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rec = await store.read();
    if (pred(rec)) return rec;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${rec.applied.length} applied; worker output: ${workers.map((w) => w.output().trim()).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopWorkers(workers: WorkerProc[]) {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

const ALL = BATTERIES * BATCHES_PER_BATTERY;

test('two worker processes share one stream: every batch applied once, per-battery order kept, both do work', { skip, timeout: 120_000 }, async () => {
  const h = harness();
  const store = await openStore();
  const P = 8;
  await withNats(NATS_URL, (nc) => ensureTelemetryStream(nc, { stream: h.stream, subjectPrefix: h.subjectPrefix, partitions: P, ackWaitMs: 30_000 }));
  const workers = [spawnWorker(h, P, store.env, 5), spawnWorker(h, P, store.env, 5)];
  const bridge = await startMqttToNatsBridge({ mqttUrl: broker.url, natsUrl: NATS_URL, partitions: P, stream: h.stream, subjectPrefix: h.subjectPrefix, topicPrefix: h.topicPrefix, clientId: h.bridgeClientId });
  try {
    await Promise.all(workers.map((w) => w.ready));
    await publishFleet(h);
    const rec = await waitForRecord(store, (r) => r.applied.length >= ALL, 'all batches applied', workers);
    await new Promise((r) => setTimeout(r, 300)); // anything applied twice would show up now
    const final = await store.read();
    assertExactlyOnceInOrder(final);
    assert.equal(final.duplicates.length, 0, 'no redelivery without a failure');
    const pids = new Set(rec.applied.map((r) => r.pid));
    assert.deepEqual([...pids].sort(), workers.map((w) => w.child.pid!).sort(), 'both workers applied batches');
    assert.equal(bridge.stats().forwarded, ALL);
  } finally {
    await bridge.stop();
    await stopWorkers(workers);
    await store.close();
  }
});

test('kill -9 of a worker mid-run: the other completes everything, no loss, duplicates only as detected redeliveries', { skip, timeout: 120_000 }, async (t) => {
  const h = harness();
  const store = await openStore();
  const P = 4;
  // short ack_wait: the batches the killed worker held come back to the other worker after 2 s
  await withNats(NATS_URL, (nc) => ensureTelemetryStream(nc, { stream: h.stream, subjectPrefix: h.subjectPrefix, partitions: P, ackWaitMs: 2000 }));
  const workers = [spawnWorker(h, P, store.env, 20), spawnWorker(h, P, store.env, 20)];
  const bridge = await startMqttToNatsBridge({ mqttUrl: broker.url, natsUrl: NATS_URL, partitions: P, stream: h.stream, subjectPrefix: h.subjectPrefix, topicPrefix: h.topicPrefix, clientId: h.bridgeClientId });
  try {
    await Promise.all(workers.map((w) => w.ready));
    await publishFleet(h);
    const [victim, survivor] = workers;
    const atKill = await waitForRecord(store, (r) => r.applied.some((x) => x.pid === victim.child.pid) && r.applied.length >= ALL / 5, 'a fifth applied, some by the victim', workers);
    victim.child.kill('SIGKILL');
    await victim.exited;
    assert.ok(atKill.applied.length < ALL, 'the kill came after everything was done: the test proves nothing');
    const rec = await waitForRecord(store, (r) => r.applied.length >= ALL, 'the survivor to finish', workers);
    await new Promise((r) => setTimeout(r, 2500)); // past ack_wait: a late redelivery would show up now
    const final = await store.read();
    assertExactlyOnceInOrder(final);
    const applied = new Set(final.applied.map((r) => `${r.battery}#${r.seq}`));
    for (const d of final.duplicates) assert.ok(applied.has(`${d.battery}#${d.seq}`), `duplicate of a batch never applied: ${d.battery}#${d.seq}`);
    assert.ok(final.duplicates.length <= P, `at most one held batch per partition comes back, got ${final.duplicates.length}`);
    const bySurvivorAfterKill = final.applied.slice(atKill.applied.length).filter((r) => r.pid === survivor.child.pid).length;
    assert.ok(bySurvivorAfterKill > 0 && rec.applied.length === ALL);
    await stopWorkers([survivor]);
    t.diagnostic(`killed at ${atKill.applied.length}/${ALL} applied; detected redeliveries ${final.duplicates.length}; survivor ${/stats (.*)/.exec(survivor.output())?.[1] ?? '?'}`);
  } finally {
    await bridge.stop();
    await stopWorkers(workers);
    await store.close();
  }
});
