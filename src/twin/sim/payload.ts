/**
 * Telemetry wire format v1: the JSON a vehicle publishes per batch, and a batcher that cuts a vehicle's sample stream
 * into payloads (numbered by `seq` per battery, samples strictly increasing in time, 1–3600 samples each).
 *   { "v": 1, "batteryId": string, "seq": int ≥ 0,
 *     "samples": [ { "t": epoch ms, "i": A (discharge +), "u": V, "uMin"?, "uMax"?, "tMin"?: °C, "tMax"?, "cells"?: V[] } ],
 *     "events"?: [ { "t": epoch ms, "kind": "deepDischarge" | "overTemperature" | "crash" | "overcharge"
 *                     | "internalShort" | "thermalEvent" } ] }
 * Voltages are rounded to mV and currents to mA (the resolution of automotive BMS channels), temperatures to 0.1 K.
 * The ingest's parser (core/telemetry.ts `parseTelemetry`) is the authority on validity; the tests run every payload
 * through it. Pure: no clock; the caller decides when to flush.
 */
import type { EventKind, VehicleEvent, VehicleSample } from './vehicle.js';

export interface WireSample {
  t: number;
  i: number;
  u: number;
  uMin?: number;
  uMax?: number;
  tMin?: number;
  tMax?: number;
  cells?: number[];
}

export interface WireEvent {
  t: number;
  kind: EventKind;
}

export interface TelemetryPayloadV1 {
  v: 1;
  batteryId: string;
  seq: number;
  samples: WireSample[];
  events?: WireEvent[];
}

export const MAX_SAMPLES_PER_BATCH = 3600;

const mV = (v: number) => Math.round(v * 1000) / 1000;
const mA = (a: number) => Math.round(a * 1000) / 1000;
const dK = (c: number) => Math.round(c * 10) / 10;

export function toWireSample(s: VehicleSample): WireSample {
  const w: WireSample = { t: Math.round(s.tMs), i: mA(s.currentA), u: mV(s.voltageV), uMin: mV(s.minCellV), uMax: mV(s.maxCellV), tMin: dK(s.minTempC), tMax: dK(s.maxTempC) };
  if (s.cellsV) w.cells = s.cellsV.map(mV);
  return w;
}

export interface BatcherOptions {
  /** samples per payload (1–3600), default 30 */
  samplesPerBatch?: number;
  /** also cut a batch when its samples span this much simulated time (keeps parked cars reporting), default 10 min */
  maxBatchSpanMs?: number;
  /** seq of the first payload (continue a numbering after a restart), default 0 */
  firstSeq?: number;
}

export interface Batcher {
  batteryId: string;
  nextSeq: number;
  samplesPerBatch: number;
  maxBatchSpanMs: number;
  pending: WireSample[];
  pendingEvents: WireEvent[];
  lastT: number;
}

export function createBatcher(batteryId: string, o: BatcherOptions = {}): Batcher {
  const n = o.samplesPerBatch ?? 30;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLES_PER_BATCH) throw new Error(`samplesPerBatch must be an integer in 1..${MAX_SAMPLES_PER_BATCH}, got ${n}`);
  const seq = o.firstSeq ?? 0;
  if (!Number.isInteger(seq) || seq < 0) throw new Error(`firstSeq must be an integer ≥ 0, got ${seq}`);
  return { batteryId, nextSeq: seq, samplesPerBatch: n, maxBatchSpanMs: o.maxBatchSpanMs ?? 600_000, pending: [], pendingEvents: [], lastT: -Infinity };
}

function cut(b: Batcher, count: number): TelemetryPayloadV1 {
  const samples = b.pending.splice(0, count);
  const lastT = samples[samples.length - 1].t;
  const p: TelemetryPayloadV1 = { v: 1, batteryId: b.batteryId, seq: b.nextSeq++, samples };
  const ev = b.pendingEvents.filter((e) => e.t <= lastT);
  if (ev.length > 0) {
    p.events = ev;
    b.pendingEvents = b.pendingEvents.filter((e) => e.t > lastT);
  }
  return p;
}

/** Adds samples (and events, each at one of the sample times) and returns the payloads that are complete. */
export function addSamples(b: Batcher, samples: readonly VehicleSample[], events: readonly VehicleEvent[] = []): TelemetryPayloadV1[] {
  const out: TelemetryPayloadV1[] = [];
  for (const e of events) b.pendingEvents.push({ t: Math.round(e.tMs), kind: e.kind });
  for (const s of samples) {
    const w = toWireSample(s);
    if (!(w.t > b.lastT)) continue; // the wire format requires strictly increasing time
    b.lastT = w.t;
    b.pending.push(w);
    if (b.pending.length >= b.samplesPerBatch || w.t - b.pending[0].t >= b.maxBatchSpanMs) out.push(cut(b, b.pending.length));
  }
  return out;
}

/** Emits whatever is pending (e.g. when stopping), or null. */
export function flushBatcher(b: Batcher): TelemetryPayloadV1 | null {
  return b.pending.length > 0 ? cut(b, b.pending.length) : null;
}
