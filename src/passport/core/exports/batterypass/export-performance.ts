/**
 * Battery Pass v1.2.1 aspect Performance (PerformanceAndDurability, longlist #52-93) from a native passport.
 * Upstream spellings kept: `batteryTechicalProperties`, `roundTripEfficiencyat50PerCentCycleLife`, `rPCLastUpdated`.
 */
import { AttributeSource, type Obj, isObj, scale } from './values.js';

/** Dynamic value with its update time (`<name>Value` + `lastUpdate`, the upstream pattern for in-use data). */
function timed(src: AttributeSource, key: string, name: string): Obj {
  return { [`${name}Value`]: src.needNum(key), lastUpdate: src.updatedAt(key) };
}

/** Four extreme-temperature counters (#87-90) → upstream temperatureInformation (in minutes, like ours). */
export const EXTREME_TIME_OUT: readonly [key: string, upstream: string][] = [
  ['timeAboveUpperTemperatureBoundary', 'timeExtremeHighTemp'],
  ['timeBelowLowerTemperatureBoundary', 'timeExtremeLowTemp'],
  ['chargingTimeAboveUpperTemperatureBoundary', 'timeExtremeHighTempCharging'],
  ['chargingTimeBelowLowerTemperatureBoundary', 'timeExtremeLowTempCharging'],
];

/**
 * Negative event as upstream plain text: "<eventType>[ (<severity>)]: <description>". The event type and severity
 * are single words from our enumerations, so the text parses back unambiguously.
 */
export function negativeEventText(e: Obj): string {
  const severity = typeof e.severity === 'string' ? ` (${e.severity})` : '';
  return `${String(e.eventType)}${severity}: ${String(e.description)}`;
}

/** Upstream carries one remaining power capability point; Annex IV Part B(4) leads with the 80 % SoC measurement. */
export function pickPowerPoint(points: Obj[]): Obj | undefined {
  return points.find((x) => x.atSocPercent === 80) ?? points[0];
}

function technicalProperties(src: AttributeSource): Obj {
  const referenceTest = src.needObj('cycleLifeReferenceTest');
  const out: Obj = {
    originalPowerCapability: src
      .needArr('originalPowerCapability')
      .filter(isObj)
      .map((x) => ({ atSoC: x.atSocPercent, powerCapabilityAt: x.powerW })),
    // Upstream RatedMaximumPower is in kW (unit:kilowatt); the catalogue holds W.
    ratedMaximumPower: scale(src.needNum('maximumPermittedPower'), 1 / 1000),
    powerCapabilityRatio: src.needNum('powerToEnergyRatio'),
    ratedEnergy: src.needNum('certifiedUsableEnergy'),
    expectedNumberOfCycles: src.needNum('expectedLifetimeCycles'),
    initialSelfDischarge: src.needNum('initialSelfDischargeRate'),
    roundtripEfficiency: src.needNum('initialRoundTripEfficiency'),
    ratedCapacity: src.needNum('ratedCapacity'),
    initialInternalResistance: src
      .needArr('initialInternalResistance')
      .filter(isObj)
      .map((x) => ({ ohmicResistance: x.resistanceOhm, batteryComponent: x.component })),
    expectedLifetime: src.needNum('expectedLifetimeYears'),
    nominalVoltage: src.needNum('nominalVoltage'),
    minimumVoltage: src.needNum('minimumVoltage'),
    maximumVoltage: src.needNum('maximumVoltage'),
    capacityThresholdForExhaustion: src.needNum('capacityThresholdForExhaustion'),
    lifetimeReferenceTest: referenceTest.documentUrl ?? '',
    cRateLifeCycleTest: src.needNum('cycleLifeTestCRate'),
    temperatureRangeIdleState: {
      minimum: src.needNum('idleTemperatureLowerBoundary'),
      maximum: src.needNum('idleTemperatureUpperBoundary'),
    },
    roundTripEfficiencyat50PerCentCycleLife: src.needNum('roundTripEfficiencyAt50PercentCycleLife'),
    roundTripEfficiencyFade: src.needNum('roundTripEfficiencyFade'),
    powerFade: src.needNum('powerFade'),
  };
  return out;
}

function batteryCondition(src: AttributeSource): Obj {
  const remaining = pickPowerPoint(src.needArr('remainingPowerCapability').filter(isObj));
  if (remaining === undefined && src.has('remainingPowerCapability')) src.cannot('remainingPowerCapability', 'empty list');
  const extremeTimes = EXTREME_TIME_OUT.map(([key]) => src.updatedAt(key)).sort();
  const temperatureInformation: Obj = {};
  for (const [key, upstream] of EXTREME_TIME_OUT) temperatureInformation[upstream] = src.needNum(key);
  // One lastUpdate for four counters: the latest of their update times.
  temperatureInformation.lastUpdate = extremeTimes[extremeTimes.length - 1];
  const powerAt = src.updatedAt('remainingPowerCapability');
  return {
    energyThroughput: timed(src, 'energyThroughput', 'energyThroughput'),
    capacityThroughput: timed(src, 'capacityThroughput', 'capacityThroughput'),
    numberOfFullCycles: timed(src, 'numberOfFullCycles', 'numberOfFullCycles'),
    stateOfCertifiedEnergy: timed(src, 'stateOfCertifiedEnergy', 'stateOfCertifiedEnergy'),
    capacityFade: timed(src, 'capacityFade', 'capacityFade'),
    remainingEnergy: timed(src, 'remainingUsableEnergy', 'remainingEnergy'),
    // Upstream annotates RemainingCapacityValue with kWh, but defines it as the in-use counterpart of the rated
    // capacity (DIN DKE SPEC 99100 6.7.2.3), i.e. Ah; we write Ah like ratedCapacity.
    remainingCapacity: timed(src, 'remainingCapacity', 'remainingCapacity'),
    negativeEvents: src
      .needArr('negativeEvents')
      .filter(isObj)
      .map((e) => ({ negativeEvent: negativeEventText(e), lastUpdate: e.occurredAt })),
    temperatureInformation,
    remainingPowerCapability: {
      remainingPowerCapabilityValue: {
        rPCLastUpdated: powerAt,
        atSoC: remaining?.atSocPercent ?? 0,
        powerCapabilityAt: remaining?.powerW ?? 0,
      },
      lastUpdate: powerAt,
    },
    evolutionOfSelfDischarge: timed(src, 'selfDischargeEvolution', 'evolutionOfSelfDischarge'),
    currentSelfDischargingRate: timed(src, 'currentSelfDischargeRate', 'currentSelfDischargingRate'),
    internalResistanceIncrease: src
      .needArr('internalResistanceIncrease')
      .filter(isObj)
      .map((x) => ({
        internalResistanceIncreaseValue: x.increasePercent,
        lastUpdate: src.updatedAt('internalResistanceIncrease'),
        batteryComponent: x.component,
      })),
    remainingRoundTripEnergyEfficiency: timed(src, 'remainingRoundTripEfficiency', 'remainingRoundTripEnergyEfficiency'),
    stateOfCharge: timed(src, 'stateOfCharge', 'stateOfCharge'),
  };
}

export function performance(src: AttributeSource): Obj {
  return { batteryTechicalProperties: technicalProperties(src), batteryCondition: batteryCondition(src) };
}
