/**
 * Twin worker of the fleet-scale ingest (nats-partition.ts): pulls from every partition's durable consumer (shared
 * with all other worker processes), parses, applies to the sink and acknowledges after the apply. With
 * max_ack_pending = 1 per consumer a partition is in one worker's hands at a time, so per-battery order holds
 * across processes. A refused batch is acknowledged and reported (core NATS → bridge → MQTT error topic); a sink
 * failure is negatively acknowledged with a delay, so the same batch comes back first (order kept) once the
 * store recovers.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { BatteryKey, TelemetrySink } from '../ports.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, parseTelemetry } from '../core/telemetry.js';
import { silentLog, type TransportLog } from './mqtt-acking-subscriber.js';
import { peekSeq, type TelemetryErrorReport } from './mqtt-ingest.js';
import { DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, ensureTelemetryStream, errorSubjectOf, HDR_BATTERY, HDR_PARTICIPANT, consumerName } from './nats-stream.js';
import { DEFAULT_TOPIC_PREFIX } from './telemetry-topics.js';
import type { WorkerErrorReport } from './nats-bridge.js';

export interface TwinWorkerOptions {
  natsUrl: string;
  sink: TelemetrySink;
  partitions: number;
  stream?: string;
  subjectPrefix?: string;
  /** MQTT topic prefix, only to name the original topic in refusal reports */
  topicPrefix?: string;
  nowMs?: () => number;
  log?: TransportLog;
  maxPayloadBytes?: number;
  /** redelivery delay after a sink failure, ms */
  nakDelayMs?: number;
  /** pull request lifetime, ms (short: a dead worker's pending pulls vanish quickly) */
  pullExpiresMs?: number;
  /** create/update the stream and consumers at start (default false: the bridge or a deploy step does it) */
  ensureStream?: boolean;
  ackWaitMs?: number;
  name?: string;
  onReject?: (key: BatteryKey, report: TelemetryErrorReport) => void;
}

export interface WorkerStats {
  received: number;
  applied: number;
  samples: number;
  duplicates: number;
  buffered: number;
  rejected: number;
  errors: number;
  redelivered: number;
}

export interface TwinWorker {
  stop(): Promise<void>;
  stats(): WorkerStats;
  nats: NatsConnection;
}

export async function startTwinWorker(o: TwinWorkerOptions): Promise<TwinWorker> {
  const stream = o.stream ?? DEFAULT_STREAM;
  const subjectPrefix = o.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
  const topicPrefix = o.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  const now = o.nowMs ?? Date.now;
  const log = o.log ?? silentLog;
  const maxBytes = o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const stats: WorkerStats = { received: 0, applied: 0, samples: 0, duplicates: 0, buffered: 0, rejected: 0, errors: 0, redelivered: 0 };
  const nc = await connect({ servers: o.natsUrl, name: o.name ?? `batteryloop-twin-worker-${process.pid}`, maxReconnectAttempts: -1 });
  const iters: ConsumerMessages[] = [];
  const loops: Promise<void>[] = [];
  let stopping = false;
  try {
    if (o.ensureStream) await ensureTelemetryStream(nc, { stream, subjectPrefix, partitions: o.partitions, ackWaitMs: o.ackWaitMs });
    const js = jetstream(nc);

    const refuse = async (m: JsMsg, key: BatteryKey, participantSeg: string, batteryIdSeg: string, report: TelemetryErrorReport) => {
      stats.rejected++;
      o.onReject?.(key, report);
      const body: WorkerErrorReport = { participantSeg, batteryIdSeg, report };
      nc.publish(errorSubjectOf(subjectPrefix), JSON.stringify(body));
      await m.ackAck();
    };

    const handle = async (m: JsMsg) => {
      stats.received++;
      if (m.redelivered) stats.redelivered++;
      const participantSeg = m.headers?.get(HDR_PARTICIPANT) ?? '';
      const batteryIdSeg = m.headers?.get(HDR_BATTERY) ?? '';
      const nowMs = now();
      const topic = `${topicPrefix}/${participantSeg}/${batteryIdSeg}/telemetry`;
      const receivedAt = new Date(nowMs).toISOString();
      let key: BatteryKey;
      try {
        key = { participant: decodeURIComponent(participantSeg), batteryId: decodeURIComponent(batteryIdSeg) };
      } catch {
        key = { participant: participantSeg, batteryId: batteryIdSeg };
      }
      if (!participantSeg || !batteryIdSeg) {
        await refuse(m, key, participantSeg || '_', batteryIdSeg || '_', { topic, reason: `message without ${HDR_PARTICIPANT}/${HDR_BATTERY} headers`, receivedAt });
        return;
      }
      const parsed = parseTelemetry(m.data, key.batteryId, { nowMs, maxBytes });
      if (!parsed.ok) {
        await refuse(m, key, participantSeg, batteryIdSeg, { topic, seq: peekSeq(m.data), errors: parsed.errors, receivedAt });
        return;
      }
      let r;
      try {
        r = await o.sink.apply(key, parsed.batch);
      } catch (err) {
        stats.errors++;
        log.warn({ err, subject: m.subject, seq: parsed.batch.seq }, 'sink failed: batch returned to the stream for redelivery');
        m.nak(o.nakDelayMs ?? 1000);
        return;
      }
      switch (r.status) {
        case 'applied':
          stats.applied++;
          stats.samples += r.samples;
          break;
        case 'duplicate':
          stats.duplicates++;
          break;
        case 'buffered':
          stats.buffered++;
          break;
        case 'rejected':
          await refuse(m, key, participantSeg, batteryIdSeg, { topic, seq: parsed.batch.seq, reason: r.reason, receivedAt });
          return;
      }
      await m.ackAck();
    };

    for (let p = 0; p < o.partitions; p++) {
      const consumer = await js.consumers.get(stream, consumerName(stream, p));
      const iter = await consumer.consume({ max_messages: 4, expires: o.pullExpiresMs ?? 5000 });
      iters.push(iter);
      loops.push(
        (async () => {
          for await (const m of iter) {
            if (stopping) {
              m.nak(); // not taken: back to the partition for another worker
              continue;
            }
            try {
              await handle(m);
            } catch (err) {
              // an ack that did not reach the server: the batch comes back after ack_wait and the sink sees a duplicate
              log.warn({ err, subject: m.subject }, 'telemetry message not acknowledged');
            }
          }
        })(),
      );
    }
  } catch (err) {
    for (const it of iters) it.stop();
    await nc.close();
    throw err;
  }

  return {
    nats: nc,
    stats: () => ({ ...stats }),
    async stop() {
      stopping = true;
      for (const it of iters) it.stop();
      await Promise.allSettled(loops);
      await nc.drain();
    },
  };
}
