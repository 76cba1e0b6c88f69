/**
 * Payload schemas of lifecycle events (TypeBox → JSON Schema). Each schema closes its objects
 * (additionalProperties: false) so a typo in a field name is reported instead of silently stored.
 * Units are in the field names. Cross-field rules (min ≤ max, transition table, mass balance) are in
 * `payload-rules.ts`.
 */
import { Type, type Static } from 'typebox';

const Pct = (description: string) => Type.Number({ minimum: 0, maximum: 100, description });
const NonNegative = (description: string) => Type.Number({ minimum: 0, description });
const Text = (description: string, maxLength = 500) => Type.String({ minLength: 1, maxLength, description });

export const CHEMISTRIES = ['NMC', 'NCA', 'LFP', 'LMFP', 'LMO', 'LTO', 'NaIon', 'other'] as const;
export const BATTERY_STATUSES = ['original', 'reused', 'repurposed', 'remanufactured', 'waste'] as const;

export const PassportIdSchema = Type.String({
  pattern: '^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'Passport identifier (Art. 77(3)), urn:uuid form',
});

export const LocationSchema = Type.Object(
  {
    name: Text('Site or place name', 200),
    /** ISO 3166-1 alpha-2. */
    countryCode: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code' }),
    latitudeDeg: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitudeDeg: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);

export const PartySchema = Type.Object(
  {
    name: Text('Legal or trading name', 200),
    did: Type.Optional(Type.String({ pattern: '^did:web:', description: 'did:web of the party, when it is a participant' })),
  },
  { additionalProperties: false },
);

export const ManufacturedSchema = Type.Object(
  {
    passportId: PassportIdSchema,
    manufacturerModelId: Text('Manufacturer model identifier', 200),
    chemistry: Type.Enum([...CHEMISTRIES]),
    nominalCapacityAh: Type.Number({ exclusiveMinimum: 0 }),
    nominalVoltageV: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    massKg: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** Annex VI Part A(3) / Annex XIII(1)(a): place of manufacture. */
    facility: LocationSchema,
  },
  { additionalProperties: false },
);

export const APPLICATIONS = ['electricVehicle', 'lightMeansOfTransport', 'stationaryStorage', 'industrial', 'other'] as const;

export const PutIntoServiceSchema = Type.Object(
  {
    application: Type.Enum([...APPLICATIONS]),
    /** ISO 3779 VIN: 17 characters, letters I, O and Q excluded. */
    vehicleIdentificationNumber: Type.Optional(Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{17}$' })),
    operator: PartySchema,
    location: LocationSchema,
  },
  { additionalProperties: false },
);

/** Annex VII Part A/B parameters for determining state of health of EV batteries. */
export const OperationalSnapshotSchema = Type.Object(
  {
    stateOfChargePct: Pct('State of charge'),
    stateOfHealthPct: Pct('State of health (remaining capacity relative to rated)'),
    fullEquivalentCycles: NonNegative('Number of full charge-discharge cycles'),
    energyThroughputKwh: NonNegative('Cumulative energy throughput'),
    capacityThroughputAh: Type.Optional(NonNegative('Cumulative capacity throughput')),
    temperatures: Type.Object(
      {
        minC: Type.Number({ minimum: -60, maximum: 150 }),
        maxC: Type.Number({ minimum: -60, maximum: 150 }),
        meanC: Type.Optional(Type.Number({ minimum: -60, maximum: 150 })),
      },
      { additionalProperties: false },
    ),
    /** Annex VII: time spent in extreme temperatures. */
    hoursAboveMaxTemperature: Type.Optional(NonNegative('Time above the upper operating temperature')),
    hoursBelowMinTemperature: Type.Optional(NonNegative('Time below the lower operating temperature')),
    source: Type.Enum(['bms', 'diagnosticTool', 'laboratory']),
    // Annex VII Part A / Annex XIII(4): the remaining dynamic parameters a digital twin estimates from BMS data
    currentTemperatureC: Type.Optional(Type.Number({ minimum: -60, maximum: 150, description: 'Latest battery temperature' })),
    stateOfCertifiedEnergyPct: Type.Optional(Pct('State of certified energy (SOCE): usable energy relative to the certified usable energy')),
    remainingCapacityAh: Type.Optional(NonNegative('Remaining capacity')),
    remainingUsableEnergyKwh: Type.Optional(NonNegative('Remaining usable energy (full window at the current state of health)')),
    remainingPowerW: Type.Optional(
      Type.Array(Type.Object({ atSocPct: Type.Number({ minimum: 0, maximum: 100 }), powerW: Type.Number({ minimum: 0, maximum: 5_000_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 10, description: '10 s peak discharge power at the given state of charge (HPPC-style)' }),
    ),
    deepDischargeEvents: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    overchargeEvents: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    stateOfSafety: Type.Optional(Type.Object({ score: Type.Number({ minimum: 0, maximum: 1 }), driver: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const SAFETY_ALERT_LEVELS = ['warning', 'critical'] as const;
export const NEGATIVE_EVENT_KINDS = ['accident', 'thermalIncident', 'mechanicalDamage', 'waterIngress', 'electricalFault', 'other'] as const;

/**
 * A State-of-Safety threshold crossed (Annex XIII(4)(d) negative events; the carrier needs it for the
 * damaged/defective classification of ADR special provision 376). `factor` names the sub-factor that drives the score.
 */
export const SafetyAlertSchema = Type.Object(
  {
    level: Type.Enum([...SAFETY_ALERT_LEVELS]),
    stateOfSafety: Type.Number({ minimum: 0, maximum: 1 }),
    factor: Type.String({ minLength: 1, maxLength: 60, description: 'Sub-factor driving the score (weakest link)' }),
    detail: Text('What was observed, with values and units', 500),
    negativeEvent: Type.Optional(Type.Enum([...NEGATIVE_EVENT_KINDS])),
    source: Type.Enum(['bms', 'diagnosticTool', 'laboratory']),
  },
  { additionalProperties: false },
);

export const OWNERSHIP_REASONS = ['sale', 'leaseReturn', 'warrantyReturn', 'endOfLifeTakeBack', 'other'] as const;

export const OwnershipChangeSchema = Type.Object(
  {
    fromOwner: PartySchema,
    toOwner: PartySchema,
    reason: Type.Enum([...OWNERSHIP_REASONS]),
  },
  { additionalProperties: false },
);

/**
 * Transport safety classification of a lithium battery: ADR 2023 special provision 376 distinguishes damaged or
 * defective batteries (packing instruction P908/LP904) from those liable to rapidly disassemble, dangerously
 * react or overheat under normal transport conditions (P911/LP906).
 */
export const SAFETY_STATUSES = ['normal', 'damagedOrDefective', 'criticalDefect'] as const;

export const HandlingSchema = Type.Object(
  {
    temperatureMinC: Type.Number({ minimum: -60, maximum: 150 }),
    temperatureMaxC: Type.Number({ minimum: -60, maximum: 150 }),
    peakShockG: NonNegative('Largest acceleration recorded since the last handover, in g'),
    stateOfChargePct: Type.Optional(Pct('State of charge at handover')),
  },
  { additionalProperties: false },
);

const shipmentFields = {
  shipmentId: Text('Carrier shipment / consignment identifier', 100),
  location: LocationSchema,
  handling: HandlingSchema,
  safetyStatus: Type.Enum([...SAFETY_STATUSES]),
};

export const ShipmentPickedUpSchema = Type.Object(
  { ...shipmentFields, consignor: PartySchema, destination: LocationSchema },
  { additionalProperties: false },
);
export const ShipmentInTransitSchema = Type.Object({ ...shipmentFields }, { additionalProperties: false });
export const ShipmentDeliveredSchema = Type.Object(
  { ...shipmentFields, consignee: PartySchema },
  { additionalProperties: false },
);

export const COMPONENT_CONDITIONS = ['intact', 'minorDamage', 'majorDamage', 'destroyed'] as const;

export const DismantlingStepSchema = Type.Object(
  {
    step: Text('Step name, e.g. discharge, removeLid, disconnectBusbars, removeModule', 100),
    stepIndex: Type.Integer({ minimum: 0 }),
    actor: Type.Object(
      { kind: Type.Enum(['human', 'robot']), id: Text('Operator badge or robot cell identifier', 100) },
      { additionalProperties: false },
    ),
    durationS: NonNegative('Duration of the step'),
    deviations: Type.Array(Text('Deviation from the dismantling instruction'), { maxItems: 50 }),
    components: Type.Array(
      Type.Object(
        {
          /** PackNode id from the passport structure. */
          componentId: Text('Component id in the pack structure', 100),
          condition: Type.Enum([...COMPONENT_CONDITIONS]),
          /** Issue 6: a component set aside for re-use as is, or for remanufacturing before re-use. */
          reuseTag: Type.Optional(Type.Enum(['reuse', 'remanufacture'])),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const TEST_METHODS = ['capacityTest', 'hppc', 'eis', 'pulseTest', 'bmsReadout'] as const;

/** GUM (JCGM 100:2008) expanded uncertainties, coverage factor k. */
export const UncertaintySchema = Type.Object(
  {
    stateOfHealthPct: NonNegative('Expanded uncertainty of the SoH'),
    capacityAh: Type.Optional(NonNegative('Expanded uncertainty of the capacity')),
    internalResistanceOhm: Type.Optional(NonNegative('Expanded uncertainty of the resistance')),
    coverageFactor: Type.Number({ minimum: 1, maximum: 3 }),
  },
  { additionalProperties: false },
);

export const TestResultSchema = Type.Object(
  {
    method: Type.Enum([...TEST_METHODS]),
    componentId: Text('Tested node of the pack structure (pack, module or cell id)', 100),
    stateOfHealthPct: Pct('Measured state of health'),
    capacityAh: NonNegative('Measured discharge capacity'),
    internalResistanceOhm: NonNegative('Measured DC internal resistance'),
    testTemperatureC: Type.Number({ minimum: -40, maximum: 80 }),
    uncertainty: UncertaintySchema,
    facility: PartySchema,
    // a model-based result names the model and the input it saw, so anyone can re-run it (issue 5)
    modelVersion: Type.Optional(Text('Model artifact version that produced the result', 200)),
    inputSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the raw test input' })),
    stateOfHealthIntervalPct: Type.Optional(
      Type.Object({ low: Type.Number({ minimum: 0, maximum: 200 }), high: Type.Number({ minimum: 0, maximum: 200 }), coveragePct: Type.Number({ minimum: 50, maximum: 100 }) }, { additionalProperties: false }),
    ),
    grade: Type.Optional(Type.Enum(['A', 'B', 'C', 'D'])),
    pulseFeaturesV: Type.Optional(Type.Array(Type.Number({ minimum: 0, maximum: 10 }), { minItems: 21, maxItems: 21, description: 'U1..U21 per cell (PulseBat layout): with the model version, enough to re-run the assessment' })),
  },
  { additionalProperties: false },
);

export const RemanufacturedSchema = Type.Object(
  {
    /** Art. 77(7): a remanufactured battery gets a new passport linked to this one. */
    newPassportId: PassportIdSchema,
    replacedComponentIds: Type.Array(Text('Replaced component id', 100), { maxItems: 500 }),
    stateOfHealthPct: Pct('State of health after remanufacturing'),
  },
  { additionalProperties: false },
);

export const RepurposedSchema = Type.Object(
  {
    /** Art. 77(7): the repurposed battery gets a new passport linked to this one. */
    newPassportId: PassportIdSchema,
    newApplication: Type.Enum([...APPLICATIONS]),
    stateOfHealthPct: Pct('State of health when repurposed'),
  },
  { additionalProperties: false },
);

/** Elements recovered from battery recycling that Art. 71 / Annex XII Part C and common practice report. */
export const RECOVERABLE_ELEMENTS = ['Li', 'Co', 'Ni', 'Mn', 'Cu', 'Al', 'Fe', 'P', 'C', 'Ti', 'Na', 'Pb'] as const;
export type RecoverableElement = (typeof RECOVERABLE_ELEMENTS)[number];

const recoveredProps = Object.fromEntries(
  RECOVERABLE_ELEMENTS.map((el) => [el, Type.Optional(NonNegative(`Recovered ${el}`))]),
) as Record<RecoverableElement, ReturnType<typeof Type.Optional<ReturnType<typeof NonNegative>>>>;

export const RECYCLING_PROCESSES = ['pyrometallurgical', 'hydrometallurgical', 'directRecycling', 'combined'] as const;

export const RecycledSchema = Type.Object(
  {
    inputMassKg: Type.Number({ exclusiveMinimum: 0 }),
    recoveredMaterialsKg: Type.Object(recoveredProps, { additionalProperties: false, minProperties: 1 }),
    process: Type.Enum([...RECYCLING_PROCESSES]),
    facility: LocationSchema,
  },
  { additionalProperties: false },
);

export const StatusChangeSchema = Type.Object(
  {
    from: Type.Enum([...BATTERY_STATUSES]),
    to: Type.Enum([...BATTERY_STATUSES]),
    reason: Text('Why the status changed'),
  },
  { additionalProperties: false },
);

export const PAYLOAD_SCHEMAS = {
  manufactured: ManufacturedSchema,
  putIntoService: PutIntoServiceSchema,
  operationalSnapshot: OperationalSnapshotSchema,
  ownershipChange: OwnershipChangeSchema,
  shipmentPickedUp: ShipmentPickedUpSchema,
  shipmentInTransit: ShipmentInTransitSchema,
  shipmentDelivered: ShipmentDeliveredSchema,
  dismantlingStep: DismantlingStepSchema,
  testResult: TestResultSchema,
  remanufactured: RemanufacturedSchema,
  repurposed: RepurposedSchema,
  recycled: RecycledSchema,
  statusChange: StatusChangeSchema,
  safetyAlert: SafetyAlertSchema,
} as const;

export type EventType = keyof typeof PAYLOAD_SCHEMAS;
export type EventPayloads = { [K in EventType]: Static<(typeof PAYLOAD_SCHEMAS)[K]> };
export type EventPayload<T extends EventType = EventType> = EventPayloads[T];
