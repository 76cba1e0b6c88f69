/**
 * Vehicle telemetry over MQTT into a `TelemetrySink` (the twin service): subscribes
 * `<prefix>/+/+/telemetry` at QoS 1 under a persistent session, validates each payload (core/telemetry.ts) and
 * acknowledges only after the sink resolved. Refused payloads and sink rejections are reported on
 * `<prefix>/<participant>/<batteryId>/telemetry/error` and acknowledged (a poison message must not come back
 * forever); a sink that throws leaves the message unacknowledged for redelivery (see mqtt-acking-subscriber.ts).
 */
import type { BatteryKey, TelemetrySink } from '../ports.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, parseTelemetry, type TelemetryFieldError } from '../core/telemetry.js';
import { silentLog, startAckingSubscriber, type AckingSubscriber, type TransportLog } from './mqtt-acking-subscriber.js';
import { DEFAULT_TOPIC_PREFIX, errorTopicOf, parseTelemetryTopic, telemetryFilter, topicKey } from './telemetry-topics.js';

export interface MqttIngestOptions {
  url: string;
  sink: TelemetrySink;
  nowMs?: () => number;
  log?: TransportLog;
  topicPrefix?: string;
  /** stable id of this ingest: the broker keeps its session (and what arrives while it is down) under it */
  clientId?: string;
  /** messages processed at once (different batteries; one battery is always serial) */
  maxInFlight?: number;
  maxPayloadBytes?: number;
  protocolVersion?: 4 | 5;
  username?: string;
  password?: string;
  retryDelayMs?: { min: number; max: number };
  /** an error report not acknowledged by the broker within this time fails the message (it is redelivered) */
  errorPublishTimeoutMs?: number;
}

export interface IngestStats {
  received: number;
  applied: number;
  samples: number;
  duplicates: number;
  buffered: number;
  /** malformed payloads and sink rejections, each reported on the error topic */
  rejected: number;
  /** sink failures (left unacknowledged, redelivered) */
  errors: number;
}

export interface MqttIngest {
  stop(): Promise<void>;
  stats(): IngestStats;
  subscriber: AckingSubscriber;
}

export interface TelemetryErrorReport {
  topic: string;
  seq?: number;
  errors?: TelemetryFieldError[];
  reason?: string;
  receivedAt: string;
}

/** The batch counter of a refused payload, when it has one, so the vehicle can match the report to its batch. */
export function peekSeq(payload: Uint8Array): number | undefined {
  try {
    const seq = (JSON.parse(Buffer.from(payload).toString('utf8')) as { seq?: unknown }).seq;
    return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : undefined;
  } catch {
    return undefined;
  }
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startMqttIngest(o: MqttIngestOptions): Promise<MqttIngest> {
  const prefix = o.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  const now = o.nowMs ?? Date.now;
  const log = o.log ?? silentLog;
  const maxBytes = o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const stats: IngestStats = { received: 0, applied: 0, samples: 0, duplicates: 0, buffered: 0, rejected: 0, errors: 0 };
  let sub: AckingSubscriber | undefined;

  const report = async (topic: string, body: TelemetryErrorReport) => {
    const t = parseTelemetryTopic(prefix, topic);
    const segs = t ? [t.participantSeg, t.batteryIdSeg] : topicKey(prefix, topic).split('/');
    const errTopic = errorTopicOf(prefix, segs[0] ?? '_', segs[1] ?? '_');
    await withTimeout(sub!.client.publishAsync(errTopic, JSON.stringify(body), { qos: 1 }), o.errorPublishTimeoutMs ?? 10_000, `error report on ${errTopic}`);
  };

  const handle = async (topic: string, payload: Buffer) => {
    stats.received++;
    const nowMs = now();
    const receivedAt = new Date(nowMs).toISOString();
    const t = parseTelemetryTopic(prefix, topic);
    if (!t) {
      stats.rejected++;
      await report(topic, { topic, reason: 'topic must be <prefix>/<participant>/<batteryId>/telemetry with URL-encoded segments', receivedAt });
      return;
    }
    const parsed = parseTelemetry(payload, t.batteryId, { nowMs, maxBytes });
    if (!parsed.ok) {
      stats.rejected++;
      await report(topic, { topic, seq: peekSeq(payload), errors: parsed.errors, receivedAt });
      return;
    }
    const key: BatteryKey = { participant: t.participant, batteryId: t.batteryId };
    let r;
    try {
      r = await o.sink.apply(key, parsed.batch);
    } catch (err) {
      stats.errors++;
      throw err;
    }
    switch (r.status) {
      case 'applied':
        stats.applied++;
        stats.samples += r.samples;
        return;
      case 'duplicate':
        stats.duplicates++;
        return;
      case 'buffered':
        stats.buffered++;
        return;
      case 'rejected':
        stats.rejected++;
        await report(topic, { topic, seq: parsed.batch.seq, reason: r.reason, receivedAt });
        return;
    }
  };

  sub = await startAckingSubscriber({
    url: o.url,
    clientId: o.clientId ?? 'batteryloop-twin-ingest',
    topicFilter: telemetryFilter(prefix),
    keyOf: (topic) => topicKey(prefix, topic),
    handle,
    maxInFlight: o.maxInFlight,
    protocolVersion: o.protocolVersion,
    username: o.username,
    password: o.password,
    retryDelayMs: o.retryDelayMs,
    log,
  });
  return {
    subscriber: sub,
    stats: () => ({ ...stats }),
    stop: () => sub!.stop(),
  };
}
