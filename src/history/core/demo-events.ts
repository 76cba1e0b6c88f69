/**
 * Demonstration lifecycle histories: an ordered list of UNSIGNED drafts telling a plausible life of one EV pack —
 * manufacture, delivery to the vehicle OEM, years of BMS snapshots with fading health, a change of owner and,
 * for some packs, end of life (take-back, test, dismantling, then repurposing or recycling).
 * Pure: time comes from `start`, randomness from `rng`; callers add eventId/batteryId and sign.
 */
import type { Passport } from '../../passport/index.js';
import {
  between,
  intBetween,
  packResistanceOhm,
  pick,
  recoveredMaterialsKg,
  round,
  stateOfHealthPct,
  type Rng,
} from './demo-model.js';
import type { EventDraft } from './envelope.js';
import type { EventPayloads, EventType } from './payload-schemas.js';

export type DemoRole = 'manufacturer' | 'oem' | 'logistics' | 'dismantler' | 'testingFacility' | 'remanufacturer' | 'recycler';
/** A full `Record<Role, {did}>` is accepted too. */
export type DemoParticipants = Record<DemoRole, { did: string; name?: string }>;

export interface DemoPassportFacts {
  batteryId: Passport['batteryId'];
  passportId: Passport['passportId'];
  chemistry: Passport['model']['chemistry'];
  manufacturerModelId: Passport['model']['manufacturerModelId'];
  nominalCapacityAh: number;
  nominalVoltageV: number;
  massKg: number;
  /** Pack structure; its modules name the components in dismantling steps. */
  structure?: Passport['structure'];
}

export interface DemoLifeOptions {
  /** Force the ending; by default about half of the packs reach end of life. */
  endOfLife?: 'none' | 'repurposed' | 'recycled';
  /** Number of operational snapshots (default 12). */
  snapshots?: number;
}

export interface GenerateDemoLifeInput {
  passport: DemoPassportFacts;
  rng: Rng;
  /** ISO 8601 time of manufacture. */
  start: string;
  participants: DemoParticipants;
  options?: DemoLifeOptions;
}

const DAY_MS = 86_400_000;
const HEX = '0123456789abcdef';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** RFC 9562 version-4 layout UUID drawn from `rng` (reproducible demo ids, not for security). */
export function uuidFromRng(rng: Rng): string {
  const nibbles = Array.from({ length: 32 }, () => HEX[Math.floor(rng() * 16) % 16]);
  nibbles[12] = '4';
  nibbles[16] = HEX[8 + (Math.floor(rng() * 4) % 4)];
  const s = nibbles.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const FACTORIES = [
  { name: 'Cell and Pack Plant Salzgitter', countryCode: 'DE' },
  { name: 'Gigafactory Skellefteå', countryCode: 'SE' },
  { name: 'Battery Plant Göd', countryCode: 'HU' },
  { name: 'Pack Assembly Wrocław', countryCode: 'PL' },
] as const;
const OEM_PLANTS = [
  { name: 'Vehicle Assembly Zwickau', countryCode: 'DE' },
  { name: 'Vehicle Assembly Mladá Boleslav', countryCode: 'CZ' },
  { name: 'Vehicle Assembly Martorell', countryCode: 'ES' },
] as const;
const HUBS = [
  { name: 'Logistics Hub Leipzig', countryCode: 'DE' },
  { name: 'Logistics Hub Poznań', countryCode: 'PL' },
  { name: 'Logistics Hub Lyon', countryCode: 'FR' },
] as const;
const FIRST_OWNERS = ['Nordic Fleet Leasing AB', 'Urban Mobility GmbH', 'Rhein Taxi eG', 'CityCar Sharing BV'] as const;
const SECOND_OWNERS = ['Private owner (Bavaria)', 'Private owner (Flanders)', 'Green Courier SARL', 'Private owner (Lombardy)'] as const;
const DISMANTLING_STEPS = ['discharge', 'removeLid', 'disconnectHighVoltage', 'removeBusbars', 'removeModules'] as const;
const DEVIATIONS = ['corroded fastener drilled out', 'sealant residue removed manually', 'coolant leak contained', 'label unreadable, serial read from BMS'];

export function generateDemoLifeEvents(input: GenerateDemoLifeInput): EventDraft[] {
  const { passport: facts, rng, participants } = input;
  const options = input.options ?? {};
  let t = Date.parse(input.start);
  if (!Number.isFinite(t)) throw new RangeError(`start is not an ISO 8601 time: ${input.start}`);
  const nameOf = (role: DemoRole, fallback: string) => participants[role].name ?? fallback;
  const party = (role: DemoRole, fallback: string) => ({ name: nameOf(role, fallback), did: participants[role].did });

  const drafts: EventDraft[] = [];
  const advanceDays = (min: number, max: number) => {
    t += Math.round(between(rng, min, max) * DAY_MS);
  };
  const emit = <T extends EventType>(type: T, role: DemoRole, payload: EventPayloads[T]) => {
    drafts.push({ type, occurredAt: new Date(t).toISOString(), author: { did: participants[role].did, role }, payload } as EventDraft);
  };
  const handling = (socPct?: number) => {
    const minC = round(between(rng, 5, 18), 1);
    return {
      temperatureMinC: minC,
      temperatureMaxC: round(minC + between(rng, 2, 12), 1),
      peakShockG: round(between(rng, 0.4, 3), 2),
      ...(socPct !== undefined ? { stateOfChargePct: round(socPct, 1) } : {}),
    };
  };
  const ship = (from: { name: string; countryCode: string }, to: { name: string; countryCode: string }, consignor: { name: string; did?: string }, consignee: { name: string; did?: string }, socPct: number, safetyStatus: 'normal' | 'damagedOrDefective') => {
    const shipmentId = `SHP-${new Date(t).getUTCFullYear()}-${String(intBetween(rng, 0, 999_999)).padStart(6, '0')}`;
    emit('shipmentPickedUp', 'logistics', { shipmentId, location: { ...from }, handling: handling(socPct), safetyStatus, consignor, destination: { ...to } });
    advanceDays(0.5, 2);
    emit('shipmentInTransit', 'logistics', { shipmentId, location: { ...pick(rng, HUBS) }, handling: handling(), safetyStatus });
    advanceDays(0.5, 3);
    emit('shipmentDelivered', 'logistics', { shipmentId, location: { ...to }, handling: handling(Math.max(0, socPct - between(rng, 0, 1.5))), safetyStatus, consignee });
  };

  const { chemistry, nominalCapacityAh, nominalVoltageV, massKg } = facts;
  const factory = pick(rng, FACTORIES);
  const oemPlant = pick(rng, OEM_PLANTS);

  // Manufacture and delivery to the vehicle plant.
  emit('manufactured', 'manufacturer', {
    passportId: facts.passportId,
    manufacturerModelId: facts.manufacturerModelId,
    chemistry,
    nominalCapacityAh,
    nominalVoltageV,
    massKg,
    facility: { ...factory },
  });
  advanceDays(1, 4);
  // Road transport of Li-ion packs at partial charge (UN 3480/3481); 30-50 % is common practice.
  ship(factory, oemPlant, party('manufacturer', 'Battery manufacturer'), party('oem', 'Vehicle OEM'), between(rng, 30, 50), 'normal');

  advanceDays(10, 60);
  const firstOwner = pick(rng, FIRST_OWNERS);
  const vin = Array.from({ length: 17 }, () => pick(rng, [...VIN_CHARS])).join('');
  emit('putIntoService', 'oem', {
    application: 'electricVehicle',
    vehicleIdentificationNumber: vin,
    operator: { name: firstOwner },
    location: { ...oemPlant },
  });
  const inServiceAt = t;

  // First life: BMS snapshots over 6-10 years.
  const snapshots = options.snapshots ?? 12;
  const lifeYears = between(rng, 6, 10);
  const fecPerYear = between(rng, 35, 140);
  const severity = between(rng, 0.8, 1.8);
  const packEnergyKwh = (nominalCapacityAh * nominalVoltageV) / 1000;
  const ownershipAfter = Math.max(1, Math.floor(snapshots / 2));
  let soh = 100;
  let hoursAbove = 0;
  let hoursBelow = 0;
  let secondOwner: string = firstOwner;
  for (let i = 1; i <= snapshots; i++) {
    t = inServiceAt + Math.round(((lifeYears * 365.25 * i) / snapshots + between(rng, -10, 10)) * DAY_MS);
    const years = (t - inServiceAt) / (365.25 * DAY_MS);
    const fec = fecPerYear * years;
    soh = Math.min(soh, round(stateOfHealthPct(chemistry, years, fec, severity) + between(rng, -0.3, 0.3), 1));
    const minC = round(between(rng, -12, 18), 1);
    const maxC = round(minC + between(rng, 8, 25), 1);
    hoursAbove += between(rng, 0, 6);
    hoursBelow += between(rng, 0, 20);
    // Every fourth reading comes from a workshop diagnostic session instead of telematics.
    const byWorkshop = i % 4 === 0;
    emit('operationalSnapshot', byWorkshop ? 'testingFacility' : 'oem', {
      stateOfChargePct: round(between(rng, 20, 95), 1),
      stateOfHealthPct: soh,
      fullEquivalentCycles: round(fec, 1),
      energyThroughputKwh: round(fec * packEnergyKwh, 1),
      capacityThroughputAh: round(fec * nominalCapacityAh, 0),
      temperatures: { minC, maxC, meanC: round((minC + maxC) / 2 + between(rng, -2, 2), 1) },
      hoursAboveMaxTemperature: round(hoursAbove, 1),
      hoursBelowMinTemperature: round(hoursBelow, 1),
      source: byWorkshop ? 'diagnosticTool' : 'bms',
    });
    if (i === ownershipAfter) {
      advanceDays(3, 30);
      secondOwner = pick(rng, SECOND_OWNERS);
      emit('ownershipChange', 'oem', { fromOwner: { name: firstOwner }, toOwner: { name: secondOwner }, reason: 'sale' });
    }
  }

  // About half of the packs reach end of life; a healthy pack is often, not always, worth a second life
  // (market demand and pack design matter as much as SoH).
  const ending = options.endOfLife ?? (rng() < 0.5 ? 'none' : soh >= 75 && rng() < 0.6 ? 'repurposed' : 'recycled');
  if (ending === 'none') return drafts;

  // End of first life: take-back, transport, test.
  const receiver: DemoRole = ending === 'repurposed' ? 'remanufacturer' : 'dismantler';
  const receiverSite = { name: `${nameOf(receiver, receiver === 'dismantler' ? 'Dismantling centre' : 'Remanufacturing centre')} site`, countryCode: pick(rng, HUBS).countryCode };
  advanceDays(20, 120);
  emit('ownershipChange', receiver, {
    fromOwner: { name: secondOwner },
    toOwner: party(receiver, receiver),
    reason: 'endOfLifeTakeBack',
  });
  advanceDays(2, 10);
  const damaged = rng() < 0.1;
  const socAtPickup = between(rng, 20, 40);
  ship(oemPlant, receiverSite, { name: secondOwner }, party(receiver, receiver), socAtPickup, damaged ? 'damagedOrDefective' : 'normal');

  advanceDays(2, 14);
  const measuredSoh = round(Math.min(100, Math.max(0, soh + between(rng, -1.5, 1.5))), 1);
  const capacityAh = round((nominalCapacityAh * measuredSoh) / 100, 1);
  const resistanceOhm = round(packResistanceOhm(chemistry, nominalVoltageV, nominalCapacityAh, measuredSoh), 4);
  emit('testResult', 'testingFacility', {
    method: 'capacityTest',
    componentId: facts.structure?.id ?? 'pack',
    stateOfHealthPct: measuredSoh,
    capacityAh,
    internalResistanceOhm: resistanceOhm,
    testTemperatureC: 25,
    uncertainty: { stateOfHealthPct: 1.5, capacityAh: round(capacityAh * 0.015, 2), internalResistanceOhm: round(resistanceOhm * 0.05, 5), coverageFactor: 2 },
    facility: party('testingFacility', 'Testing facility'),
  });

  const modules = (facts.structure?.children ?? []).filter((c) => c.kind === 'module').map((c) => c.id);
  const componentIds = modules.length > 0 ? modules : [facts.structure?.id ?? 'pack'];
  const dismantle = (role: DemoRole, steps: readonly string[]) => {
    steps.forEach((step, stepIndex) => {
      advanceDays(0.01, 0.1);
      const robot = step === 'removeBusbars' || step === 'removeModules' ? rng() < 0.6 : rng() < 0.2;
      const last = stepIndex === steps.length - 1;
      emit('dismantlingStep', role, {
        step,
        stepIndex,
        actor: robot ? { kind: 'robot', id: `cell-${intBetween(rng, 1, 4)}` } : { kind: 'human', id: `operator-${intBetween(rng, 100, 999)}` },
        durationS: round(between(rng, robot ? 120 : 300, robot ? 900 : 2400), 0),
        deviations: rng() < 0.2 ? [pick(rng, DEVIATIONS)] : [],
        components: last
          ? componentIds.map((componentId) => ({ componentId, condition: damaged && rng() < 0.3 ? 'majorDamage' : rng() < 0.15 ? 'minorDamage' : 'intact' }))
          : [],
      });
    });
  };

  if (ending === 'repurposed') {
    dismantle('remanufacturer', ['discharge', 'removeLid', 'removeModules']);
    advanceDays(5, 30);
    // the repurposed event itself moves the status and names the successor passport (Art. 77(7)); no separate statusChange
    emit('repurposed', 'remanufacturer', { newPassportId: `urn:uuid:${uuidFromRng(rng)}`, newApplication: 'stationaryStorage', stateOfHealthPct: measuredSoh });
    return drafts;
  }

  emit('statusChange', 'dismantler', { from: 'original', to: 'waste', reason: `SoH ${measuredSoh} % below second-life threshold` });
  dismantle('dismantler', DISMANTLING_STEPS);
  advanceDays(3, 20);
  const recyclerSite = { name: `${nameOf('recycler', 'Recycling plant')} site`, countryCode: pick(rng, HUBS).countryCode };
  ship(receiverSite, recyclerSite, party('dismantler', 'dismantler'), party('recycler', 'recycler'), between(rng, 0, 5), damaged ? 'damagedOrDefective' : 'normal');
  emit('ownershipChange', 'dismantler', { fromOwner: party('dismantler', 'dismantler'), toOwner: party('recycler', 'recycler'), reason: 'sale' });
  advanceDays(5, 40);
  dismantle('recycler', ['shredModules']);
  // Modules are roughly 70 % of pack mass once housing, cooling plate and electronics are off.
  const moduleMassKg = round(massKg * between(rng, 0.65, 0.75), 1);
  advanceDays(10, 60);
  emit('recycled', 'recycler', {
    inputMassKg: moduleMassKg,
    recoveredMaterialsKg: recoveredMaterialsKg(rng, chemistry, moduleMassKg),
    process: pick(rng, ['hydrometallurgical', 'combined'] as const),
    facility: recyclerSite,
  });
  return drafts;
}
