/**
 * IDTA-02035-5 Product Condition (`io.admin-shell.idta.batterypass.product_condition` 1.0.1): dynamic
 * individual-battery data (Annex VII, Annex XIII(4)(c)-(d)), each entry with its `LastUpdate`.
 *
 * Units: kWh, Ah, %, degC and minutes as ours. `RemainingCapacityValue` is declared in kWh in 1.0.1, a
 * known upstream error fixed to Ah in 1.0.2 (admin-shell-io/submodel-templates#316; the description
 * already says "corresponding with the definition of rated capacity"), so we write ampere-hours.
 *
 * Negative events are free text upstream. We write `<eventType> (<severity>): <description>` per
 * recorded event (LastUpdate = time of occurrence) and the deep-discharge and overcharge counters
 * (#91, #92) as "Number of ... events: n" entries, which the importer parses back.
 */
import type { Built, ExportContext, JsonObject } from './values.js';
import { Requirements, compact, latest, toTimestamp } from './values.js';
import type { ImportState } from './import-state.js';
import type { Obj, Reader } from './reader.js';

interface NegativeEvent {
  eventType: string;
  occurredAt: string;
  severity?: string;
  description: string;
}

const EVENT_TYPES = ['accident', 'thermalIncident', 'mechanicalDamage', 'waterIngress', 'electricalFault', 'other'];
const SEVERITIES = ['minor', 'major', 'critical'];
const EVENT_TEXT = new RegExp(`^(${EVENT_TYPES.join('|')})(?: \\((${SEVERITIES.join('|')})\\))?: ([\\s\\S]+)$`);
const COUNTERS: readonly { key: string; label: string }[] = [
  { key: 'deepDischargeEvents', label: 'Number of deep discharge events' },
  { key: 'overchargeEvents', label: 'Number of overcharge events' },
];

/** Simple `{ <Name>Value, LastUpdate }` entries: upstream entity name → catalogue key. */
const SCALARS: readonly [string, string][] = [
  ['EnergyThroughput', 'energyThroughput'],
  ['CapacityThroughput', 'capacityThroughput'],
  ['NumberOfFullCycles', 'numberOfFullCycles'],
  ['StateOfCertifiedEnergy', 'stateOfCertifiedEnergy'],
  ['RemainingEnergy', 'remainingUsableEnergy'],
  ['RemainingCapacity', 'remainingCapacity'],
  ['EvolutionOfSelfDischarge', 'selfDischargeEvolution'],
  ['CurrentSelfDischargingRate', 'currentSelfDischargeRate'],
  ['RemainingRoundTripEnergyEfficiency', 'remainingRoundTripEfficiency'],
  ['StateOfCharge', 'stateOfCharge'],
];
/** Entries the 1.0.1 schema requires (InformationOnAccidents and TemperatureInformation handled apart). */
const REQUIRED = new Set(['NumberOfFullCycles', 'StateOfCharge']);

/** Temperature times (#87-90), minutes. */
const TEMPERATURE_TIMES: readonly [string, string][] = [
  ['TimeExtremeHighTemp', 'timeAboveUpperTemperatureBoundary'],
  ['TimeExtremeLowTemp', 'timeBelowLowerTemperatureBoundary'],
  ['TimeExtremeHighTempCharging', 'chargingTimeAboveUpperTemperatureBoundary'],
  ['TimeExtremeLowTempCharging', 'chargingTimeBelowLowerTemperatureBoundary'],
];

export function buildProductCondition(ctx: ExportContext): Built {
  const { passport: p, attrs } = ctx;
  const req = new Requirements();
  /** Dynamic values carry their own update time; the passport's last update bounds any value lacking one. */
  const at = (key: string) => toTimestamp(p.attributeUpdatedAt[key] ?? p.updatedAt);
  const out: JsonObject = {};

  for (const [entity, key] of SCALARS) {
    const v = attrs.num(key);
    if (REQUIRED.has(entity)) req.need(`${entity}.${entity}Value ← ${key}`, v);
    if (v !== undefined) out[entity] = { [`${entity}Value`]: v, LastUpdate: at(key) };
  }

  const events: JsonObject[] = [];
  for (const e of attrs.list<NegativeEvent>('negativeEvents') ?? []) {
    const severity = e.severity === undefined ? '' : ` (${e.severity})`;
    events.push({ NegativeEventValue: `${e.eventType}${severity}: ${e.description}`, LastUpdate: toTimestamp(e.occurredAt) });
  }
  for (const c of COUNTERS) {
    const n = attrs.num(c.key);
    if (n !== undefined) events.push({ NegativeEventValue: `${c.label}: ${n}`, LastUpdate: at(c.key) });
  }
  if (events.length > 0) out.NegativeEvents = events;
  // Accident reports as documents: the catalogue records events, not report files, so the set is empty.
  out.InformationOnAccidents = [];

  const temp = attrs.obj<{ currentDegC: number }>('temperatureInformation');
  const tempKeys = ['temperatureInformation', ...TEMPERATURE_TIMES.map(([, k]) => k)].filter((k) => attrs.has(k));
  const temperature = compact({ MeasuredTemp: temp?.currentDegC });
  for (const [prop, key] of TEMPERATURE_TIMES) {
    const v = attrs.num(key);
    if (v !== undefined) temperature[prop] = v;
  }
  const tempUpdated = latest(tempKeys.map((k) => p.attributeUpdatedAt[k] ?? p.updatedAt));
  if (req.need('TemperatureInformation ← temperatureInformation, #87-90', tempUpdated) !== undefined) {
    out.TemperatureInformation = { ...(temperature as JsonObject), LastUpdate: toTimestamp(tempUpdated as string) };
  }

  // 1.0.1 holds one remaining power capability point; we write the first recorded state of charge.
  const rpc = attrs.list<{ atSocPercent: number; powerW: number }>('remainingPowerCapability');
  if (rpc !== undefined && rpc.length > 0) {
    const t = at('remainingPowerCapability');
    out.RemainingPowerCapability = {
      RemainingPowerCapabilityValue: { AtSoC: rpc[0].atSocPercent, PowerCapabilityAt: rpc[0].powerW, RPCLastUpdated: t },
      LastUpdate: t,
    };
  }
  return req.result(() => out);
}

function readEvent(e: Obj, events: NegativeEvent[], counters: Map<string, { n: number; at: string; o: Obj }>): void {
  const text = e.str('NegativeEventValue');
  const at = e.timestamp('LastUpdate');
  for (const c of COUNTERS) {
    const m = new RegExp(`^${c.label}: (\\d+)$`).exec(text);
    if (m) {
      if (counters.has(c.key)) e.r.warn(e.path, `second "${c.label}" entry; the first is kept`);
      else counters.set(c.key, { n: Number(m[1]), at, o: e });
      return;
    }
  }
  const m = EVENT_TEXT.exec(text);
  if (m) events.push(compact({ eventType: m[1], occurredAt: at, severity: m[2], description: m[3] }) as unknown as NegativeEvent);
  else {
    e.r.warn(e.at('NegativeEventValue'), 'free-text event read as eventType "other"');
    events.push({ eventType: 'other', occurredAt: at, description: text });
  }
}

export function readProductCondition(r: Reader, content: unknown, state: ImportState): void {
  const root = r.root(content);
  for (const [entity, key] of SCALARS) {
    const o = REQUIRED.has(entity) ? root.obj(entity) : root.optObj(entity);
    if (o) state.set(key, o.num(`${entity}Value`), o, `${entity}Value`, o.timestamp('LastUpdate'));
  }

  const events: NegativeEvent[] = [];
  const counters = new Map<string, { n: number; at: string; o: Obj }>();
  for (const e of root.optList('NegativeEvents') ?? []) readEvent(e, events, counters);
  // "An empty list states that no accident has been recorded" (catalogue #93): the entry is mandatory.
  state.set('negativeEvents', events as unknown as JsonObject[], root, 'NegativeEvents');
  for (const [key, c] of counters) state.set(key, c.n, c.o, 'NegativeEventValue', c.at);
  const reports = root.strings('InformationOnAccidents');
  if (reports.length > 0) root.r.warn('InformationOnAccidents', `${reports.length} accident report document(s) have no catalogue attribute; ignored`);

  const temp = root.obj('TemperatureInformation');
  const updated = temp.timestamp('LastUpdate');
  const measured = temp.optNum('MeasuredTemp');
  if (measured !== undefined) {
    state.set('temperatureInformation', { currentDegC: measured }, temp, 'MeasuredTemp', updated);
    state.partial.set('temperatureInformation', 'IDTA-02035-5 1.0.1 carries the measured temperature (MeasuredTemp) but not the recorded minimum and maximum');
  }
  for (const [prop, key] of TEMPERATURE_TIMES) {
    const v = temp.optNum(prop);
    if (v !== undefined) state.set(key, v, temp, prop, updated);
  }

  const rpc = root.optObj('RemainingPowerCapability');
  if (rpc) {
    const v = rpc.obj('RemainingPowerCapabilityValue');
    const point = { atSocPercent: v.num('AtSoC'), powerW: v.num('PowerCapabilityAt') };
    state.set('remainingPowerCapability', [point], v, undefined, v.timestamp('RPCLastUpdated'));
  }
}
