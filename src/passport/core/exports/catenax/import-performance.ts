/**
 * Reads rated and dynamic performance of a Catena-X battery_pass 6.1.0 document.
 */
import type { AttributeValue } from '../../types.js';
import type { Node } from '../batterypass/reader.js';
import type { CatenaXImportState } from './import-state.js';
import { roundSig } from './values.js';

const LEVELS = ['pack', 'module', 'cell'] as const;
const EVENT_TYPES = ['accident', 'thermalIncident', 'mechanicalDamage', 'waterIngress', 'electricalFault', 'other'];
/** "<type>[ (<severity>)] <occurredAt>", see eventDoc. */
const EVENT_HEADER = /^(\w+)(?: \((minor|major|critical)\))? (\S+)$/;

function timed(parent: Node, key: string, s: CatenaXImportState, attribute: string): void {
  const n = parent.obj(key);
  s.set(attribute, n.num('value'), n, 'value', n.dateTime('time'));
}

function readRated(r: Node, s: CatenaXImportState): void {
  const v = r.obj('voltage');
  s.set('minimumVoltage', v.num('min'), v, 'min');
  s.set('maximumVoltage', v.num('max'), v, 'max');
  s.set('nominalVoltage', v.num('nominal'), v, 'nominal');
  const rte = r.obj('roundTripEfficiency');
  s.set('initialRoundTripEfficiency', rte.num('initial'), rte, 'initial');
  s.set('roundTripEfficiencyAt50PercentCycleLife', rte.num('50PercentLife'), rte, '50PercentLife');
  s.sup.roundTripEfficiencyDepthOfDischargePercent = rte.num('depthOfDischarge');
  const energy = r.optObj('energy');
  if (energy) s.set('certifiedUsableEnergy', energy.num('value'), energy, 'value');
  const res = r.obj('resistance');
  const initial = LEVELS.filter((c) => res.has(c)).map((c) => ({ component: c, resistanceOhm: res.num(c) }));
  s.set('initialInternalResistance', initial, r, 'resistance');
  const power = r.obj('power');
  s.set('maximumPermittedPower', power.num('value'), power, 'value');
  s.set('originalPowerCapability', [{ atSocPercent: 80, powerW: power.num('at80SoC') }, { atSocPercent: 20, powerW: power.num('at20SoC') }], r, 'power');
  const cap = r.obj('capacity');
  s.set('ratedCapacity', cap.num('value'), cap, 'value');
  s.set('capacityThresholdForExhaustion', cap.num('thresholdExhaustion'), cap, 'thresholdExhaustion');
  const t = r.obj('temperature');
  s.set('idleTemperatureLowerBoundary', t.num('lower'), t, 'lower');
  s.set('idleTemperatureUpperBoundary', t.num('upper'), t, 'upper');
  s.set('initialSelfDischargeRate', r.num('selfDischargingRate'), r, 'selfDischargingRate');
  const life = r.obj('lifetime');
  s.set('expectedLifetimeYears', life.num('expectedYears'), life, 'expectedYears');
  const reports = life.list('report');
  if (reports.length > 0) s.set('cycleLifeReferenceTest', { standard: reports[0].str('header'), documentUrl: reports[0].str('content') }, reports[0], 'content');
  const test = life.obj('cycleLifeTesting');
  s.set('expectedLifetimeCycles', test.num('cycles'), test, 'cycles');
  const cycle = {
    temperatureDegC: test.num('temperature'),
    depthOfDischargePercent: test.num('depthOfDischarge'),
    chargeRateC: test.num('appliedChargeRate'),
    dischargeRateC: test.num('appliedDischargeRate'),
  };
  s.sup.cycleLifeTest = cycle;
  // Annex XIII(1)(p) asks for one C-rate; it is unambiguous when the test charged and discharged at the same rate.
  if (cycle.chargeRateC === cycle.dischargeRateC) s.set('cycleLifeTestCRate', cycle.chargeRateC, test, 'appliedChargeRate');
}

function readEvents(d: Node, s: CatenaXImportState): void {
  if (!d.has('negativeEvents')) return;
  const events: AttributeValue[] = d.list('negativeEvents').map((e) => {
    const m = EVENT_HEADER.exec(e.str('header'));
    if (!m || !EVENT_TYPES.includes(m[1]) || Number.isNaN(Date.parse(m[3]))) {
      return e.r.fail(e.at('header'), `expected "<type>[ (<severity>)] <ISO time>" with type one of ${EVENT_TYPES.join(', ')}`);
    }
    const out: Record<string, AttributeValue> = { eventType: m[1], occurredAt: m[3], description: e.str('content') };
    if (m[2] !== undefined) out.severity = m[2];
    return out;
  });
  const times = events.map((e) => String((e as Record<string, AttributeValue>).occurredAt)).sort((a, b) => Date.parse(a) - Date.parse(b));
  s.set('negativeEvents', events, d, 'negativeEvents', times[times.length - 1]);
}

function readDynamic(d: Node, s: CatenaXImportState): void {
  timed(d, 'stateOfCharge', s, 'stateOfCharge');
  timed(d, 'fullCycles', s, 'numberOfFullCycles');
  s.set('currentSelfDischargeRate', d.num('selfDischargingRate'), d, 'selfDischargingRate');
  const power = d.obj('power');
  timed(power, 'fade', s, 'powerFade');
  const remaining = power.obj('remaining');
  // Catena-X holds one remaining power value; like the export, it is the 80 % SoC point (Annex IV Part B(4)).
  s.set('remainingPowerCapability', [{ atSocPercent: 80, powerW: remaining.num('value') }], remaining, 'value', remaining.dateTime('time'));
  const cap = d.obj('capacity');
  timed(cap, 'fade', s, 'capacityFade');
  timed(cap, 'throughput', s, 'capacityThroughput');
  timed(cap, 'capacity', s, 'remainingCapacity');
  const rte = d.obj('roundTripEfficiency');
  timed(rte, 'fade', s, 'roundTripEfficiencyFade');
  timed(rte, 'remaining', s, 'remainingRoundTripEfficiency');
  const res = d.obj('resistance');
  const inc = res.obj('increase');
  const levels = LEVELS.filter((c) => inc.has(c));
  s.set('internalResistanceIncrease', levels.map((c) => ({ component: c, increasePercent: inc.obj(c).num('value') })), res, 'increase');
  for (const c of levels) s.touch('internalResistanceIncrease', inc.obj(c).dateTime('time'));
  // Remaining resistance is R0 * (1 + increase); a document whose values disagree is reported (the increase is kept).
  const rem = res.obj('remaining');
  const initial = s.attributes.initialInternalResistance as { component: string; resistanceOhm: number }[] | undefined;
  for (const c of LEVELS.filter((x) => rem.has(x))) {
    const r0 = initial?.find((x) => x.component === c)?.resistanceOhm;
    const i = inc.has(c) ? inc.obj(c).num('value') : undefined;
    const value = rem.obj(c).num('value');
    if (r0 === undefined || i === undefined || Math.abs(roundSig(r0 * (1 + i / 100)) - value) > 1e-9 * Math.max(1, value)) {
      rem.r.warn(rem.at(c), `remaining resistance ${value} Ohm does not follow from the rated resistance and its increase; not kept`);
    }
  }
  const energy = d.obj('energy');
  timed(energy, 'soce', s, 'stateOfCertifiedEnergy');
  timed(energy, 'remaining', s, 'remainingUsableEnergy');
  if (energy.has('throughput')) timed(energy, 'throughput', s, 'energyThroughput');
  readEvents(d, s);
}

export function readPerformance(n: Node, s: CatenaXImportState): void {
  readRated(n.obj('rated'), s);
  readDynamic(n.obj('dynamic'), s);
}
