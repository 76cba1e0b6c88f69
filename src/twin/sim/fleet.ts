/**
 * A fleet of simulated vehicles on one simulated clock. `fleetTick` advances every vehicle by the same simulated time
 * and returns the telemetry payloads that became complete, tagged with the participant and battery they belong to.
 * Time acceleration is the caller's business (the MQTT publisher ticks by speedup × real time).
 * Each vehicle draws from its own random stream (fleet seed, vehicle index), so a run is reproducible and adding a
 * vehicle at the end does not change the others.
 */
import type { TwinParamsInput } from '../core/index.js';
import { addSamples, createBatcher, flushBatcher, type Batcher, type BatcherOptions, type TelemetryPayloadV1 } from './payload.js';
import { streamRng, type Rng } from './random.js';
import { createVehicle, stepVehicle, vehicleTruth, type SimOptions, type VehicleConfig, type VehicleState } from './vehicle.js';

export interface FleetDefinition {
  vehicles: VehicleConfig[];
  seed: number;
  /** simulated epoch ms at which the run starts */
  startMs: number;
  sim?: Partial<SimOptions>;
  batch?: Omit<BatcherOptions, 'firstSeq'>;
  /** first seq per batteryId (continue numbering after a restart so the ingest does not see duplicates) */
  firstSeq?: Record<string, number>;
}

export interface FleetMember {
  vehicle: VehicleState;
  rng: Rng;
  batcher: Batcher;
}

export interface Fleet {
  clockMs: number;
  startMs: number;
  members: FleetMember[];
}

export interface FleetPayload {
  participant: string;
  batteryId: string;
  payload: TelemetryPayloadV1;
}

export function createFleet(def: FleetDefinition): Fleet {
  const ids = new Set<string>();
  const members = def.vehicles.map((cfg, k) => {
    if (ids.has(cfg.batteryId)) throw new Error(`duplicate batteryId in fleet: ${cfg.batteryId}`);
    ids.add(cfg.batteryId);
    const rng = streamRng(def.seed, k);
    return {
      vehicle: createVehicle(cfg, def.startMs, rng, def.sim),
      rng,
      batcher: createBatcher(cfg.batteryId, { ...def.batch, firstSeq: def.firstSeq?.[cfg.batteryId] ?? 0 }),
    };
  });
  return { clockMs: def.startMs, startMs: def.startMs, members };
}

/** Advances the whole fleet by simSeconds; returns the payloads completed meanwhile. */
export function fleetTick(fleet: Fleet, simSeconds: number): FleetPayload[] {
  if (!(simSeconds >= 0)) throw new Error(`simSeconds must be ≥ 0, got ${simSeconds}`);
  const out: FleetPayload[] = [];
  fleet.clockMs += Math.round(simSeconds * 1000);
  for (const m of fleet.members) {
    const { samples, events } = stepVehicle(m.vehicle, simSeconds, m.rng);
    for (const payload of addSamples(m.batcher, samples, events)) out.push({ participant: m.vehicle.participant, batteryId: m.vehicle.batteryId, payload });
  }
  return out;
}

/** Emits every vehicle's partial batch (on stop). */
export function flushFleet(fleet: Fleet): FleetPayload[] {
  const out: FleetPayload[] = [];
  for (const m of fleet.members) {
    const payload = flushBatcher(m.batcher);
    if (payload) out.push({ participant: m.vehicle.participant, batteryId: m.vehicle.batteryId, payload });
  }
  return out;
}

/** Ground truth per vehicle (for a demo console and for comparing the twin's estimates). */
export function fleetSnapshot(fleet: Fleet) {
  return fleet.members.map((m) => ({ batteryId: m.vehicle.batteryId, participant: m.vehicle.participant, nextSeq: m.batcher.nextSeq, ...vehicleTruth(m.vehicle) }));
}

/** What the twin needs to model a simulated battery (its mean cell and topology), for `makeTwinParams`. */
export function twinParamsInputOf(cfg: VehicleConfig): TwinParamsInput {
  return { chemistry: cfg.chemistry, capacityAh: cfg.cellCapacityAh, topology: { ...cfg.topology } };
}
