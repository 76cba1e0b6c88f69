/**
 * IDTA-02035-4 Technical Data (`io.admin-shell.idta.batterypass.technical_data` 1.0.1): static
 * performance and durability data declared for the model (Annex IV, Annex XIII(1)(g)-(p); DIN DKE SPEC
 * 99100 6.7) and general product data (#8-10). Units equal ours (V, Ah, kWh, W, Ohm, %, degC, years,
 * cycles, C); `RatioNominalBatteryPowerAndBatteryEnergy` is declared with unit percent upstream but
 * described and exemplified (0.611) as the plain W/Wh ratio, which is what we write.
 * Spellings follow upstream exactly, including `CrateOfRelevantCycleLifeTest` and the underscore in
 * `TemperatureRangeIdleState_LowerBoundary`.
 */
import type { Built, ExportContext, JsonObject } from './values.js';
import { Requirements, compact } from './values.js';
import { VDI2770_CLASSES } from './documents.js';
import type { Party } from './nameplate.js';
import type { ImportState } from './import-state.js';
import type { Obj, Reader } from './reader.js';

type Component = 'pack' | 'module' | 'cell';
interface ResistanceAt {
  component: Component;
  resistanceOhm: number;
}
interface IncreaseAt {
  component: Component;
  increasePercent: number;
}
interface PowerAtSoc {
  atSocPercent: number;
  powerW: number;
}

const LEVEL: Readonly<Record<Component, string>> = { pack: 'Pack', module: 'Module', cell: 'Cell' };
const COMPONENTS: readonly Component[] = ['pack', 'module', 'cell'];

/** Warranty in months ↔ ISO 8601 duration (WarrantyPeriodTrait pattern), e.g. 96 ↔ P96M. */
export function monthsToDuration(months: number): string {
  return `P${months}M`;
}

export function durationToMonths(d: string): { months: number; exact: boolean } | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) return undefined;
  const [years, months, days, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const total = years * 12 + months + days / 30.436875 + (h / 24 + min / 1440 + s / 86400) / 30.436875;
  const exact = days === 0 && h === 0 && min === 0 && s === 0;
  return { months: exact ? total : Math.round(total), exact };
}

export function buildTechnicalData(ctx: ExportContext): Built {
  const { attrs, docs } = ctx;
  const req = new Requirements();
  const n = (path: string, key: string) => req.need(`${path} ← ${key}`, attrs.num(key));
  const maker = req.need('GeneralInformation.ManufacturerName, ManufacturerIdentifier ← manufacturerInformation', attrs.obj<Party>('manufacturerInformation'));
  const warranty = n('GeneralInformation.WarrantyInformation.WarrantyPeriod', 'warrantyPeriod');
  const category = req.need('GeneralInformation.BatteryCategory ← batteryCategory', attrs.str('batteryCategory'));
  const mass = n('GeneralInformation.BatteryMass', 'batteryMass');

  const cev = {
    NominalVoltage: n('CapacityEnergyVoltage.NominalVoltage', 'nominalVoltage'),
    MinVoltage: n('CapacityEnergyVoltage.MinVoltage', 'minimumVoltage'),
    MaxVoltage: n('CapacityEnergyVoltage.MaxVoltage', 'maximumVoltage'),
    RatedCapacity: n('CapacityEnergyVoltage.RatedCapacity', 'ratedCapacity'),
    CapacityFade: attrs.num('capacityFade'),
    CertifiedUsableBatteryEnergy: attrs.num('certifiedUsableEnergy'),
  };
  const rte = {
    InitialRoundTripEnergyEfficiency: n('RoundTripEnergyEfficiency.InitialRoundTripEnergyEfficiency', 'initialRoundTripEfficiency'),
    RoundTripEnergyEfficiencyAt50PercentOfCycleLife: n(
      'RoundTripEnergyEfficiency.RoundTripEnergyEfficiencyAt50PercentOfCycleLife',
      'roundTripEfficiencyAt50PercentCycleLife',
    ),
    EnergyRoundTripEfficiencyFade: attrs.num('roundTripEfficiencyFade'),
    InitialSelfDischargingRate: attrs.num('initialSelfDischargeRate'),
  };

  const initial = new Map((attrs.list<ResistanceAt>('initialInternalResistance') ?? []).map((x) => [x.component, x.resistanceOhm]));
  const increase = new Map((attrs.list<IncreaseAt>('internalResistanceIncrease') ?? []).map((x) => [x.component, x.increasePercent]));
  const resistance: Record<string, number | undefined> = {};
  for (const c of COMPONENTS) {
    const init = `InitialInternalResistanceAtBattery${LEVEL[c]}Level`;
    const inc = `InternalResistanceIncreaseAtBattery${LEVEL[c]}Level`;
    // Upstream requires the initial value at cell and pack level and the increase at pack level.
    resistance[init] = c === 'module' ? initial.get(c) : req.need(`Resistance.${init} ← initialInternalResistance[${c}]`, initial.get(c));
    resistance[inc] = c === 'pack' ? req.need(`Resistance.${inc} ← internalResistanceIncrease[pack]`, increase.get(c)) : increase.get(c);
  }

  const power = {
    MaximumPermittedBatteryPower: n('PowerCapability.MaximumPermittedBatteryPower', 'maximumPermittedPower'),
    PowerFade: n('PowerCapability.PowerFade', 'powerFade'),
    RatioNominalBatteryPowerAndBatteryEnergy: n('PowerCapability.RatioNominalBatteryPowerAndBatteryEnergy', 'powerToEnergyRatio'),
  };
  const original = req.need('PowerCapability.OriginalPowerCapability ← originalPowerCapability', attrs.list<PowerAtSoc>('originalPowerCapability'));
  const temperature = {
    TemperatureRangeIdleState_LowerBoundary: n('Temperature.TemperatureRangeIdleState_LowerBoundary', 'idleTemperatureLowerBoundary'),
    TemperatureRangeIdleState_UpperBoundary: n('Temperature.TemperatureRangeIdleState_UpperBoundary', 'idleTemperatureUpperBoundary'),
  };
  const lifetime = {
    ExpectedLifetimeInCalendarYears: n('Lifetime.ExpectedLifetimeInCalendarYears', 'expectedLifetimeYears'),
    ExpectedNumberOfCycles: n('Lifetime.ExpectedNumberOfCycles', 'expectedLifetimeCycles'),
    CapacityThresholdExhaustion: n('Lifetime.CapacityThresholdExhaustion', 'capacityThresholdForExhaustion'),
    CrateOfRelevantCycleLifeTest: n('Lifetime.CrateOfRelevantCycleLifeTest', 'cycleLifeTestCRate'),
  };
  const test = req.need(
    'Lifetime.CycleLifeReferenceTest ← cycleLifeReferenceTest',
    attrs.obj<{ standard: string; documentUrl: string }>('cycleLifeReferenceTest'),
  );

  return req.result(() => {
    const m = maker as Party;
    const t = test as { standard: string; documentUrl: string };
    // The reference test is a document; its title carries the test standard.
    const testId = docs.add({
      id: 'cycleLifeReferenceTest',
      title: t.standard,
      url: t.documentUrl,
      vdi: VDI2770_CLASSES.technicalSpecification,
      din: { chapter: '6.7.6.5', name: 'Cycle-life reference test' },
    });
    return {
      GeneralInformation: {
        ManufacturerName: m.name,
        ManufacturerIdentifier: m.identifier,
        WarrantyInformation: { WarrantyPeriod: monthsToDuration(warranty as number) },
        BatteryCategory: category as string,
        BatteryMass: mass as number,
      },
      TechnicalPropertyAreas: {
        CapacityEnergyVoltage: compact(cev) as JsonObject,
        RoundTripEnergyEfficiency: compact(rte) as JsonObject,
        Resistance: compact(resistance) as JsonObject,
        PowerCapability: {
          ...(power as JsonObject),
          OriginalPowerCapability: (original as PowerAtSoc[]).map((x) => ({ atSoC: x.atSocPercent, powerCapabilityAt: x.powerW })),
        },
        Temperature: temperature as JsonObject,
        Lifetime: { ...(lifetime as JsonObject), CycleLifeReferenceTest: [testId] },
      },
    };
  });
}

function put(state: ImportState, o: Obj, key: string, prop: string, optional = false): void {
  const v = optional ? o.optNum(prop) : o.num(prop);
  if (v !== undefined) state.set(key, v, o, prop);
}

export function readTechnicalData(r: Reader, content: unknown, state: ImportState): void {
  const root = r.root(content);
  const gi = root.obj('GeneralInformation');
  const maker = state.attributes.manufacturerInformation as { name?: string; identifier?: string } | undefined;
  const name = gi.str('ManufacturerName');
  const id = gi.str('ManufacturerIdentifier');
  if (maker === undefined) {
    // Without a Digital Nameplate only the manufacturer's name and identifier are known, not its address.
    state.set('manufacturerInformation', { identifier: id, name }, gi);
    state.partial.set('manufacturerInformation', 'only IDTA-02035-4 GeneralInformation was supplied: the postal address comes from the Digital Nameplate');
  } else if (maker.name !== name || maker.identifier !== id) {
    r.warn('GeneralInformation', 'manufacturer name or identifier differs from the Digital Nameplate; the nameplate is kept');
  }
  const period = gi.obj('WarrantyInformation').str('WarrantyPeriod');
  const months = durationToMonths(period);
  if (months === undefined) r.fail('GeneralInformation.WarrantyInformation.WarrantyPeriod', `expected an ISO 8601 duration such as P96M, got ${JSON.stringify(period)}`);
  if (!months.exact) r.warn('GeneralInformation.WarrantyInformation.WarrantyPeriod', `${period} rounded to ${months.months} months`);
  state.set('warrantyPeriod', months.months, gi, 'WarrantyInformation.WarrantyPeriod');
  state.set('batteryCategory', gi.enumOf('BatteryCategory', ['lmt', 'ev', 'industrial', 'stationary']), gi, 'BatteryCategory');
  put(state, gi, 'batteryMass', 'BatteryMass');

  const areas = root.obj('TechnicalPropertyAreas');
  const cev = areas.obj('CapacityEnergyVoltage');
  put(state, cev, 'nominalVoltage', 'NominalVoltage');
  put(state, cev, 'minimumVoltage', 'MinVoltage');
  put(state, cev, 'maximumVoltage', 'MaxVoltage');
  put(state, cev, 'ratedCapacity', 'RatedCapacity');
  put(state, cev, 'capacityFade', 'CapacityFade', true);
  put(state, cev, 'certifiedUsableEnergy', 'CertifiedUsableBatteryEnergy', true);

  const rte = areas.obj('RoundTripEnergyEfficiency');
  put(state, rte, 'initialRoundTripEfficiency', 'InitialRoundTripEnergyEfficiency');
  put(state, rte, 'roundTripEfficiencyAt50PercentCycleLife', 'RoundTripEnergyEfficiencyAt50PercentOfCycleLife');
  put(state, rte, 'roundTripEfficiencyFade', 'EnergyRoundTripEfficiencyFade', true);
  put(state, rte, 'initialSelfDischargeRate', 'InitialSelfDischargingRate', true);

  const res = areas.obj('Resistance');
  const initial: ResistanceAt[] = [];
  const increase: IncreaseAt[] = [];
  for (const c of COMPONENTS) {
    const init = res.optNum(`InitialInternalResistanceAtBattery${LEVEL[c]}Level`);
    const inc = res.optNum(`InternalResistanceIncreaseAtBattery${LEVEL[c]}Level`);
    if (init !== undefined) initial.push({ component: c, resistanceOhm: init });
    if (inc !== undefined) increase.push({ component: c, increasePercent: inc });
  }
  for (const [key, list] of [['initialInternalResistance', initial], ['internalResistanceIncrease', increase]] as const) {
    if (list.length > 0) state.set(key, list as unknown as JsonObject[], res);
  }

  const pc = areas.obj('PowerCapability');
  put(state, pc, 'maximumPermittedPower', 'MaximumPermittedBatteryPower');
  put(state, pc, 'powerFade', 'PowerFade');
  put(state, pc, 'powerToEnergyRatio', 'RatioNominalBatteryPowerAndBatteryEnergy');
  const original = pc.list('OriginalPowerCapability').map((x) => ({ atSocPercent: x.num('atSoC'), powerW: x.num('powerCapabilityAt') }));
  state.set('originalPowerCapability', original, pc, 'OriginalPowerCapability');

  const temp = areas.obj('Temperature');
  put(state, temp, 'idleTemperatureLowerBoundary', 'TemperatureRangeIdleState_LowerBoundary');
  put(state, temp, 'idleTemperatureUpperBoundary', 'TemperatureRangeIdleState_UpperBoundary');

  const life = areas.obj('Lifetime');
  put(state, life, 'expectedLifetimeYears', 'ExpectedLifetimeInCalendarYears');
  put(state, life, 'expectedLifetimeCycles', 'ExpectedNumberOfCycles');
  put(state, life, 'capacityThresholdForExhaustion', 'CapacityThresholdExhaustion');
  put(state, life, 'cycleLifeTestCRate', 'CrateOfRelevantCycleLifeTest');
  const test = state.documentUrl(life, 'CycleLifeReferenceTest');
  if (test) state.set('cycleLifeReferenceTest', { standard: test.doc.title, documentUrl: test.url }, life, 'CycleLifeReferenceTest');
}
