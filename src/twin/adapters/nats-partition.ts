/**
 * Fleet-scale ingest: MQTT → NATS JetStream work queue partitioned by battery → twin workers on several machines.
 *
 * - `startMqttToNatsBridge` (nats-bridge.ts): subscribes the vehicles' MQTT topics like the direct ingest, validates,
 *   publishes the raw payload to `<subjectPrefix>.<partition>` with `Nats-Msg-Id` = participant/batteryId/seq, and
 *   acknowledges MQTT only after JetStream acknowledged the publish.
 * - `startTwinWorker` (nats-worker.ts): any number of processes on any number of machines pull from the per-partition
 *   consumers, apply to the sink and ack after apply.
 * - `ensureTelemetryStream` (nats-stream.ts): the work-queue stream and one consumer per partition, idempotently.
 */
export {
  consumerName,
  DEFAULT_STREAM,
  DEFAULT_SUBJECT_PREFIX,
  ensureTelemetryStream,
  errorSubjectOf,
  HDR_BATTERY,
  HDR_PARTICIPANT,
  msgIdOf,
  partitionOf,
  partitionSubject,
  withNats,
  type TelemetryStreamOptions,
} from './nats-stream.js';
export { startMqttToNatsBridge, type BridgeOptions, type BridgeStats, type MqttToNatsBridge } from './nats-bridge.js';
export { startTwinWorker, type TwinWorker, type TwinWorkerOptions, type WorkerStats } from './nats-worker.js';
