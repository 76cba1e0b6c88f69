import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { demoFleet, type DemoBattery } from './demo-fleet.js';
import { createFleet } from './fleet.js';
import { startFleetPublisher, telemetryTopic, type PublisherLog } from './mqtt-publisher.js';
import { parseTelemetry } from '../core/telemetry.js';
import type { TelemetryPayloadV1 } from './payload.js';

const START = Date.UTC(2025, 2, 4, 7);
const BATTERIES: DemoBattery[] = [
  { batteryId: 'BAT-1', chemistry: 'NMC', ratedCapacityAh: 120, nominalVoltageV: 350 },
  { batteryId: 'BAT/with+odd#id', chemistry: 'LFP', ratedCapacityAh: 150, nominalVoltageV: 345.6, participant: 'fleet x' },
];

function fleet() {
  const def = demoFleet(BATTERIES, 5, { faultyIndex: -1 });
  for (const v of def.vehicles) v.startDriving = true;
  return createFleet({ ...def, startMs: START });
}

async function startBroker(port = 0) {
  const broker = await Aedes.createBroker();
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    broker.handle(s);
  });
  await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  };
  return { broker, port: (srv.address() as net.AddressInfo).port, close };
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const quietLog = (): PublisherLog & { warnings: string[] } => {
  const warnings: string[] = [];
  return { warnings, warn: (_o, m) => warnings.push(m), info: () => {} };
};

test('publishes valid v1 payloads at QoS 1 to batteryloop/v1/<participant>/<batteryId>/telemetry', async () => {
  const b = await startBroker();
  const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${b.port}`, { reconnectPeriod: 0 });
  const got: { topic: string; payload: TelemetryPayloadV1 }[] = [];
  const raw: Buffer[] = [];
  sub.on('message', (topic, buf) => {
    raw.push(buf);
    got.push({ topic, payload: JSON.parse(buf.toString()) as TelemetryPayloadV1 });
  });
  await sub.subscribeAsync('batteryloop/v1/#', { qos: 1 });
  const pub = startFleetPublisher({ url: `mqtt://127.0.0.1:${b.port}`, fleet: fleet(), speedup: 3600, batchEveryMs: 50, log: quietLog() });
  try {
    await waitFor(() => got.length >= 30 && new Set(got.map((g) => g.topic)).size === 2, '30 messages from both vehicles');
  } finally {
    await pub.stop();
  }
  const topics = new Set(got.map((g) => g.topic));
  assert.ok(topics.has('batteryloop/v1/oem/BAT-1/telemetry'));
  assert.ok(topics.has('batteryloop/v1/fleet%20x/BAT%2Fwith%2Bodd%23id/telemetry'), [...topics].join(', '));
  assert.equal(telemetryTopic('p', 'a/b', '#'), 'p/a%2Fb/%23/telemetry');
  got.forEach((g, k) => assert.ok(parseTelemetry(raw[k], g.payload.batteryId, { nowMs: START }).ok, `message ${k} passes the ingest parser`));
  for (const id of ['BAT-1', 'BAT/with+odd#id']) {
    const seqs = got.filter((g) => g.payload.batteryId === id).map((g) => g.payload.seq);
    assert.deepEqual(seqs, seqs.map((_, k) => k), `${id}: in order, none lost`);
  }
  const s = pub.stats();
  assert.equal(s.dropped, 0);
  assert.ok(s.acked >= got.length - 2 && s.published === s.acked, JSON.stringify(s));
  await sub.endAsync();
  await b.close();
});

test('offline: queue is bounded (oldest dropped, counted, warned once); delivers after the broker appears and after a restart', async () => {
  // a free port with nothing listening yet
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));

  const log = quietLog();
  const pub = startFleetPublisher({ url: `mqtt://127.0.0.1:${port}`, fleet: fleet(), speedup: 3600, batchEveryMs: 50, maxQueue: 5, log, mqttOptions: { reconnectPeriod: 100 } });
  try {
    await waitFor(() => pub.stats().dropped >= 10, 'drops while offline');
    assert.equal(pub.stats().queued, 5);
    assert.equal(log.warnings.filter((w) => w.includes('dropping oldest')).length, 1, 'one counted warning, not one per drop');

    let b = await startBroker(port);
    let delivered = 0;
    const count = (packet: { topic: string }, client: unknown) => {
      if (client && packet.topic.startsWith('batteryloop/v1/')) delivered++;
    };
    b.broker.on('publish', count);
    await waitFor(() => pub.stats().connected && delivered >= 5, 'delivery after the broker came up');
    const before = pub.stats().connects;

    await b.close();
    await waitFor(() => !pub.stats().connected, 'disconnect noticed');
    b = await startBroker(port);
    delivered = 0;
    b.broker.on('publish', count);
    await waitFor(() => pub.stats().connects > before && delivered >= 5, 'delivery after a broker restart');
    await pub.stop();
    await b.close();
  } finally {
    await pub.stop();
  }
});
