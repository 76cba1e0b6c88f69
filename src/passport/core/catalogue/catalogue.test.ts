import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath, skipWithoutShared } from '../../../../test/support/shared.js';
import type { DataType } from './model.js';
import { ATTRIBUTE_GROUPS, CATALOGUE, attributeByKey, attributeByNumber } from './index.js';

const LONGLIST = 'fixtures/batterypass/docs/1.2/2025_Battery_Passport_Data_Attributes_V1.2.longlist.csv';

/** RFC 4180 CSV: quoted fields may contain commas, quotes ("") and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.some((f) => f.trim() !== ''));
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function readLonglist(): Record<string, string>[] {
  return parseCsv(readFileSync(sharedPath(LONGLIST), 'utf8').replace(/^\uFEFF/, ''));
}

const TIER_BY_CSV: Record<string, string> = {
  public: 'public',
  'persons with a legitimate interest': 'legitimateInterest',
  'persons with a legitimate interest and the commission': 'legitimateInterestAndCommission',
  'notified bodies, market surveillance authorities and the commission': 'authorities',
};
const GROUP_BY_CSV_PREFIX: [string, string][] = [
  ['identifiers', 'identifiersAndProductData'],
  ['symbols', 'symbolsLabelsConformity'],
  ['battery carbon', 'carbonFootprint'],
  ['supply chain', 'supplyChainDueDiligence'],
  ['battery materials', 'materialsAndComposition'],
  ['circularity', 'circularityAndResourceEfficiency'],
  ['performance', 'performanceAndDurability'],
];

function count<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

test('catalogue has 93 attributes numbered 1..93 with unique camelCase keys', () => {
  assert.equal(CATALOGUE.length, 93);
  assert.deepEqual(CATALOGUE.map((d) => d.number), Array.from({ length: 93 }, (_, i) => i + 1));
  assert.equal(new Set(CATALOGUE.map((d) => d.key)).size, 93);
  for (const d of CATALOGUE) {
    assert.match(d.key, /^[a-z][A-Za-z0-9]*$/, d.key);
    assert.equal(attributeByKey(d.key), d);
    assert.equal(attributeByNumber(d.number), d);
    assert.equal(d.evMandatory, d.evApplicability === 'mandatory', d.key);
    assert.ok(d.description.length > 20 && d.name.length > 3 && d.regulationRef.length > 3, d.key);
  }
  assert.equal(attributeByKey('warrentyPeriod'), undefined, 'upstream misspelling is not a key');
  assert.equal(attributeByNumber(94), undefined);
});

test('expected counts per group, tier, EV applicability, behaviour and granularity', () => {
  assert.deepEqual(count(CATALOGUE, (d) => d.group), {
    identifiersAndProductData: 11,
    symbolsLabelsConformity: 7,
    carbonFootprint: 9,
    supplyChainDueDiligence: 3,
    materialsAndComposition: 5,
    circularityAndResourceEfficiency: 16,
    performanceAndDurability: 42,
  });
  assert.deepEqual(count(CATALOGUE, (d) => d.tier), { public: 60, legitimateInterest: 27, legitimateInterestAndCommission: 5, authorities: 1 });
  assert.deepEqual(
    CATALOGUE.filter((d) => d.tier === 'legitimateInterestAndCommission').map((d) => d.number),
    [33, 36, 37, 38, 39],
  );
  assert.deepEqual(CATALOGUE.filter((d) => d.tier === 'authorities').map((d) => d.number), [18]);
  assert.deepEqual(count(CATALOGUE, (d) => d.evApplicability), { mandatory: 70, optional: 12, notApplicable: 11 });
  assert.equal(CATALOGUE.filter((d) => d.behaviour === 'dynamic').length, 20);
  assert.equal(CATALOGUE.filter((d) => d.granularity === 'individual').length, 26);
  assert.deepEqual(ATTRIBUTE_GROUPS.map((g) => g.key), [...new Set(CATALOGUE.map((d) => d.group))]);
});

test('every longlist row matches the catalogue entry with the same number', { skip: skipWithoutShared }, () => {
  const rows = readLonglist();
  assert.equal(rows.length, 93);
  const csvCounts = { tier: {} as Record<string, number>, ev: {} as Record<string, number>, dynamic: 0, individual: 0 };
  const mismatches: string[] = [];
  for (const row of rows) {
    const n = Number(row['#']);
    const def = attributeByNumber(n);
    assert.ok(def, `no catalogue entry #${n}`);
    const access = row['Access rights according to Battery Regulation'].trim().toLowerCase().replace(/\s+/g, ' ');
    const tier = TIER_BY_CSV[access];
    assert.ok(tier, `unmapped access text on #${n}: ${access}`);
    const behaviour = row['Data behavioural characteristic: static vs. dynamic'].trim().toLowerCase();
    const granularity = row['Granularity level I: Model vs individual battery'].trim() === 'Individual battery' ? 'individual' : 'model';
    const evRaw = row.EV.trim();
    const ev = evRaw === 'x' ? 'mandatory' : evRaw === 'o' ? 'optional' : 'notApplicable';
    const category = row['Attribute category'].trim().toLowerCase();
    const group = GROUP_BY_CSV_PREFIX.find(([prefix]) => category.startsWith(prefix))?.[1];
    if (def.tier !== tier) mismatches.push(`#${n} tier ${def.tier} != ${tier}`);
    if (def.behaviour !== behaviour) mismatches.push(`#${n} behaviour ${def.behaviour} != ${behaviour}`);
    if (def.granularity !== granularity) mismatches.push(`#${n} granularity ${def.granularity} != ${granularity}`);
    if (def.evApplicability !== ev) mismatches.push(`#${n} EV ${def.evApplicability} != ${ev}`);
    if (def.evMandatory !== (evRaw === 'x')) mismatches.push(`#${n} evMandatory`);
    if (def.group !== group) mismatches.push(`#${n} group ${def.group} != ${group}`);
    csvCounts.tier[tier] = (csvCounts.tier[tier] ?? 0) + 1;
    csvCounts.ev[evRaw || 'n.a.'] = (csvCounts.ev[evRaw || 'n.a.'] ?? 0) + 1;
    if (behaviour === 'dynamic') csvCounts.dynamic++;
    if (granularity === 'individual') csvCounts.individual++;
    // Descriptions are our own words, not copies of the CC BY-NC text columns.
    for (const col of ['Attribute', 'Short Definition/Understanding per  DIN DKE Spec 99100 (if available)', 'Requirements per Regulation(s)']) {
      const source = (row[col] ?? '').trim();
      if (source.length >= 30) assert.ok(!def.description.includes(source), `#${n} description copies column '${col}'`);
    }
  }
  assert.deepEqual(mismatches, []);
  assert.deepEqual(csvCounts.tier, { public: 60, legitimateInterest: 27, legitimateInterestAndCommission: 5, authorities: 1 });
  assert.deepEqual(csvCounts.ev, { x: 70, o: 12, 'n.a.': 11 });
  assert.equal(csvCounts.dynamic, 20);
  assert.equal(csvCounts.individual, 26);
});

test('units follow the longlist where it gives one', { skip: skipWithoutShared }, () => {
  const expected: Record<string, string> = { kg: 'kg', '%': '%', Ah: 'Ah', kWh: 'kWh', V: 'V', W: 'W', Ohm: 'Ohm', '°C': 'degC', 'kgCO2e/kWh': 'kgCO2e/kWh', '%/month': '%/mo', 'W/Wh': 'W/Wh', 'A/Ah': 'A/Ah', years: 'a', Minutes: 'min', '[tCO2e]': 'tCO2e' };
  for (const row of readLonglist()) {
    const unit = row['Unit of attribute or sign (if applicable)'].trim();
    const def = attributeByNumber(Number(row['#']));
    if (unit in expected) assert.equal(def?.unit, expected[unit], `#${row['#']} unit`);
  }
});

function checkType(t: DataType, where: string): void {
  switch (t.kind) {
    case 'string':
      assert.ok(t.maxLength > 0, where);
      if (t.pattern) assert.doesNotThrow(() => new RegExp(t.pattern as string), where);
      if (t.enum) assert.ok(t.enum.length > 0 && t.enum.every((e) => e.length <= t.maxLength), where);
      return;
    case 'number':
      assert.ok(Number.isFinite(t.min) && Number.isFinite(t.max) && t.min < t.max, where);
      return;
    case 'object':
      assert.ok(Object.keys(t.fields).length > 0, where);
      for (const [k, f] of Object.entries(t.fields)) checkType(f.type, `${where}.${k}`);
      return;
    case 'array':
      assert.ok(t.maxItems >= (t.minItems ?? 0) && t.maxItems > 0, where);
      checkType(t.items, `${where}[]`);
      return;
    default:
      return;
  }
}

test('data types are well formed and numeric bounds are physically plausible', () => {
  for (const d of CATALOGUE) checkType(d.type, d.key);
  const bounds = (key: string) => {
    const t = attributeByKey(key)?.type;
    assert.equal(t?.kind, 'number', key);
    return t?.kind === 'number' ? [t.min, t.max] : [];
  };
  assert.deepEqual(bounds('ratedCapacity'), [0, 2000]);
  assert.deepEqual(bounds('nominalVoltage'), [0, 1500]);
  assert.deepEqual(bounds('batteryMass'), [0, 5000]);
  assert.deepEqual(bounds('stateOfCharge'), [0, 100]);
  assert.deepEqual(bounds('idleTemperatureLowerBoundary'), [-60, 120]);
  for (const d of CATALOGUE.filter((x) => x.unit === '%' && x.type.kind === 'number' && x.key !== 'selfDischargeEvolution')) {
    assert.deepEqual(bounds(d.key), [0, 100], d.key);
  }
});

test('writers follow the agreed responsibilities', () => {
  const nonWriters = ['remanufacturer', 'dismantler', 'recycler', 'logistics', 'authority', 'public'] as const;
  for (const d of CATALOGUE) {
    for (const r of nonWriters) assert.ok(!d.writers.includes(r), `${r} must not write ${d.key}`);
    if (d.group === 'materialsAndComposition') assert.ok(!d.writers.includes('testingFacility'), d.key);
    if (d.behaviour === 'dynamic' && d.key !== 'batteryStatus') assert.ok(d.writers.includes('oem'), `oem writes in-use ${d.key}`);
    if (d.behaviour === 'static' && d.key !== 'batteryPassportIdentifier' && d.key !== 'batteryIdentifier') {
      assert.ok(d.writers.includes('manufacturer'), `manufacturer writes static ${d.key}`);
    }
  }
  assert.deepEqual(attributeByKey('batteryStatus')?.writers, []);
  for (const key of ['stateOfCertifiedEnergy', 'remainingCapacity', 'remainingUsableEnergy', 'remainingPowerCapability', 'internalResistanceIncrease', 'capacityFade']) {
    assert.ok(attributeByKey(key)?.writers.includes('testingFacility'), key);
  }
  for (const key of ['stateOfCharge', 'negativeEvents', 'temperatureInformation', 'energyThroughput', 'capacityFade']) {
    assert.ok(attributeByKey(key)?.writers.includes('oem'), key);
  }
});
