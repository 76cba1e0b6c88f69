import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTelemetry } from '../core/telemetry.js';
import { addSamples, createBatcher, flushBatcher, toWireSample, type TelemetryPayloadV1 } from './payload.js';
import type { VehicleSample } from './vehicle.js';

const ingestErrors = (p: unknown, batteryId = 'BAT-1') => {
  const r = parseTelemetry(new TextEncoder().encode(JSON.stringify(p)), batteryId, { nowMs: 1_750_000_000_000 });
  return r.ok ? [] : r.errors;
};

const sample = (tMs: number, over: Partial<VehicleSample> = {}): VehicleSample => ({
  tMs,
  currentA: 12.3456789,
  voltageV: 371.23456,
  minCellV: 3.8612345,
  maxCellV: 3.8787654,
  minTempC: 21.234,
  maxTempC: 23.456,
  soc: 0.5,
  mode: 'drive',
  speedMps: 10,
  ambientC: 18,
  ...over,
});

test('wire sample: mV / mA / 0.1 K rounding, truth fields stripped', () => {
  const w = toWireSample(sample(1_700_000_000_000.4, { cellsV: [3.86123, 3.87876] }));
  assert.deepEqual(w, { t: 1_700_000_000_000, i: 12.346, u: 371.235, uMin: 3.861, uMax: 3.879, tMin: 21.2, tMax: 23.5, cells: [3.861, 3.879] });
  assert.equal(JSON.stringify(w).includes('soc'), false);
});

test('batches of 30 by default, seq per battery from 0, strictly increasing t, events in the batch of their sample', () => {
  const b = createBatcher('BAT-1');
  const t0 = 1_750_000_000_000;
  const samples = Array.from({ length: 95 }, (_, k) => sample(t0 + k * 1000));
  const out = addSamples(b, samples, [{ tMs: t0 + 40_000, kind: 'overTemperature' }]);
  assert.equal(out.length, 3);
  assert.deepEqual(out.map((p) => p.seq), [0, 1, 2]);
  assert.deepEqual(out.map((p) => p.samples.length), [30, 30, 30]);
  assert.equal(out[0].events, undefined);
  assert.deepEqual(out[1].events, [{ t: t0 + 40_000, kind: 'overTemperature' }]);
  for (const p of out) {
    assert.deepEqual(ingestErrors(p), []);
    assert.equal(p.v, 1);
    assert.equal(p.batteryId, 'BAT-1');
  }
  const rest = flushBatcher(b)!;
  assert.equal(rest.seq, 3);
  assert.equal(rest.samples.length, 5);
  assert.equal(flushBatcher(b), null);
  // a repeated or earlier timestamp is dropped rather than breaking monotonicity
  const again = addSamples(b, [sample(t0 + 94_000), sample(t0 + 95_000)]);
  assert.equal(again.length, 0);
  assert.equal(b.pending.length, 1);
});

test('a batch is also cut when its samples span the maximum time (parked cars keep reporting)', () => {
  const b = createBatcher('P', { samplesPerBatch: 3600, maxBatchSpanMs: 600_000, firstSeq: 41 });
  const out = addSamples(b, Array.from({ length: 25 }, (_, k) => sample(k * 60_000, { mode: 'park' })));
  assert.deepEqual(out.map((p) => [p.seq, p.samples.length]), [[41, 11], [42, 11]]);
  assert.throws(() => createBatcher('x', { samplesPerBatch: 0 }));
  assert.throws(() => createBatcher('x', { samplesPerBatch: 3601 }));
  assert.throws(() => createBatcher('x', { firstSeq: -1 }));
});

test('the ingest parser refuses what the batcher never produces (the test can fail)', () => {
  const t = 1_750_000_000_000;
  const ok: TelemetryPayloadV1 = { v: 1, batteryId: 'BAT-1', seq: 0, samples: [{ t, i: 0, u: 370 }] };
  assert.deepEqual(ingestErrors(ok), []);
  assert.ok(ingestErrors({ ...ok, samples: [{ t, i: 0, u: 370 }, { t, i: 0, u: 370 }] }).length > 0);
  assert.ok(ingestErrors({ ...ok, events: [{ t: t + 5, kind: 'overTemperature' }] }).length > 0, 'event outside the samples');
  assert.ok(ingestErrors(ok, 'OTHER').length > 0);
});
