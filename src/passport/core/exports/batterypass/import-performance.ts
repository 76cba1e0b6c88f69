/**
 * Reads the Performance (PerformanceAndDurability 1.2.1) aspect back into catalogue values and update times.
 */
import type { AttributeValue } from '../../types.js';
import { EXTREME_TIME_OUT } from './export-performance.js';
import type { ImportState } from './import-state.js';
import type { Node } from './reader.js';
import { scale } from './values.js';

const COMPONENTS = ['pack', 'module', 'cell'] as const;
const EVENT_TYPES = ['accident', 'thermalIncident', 'mechanicalDamage', 'waterIngress', 'electricalFault', 'other'];
const EVENT_TEXT = /^(\w+)(?: \((minor|major|critical)\))?: ([\s\S]+)$/;

/** Dynamic `{<name>Value, lastUpdate}` pair → catalogue value with its update time. */
function timed(parent: Node, property: string, s: ImportState, key: string): void {
  const n = parent.obj(property);
  s.set(key, n.num(`${property}Value`), n, `${property}Value`, n.dateTime('lastUpdate'));
}

function readTechnical(t: Node, s: ImportState): void {
  const power = (items: Node[]) => items.map((x) => ({ atSocPercent: x.num('atSoC'), powerW: x.num('powerCapabilityAt') }));
  s.set('originalPowerCapability', power(t.list('originalPowerCapability')), t, 'originalPowerCapability');
  s.set('maximumPermittedPower', scale(t.num('ratedMaximumPower'), 1000), t, 'ratedMaximumPower');
  s.set('powerToEnergyRatio', t.num('powerCapabilityRatio'), t, 'powerCapabilityRatio');
  if (t.has('cRate') && t.num('cRate') !== t.num('powerCapabilityRatio')) {
    t.r.warn(t.at('cRate'), 'differs from powerCapabilityRatio; the catalogue keeps one power/energy ratio (powerCapabilityRatio)');
  }
  s.set('certifiedUsableEnergy', t.num('ratedEnergy'), t, 'ratedEnergy');
  s.set('expectedLifetimeCycles', t.num('expectedNumberOfCycles'), t, 'expectedNumberOfCycles');
  s.set('initialSelfDischargeRate', t.num('initialSelfDischarge'), t, 'initialSelfDischarge');
  s.set('initialRoundTripEfficiency', t.num('roundtripEfficiency'), t, 'roundtripEfficiency');
  s.set('ratedCapacity', t.num('ratedCapacity'), t, 'ratedCapacity');
  const resistance = t.list('initialInternalResistance').map((x) => ({ component: x.oneOf('batteryComponent', COMPONENTS), resistanceOhm: x.num('ohmicResistance') }));
  s.set('initialInternalResistance', resistance, t, 'initialInternalResistance');
  s.set('expectedLifetimeYears', t.num('expectedLifetime'), t, 'expectedLifetime');
  s.set('nominalVoltage', t.num('nominalVoltage'), t, 'nominalVoltage');
  s.set('minimumVoltage', t.num('minimumVoltage'), t, 'minimumVoltage');
  s.set('maximumVoltage', t.num('maximumVoltage'), t, 'maximumVoltage');
  s.set('capacityThresholdForExhaustion', t.num('capacityThresholdForExhaustion'), t, 'capacityThresholdForExhaustion');
  // Upstream links the reference test document only; the catalogue also names the test standard, for which the
  // link stands in (reported).
  const testUrl = t.str('lifetimeReferenceTest');
  t.r.warn(t.at('lifetimeReferenceTest'), 'the test standard is not carried upstream; the document link stands in for its name');
  s.set('cycleLifeReferenceTest', { standard: testUrl, documentUrl: testUrl }, t, 'lifetimeReferenceTest');
  s.set('cycleLifeTestCRate', t.num('cRateLifeCycleTest'), t, 'cRateLifeCycleTest');
  const idle = t.obj('temperatureRangeIdleState');
  s.set('idleTemperatureLowerBoundary', idle.num('minimum'), idle, 'minimum');
  s.set('idleTemperatureUpperBoundary', idle.num('maximum'), idle, 'maximum');
  s.set('roundTripEfficiencyAt50PercentCycleLife', t.num('roundTripEfficiencyat50PerCentCycleLife'), t, 'roundTripEfficiencyat50PerCentCycleLife');
  s.set('roundTripEfficiencyFade', t.num('roundTripEfficiencyFade'), t, 'roundTripEfficiencyFade');
  s.set('powerFade', t.num('powerFade'), t, 'powerFade');
}

function readCondition(c: Node, s: ImportState): void {
  timed(c, 'energyThroughput', s, 'energyThroughput');
  timed(c, 'capacityThroughput', s, 'capacityThroughput');
  timed(c, 'numberOfFullCycles', s, 'numberOfFullCycles');
  timed(c, 'stateOfCertifiedEnergy', s, 'stateOfCertifiedEnergy');
  timed(c, 'capacityFade', s, 'capacityFade');
  timed(c, 'remainingEnergy', s, 'remainingUsableEnergy');
  timed(c, 'remainingCapacity', s, 'remainingCapacity');
  timed(c, 'evolutionOfSelfDischarge', s, 'selfDischargeEvolution');
  timed(c, 'currentSelfDischargingRate', s, 'currentSelfDischargeRate');
  timed(c, 'remainingRoundTripEnergyEfficiency', s, 'remainingRoundTripEfficiency');
  timed(c, 'stateOfCharge', s, 'stateOfCharge');

  const events: AttributeValue[] = c.list('negativeEvents').map((e) => {
    const m = EVENT_TEXT.exec(e.str('negativeEvent'));
    if (!m || !EVENT_TYPES.includes(m[1])) {
      return e.r.fail(e.at('negativeEvent'), `expected "<type>[ (<severity>)]: <description>" with type one of ${EVENT_TYPES.join(', ')}`);
    }
    const event: Record<string, AttributeValue> = { eventType: m[1], occurredAt: e.dateTime('lastUpdate'), description: m[3] };
    if (m[2] !== undefined) event.severity = m[2];
    return event;
  });
  const eventTimes = events.map((e) => String((e as Record<string, AttributeValue>).occurredAt)).sort();
  s.set('negativeEvents', events, c, 'negativeEvents', eventTimes[eventTimes.length - 1]);

  const temps = c.obj('temperatureInformation');
  const tempsAt = temps.dateTime('lastUpdate');
  for (const [key, upstream] of EXTREME_TIME_OUT) s.set(key, temps.num(upstream), temps, upstream, tempsAt);

  const rpc = c.obj('remainingPowerCapability');
  const point = rpc.obj('remainingPowerCapabilityValue');
  const rpcAt = rpc.dateTime('lastUpdate');
  if (point.dateTime('rPCLastUpdated') !== rpcAt) point.r.warn(point.at('rPCLastUpdated'), 'differs from lastUpdate; lastUpdate is kept');
  s.set('remainingPowerCapability', [{ atSocPercent: point.num('atSoC'), powerW: point.num('powerCapabilityAt') }], rpc, 'remainingPowerCapabilityValue', rpcAt);

  const increase = c.list('internalResistanceIncrease');
  s.set(
    'internalResistanceIncrease',
    increase.map((x) => ({ component: x.oneOf('batteryComponent', COMPONENTS), increasePercent: x.num('internalResistanceIncreaseValue') })),
    c,
    'internalResistanceIncrease',
  );
  for (const x of increase) s.touch('internalResistanceIncrease', x.dateTime('lastUpdate'));
}

export function readPerformance(n: Node, s: ImportState): void {
  readTechnical(n.obj('batteryTechicalProperties'), s);
  readCondition(n.obj('batteryCondition'), s);
}
