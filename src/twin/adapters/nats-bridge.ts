/**
 * MQTT → JetStream bridge: the vehicles' side of the fleet-scale ingest (nats-partition.ts). Subscribes the
 * telemetry topics like the direct ingest (persistent session, serial per battery), validates each payload (a
 * refused one is reported on the MQTT error topic at once and never enters the stream), publishes the raw payload
 * to the battery's partition and acknowledges MQTT only after JetStream acknowledged the publish. A vehicle's
 * resend of a batch has the same `Nats-Msg-Id` and is dropped by JetStream within the duplicate window.
 * Refusals reported by workers on core NATS are forwarded to the MQTT error topic.
 */
import { connect, headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { DEFAULT_MAX_PAYLOAD_BYTES, parseTelemetry } from '../core/telemetry.js';
import { silentLog, startAckingSubscriber, type AckingSubscriber, type TransportLog } from './mqtt-acking-subscriber.js';
import { peekSeq, withTimeout, type TelemetryErrorReport } from './mqtt-ingest.js';
import { DEFAULT_TOPIC_PREFIX, errorTopicOf, parseTelemetryTopic, telemetryFilter, topicKey } from './telemetry-topics.js';
import {
  DEFAULT_STREAM,
  DEFAULT_SUBJECT_PREFIX,
  ensureTelemetryStream,
  errorSubjectOf,
  HDR_BATTERY,
  HDR_PARTICIPANT,
  msgIdOf,
  partitionOf,
  partitionSubject,
} from './nats-stream.js';

export interface BridgeOptions {
  mqttUrl: string;
  natsUrl: string;
  partitions: number;
  stream?: string;
  subjectPrefix?: string;
  topicPrefix?: string;
  /** stable MQTT client id of this bridge (one bridge per broker: its session holds what arrives while it is down) */
  clientId?: string;
  maxInFlight?: number;
  maxPayloadBytes?: number;
  protocolVersion?: 4 | 5;
  nowMs?: () => number;
  log?: TransportLog;
  /** ack_wait of the consumers created here, ms (see ensureTelemetryStream) */
  ackWaitMs?: number;
  /** create/update the stream and consumers at start (default true) */
  ensureStream?: boolean;
  retryDelayMs?: { min: number; max: number };
  publishTimeoutMs?: number;
}

export interface BridgeStats {
  received: number;
  forwarded: number;
  /** dropped by JetStream as a resend within its duplicate window */
  duplicates: number;
  rejected: number;
  /** JetStream publish failures (left unacknowledged on MQTT, redelivered) */
  errors: number;
  /** worker refusals forwarded to the MQTT error topic */
  workerReports: number;
}

export interface MqttToNatsBridge {
  stop(): Promise<void>;
  stats(): BridgeStats;
  subscriber: AckingSubscriber;
  nats: NatsConnection;
}

/** What a worker publishes on the error subject. */
export interface WorkerErrorReport {
  participantSeg: string;
  batteryIdSeg: string;
  report: TelemetryErrorReport;
}

export async function startMqttToNatsBridge(o: BridgeOptions): Promise<MqttToNatsBridge> {
  const stream = o.stream ?? DEFAULT_STREAM;
  const subjectPrefix = o.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
  const prefix = o.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  const now = o.nowMs ?? Date.now;
  const log = o.log ?? silentLog;
  const maxBytes = o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const stats: BridgeStats = { received: 0, forwarded: 0, duplicates: 0, rejected: 0, errors: 0, workerReports: 0 };

  const nc = await connect({ servers: o.natsUrl, name: 'batteryloop-bridge', maxReconnectAttempts: -1 });
  let sub: AckingSubscriber | undefined;
  let errorSub: Subscription | undefined;
  try {
    if (o.ensureStream !== false) await ensureTelemetryStream(nc, { stream, subjectPrefix, partitions: o.partitions, ackWaitMs: o.ackWaitMs });
    const js = jetstream(nc);

    const report = async (participantSeg: string, batteryIdSeg: string, body: TelemetryErrorReport) => {
      await withTimeout(sub!.client.publishAsync(errorTopicOf(prefix, participantSeg, batteryIdSeg), JSON.stringify(body), { qos: 1 }), 10_000, 'error report');
    };

    const handle = async (topic: string, payload: Buffer) => {
      stats.received++;
      const nowMs = now();
      const receivedAt = new Date(nowMs).toISOString();
      const t = parseTelemetryTopic(prefix, topic);
      if (!t) {
        stats.rejected++;
        const [a, b] = topicKey(prefix, topic).split('/');
        await report(a ?? '_', b ?? '_', { topic, reason: 'topic must be <prefix>/<participant>/<batteryId>/telemetry with URL-encoded segments', receivedAt });
        return;
      }
      const parsed = parseTelemetry(payload, t.batteryId, { nowMs, maxBytes });
      if (!parsed.ok) {
        stats.rejected++;
        await report(t.participantSeg, t.batteryIdSeg, { topic, seq: peekSeq(payload), errors: parsed.errors, receivedAt });
        return;
      }
      const h = headers();
      h.set(HDR_PARTICIPANT, t.participantSeg);
      h.set(HDR_BATTERY, t.batteryIdSeg);
      const subject = partitionSubject(subjectPrefix, partitionOf(t.participantSeg, t.batteryIdSeg, o.partitions));
      try {
        const ack = await js.publish(subject, payload, { msgID: msgIdOf(t.participantSeg, t.batteryIdSeg, parsed.batch.seq), headers: h, timeout: o.publishTimeoutMs ?? 10_000 });
        if (ack.duplicate) stats.duplicates++;
        else stats.forwarded++;
      } catch (err) {
        stats.errors++;
        throw err;
      }
    };

    sub = await startAckingSubscriber({
      url: o.mqttUrl,
      clientId: o.clientId ?? 'batteryloop-telemetry-bridge',
      topicFilter: telemetryFilter(prefix),
      keyOf: (topic) => topicKey(prefix, topic),
      handle,
      maxInFlight: o.maxInFlight,
      protocolVersion: o.protocolVersion,
      retryDelayMs: o.retryDelayMs,
      log,
    });

    // one bridge of a queue group forwards each worker refusal to the vehicle
    errorSub = nc.subscribe(errorSubjectOf(subjectPrefix), {
      queue: 'batteryloop-bridge',
      callback: (err, msg) => {
        if (err) return;
        try {
          const r = msg.json<WorkerErrorReport>();
          stats.workerReports++;
          void report(r.participantSeg, r.batteryIdSeg, r.report).catch((e: unknown) => log.warn({ err: e }, 'could not forward a worker refusal'));
        } catch (e) {
          log.warn({ err: e }, 'malformed worker refusal');
        }
      },
    });
  } catch (err) {
    await sub?.stop().catch(() => undefined);
    await nc.close();
    throw err;
  }

  return {
    subscriber: sub,
    nats: nc,
    stats: () => ({ ...stats }),
    async stop() {
      errorSub?.unsubscribe();
      await sub!.stop();
      await nc.drain();
    },
  };
}
