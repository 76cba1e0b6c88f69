/**
 * MQTT for transport tests: the broker at TEST_MQTT_URL (CI: Mosquitto on loopback) or, when unset, an embedded
 * aedes broker started by the test. Every test uses its own topic prefix and client ids, and drops the persistent
 * sessions it made (Mosquitto keeps them on disk otherwise).
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { startEmbeddedBroker } from '../../src/twin/adapters/mqtt-broker.js';
import type { TelemetryBatch } from '../../src/twin/core/telemetry.js';

export const TEST_MQTT_URL = process.env.TEST_MQTT_URL ?? '';

export interface TestBroker {
  url: string;
  kind: 'mosquitto' | 'embedded';
  close(): Promise<void>;
}

export async function openTestBroker(): Promise<TestBroker> {
  if (TEST_MQTT_URL) return { url: TEST_MQTT_URL, kind: 'mosquitto', close: async () => undefined };
  const b = await startEmbeddedBroker({ port: 0 });
  return { url: b.url, kind: 'embedded', close: () => b.close() };
}

export function uniqueName(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}

export async function connectClient(url: string, clientId = uniqueName('bl-test-pub')): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 500, connectTimeout: 10_000 });
  return c;
}

/** Connects once with clean session and the same id: the broker discards the persistent session. */
export async function dropSession(url: string, clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0, connectTimeout: 10_000 });
  await c.endAsync();
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A batch of `n` samples at 1 Hz starting at `t0Ms`: a mild discharge of a 96s pack. */
export function makeBatch(batteryId: string, seq: number, t0Ms: number, n = 10): TelemetryBatch {
  const samples = [];
  for (let k = 0; k < n; k++) {
    const i = 20 + 10 * Math.sin((seq * n + k) / 7);
    samples.push({ t: t0Ms + (seq * n + k) * 1000, i, u: 96 * 3.7 - 0.1 * i, tMin: 24, tMax: 26 });
  }
  return { v: 1, batteryId, seq, samples };
}
