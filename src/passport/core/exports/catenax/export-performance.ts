/**
 * Catena-X battery_pass 6.1.0: rated and dynamic performance (Annex IV, Annex VII, Annex XIII(1)(g)-(p), (4)).
 */
import type { CatenaXSupplement } from './model.js';
import { AttributeSource, DOC_HEADER_MAX, type Obj, linkDoc, roundSig } from './values.js';

type Component = 'pack' | 'module' | 'cell';

/** `{value, time}` as Catena-X writes dynamic values. */
function timed(src: AttributeSource, key: string): Obj {
  return { value: src.needNum(key), time: src.time(key) };
}

/** Per-component values of a `[{component, <field>}]` attribute. */
function byComponent(list: Obj[], field: string): Partial<Record<Component, number>> {
  const out: Partial<Record<Component, number>> = {};
  for (const x of list) if (typeof x[field] === 'number') out[x.component as Component] = x[field] as number;
  return out;
}

function levels(src: AttributeSource, key: string, values: Partial<Record<Component, number>>, make: (v: number) => Obj | number): Obj {
  const out: Obj = {};
  for (const c of ['pack', 'module', 'cell'] as const) {
    const v = values[c];
    if (v !== undefined) out[c] = make(v);
    else if (c !== 'module') src.gap(key, `no ${c}-level value (Catena-X requires pack and cell)`);
  }
  return out;
}

/** Power capability at a given state of charge (Annex IV Part B(4): 80 % and 20 %). */
export function powerAt(points: Obj[] | undefined, soc: number): number | undefined {
  const p = points?.find((x) => x.atSocPercent === soc);
  return typeof p?.powerW === 'number' ? p.powerW : undefined;
}

function rated(src: AttributeSource, sup: CatenaXSupplement): Obj {
  const original = src.needList('originalPowerCapability');
  const at80 = powerAt(original, 80);
  const at20 = powerAt(original, 20);
  if (at80 === undefined || at20 === undefined) src.gap('originalPowerCapability', 'needs the 80 % and 20 % SoC points');
  const test = src.needObj('cycleLifeReferenceTest');
  const standard = String(test.standard ?? '');
  if (standard.length > DOC_HEADER_MAX) src.gap('cycleLifeReferenceTest', `standard name longer than the ${DOC_HEADER_MAX} characters of a document header`);
  const out: Obj = {
    voltage: { min: src.needNum('minimumVoltage'), max: src.needNum('maximumVoltage'), nominal: src.needNum('nominalVoltage') },
    roundTripEfficiency: {
      depthOfDischarge: sup.roundTripEfficiencyDepthOfDischargePercent,
      initial: src.needNum('initialRoundTripEfficiency'),
      '50PercentLife': src.needNum('roundTripEfficiencyAt50PercentCycleLife'),
    },
    resistance: levels(src, 'initialInternalResistance', byComponent(src.needList('initialInternalResistance'), 'resistanceOhm'), (v) => v),
    power: { value: src.needNum('maximumPermittedPower'), at20SoC: at20 ?? Number.NaN, at80SoC: at80 ?? Number.NaN },
    capacity: { value: src.needNum('ratedCapacity'), thresholdExhaustion: src.needNum('capacityThresholdForExhaustion') },
    temperature: { lower: src.needNum('idleTemperatureLowerBoundary'), upper: src.needNum('idleTemperatureUpperBoundary') },
    selfDischargingRate: src.needNum('initialSelfDischargeRate'),
    lifetime: {
      expectedYears: src.needNum('expectedLifetimeYears'),
      report: [linkDoc(standard, String(test.documentUrl ?? ''))],
      cycleLifeTesting: {
        temperature: sup.cycleLifeTest.temperatureDegC,
        cycles: src.needNum('expectedLifetimeCycles'),
        depthOfDischarge: sup.cycleLifeTest.depthOfDischargePercent,
        appliedChargeRate: sup.cycleLifeTest.chargeRateC,
        appliedDischargeRate: sup.cycleLifeTest.dischargeRateC,
      },
    },
  };
  const energy = src.num('certifiedUsableEnergy');
  if (energy !== undefined) out.energy = { value: energy };
  return out;
}

/**
 * Negative event as a text document: header "<type>[ (<severity>)] <occurredAt>", content the description.
 * Type and severity are single words from our enumerations, so the header parses back unambiguously.
 */
export function eventDoc(e: Obj): Obj {
  const severity = typeof e.severity === 'string' ? ` (${e.severity})` : '';
  return { contentType: 'text/plain', header: `${String(e.eventType)}${severity} ${String(e.occurredAt)}`, content: String(e.description) };
}

function dynamic(src: AttributeSource): Obj {
  const increase = byComponent(src.needList('internalResistanceIncrease'), 'increasePercent');
  const initial = byComponent(src.list('initialInternalResistance') ?? [], 'resistanceOhm');
  const increaseAt = src.time('internalResistanceIncrease');
  // Remaining resistance follows from the Battery Pass definition of the increase, R(x) = R0 * (1 + increase).
  const remaining: Partial<Record<Component, number>> = {};
  for (const c of ['pack', 'module', 'cell'] as const) {
    const r0 = initial[c];
    const inc = increase[c];
    if (r0 !== undefined && inc !== undefined) remaining[c] = roundSig(r0 * (1 + inc / 100));
  }
  const remainingPower = powerAt(src.list('remainingPowerCapability'), 80);
  if (remainingPower === undefined) src.gap('remainingPowerCapability', 'needs the 80 % SoC point');
  const out: Obj = {
    stateOfCharge: timed(src, 'stateOfCharge'),
    fullCycles: timed(src, 'numberOfFullCycles'),
    selfDischargingRate: src.needNum('currentSelfDischargeRate'),
    power: {
      fade: timed(src, 'powerFade'),
      remaining: { value: remainingPower ?? Number.NaN, time: src.time('remainingPowerCapability') },
    },
    capacity: { fade: timed(src, 'capacityFade'), throughput: timed(src, 'capacityThroughput'), capacity: timed(src, 'remainingCapacity') },
    roundTripEfficiency: { fade: timed(src, 'roundTripEfficiencyFade'), remaining: timed(src, 'remainingRoundTripEfficiency') },
    resistance: {
      increase: levels(src, 'internalResistanceIncrease', increase, (v) => ({ value: v, time: increaseAt })),
      remaining: levels(src, 'initialInternalResistance', remaining, (v) => ({ value: v, time: increaseAt })),
    },
    energy: { soce: timed(src, 'stateOfCertifiedEnergy'), remaining: timed(src, 'remainingUsableEnergy') },
  };
  const throughput = src.num('energyThroughput');
  if (throughput !== undefined) (out.energy as Obj).throughput = { value: throughput, time: src.time('energyThroughput') };
  // An empty list is the passport's statement that no negative event was recorded (Annex XIII(4)(d)).
  const events = src.list('negativeEvents');
  if (events !== undefined) out.negativeEvents = events.map(eventDoc);
  return out;
}

export function performance(src: AttributeSource, sup: CatenaXSupplement): Obj {
  return { rated: rated(src, sup), dynamic: dynamic(src) };
}
