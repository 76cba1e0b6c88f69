/**
 * Individual-battery demo values: identifiers, dates and the in-use (Annex XIII(4), Annex VII) figures.
 * Ageing follows a simple cycle + calendar fade model so that state of certified energy, remaining
 * capacity/energy/power, throughput and resistance increase all tell the same story.
 */
import type { AttributeValue } from '../types.js';
import type { PackDesign } from './designs.js';
import type { ModelFacts, Site } from './model-data.js';
import { type Rng, round } from './prng.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const OPERATORS: readonly (Site & { name: string; domain: string })[] = [
  { name: 'Nordlicht Mobility GmbH', domain: 'nordlicht-mobility.example', streetAddress: 'Flottenweg 8', postalCode: '20457', locality: 'Hamburg', addressCountry: 'DE' },
  { name: 'Rivierenland Fleet B.V.', domain: 'rivierenland-fleet.example', streetAddress: 'Laadpaal 14', postalCode: '3511 AB', locality: 'Utrecht', addressCountry: 'NL' },
  { name: 'Alpenstrom Carsharing AG', domain: 'alpenstrom.example', streetAddress: 'Bahnhofplatz 2', postalCode: '6020', locality: 'Innsbruck', addressCountry: 'AT' },
];

const EVENT_TEXT: Readonly<Record<string, string>> = {
  accident: 'Low-speed collision; underbody inspected, no deformation of the pack housing found.',
  mechanicalDamage: 'Underbody impact on a kerb; scratch on the pack housing, seals checked and intact.',
  thermalIncident: 'Cell temperature warning during fast charging; charging stopped by the BMS, no venting.',
  waterIngress: 'Vehicle drove through deep water; humidity sensor reading normal after inspection.',
  electricalFault: 'Isolation resistance warning; connector cleaned and re-tested within limits.',
};

export interface IndividualInput {
  design: PackDesign;
  facts: ModelFacts;
  rng: Rng;
  nowMs: number;
  passportId: string;
  batteryId: string;
}

export interface IndividualResult {
  attributes: Record<string, AttributeValue>;
  /** Update times of the dynamic attributes. */
  updatedAt: Record<string, string>;
  createdAt: string;
  updatedAtLatest: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);

export function individualData(input: IndividualInput): IndividualResult {
  const { design: d, facts, rng, nowMs } = input;
  const lfp = d.chemistry === 'LFP';
  const f = facts.figures;

  // Timeline: manufactured, placed on the market a few days later, put into service within two months.
  const ageDays = rng.int(20, 1400);
  const manufacturedMs = nowMs - ageDays * DAY_MS;
  const createdMs = manufacturedMs + rng.int(3, 14) * DAY_MS + rng.int(0, 23) * HOUR_MS;
  const serviceMs = Math.min(createdMs + rng.int(5, 60) * DAY_MS, nowMs - DAY_MS);
  const yearsInService = Math.max(0, (nowMs - serviceMs) / (365 * DAY_MS));

  // Ageing: cycle fade plus calendar fade; LFP ages more slowly per cycle.
  const cyclesPerYear = rng.range(25, 150);
  const fullCycles = Math.min(Math.round(yearsInService * cyclesPerYear), facts.expectedLifetimeCycles);
  const fadePerCycle = lfp ? rng.range(0.003, 0.005) : rng.range(0.006, 0.01);
  const fadePerYear = lfp ? rng.range(0.7, 1.2) : rng.range(1.2, 2);
  const soce = round(Math.max(72, Math.min(100, 100 - fullCycles * fadePerCycle - yearsInService * fadePerYear + rng.range(-0.3, 0.3))), 1);
  const remainingCapacityAh = round(Math.min(f.ratedCapacityAh * (soce / 100) * rng.range(0.995, 1.01), f.ratedCapacityAh * 1.02), 1);
  const capacityFade = round(Math.max(0, 100 - (remainingCapacityAh / f.ratedCapacityAh) * 100), 1);
  const fadeBasis = 100 - soce;
  const powerFade = round(Math.min(100, fadeBasis * rng.range(1.1, 1.5)), 1);
  const rteFade = round(fadeBasis * rng.range(0.15, 0.3), 2);
  const selfDischargeEvolution = round(fadeBasis * rng.range(1, 3), 1);
  const packResistanceIncrease = round(fadeBasis * rng.range(1.5, 2.5), 1);

  const readingMs = nowMs - rng.int(1, 72) * HOUR_MS;
  const testMs = readingMs - rng.int(1, 30) * DAY_MS;
  const reading = iso(Math.max(readingMs, createdMs));
  const tested = iso(Math.max(testMs, createdMs));
  const measuredMin = rng.int(-25, 0);
  const measuredMax = rng.int(35, 52);
  const extremeFactor = yearsInService * rng.range(0, 1);
  const operator = rng.pick(OPERATORS);

  const events: AttributeValue[] = [];
  if (rng.chance(0.15) && serviceMs < readingMs - DAY_MS) {
    const count = rng.int(1, 2);
    for (let i = 0; i < count; i++) {
      const type = rng.pick(Object.keys(EVENT_TEXT));
      const at = serviceMs + rng.next() * (readingMs - serviceMs);
      events.push({ eventType: type, occurredAt: iso(at), severity: rng.pick(['minor', 'minor', 'major']), description: EVENT_TEXT[type] });
    }
    events.sort((a, b) => String((a as { occurredAt: string }).occurredAt).localeCompare(String((b as { occurredAt: string }).occurredAt)));
  }

  const attributes: Record<string, AttributeValue> = {
    batteryPassportIdentifier: input.passportId,
    batteryIdentifier: input.batteryId,
    operatorInformation: {
      identifier: `did:web:${operator.domain}`,
      name: operator.name,
      postalAddress: { streetAddress: operator.streetAddress, postalCode: operator.postalCode, locality: operator.locality, addressCountry: operator.addressCountry },
      emailAddress: `fleet@${operator.domain}`,
      webAddress: `https://${operator.domain}/`,
    },
    manufacturingDate: isoDate(manufacturedMs),
    puttingIntoServiceDate: isoDate(serviceMs),
    batteryStatus: 'original',
    extinguishingAgents: ['Water in large quantities (cooling)', 'Aqueous vermiculite dispersion'],

    capacityFade,
    powerFade,
    roundTripEfficiencyFade: rteFade,
    internalResistanceIncrease: [
      { component: 'pack', increasePercent: packResistanceIncrease },
      { component: 'module', increasePercent: round(packResistanceIncrease * rng.range(0.85, 1), 1) },
      { component: 'cell', increasePercent: round(packResistanceIncrease * rng.range(0.8, 0.95), 1) },
    ],

    remainingCapacity: remainingCapacityAh,
    remainingUsableEnergy: round(facts.certifiedUsableEnergyKWh * (soce / 100), 1),
    stateOfCertifiedEnergy: soce,
    stateOfCharge: round(rng.range(10, 95), 1),
    remainingPowerCapability: [
      { atSocPercent: 80, powerW: Math.round((facts.originalPowerAt80W * (1 - powerFade / 100)) / 100) * 100 },
      { atSocPercent: 20, powerW: Math.round((facts.originalPowerAt20W * (1 - powerFade / 100)) / 100) * 100 },
    ],
    remainingRoundTripEfficiency: round(facts.initialRoundTripEfficiencyPercent * (1 - rteFade / 100), 1),
    currentSelfDischargeRate: round(facts.initialSelfDischargePercentPerMonth * (1 + selfDischargeEvolution / 100), 2),
    selfDischargeEvolution,
    numberOfFullCycles: fullCycles,
    energyThroughput: round(fullCycles * facts.certifiedUsableEnergyKWh * rng.range(0.9, 0.98), 1),
    capacityThroughput: round(fullCycles * f.ratedCapacityAh * rng.range(0.9, 0.98), 1),
    temperatureInformation: { currentDegC: rng.int(measuredMin + 5, 32), minimumDegC: measuredMin, maximumDegC: measuredMax },
    timeAboveUpperTemperatureBoundary: Math.round(extremeFactor * rng.range(0, 240)),
    timeBelowLowerTemperatureBoundary: Math.round(extremeFactor * rng.range(0, 600)),
    chargingTimeAboveUpperTemperatureBoundary: Math.round(extremeFactor * rng.range(0, 60)),
    chargingTimeBelowLowerTemperatureBoundary: Math.round(extremeFactor * rng.range(0, 120)),
    deepDischargeEvents: rng.chance(0.1) ? rng.int(1, 3) : 0,
    overchargeEvents: rng.chance(0.05) ? 1 : 0,
    negativeEvents: events,
  };

  // BMS readings arrive together; lab-type figures (SOCE, remaining power, efficiency) from the last check.
  const fromLab = new Set(['remainingPowerCapability', 'remainingRoundTripEfficiency', 'currentSelfDischargeRate', 'selfDischargeEvolution']);
  const dynamicKeys = [
    'remainingCapacity', 'remainingUsableEnergy', 'stateOfCertifiedEnergy', 'stateOfCharge', 'remainingPowerCapability',
    'remainingRoundTripEfficiency', 'currentSelfDischargeRate', 'selfDischargeEvolution', 'numberOfFullCycles',
    'energyThroughput', 'capacityThroughput', 'temperatureInformation', 'timeAboveUpperTemperatureBoundary',
    'timeBelowLowerTemperatureBoundary', 'chargingTimeAboveUpperTemperatureBoundary', 'chargingTimeBelowLowerTemperatureBoundary',
    'deepDischargeEvents', 'overchargeEvents', 'negativeEvents',
  ];
  const updatedAt: Record<string, string> = { batteryStatus: iso(createdMs) };
  for (const key of dynamicKeys) updatedAt[key] = fromLab.has(key) ? tested : reading;
  return { attributes, updatedAt, createdAt: iso(createdMs), updatedAtLatest: reading };
}
