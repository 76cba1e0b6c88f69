import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoFleet, topologyFor, type DemoBattery } from './demo-fleet.js';
import { createFleet, fleetSnapshot, fleetTick, flushFleet, twinParamsInputOf, type FleetPayload } from './fleet.js';
import { parseTelemetry } from '../core/telemetry.js';

const START = Date.UTC(2025, 2, 3, 5); // a Monday in March, before dawn

// the demo passports' pack designs (src/passport/core/demo/designs.ts): rated Ah and nominal V of the pack
const BATTERIES: DemoBattery[] = [
  { batteryId: 'BAT-N96-3P', chemistry: 'NMC', ratedCapacityAh: 234, nominalVoltageV: 350.4 },
  { batteryId: 'BAT-N192-2P', chemistry: 'NMC', ratedCapacityAh: 120, nominalVoltageV: 700.8 },
  { batteryId: 'BAT-L120', chemistry: 'LFP', ratedCapacityAh: 138, nominalVoltageV: 384 },
  { batteryId: 'BAT-L108', chemistry: 'LFP', ratedCapacityAh: 173, nominalVoltageV: 345.6 },
  { batteryId: 'BAT/with+odd#id', chemistry: 'LMO', ratedCapacityAh: 66, nominalVoltageV: 360, participant: 'fleet-x' },
];

test('topology from nominal voltage and rated capacity', () => {
  assert.deepEqual(topologyFor('NMC', 234, 350.4), { topology: { seriesCells: 96, parallelCells: 2 }, cellCapacityAh: 117 });
  assert.deepEqual(topologyFor('NMC', 110, 700.8), { topology: { seriesCells: 192, parallelCells: 1 }, cellCapacityAh: 110 });
  assert.deepEqual(topologyFor('LFP', 173, 345.6), { topology: { seriesCells: 108, parallelCells: 1 }, cellCapacityAh: 173 });
  assert.equal(topologyFor('LMO', 66, 360).topology.seriesCells, 96);
});

test('demo fleet: one vehicle per battery, SoH spread 0.70–1.00, one faulty cell, deterministic', () => {
  const def = demoFleet(BATTERIES, 7);
  assert.equal(def.vehicles.length, BATTERIES.length);
  const sohs = def.vehicles.map((v) => v.initialSoh!);
  assert.ok(Math.min(...sohs) >= 0.7 && Math.max(...sohs) <= 1);
  assert.ok(Math.max(...sohs) - Math.min(...sohs) > 0.15, 'a real spread');
  assert.equal(def.vehicles.filter((v) => v.fault).length, 1);
  assert.equal(def.vehicles[4].participant, 'fleet-x');
  assert.equal(def.vehicles[0].participant, 'oem');
  assert.deepEqual(demoFleet(BATTERIES, 7), def);
  assert.deepEqual(twinParamsInputOf(def.vehicles[0]), { chemistry: 'NMC', capacityAh: 117, topology: { seriesCells: 96, parallelCells: 2 } });
  assert.equal(demoFleet(BATTERIES, 7, { faultyIndex: -1 }).vehicles.filter((v) => v.fault).length, 0);
});

function runFleet(seed: number, hours: number) {
  const fleet = createFleet({ ...demoFleet(BATTERIES, seed), startMs: START });
  const out: FleetPayload[] = [];
  for (let h = 0; h < hours; h++) out.push(...fleetTick(fleet, 3600));
  out.push(...flushFleet(fleet));
  return { fleet, out };
}

test('a simulated day: valid payloads, contiguous seq per battery, monotonic time across batches', () => {
  const { fleet, out } = runFleet(7, 24);
  const byBattery = new Map<string, FleetPayload[]>();
  for (const fp of out) {
    const parsed = parseTelemetry(new TextEncoder().encode(JSON.stringify(fp.payload)), fp.batteryId, { nowMs: START });
    assert.ok(parsed.ok, `payload ${fp.batteryId}#${fp.payload.seq}: ${JSON.stringify(parsed.ok ? null : parsed.errors)}`);
    assert.equal(fp.payload.batteryId, fp.batteryId);
    (byBattery.get(fp.batteryId) ?? byBattery.set(fp.batteryId, []).get(fp.batteryId)!).push(fp);
  }
  assert.equal(byBattery.size, BATTERIES.length, 'every battery reported');
  for (const [id, list] of byBattery) {
    list.forEach((fp, k) => assert.equal(fp.payload.seq, k, `${id} seq contiguous`));
    for (let k = 1; k < list.length; k++) assert.ok(list[k].payload.samples[0].t > list[k - 1].payload.samples.at(-1)!.t);
    const first = list[0].payload.samples[0].t;
    const last = list.at(-1)!.payload.samples.at(-1)!.t;
    assert.ok(first >= START && last < START + 24 * 3_600_000 && last > START + 23 * 3_600_000, `${id} covers the day`);
    assert.ok(list.every((fp) => fp.payload.samples.length <= 30));
    assert.ok(list.some((fp) => fp.payload.samples.some((s) => s.i > 20)), `${id} drove`);
  }
  const snap = fleetSnapshot(fleet);
  for (const s of snap) assert.ok(s.socMin >= 0 && s.socMax <= 1 && s.soh > 0.6 && s.soh <= 1.02);
});

test('fleet runs are reproducible from the seed, and vehicles use independent streams', () => {
  const a = runFleet(3, 6).out;
  const b = runFleet(3, 6).out;
  assert.deepEqual(a, b);
  const c = runFleet(4, 6).out;
  assert.notDeepEqual(a.map((x) => x.payload.samples[0].i), c.map((x) => x.payload.samples[0].i));
  assert.throws(() => createFleet({ vehicles: [demoFleet(BATTERIES, 1).vehicles[0], demoFleet(BATTERIES, 1).vehicles[0]], seed: 1, startMs: START }), /duplicate/);
});
