/**
 * What the twin needs from the outside and offers to it. Transports (MQTT, NATS JetStream) hand validated telemetry
 * batches to a `TelemetrySink`; the twin service is the sink. A transport acknowledges a message to its broker only
 * after `apply` resolved, so nothing acknowledged is lost (MQTT QoS 1 PUBACK, JetStream ack).
 */
import type { TelemetryBatch } from './core/telemetry.js';

/** Which battery a batch belongs to: the publishing participant (topic segment) and the battery identifier. */
export interface BatteryKey {
  participant: string;
  batteryId: string;
}

export type ApplyResult =
  | { status: 'applied'; samples: number }
  /** The batch was seen before (same `seq`): nothing changed; the transport acknowledges it again. */
  | { status: 'duplicate' }
  /** Held until the missing earlier batches arrive (or the reorder window passes). */
  | { status: 'buffered' }
  /** Refused with a reason (unknown battery, not this participant's battery, …); acknowledged, reported on the error topic. */
  | { status: 'rejected'; reason: string };

export interface TelemetrySink {
  apply(key: BatteryKey, batch: TelemetryBatch): Promise<ApplyResult>;
}
