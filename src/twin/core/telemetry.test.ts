import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REPORTED_ERRORS, parseTelemetry, toSampleBatch, type TelemetryBatch } from './telemetry.js';

const NOW = Date.UTC(2025, 5, 1);
const enc = (x: unknown) => new TextEncoder().encode(typeof x === 'string' ? x : JSON.stringify(x));

function batch(over: Partial<TelemetryBatch> = {}): TelemetryBatch {
  return {
    v: 1,
    batteryId: 'BAT-1',
    seq: 7,
    samples: [
      { t: NOW - 2000, i: 12.5, u: 355.2, uMin: 3.69, uMax: 3.71, tMin: 24, tMax: 26, cells: [3.7, 3.69, 3.71] },
      { t: NOW - 1000, i: -40, u: 362.0, uMin: 3.76, uMax: 3.79, tMin: 24.5, tMax: 26.5, cells: [3.77, 3.76, 3.79] },
      { t: NOW, i: 0, u: 358.9, uMin: 3.73, uMax: 3.75, tMin: 25, tMax: 27, cells: [3.74, 3.73, 3.75] },
    ],
    ...over,
  };
}

function errorsOf(payload: unknown, topicBatteryId = 'BAT-1') {
  const r = parseTelemetry(enc(payload), topicBatteryId, { nowMs: NOW });
  assert.equal(r.ok, false, 'expected a refusal');
  return r.ok ? [] : r.errors;
}

test('a valid batch parses to the same object', () => {
  const b = batch({ events: [{ t: NOW - 1000, kind: 'thermalEvent' }] });
  const r = parseTelemetry(enc(b), 'BAT-1', { nowMs: NOW });
  assert.ok(r.ok);
  assert.deepEqual(r.batch, b);
});

test('minimal samples (time, current, voltage) are enough', () => {
  const r = parseTelemetry(enc({ v: 1, batteryId: 'x', seq: 0, samples: [{ t: NOW, i: 1, u: 3.6 }] }), 'x', { nowMs: NOW });
  assert.ok(r.ok);
});

test('refusals name the field with a JSON pointer and say why', () => {
  const bad = batch();
  bad.samples[1].u = 1600;
  bad.samples[2].i = -2500;
  (bad.samples[0] as Record<string, unknown>).soc = 0.5;
  const errs = errorsOf(bad);
  assert.deepEqual(
    errs.map((e) => e.field).sort(),
    ['/samples/0/soc', '/samples/1/u', '/samples/2/i'],
  );
  assert.match(errs.find((e) => e.field === '/samples/1/u')!.reason, /<= 1500/);
  assert.equal(errs.find((e) => e.field === '/samples/0/soc')!.reason, 'unknown field');
});

test('plausibility: cell voltages 0–5 V, temperatures −60…150 °C, integer non-negative seq', () => {
  const b = batch({ seq: -1 });
  b.samples[0].cells = [3.7, 5.2, 3.7];
  b.samples[1].tMax = 151;
  b.samples[2].uMin = -0.1;
  const fields = errorsOf(b).map((e) => e.field).sort();
  assert.deepEqual(fields, ['/samples/0/cells/1', '/samples/1/tMax', '/samples/2/uMin', '/seq']);
  assert.deepEqual(errorsOf(batch({ seq: 1.5 })).map((e) => e.field), ['/seq']);
});

test('time must increase strictly and lie within a year of the receiver clock', () => {
  const b = batch();
  b.samples[2].t = b.samples[1].t;
  assert.deepEqual(errorsOf(b).map((e) => e.field), ['/samples/2/t']);
  // seconds instead of milliseconds: 1970, far outside the window
  const secs = batch();
  secs.samples = secs.samples.map((s) => ({ ...s, t: Math.round(s.t / 1000) }));
  const errs = errorsOf(secs);
  assert.equal(errs.length, 3);
  assert.match(errs[0].reason, /one year/);
});

test('the body must be for the battery of the topic', () => {
  const errs = errorsOf(batch(), 'BAT-2');
  assert.deepEqual(errs, [{ field: '/batteryId', reason: 'must equal the topic\'s battery id "BAT-2"' }]);
});

test('optional columns must be present in every sample or in none; cell counts must agree; min ≤ max', () => {
  const b = batch();
  delete b.samples[1].uMin;
  delete b.samples[2].cells;
  b.samples[0].tMin = 30; // > tMax 26
  const errs = errorsOf(b);
  assert.deepEqual(errs.map((e) => e.field).sort(), ['/samples/0/tMin', '/samples/1/uMin', '/samples/2/cells']);
  const c = batch();
  c.samples[1].cells = [3.7, 3.7];
  assert.deepEqual(errorsOf(c).map((e) => e.field), ['/samples/1/cells']);
});

test('events must be known kinds within the batch time span', () => {
  const errs = errorsOf(batch({ events: [{ t: NOW + 5000, kind: 'crash' }, { t: NOW, kind: 'meltdown' as 'crash' }] }));
  assert.deepEqual(errs.map((e) => e.field).sort(), ['/events/1/kind']);
  const late = errorsOf(batch({ events: [{ t: NOW + 5000, kind: 'crash' }] }));
  assert.deepEqual(late.map((e) => e.field), ['/events/0/t']);
});

test('version, JSON, UTF-8, shape, size and sample count are checked before anything else', () => {
  assert.match(errorsOf({ ...batch(), v: 2 })[0].reason, /unsupported version 2/);
  assert.equal(errorsOf({ ...batch(), v: undefined })[0].field, '/v');
  assert.match(errorsOf('{"v":1,')[0].reason, /not UTF-8 JSON/);
  assert.match(errorsOf('[1]')[0].reason, /JSON object/);
  const notUtf8 = parseTelemetry(new Uint8Array([0x7b, 0xff, 0x7d]), 'BAT-1', { nowMs: NOW });
  assert.ok(!notUtf8.ok && /UTF-8/.test(notUtf8.errors[0].reason));
  const big = parseTelemetry(enc(batch()), 'BAT-1', { nowMs: NOW, maxBytes: 100 });
  assert.ok(!big.ok && /exceeds the limit of 100/.test(big.errors[0].reason));
  assert.deepEqual(errorsOf(batch({ samples: [] })).map((e) => e.field), ['/samples']);
  const many = batch({ samples: Array.from({ length: 3601 }, (_, k) => ({ t: NOW - 4000_000 + k * 1000, i: 0, u: 350 })) });
  assert.deepEqual(errorsOf(many).map((e) => e.field), ['/samples']);
});

test('a batch with thousands of bad samples reports a bounded list', () => {
  const b = batch({ samples: Array.from({ length: 3000 }, (_, k) => ({ t: NOW - 3000_000 + k * 1000, i: 5000, u: 350 })) });
  const errs = errorsOf(b);
  assert.ok(errs.length <= MAX_REPORTED_ERRORS && errs.length > 0);
});

test('toSampleBatch: columns relative to the origin, events at the first sample at or after them, kinds mapped', () => {
  const b = batch({ events: [{ t: NOW - 1500, kind: 'internalShort' }, { t: NOW - 2000, kind: 'thermalEvent' }] });
  const origin = NOW - 10_000;
  const s = toSampleBatch(b, origin);
  assert.deepEqual(Array.from(s.timeS), [8, 9, 10]);
  assert.deepEqual(Array.from(s.packCurrentA), [12.5, -40, 0]);
  assert.deepEqual(Array.from(s.packVoltageV), [355.2, 362.0, 358.9]);
  assert.deepEqual(Array.from(s.minCellVoltageV!), [3.69, 3.76, 3.73]);
  assert.deepEqual(Array.from(s.maxTempC!), [26, 26.5, 27]);
  assert.deepEqual(Array.from(s.minTempC!), [24, 24.5, 25]);
  assert.equal(s.cellsPerSample, 3);
  assert.deepEqual(Array.from(s.cellVoltagesV!), [3.7, 3.69, 3.71, 3.77, 3.76, 3.79, 3.74, 3.73, 3.75]);
  assert.deepEqual(s.events, [
    { index: 1, kind: 'crash' },
    { index: 0, kind: 'overTemperature' },
  ]);
  const bare = toSampleBatch({ v: 1, batteryId: 'x', seq: 0, samples: [{ t: 1000, i: 1, u: 2, tMin: 20 }] }, 0);
  assert.equal(bare.minCellVoltageV, undefined);
  assert.equal(bare.cellVoltagesV, undefined);
  assert.deepEqual(Array.from(bare.maxTempC!), [20]);
});
