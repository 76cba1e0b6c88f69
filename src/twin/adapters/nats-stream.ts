/**
 * JetStream layout of the fleet-scale ingest (nats-partition.ts). One stream with work-queue retention (a message
 * is removed once a worker acknowledged it) and subjects `<subjectPrefix>.<partition>`, partition =
 * FNV-1a(participant/batteryId) mod P, so a battery always lands in the same partition. One durable pull consumer
 * per partition with max_ack_pending = 1: whichever worker pulls holds the partition's next message until it acks,
 * so a partition — and every battery in it — is processed by one worker at a time, in stream order, while
 * different partitions spread over all workers. A worker that dies holds its message until ack_wait passes; then
 * another worker gets it (the sink detects an already applied seq).
 *
 * P is fixed for the life of a stream: changing it moves batteries between partitions, so only change it with
 * the stream drained.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstreamManager, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type ConsumerConfig, type StreamConfig } from '@nats-io/jetstream';

export const DEFAULT_STREAM = 'BL_TELEMETRY';
export const DEFAULT_SUBJECT_PREFIX = 'bl.telemetry';
/** ids as they appear in the MQTT topic (URL-encoded: safe in a header) */
export const HDR_PARTICIPANT = 'BL-Participant';
export const HDR_BATTERY = 'BL-Battery-Id';

const NS_PER_MS = 1_000_000;

/** Core-NATS subject on which workers report refused batches; the bridge forwards them to the MQTT error topic. */
export function errorSubjectOf(subjectPrefix: string): string {
  return `${subjectPrefix}-errors`;
}

export function partitionSubject(subjectPrefix: string, partition: number): string {
  return `${subjectPrefix}.${partition}`;
}

export function consumerName(stream: string, partition: number): string {
  return `${stream}_p${partition}`;
}

/** FNV-1a 32-bit over the UTF-8 bytes of `participant/batteryId` (topic segments): stable across processes and versions. */
export function partitionOf(participantSeg: string, batteryIdSeg: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(`${participantSeg}/${batteryIdSeg}`, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/** `Nats-Msg-Id`: JetStream drops a second publish of the same batch within the duplicate window. */
export function msgIdOf(participantSeg: string, batteryIdSeg: string, seq: number): string {
  return `${participantSeg}/${batteryIdSeg}/${seq}`;
}

export interface TelemetryStreamOptions {
  stream?: string;
  subjectPrefix?: string;
  partitions: number;
  /** how long a worker may hold a message before it is given to another, ms (new consumers: 30 s; existing ones
   * are changed only when this is given) */
  ackWaitMs?: number;
  /** JetStream de-duplication window for `Nats-Msg-Id`, ms */
  duplicateWindowMs?: number;
  replicas?: number;
}

export async function withNats<T>(natsUrl: string, fn: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: natsUrl, name: 'batteryloop-admin' });
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound);
}

/** Creates or updates the stream and its P consumers; safe to call from every bridge and worker at start. */
export async function ensureTelemetryStream(nc: NatsConnection, o: TelemetryStreamOptions): Promise<void> {
  const stream = o.stream ?? DEFAULT_STREAM;
  const prefix = o.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
  if (!Number.isInteger(o.partitions) || o.partitions < 1) throw new Error(`partitions must be a positive integer, got ${o.partitions}`);
  const jsm = await jetstreamManager(nc);
  const want: Partial<StreamConfig> & { name: string } = {
    name: stream,
    subjects: [`${prefix}.*`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: o.replicas ?? 1,
    duplicate_window: (o.duplicateWindowMs ?? 120_000) * NS_PER_MS,
  };
  try {
    const info = await jsm.streams.info(stream);
    if (info.config.retention !== RetentionPolicy.Workqueue) {
      throw new Error(`stream ${stream} exists with ${info.config.retention} retention; the telemetry ingest needs a work queue (delete or rename it)`);
    }
    const c = info.config;
    if (c.subjects.join(',') !== want.subjects!.join(',') || c.duplicate_window !== want.duplicate_window) {
      await jsm.streams.update(stream, { subjects: want.subjects, duplicate_window: want.duplicate_window });
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(want);
  }
  const ackWait = (o.ackWaitMs ?? 30_000) * NS_PER_MS;
  for (let p = 0; p < o.partitions; p++) {
    const name = consumerName(stream, p);
    const cfg: Partial<ConsumerConfig> = {
      durable_name: name,
      filter_subject: partitionSubject(prefix, p),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 1,
      ack_wait: ackWait,
      max_deliver: -1, // never drop a batch: a sink failure is retried until the store is back
    };
    try {
      const info = await jsm.consumers.info(stream, name);
      // an existing consumer keeps its ack_wait unless one is asked for (a bridge starting with defaults must not
      // undo what the deployment set)
      const wantWait = o.ackWaitMs !== undefined ? ackWait : info.config.ack_wait;
      if (info.config.ack_wait !== wantWait || info.config.max_ack_pending !== 1) {
        await jsm.consumers.update(stream, name, { ack_wait: wantWait, max_ack_pending: 1 });
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers.add(stream, cfg);
    }
  }
}
