/**
 * Shipment state machine: planned → pickedUp → inTransit* → delivered. Each transition returns the payload of the
 * matching history event (shipmentPickedUp / shipmentInTransit / shipmentDelivered), already validated against the
 * history schemas, plus the handling alerts. The logistics provider signs and appends the event (wired by the lead).
 * Planning refuses a packing choice the dangerous-goods classification does not allow.
 */
import { validateEventPayload, type EventPayloads } from '../../../history/core/index.js';
import { checkPackingChoice, type Classification, type PackingOption } from './dangerous-goods.js';
import { evaluateHandling, type HandlingAlert } from './handling.js';
import { severity, type Handling, type Location, type Party, type SafetyStatus } from './types.js';

export type ShipmentState = 'planned' | 'pickedUp' | 'inTransit' | 'delivered';

export interface Shipment {
  shipmentId: string;
  state: ShipmentState;
  classification: Classification;
  packing: PackingOption;
  consignor: Party;
  consignee: Party;
  origin: Location;
  destination: Location;
  /** current status: the classification's, escalated by critical handling alerts */
  safetyStatus: SafetyStatus;
  lastHandling?: Handling;
  alerts: HandlingAlert[];
  /** set when an escalation makes the chosen packing no longer allowed */
  repackRequired?: string;
}

export interface PlanInput {
  shipmentId: string;
  classification: Classification;
  packing: PackingOption;
  consignor: Party;
  consignee: Party;
  origin: Location;
  destination: Location;
}

export type Refused = { ok: false; reason: string };

export function planShipment(p: PlanInput): { ok: true; shipment: Shipment } | Refused {
  const check = checkPackingChoice(p.classification, p.packing);
  if (!check.ok) return { ok: false, reason: check.reason };
  return { ok: true, shipment: { ...p, state: 'planned', safetyStatus: p.classification.status, alerts: [] } };
}

export type ShipmentEventType = 'shipmentPickedUp' | 'shipmentInTransit' | 'shipmentDelivered';
export type ShipmentEvent =
  | { type: 'shipmentPickedUp'; payload: EventPayloads['shipmentPickedUp'] }
  | { type: 'shipmentInTransit'; payload: EventPayloads['shipmentInTransit'] }
  | { type: 'shipmentDelivered'; payload: EventPayloads['shipmentDelivered'] };

export interface HandoverInput {
  location: Location;
  handling: Handling;
}

export type TransitionResult = { ok: true; shipment: Shipment; event: ShipmentEvent; alerts: HandlingAlert[] } | Refused;

const NEXT: Record<'pickUp' | 'transit' | 'deliver', { from: readonly ShipmentState[]; to: ShipmentState; type: ShipmentEventType }> = {
  pickUp: { from: ['planned'], to: 'pickedUp', type: 'shipmentPickedUp' },
  transit: { from: ['pickedUp', 'inTransit'], to: 'inTransit', type: 'shipmentInTransit' },
  deliver: { from: ['pickedUp', 'inTransit'], to: 'delivered', type: 'shipmentDelivered' },
};

export function pickUp(s: Shipment, h: HandoverInput): TransitionResult {
  return transition(s, 'pickUp', h);
}
export function reportInTransit(s: Shipment, h: HandoverInput): TransitionResult {
  return transition(s, 'transit', h);
}
export function deliver(s: Shipment, h: HandoverInput): TransitionResult {
  return transition(s, 'deliver', h);
}

function transition(s: Shipment, step: keyof typeof NEXT, h: HandoverInput): TransitionResult {
  const rule = NEXT[step];
  if (!rule.from.includes(s.state)) return { ok: false, reason: `cannot ${step} a shipment that is ${s.state} (allowed from ${rule.from.join(', ')})` };
  if (h.handling.temperatureMinC > h.handling.temperatureMaxC) return { ok: false, reason: `handling.temperatureMinC ${h.handling.temperatureMinC} °C exceeds temperatureMaxC ${h.handling.temperatureMaxC} °C` };
  if (step === 'deliver' && h.location.name !== s.destination.name) return { ok: false, reason: `delivered at "${h.location.name}" but the destination is "${s.destination.name}"` };

  const evaluation = evaluateHandling(s.safetyStatus, h.handling, s.lastHandling);
  const safetyStatus = evaluation.status;
  const common = { shipmentId: s.shipmentId, location: h.location, handling: h.handling, safetyStatus };
  const event: ShipmentEvent =
    rule.type === 'shipmentPickedUp' ? { type: rule.type, payload: { ...common, consignor: s.consignor, destination: s.destination } }
    : rule.type === 'shipmentDelivered' ? { type: rule.type, payload: { ...common, consignee: s.consignee } }
    : { type: rule.type, payload: common };
  const errors = validateEventPayload(event.type, event.payload);
  if (errors.length) return { ok: false, reason: `payload invalid: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}` };

  let repackRequired = s.repackRequired;
  if (severity(safetyStatus) > severity(s.safetyStatus)) {
    const escalated: Classification = { ...s.classification, status: safetyStatus };
    const allowed = safetyStatus === 'criticalDefect' ? ['P911', 'LP906'] : ['P908', 'LP904'];
    if (!allowed.includes(s.packing)) repackRequired = `status escalated to ${safetyStatus} in transit; ${s.packing} no longer fits (SP 376): repack to ${allowed.join(' or ')} at the next safe place`;
    s = { ...s, classification: escalated };
  }
  const shipment: Shipment = {
    ...s, state: rule.to, safetyStatus, lastHandling: h.handling, alerts: [...s.alerts, ...evaluation.alerts], repackRequired,
  };
  return { ok: true, shipment, event, alerts: evaluation.alerts };
}
