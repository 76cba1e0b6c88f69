/** Public API of the fleet simulator (pure parts plus the MQTT publisher adapter). */
export { createFleet, fleetTick, flushFleet, fleetSnapshot, twinParamsInputOf, type Fleet, type FleetDefinition, type FleetPayload } from './fleet.js';
export { demoFleet, topologyFor, DEMO_FAULT, type DemoBattery, type DemoFleetOptions } from './demo-fleet.js';
export { startFleetPublisher, telemetryTopic, type FleetPublisher, type FleetPublisherOptions, type PublisherStats, type PublisherLog } from './mqtt-publisher.js';
export { createBatcher, addSamples, flushBatcher, toWireSample, type TelemetryPayloadV1, type WireSample, type WireEvent } from './payload.js';
export { createVehicle, stepVehicle, enqueue, vehicleTruth, DEFAULT_SIM, type VehicleConfig, type VehicleState, type VehicleSample, type VehicleEvent, type SimOptions } from './vehicle.js';
export { DEFAULT_BODY, AC_11KW, DC_150KW, type ChargerSpec, type VehicleBody } from './profiles.js';
export { wltpLikeTrace, urbanTrace, motorwayTrace, tripTrace, traceDistanceM, WLTC_CLASS3 } from './drive-cycles.js';
export { DEFAULT_HABITS, randomHabits, type Activity, type Habits } from './schedule.js';
export { DEFAULT_FAULT, type CellFault, type CellSpread } from './pack.js';
export { seededRng, streamRng } from './random.js';
