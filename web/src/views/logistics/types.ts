/** Shapes of the logistics routes (src/circularity/logistics: dangerous-goods.ts, shipment.ts, handling.ts). */

export const NEGATIVE_EVENTS = ['deepDischarge', 'overcharge', 'crash', 'thermalIncident', 'swelling', 'leakage', 'venting'] as const;
export const PURPOSES = ['recycling', 'disposal', 'reuse'] as const;
export const CONTEXTS = ['loose', 'containedInEquipment', 'packedWithEquipment', 'inVehicle'] as const;
export const PACKING_OPTIONS = ['P903', 'P908', 'P909', 'P910', 'P911', 'LP903', 'LP904', 'LP905', 'LP906', 'vehicleAsLoad'] as const;
/** The twin's State-of-Safety factors (src/twin/core/states/sos.ts SafetyFactor). */
export const SOS_DRIVERS = ['temperature', 'temperatureRise', 'voltageLimits', 'resistanceGrowth', 'cellImbalance', 'selfDischarge', 'negativeEvents'] as const;

export type SafetyStatus = 'normal' | 'damagedOrDefective' | 'criticalDefect';

export interface Classification {
  regulation: string;
  unNumber: string;
  properShippingName: string;
  class: string;
  classificationCode?: string;
  hazardLabel: string;
  status: SafetyStatus;
  specialProvisions: string[];
  allowedPacking: string[];
  preferredPacking?: string;
  packageMarks: string[];
  requiresBatteryRemoval: boolean;
  reasons: { ref: string; text: string }[];
}

export interface Location {
  name: string;
  countryCode: string;
  latitudeDeg?: number;
  longitudeDeg?: number;
}

export interface Party {
  name: string;
  did?: string;
}

export interface Handling {
  temperatureMinC: number;
  temperatureMaxC: number;
  peakShockG: number;
  stateOfChargePct?: number;
}

export interface HandlingAlert {
  level: 'warning' | 'critical';
  quantity: string;
  value: number;
  limit: number;
  reason: string;
  impliedStatus: SafetyStatus;
}

export interface Shipment {
  shipmentId: string;
  state: 'planned' | 'pickedUp' | 'inTransit' | 'delivered';
  classification: Classification;
  packing: string;
  consignor: Party;
  consignee: Party;
  origin: Location;
  destination: Location;
  safetyStatus: SafetyStatus;
  lastHandling?: Handling;
  alerts: HandlingAlert[];
  repackRequired?: string;
}

export interface ShipmentRecord {
  batteryId: string;
  shipment: Shipment;
  steps: number;
}

/** Payload of the carrier's shipmentPickedUp / shipmentInTransit / shipmentDelivered events. */
export interface ShipmentEventPayload {
  shipmentId: string;
  location: Location;
  handling: Handling;
  safetyStatus: SafetyStatus;
}

export const STATUS_TEXT: Record<SafetyStatus, string> = {
  normal: 'normal',
  damagedOrDefective: 'damaged or defective (SP 376)',
  criticalDefect: 'liable to react dangerously (SP 376)',
};
