/**
 * MQTT topic layout of vehicle telemetry:
 *   `<prefix>/<participant>/<batteryId>/telemetry`        vehicle → platform, QoS 1, payload v1 (core/telemetry.ts)
 *   `<prefix>/<participant>/<batteryId>/telemetry/error`  platform → vehicle, QoS 1, why a batch was refused
 * Identifiers are URL-encoded in their segment (`encodeURIComponent`), so an id may contain '/', '+' or '#'.
 */
import type { BatteryKey } from '../ports.js';

export const DEFAULT_TOPIC_PREFIX = 'batteryloop/v1';

export interface TelemetryTopic extends BatteryKey {
  /** segments as they appear in the topic (URL-encoded) */
  participantSeg: string;
  batteryIdSeg: string;
}

export function telemetryFilter(prefix: string): string {
  return `${prefix}/+/+/telemetry`;
}

export function telemetryTopic(prefix: string, key: BatteryKey): string {
  return `${prefix}/${encodeURIComponent(key.participant)}/${encodeURIComponent(key.batteryId)}/telemetry`;
}

export function errorTopicOf(prefix: string, participantSeg: string, batteryIdSeg: string): string {
  return `${prefix}/${participantSeg}/${batteryIdSeg}/telemetry/error`;
}

/** Splits a telemetry topic; null when it is not one (or a segment is not valid URL encoding). */
export function parseTelemetryTopic(prefix: string, topic: string): TelemetryTopic | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length !== 3 || parts[2] !== 'telemetry' || parts[0] === '' || parts[1] === '') return null;
  try {
    return { participantSeg: parts[0], batteryIdSeg: parts[1], participant: decodeURIComponent(parts[0]), batteryId: decodeURIComponent(parts[1]) };
  } catch {
    return null;
  }
}

/** Two segments of the topic, the serialisation key of a battery. */
export function topicKey(prefix: string, topic: string): string {
  const rest = topic.startsWith(`${prefix}/`) ? topic.slice(prefix.length + 1) : topic;
  const cut = rest.lastIndexOf('/');
  return cut > 0 ? rest.slice(0, cut) : rest;
}
