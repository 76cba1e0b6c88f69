/** One valid payload per event type, for API documentation (OpenAPI examples) and tests. */
import type { EventPayloads } from './payload-schemas.js';

const site = { name: 'Dismantling Centre Leipzig', countryCode: 'DE' };

export const EXAMPLE_PAYLOADS: EventPayloads = {
  manufactured: {
    passportId: 'urn:uuid:3f6c1e2a-9b7d-4c1e-8f2a-1b2c3d4e5f60',
    manufacturerModelId: 'PK-77-NMC811',
    chemistry: 'NMC',
    nominalCapacityAh: 180,
    nominalVoltageV: 400,
    massKg: 450,
    facility: { name: 'Cell and Pack Plant Salzgitter', countryCode: 'DE', latitudeDeg: 52.15, longitudeDeg: 10.4 },
  },
  putIntoService: {
    application: 'electricVehicle',
    vehicleIdentificationNumber: 'WVWZZZE1ZPP012345',
    operator: { name: 'Urban Mobility GmbH' },
    location: { name: 'Vehicle Assembly Zwickau', countryCode: 'DE' },
  },
  operationalSnapshot: {
    stateOfChargePct: 64.5,
    stateOfHealthPct: 91.2,
    fullEquivalentCycles: 212.4,
    energyThroughputKwh: 15293,
    capacityThroughputAh: 38232,
    temperatures: { minC: -4.5, maxC: 31, meanC: 14.2 },
    hoursAboveMaxTemperature: 3.5,
    hoursBelowMinTemperature: 41,
    source: 'bms',
  },
  ownershipChange: {
    fromOwner: { name: 'Urban Mobility GmbH' },
    toOwner: { name: 'Private owner (Bavaria)' },
    reason: 'sale',
  },
  shipmentPickedUp: {
    shipmentId: 'SHP-2031-004512',
    location: { name: 'Vehicle Assembly Zwickau', countryCode: 'DE' },
    handling: { temperatureMinC: 12, temperatureMaxC: 19.5, peakShockG: 1.2, stateOfChargePct: 32 },
    safetyStatus: 'normal',
    consignor: { name: 'Private owner (Bavaria)' },
    destination: site,
  },
  shipmentInTransit: {
    shipmentId: 'SHP-2031-004512',
    location: { name: 'Logistics Hub Leipzig', countryCode: 'DE' },
    handling: { temperatureMinC: 10, temperatureMaxC: 21, peakShockG: 2.4 },
    safetyStatus: 'normal',
  },
  shipmentDelivered: {
    shipmentId: 'SHP-2031-004512',
    location: site,
    handling: { temperatureMinC: 11, temperatureMaxC: 18, peakShockG: 0.9, stateOfChargePct: 31.4 },
    safetyStatus: 'normal',
    consignee: { name: 'Dismantling Centre Leipzig', did: 'did:web:dismantler.example' },
  },
  dismantlingStep: {
    step: 'removeModules',
    stepIndex: 4,
    actor: { kind: 'robot', id: 'cell-2' },
    durationS: 640,
    deviations: ['corroded fastener drilled out'],
    components: [
      { componentId: 'M01', condition: 'intact' },
      { componentId: 'M02', condition: 'minorDamage' },
    ],
  },
  testResult: {
    method: 'capacityTest',
    componentId: 'PACK',
    stateOfHealthPct: 78.4,
    capacityAh: 141.1,
    internalResistanceOhm: 0.1162,
    testTemperatureC: 25,
    uncertainty: { stateOfHealthPct: 1.5, capacityAh: 2.1, internalResistanceOhm: 0.0058, coverageFactor: 2 },
    facility: { name: 'Battery Test Lab Aachen', did: 'did:web:lab.example' },
  },
  remanufactured: {
    newPassportId: 'urn:uuid:7d1e2f3a-4b5c-4d6e-9f80-a1b2c3d4e5f6',
    replacedComponentIds: ['M02'],
    stateOfHealthPct: 88,
  },
  repurposed: {
    newPassportId: 'urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
    newApplication: 'stationaryStorage',
    stateOfHealthPct: 78.4,
  },
  recycled: {
    inputMassKg: 315,
    recoveredMaterialsKg: { Li: 4.9, Ni: 36.1, Co: 6.1, Mn: 5.5, Cu: 27.6, Al: 35.9 },
    process: 'hydrometallurgical',
    facility: { name: 'Recycling Plant Hanau', countryCode: 'DE' },
  },
  statusChange: { from: 'original', to: 'waste', reason: 'SoH below second-life threshold' },
  safetyAlert: {
    level: 'warning',
    stateOfSafety: 0.42,
    factor: 'cellImbalance',
    detail: 'cell voltage spread 118 mV at rest (limit 50 mV)',
    source: 'bms',
  },
};
