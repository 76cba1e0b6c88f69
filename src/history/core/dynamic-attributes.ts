/**
 * The passport's dynamic attributes (Annex XIII(4); Annex VII Part A) as the effect of signed events: an operational
 * snapshot from the OEM's digital twin or a test facility's readout, and a safety alert's negative event. The
 * passport is never written around the history: every dynamic value can be traced to the signed event that set it.
 */
import type { SignedEvent } from './envelope.js';
import type { EventPayloads } from './payload-schemas.js';

/** Passport attribute values an event sets (keys of the attribute catalogue). Empty when the event sets none. */
export function dynamicAttributesOf(ev: Pick<SignedEvent, 'type' | 'payload' | 'occurredAt'>, current: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (ev.type === 'operationalSnapshot') return fromSnapshot(ev.payload as EventPayloads['operationalSnapshot'], current);
  if (ev.type === 'safetyAlert') return fromSafetyAlert(ev.payload as EventPayloads['safetyAlert'], ev.occurredAt, current);
  return {};
}

/**
 * The place an event says the battery is at: the factory of `manufactured`, where it was put into service, each
 * shipment step's location, the recycling facility. Null for events that name none.
 */
export function locationOf(ev: Pick<SignedEvent, 'type' | 'payload'>): { name: string; countryCode: string } | null {
  const p = ev.payload as { location?: { name: string; countryCode: string }; facility?: { name: string; countryCode: string } };
  const loc = ev.type === 'manufactured' || ev.type === 'recycled' ? p.facility : ev.type === 'putIntoService' || ev.type.startsWith('shipment') ? p.location : undefined;
  return loc && typeof loc.name === 'string' && typeof loc.countryCode === 'string' ? { name: loc.name, countryCode: loc.countryCode } : null;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function fromSnapshot(p: EventPayloads['operationalSnapshot'], current: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    stateOfCharge: round(p.stateOfChargePct, 2),
    // capacity fade = loss of capacity relative to rated (Annex IV Part A(1)); SoH is remaining over rated
    capacityFade: round(Math.max(0, 100 - p.stateOfHealthPct), 2),
    numberOfFullCycles: Math.round(p.fullEquivalentCycles),
    energyThroughput: round(p.energyThroughputKwh, 3),
  };
  if (p.capacityThroughputAh !== undefined) out.capacityThroughput = round(p.capacityThroughputAh, 3);
  if (p.stateOfCertifiedEnergyPct !== undefined) out.stateOfCertifiedEnergy = round(p.stateOfCertifiedEnergyPct, 2);
  if (p.remainingCapacityAh !== undefined) out.remainingCapacity = round(p.remainingCapacityAh, 3);
  if (p.remainingUsableEnergyKwh !== undefined) out.remainingUsableEnergy = round(p.remainingUsableEnergyKwh, 3);
  if (p.remainingPowerW !== undefined) out.remainingPowerCapability = p.remainingPowerW.map((x) => ({ atSocPercent: round(x.atSocPct, 1), powerW: Math.round(x.powerW) }));
  if (p.deepDischargeEvents !== undefined) out.deepDischargeEvents = p.deepDischargeEvents;
  if (p.overchargeEvents !== undefined) out.overchargeEvents = p.overchargeEvents;
  // temperature information keeps the extremes over the whole life, not only this snapshot's window
  const prev = current.temperatureInformation as { minimumDegC?: number; maximumDegC?: number } | undefined;
  const clampT = (t: number) => Math.min(120, Math.max(-60, t));
  out.temperatureInformation = {
    currentDegC: round(clampT(p.currentTemperatureC ?? p.temperatures.meanC ?? p.temperatures.maxC), 1),
    minimumDegC: round(clampT(Math.min(p.temperatures.minC, prev?.minimumDegC ?? Infinity)), 1),
    maximumDegC: round(clampT(Math.max(p.temperatures.maxC, prev?.maximumDegC ?? -Infinity)), 1),
  };
  return out;
}

function fromSafetyAlert(p: EventPayloads['safetyAlert'], occurredAt: string, current: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!p.negativeEvent) return {};
  const list = Array.isArray(current.negativeEvents) ? (current.negativeEvents as unknown[]) : [];
  const entry = { eventType: p.negativeEvent, occurredAt, severity: p.level === 'critical' ? 'critical' : 'major', description: `${p.factor}: ${p.detail}`.slice(0, 2000) };
  // the catalogue bounds the list at 1000 entries; the oldest fall off (the signed events keep all of them)
  return { negativeEvents: [...list, entry].slice(-1000) };
}
