/**
 * Lifecycle event types and who may author them. The role rules encode which economic operator is in a
 * position to witness an event: a carrier reports shipments, only an accredited test facility reports test
 * results, only a recycler reports recovered materials (Art. 71, Annex XII), and so on. The battery status
 * transitions follow Art. 2(47)-(50) and Art. 77(7).
 */
import type { BatteryStatus, Chemistry, Role } from '../../passport/index.js';
import { BATTERY_STATUSES, CHEMISTRIES, PAYLOAD_SCHEMAS, type EventType } from './payload-schemas.js';

export type { EventType } from './payload-schemas.js';

export const EVENT_TYPES: readonly EventType[] = Object.freeze(Object.keys(PAYLOAD_SCHEMAS) as EventType[]);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PAYLOAD_SCHEMAS, value);
}

/** Compile-time guard: the schema enums must list exactly the values of the native passport types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const chemistriesMatchPassport: Same<(typeof CHEMISTRIES)[number], Chemistry> = true;
const statusesMatchPassport: Same<(typeof BATTERY_STATUSES)[number], BatteryStatus> = true;
void chemistriesMatchPassport;
void statusesMatchPassport;

/**
 * Permitted status transitions and the roles that own each one. Waste is terminal (Art. 77(6): the passport
 * ceases to exist after recycling); repurposed and remanufactured batteries get a new passport (Art. 77(7)),
 * so their own passport can only move on to waste.
 */
export const STATUS_TRANSITIONS: readonly { from: BatteryStatus; to: BatteryStatus; roles: readonly Role[] }[] = [
  { from: 'original', to: 'reused', roles: ['oem', 'remanufacturer'] },
  { from: 'original', to: 'repurposed', roles: ['remanufacturer'] },
  { from: 'original', to: 'remanufactured', roles: ['remanufacturer'] },
  { from: 'original', to: 'waste', roles: ['oem', 'dismantler', 'testingFacility', 'recycler'] },
  { from: 'reused', to: 'repurposed', roles: ['remanufacturer'] },
  { from: 'reused', to: 'remanufactured', roles: ['remanufacturer'] },
  { from: 'reused', to: 'waste', roles: ['oem', 'dismantler', 'testingFacility', 'recycler'] },
  { from: 'repurposed', to: 'waste', roles: ['remanufacturer', 'dismantler', 'testingFacility', 'recycler'] },
  { from: 'remanufactured', to: 'waste', roles: ['remanufacturer', 'oem', 'dismantler', 'testingFacility', 'recycler'] },
];

export function statusTransitionRoles(from: BatteryStatus, to: BatteryStatus): readonly Role[] | null {
  return STATUS_TRANSITIONS.find((t) => t.from === from && t.to === to)?.roles ?? null;
}

const statusChangeRoles = [...new Set(STATUS_TRANSITIONS.flatMap((t) => t.roles))];

/** Roles that may author each event type. */
export const EVENT_AUTHOR_ROLES: Readonly<Record<EventType, readonly Role[]>> = {
  manufactured: ['manufacturer'],
  // The vehicle OEM installs the pack; a remanufacturer puts a second-life battery into service.
  putIntoService: ['oem', 'remanufacturer'],
  // BMS readouts come through the OEM's telematics; diagnostic readouts from a test facility.
  operationalSnapshot: ['oem', 'testingFacility'],
  // The transferring economic operator records a change of ownership; carriers and authorities never own.
  ownershipChange: ['manufacturer', 'oem', 'dismantler', 'remanufacturer', 'recycler'],
  shipmentPickedUp: ['logistics'],
  shipmentInTransit: ['logistics'],
  shipmentDelivered: ['logistics'],
  dismantlingStep: ['dismantler', 'remanufacturer', 'recycler'],
  testResult: ['testingFacility'],
  remanufactured: ['remanufacturer'],
  repurposed: ['remanufacturer'],
  recycled: ['recycler'],
  statusChange: statusChangeRoles,
  // whoever watches the battery's state: the OEM's twin in use, a test facility, a carrier or dismantler on handling
  safetyAlert: ['oem', 'testingFacility', 'logistics', 'dismantler'],
};

/** Whether `role` may author events of `type` at all (statusChange additionally depends on the transition). */
export function mayAuthor(role: Role, type: EventType): boolean {
  return isEventType(type) && EVENT_AUTHOR_ROLES[type].includes(role);
}
