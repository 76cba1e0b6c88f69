import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { MqttClient } from 'mqtt';
import { startMqttIngest, type MqttIngest } from './mqtt-ingest.js';
import { createMemoryTwinSink } from './memory-twin-sink.js';
import { telemetryTopic } from './telemetry-topics.js';
import { makeTwinParams } from '../core/index.js';
import type { ApplyResult, BatteryKey, TelemetrySink } from '../ports.js';
import type { TelemetryBatch } from '../core/telemetry.js';
import { connectClient, dropSession, makeBatch, openTestBroker, uniqueName, waitFor, type TestBroker } from '../../../test/support/mqtt.js';

const params = makeTwinParams({ chemistry: 'NMC', capacityAh: 60, topology: { seriesCells: 96, parallelCells: 1 } });
const T0 = Date.now() - 3600_000;
let broker: TestBroker;
let pub: MqttClient;
const sessions: string[] = [];

before(async () => {
  broker = await openTestBroker();
  pub = await connectClient(broker.url);
});

after(async () => {
  await pub.endAsync();
  for (const id of sessions) await dropSession(broker.url, id).catch(() => undefined);
  await broker.close();
});

function setup() {
  const prefix = uniqueName('bltest') + '/v1';
  const clientId = uniqueName('bl-ingest');
  sessions.push(clientId);
  const send = (key: BatteryKey, body: unknown) =>
    pub.publishAsync(telemetryTopic(prefix, key), typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
  return { prefix, clientId, send };
}

/** Records apply order per battery and the largest number of concurrent applies, overall and per battery. */
function recordingSink(inner: TelemetrySink, delayMs = 0) {
  const order = new Map<string, number[]>();
  let running = 0;
  let maxRunning = 0;
  const runningPerKey = new Map<string, number>();
  let maxPerKey = 0;
  const sink: TelemetrySink = {
    async apply(key, batch) {
      const k = `${key.participant}/${key.batteryId}`;
      running++;
      runningPerKey.set(k, (runningPerKey.get(k) ?? 0) + 1);
      maxRunning = Math.max(maxRunning, running);
      maxPerKey = Math.max(maxPerKey, runningPerKey.get(k)!);
      try {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const r = await inner.apply(key, batch);
        if (r.status === 'applied' || r.status === 'buffered') (order.get(k) ?? order.set(k, []).get(k)!).push(batch.seq);
        return r;
      } finally {
        running--;
        runningPerKey.set(k, runningPerKey.get(k)! - 1);
      }
    },
  };
  return { sink, order, maxRunning: () => maxRunning, maxPerKey: () => maxPerKey };
}

test('batches of several batteries, shuffled and resent, reach the estimators once each and in order', async () => {
  const { prefix, clientId, send } = setup();
  const applied = new Map<string, number[]>();
  const memory = createMemoryTwinSink({ params, firstSeq: 0, onApplied: (k, b) => (applied.get(k.batteryId) ?? applied.set(k.batteryId, []).get(k.batteryId)!).push(b.seq) });
  const rec = recordingSink(memory, 2);
  const ingest = await startMqttIngest({ url: broker.url, sink: rec.sink, topicPrefix: prefix, clientId, maxInFlight: 16 });
  try {
    const batteries = ['BAT-A', 'BAT/B 2', 'BAT+C#'];
    const msgs: [BatteryKey, TelemetryBatch][] = [];
    for (const b of batteries) for (let s = 0; s < 12; s++) msgs.push([{ participant: 'did:web:oem.example', batteryId: b }, makeBatch(b, s, T0)]);
    // a fixed shuffle: each battery's batches arrive out of order, some twice
    const order = msgs.map((m, k) => [((k * 7919) % 37) + (k % 3) * 0.1, m] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
    const resend = [order[3], order[10], order[20]];
    for (const [k, b] of [...order, ...resend]) await send(k, b);
    await waitFor(() => [...applied.values()].reduce((a, x) => a + x.length, 0) === 36, 'all 36 batches applied');
    await waitFor(() => ingest.stats().received === 39, 'all 39 messages received');
    for (const b of batteries) assert.deepEqual(applied.get(b), [...Array(12).keys()], `apply order of ${b}`);
    const st = ingest.stats();
    assert.equal(st.duplicates, 3);
    assert.equal(st.rejected, 0);
    assert.equal(st.errors, 0);
    assert.equal(st.applied + st.buffered, 36);
    assert.equal(st.samples, 360);
    assert.equal(rec.maxPerKey(), 1, 'one battery is processed serially');
    assert.ok(rec.maxRunning() > 1, 'different batteries are processed concurrently');
    const twin = memory.twinOf({ participant: 'did:web:oem.example', batteryId: 'BAT/B 2' })!;
    assert.equal(twin.samples, 120);
    assert.ok(twin.lastSoc !== null && twin.lastSoc > 0 && twin.lastSoc < 1);
  } finally {
    await ingest.stop();
  }
});

test('malformed payloads and sink rejections are reported on the error topic and not redelivered', async () => {
  const { prefix, clientId, send } = setup();
  const errors: { topic: string; body: Record<string, unknown> }[] = [];
  const listener = await connectClient(broker.url);
  await listener.subscribeAsync(`${prefix}/+/+/telemetry/error`, { qos: 1 });
  listener.on('message', (topic, payload) => errors.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
  const sink: TelemetrySink = {
    async apply(key): Promise<ApplyResult> {
      return key.batteryId === 'STRANGER' ? { status: 'rejected', reason: 'not a battery of this participant' } : { status: 'applied', samples: 1 };
    },
  };
  const key = { participant: 'p1', batteryId: 'B1' };
  let ingest: MqttIngest = await startMqttIngest({ url: broker.url, sink, topicPrefix: prefix, clientId });
  try {
    const bad = makeBatch('B1', 4, T0);
    bad.samples[2].u = -5;
    await send(key, bad);
    await send(key, '{"v":1, oops');
    await send(key, makeBatch('B2', 5, T0)); // body for another battery than the topic
    await send({ participant: 'p1', batteryId: 'STRANGER' }, makeBatch('STRANGER', 0, T0));
    await waitFor(() => errors.length === 4, 'four error reports');
    const byKind = (pred: (b: Record<string, unknown>) => boolean) => errors.find((e) => pred(e.body));
    const range = byKind((b) => Array.isArray(b.errors) && (b.errors as { field: string }[])[0].field === '/samples/2/u')!;
    assert.equal(range.topic, `${prefix}/p1/B1/telemetry/error`);
    assert.equal(range.body.seq, 4);
    assert.equal(range.body.topic, `${prefix}/p1/B1/telemetry`);
    assert.ok(typeof range.body.receivedAt === 'string');
    assert.ok(byKind((b) => Array.isArray(b.errors) && /JSON/.test((b.errors as { reason: string }[])[0].reason)));
    assert.ok(byKind((b) => Array.isArray(b.errors) && (b.errors as { field: string }[])[0].field === '/batteryId'));
    const rej = byKind((b) => b.reason === 'not a battery of this participant')!;
    assert.equal(rej.topic, `${prefix}/p1/STRANGER/telemetry/error`);
    assert.equal(rej.body.seq, 0);
    await waitFor(() => ingest.stats().rejected === 4, 'four rejections counted');
    // all four were acknowledged: after a restart under the same session only the new batch arrives
    await ingest.stop();
    ingest = await startMqttIngest({ url: broker.url, sink, topicPrefix: prefix, clientId });
    await send(key, makeBatch('B1', 9, T0));
    await waitFor(() => ingest.stats().applied === 1, 'the new batch');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ingest.stats().received, 1);
    assert.equal(ingest.stats().rejected, 0);
  } finally {
    await ingest.stop();
    await listener.endAsync();
  }
});

test('batches published while the ingest is down are delivered when it comes back (persistent session)', async () => {
  const { prefix, clientId, send } = setup();
  const seen: number[] = [];
  const sink: TelemetrySink = { async apply(_k, b) { seen.push(b.seq); return { status: 'applied', samples: b.samples.length }; } };
  const first = await startMqttIngest({ url: broker.url, sink, topicPrefix: prefix, clientId });
  await first.stop();
  const key = { participant: 'p', batteryId: 'offline-1' };
  for (let s = 0; s < 5; s++) await send(key, makeBatch('offline-1', s, T0));
  const second = await startMqttIngest({ url: broker.url, sink, topicPrefix: prefix, clientId });
  try {
    await waitFor(() => seen.length === 5, 'the five batches sent while down');
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  } finally {
    await second.stop();
  }
});

test('a failing sink (store down) gets no acknowledgement; the ingest survives and the broker redelivers in order', async () => {
  const { prefix, clientId, send } = setup();
  let down = true;
  let failures = 0;
  const applied = new Map<string, number[]>();
  const memory = createMemoryTwinSink({ params, firstSeq: 0, onApplied: (k, b) => (applied.get(k.batteryId) ?? applied.set(k.batteryId, []).get(k.batteryId)!).push(b.seq) });
  const sink: TelemetrySink = {
    async apply(key, batch) {
      if (down && key.batteryId === 'DB') {
        failures++;
        throw new Error('connection refused (store down)');
      }
      return memory.apply(key, batch);
    },
  };
  const ingest = await startMqttIngest({ url: broker.url, sink, topicPrefix: prefix, clientId, retryDelayMs: { min: 100, max: 400 } });
  try {
    for (let s = 0; s < 6; s++) {
      await send({ participant: 'p', batteryId: 'DB' }, makeBatch('DB', s, T0));
      await send({ participant: 'p', batteryId: 'OK' }, makeBatch('OK', s, T0));
    }
    // the healthy battery is not held up by the failing one
    await waitFor(() => applied.get('OK')?.length === 6, 'battery OK applied while DB fails');
    await waitFor(() => failures >= 2, 'at least one redelivery attempt while down');
    down = false;
    await waitFor(() => applied.get('DB')?.length === 6, 'battery DB applied after the store came back');
    assert.deepEqual(applied.get('DB'), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(applied.get('OK'), [0, 1, 2, 3, 4, 5]);
    assert.ok(ingest.stats().errors >= 2);
  } finally {
    await ingest.stop();
  }
});

test('a batch whose apply had not finished when the connection dropped is redelivered, and seen as a duplicate', async () => {
  const { prefix, clientId, send } = setup();
  const memory = createMemoryTwinSink({ params, firstSeq: 0 });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let calls = 0;
  const slow: TelemetrySink = {
    async apply(k, b) {
      calls++;
      if (calls === 1) await gate; // the first delivery hangs until the connection is gone
      return memory.apply(k, b);
    },
  };
  const first = await startMqttIngest({ url: broker.url, sink: slow, topicPrefix: prefix, clientId });
  await send({ participant: 'p', batteryId: 'SLOW' }, makeBatch('SLOW', 0, T0));
  await waitFor(() => calls === 1, 'first delivery in the sink');
  first.subscriber.client.end(true); // connection lost before the PUBACK
  release();
  await waitFor(() => first.subscriber.inFlight() === 0, 'first apply finished');
  const second = await startMqttIngest({ url: broker.url, sink: slow, topicPrefix: prefix, clientId });
  try {
    await waitFor(() => second.stats().received === 1, 'redelivery');
    await waitFor(() => second.stats().duplicates === 1, 'redelivery detected as duplicate');
    assert.equal(memory.twinOf({ participant: 'p', batteryId: 'SLOW' })!.batches, 1);
  } finally {
    await second.stop();
    await first.stop();
  }
});

test('MQTT 5 with a session expiry keeps the session across a restart', { skip: process.env.TEST_MQTT_URL ? false : 'TEST_MQTT_URL unset: the embedded aedes broker speaks MQTT 3.1.1 only' }, async () => {
  const { prefix, clientId, send } = setup();
  const seen: number[] = [];
  const sink: TelemetrySink = { async apply(_k, b) { seen.push(b.seq); return { status: 'applied', samples: b.samples.length }; } };
  const first = await startMqttIngest({ url: broker.url, sink, topicPrefix: prefix, clientId, protocolVersion: 5 });
  await first.stop();
  for (let s = 0; s < 3; s++) await send({ participant: 'p', batteryId: 'v5' }, makeBatch('v5', s, T0));
  const second = await startMqttIngest({ url: broker.url, sink, topicPrefix: prefix, clientId, protocolVersion: 5 });
  try {
    await waitFor(() => seen.length === 3, 'the three batches sent while down');
    assert.deepEqual(seen, [0, 1, 2]);
  } finally {
    await second.stop();
  }
});
