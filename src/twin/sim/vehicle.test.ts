import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CELL_LIMITS_V, type Chemistry, type PackTopology } from '../core/index.js';
import { wltpLikeTrace } from './drive-cycles.js';
import { DC_150KW } from './profiles.js';
import { seededRng } from './random.js';
import { createVehicle, enqueue, stepVehicle, vehicleTruth, type VehicleConfig, type VehicleEvent, type VehicleSample } from './vehicle.js';

const MAY_MORNING = Date.UTC(2025, 4, 14, 7);
const NMC_CAR: Omit<VehicleConfig, 'batteryId' | 'participant'> = { chemistry: 'NMC', topology: { seriesCells: 96, parallelCells: 2 }, cellCapacityAh: 60 };
const LFP_CAR: Omit<VehicleConfig, 'batteryId' | 'participant'> = { chemistry: 'LFP', topology: { seriesCells: 108, parallelCells: 1 }, cellCapacityAh: 150 };

function run(cfg: Partial<VehicleConfig> & { chemistry: Chemistry; topology: PackTopology; cellCapacityAh: number }, seconds: number, seed: number, setup?: (v: ReturnType<typeof createVehicle>, rng: () => number) => void, startMs = MAY_MORNING) {
  const rng = seededRng(seed);
  const v = createVehicle({ batteryId: 'b1', participant: 'oem', ...cfg }, startMs, rng);
  setup?.(v, rng);
  const samples: VehicleSample[] = [];
  const events: VehicleEvent[] = [];
  for (let t = 0; t < seconds; t += 3600) {
    const o = stepVehicle(v, Math.min(3600, seconds - t), rng);
    samples.push(...o.samples);
    events.push(...o.events);
  }
  return { v, samples, events };
}

test('a WLTP-like cycle costs 14–22 kWh/100 km at the battery for the default car (NMC and LFP)', () => {
  for (const car of [NMC_CAR, LFP_CAR]) {
    const { v, samples } = run({ ...car, habits: null, initialSoc: 0.9, initialTempC: 20 }, 1800, 3, (veh, rng) => enqueue(veh, { kind: 'drive', trace: wltpLikeTrace(rng), index: 0, to: 'home' }));
    const km = v.counters.distanceM / 1000;
    const kwhPer100 = v.counters.driveNetWh / 1000 / (km / 100);
    assert.ok(Math.abs(km - 23.27) < 0.3, `distance ${km}`);
    assert.ok(kwhPer100 >= 14 && kwhPer100 <= 22, `${car.chemistry}: ${kwhPer100.toFixed(2)} kWh/100 km`);
    // energy balance: the SoC drop matches the charge drawn (coulomb counting on the true current)
    const drawnAh = samples.reduce((s, x) => s + (x.mode === 'drive' ? x.currentA : 0), 0) / 3600;
    const socDrop = 0.9 - vehicleTruth(v).socMean;
    assert.ok(Math.abs(drawnAh / v.pack.ratedPackAh - socDrop) < 0.02, `coulombs ${drawnAh} Ah vs ΔSoC ${socDrop}`);
    assert.ok(samples.some((s) => s.currentA < -5), 'regenerative braking charges the pack');
  }
});

test('DC fast charge 10→80 % takes 20–45 min, with a taper, and stays inside the cell voltage window', () => {
  for (const car of [NMC_CAR, LFP_CAR]) {
    const { samples } = run({ ...car, habits: null, initialSoc: 0.1, initialTempC: 25 }, 3600, 4, (veh) => enqueue(veh, { kind: 'charge', charger: DC_150KW, targetSoc: 0.8 }));
    const ch = samples.filter((s) => s.mode === 'charge');
    const minutes = (ch[ch.length - 1].tMs - ch[0].tMs) / 60_000;
    assert.ok(minutes >= 20 && minutes <= 45, `${car.chemistry}: ${minutes.toFixed(1)} min`);
    assert.ok(ch[ch.length - 1].soc >= 0.79 && ch[ch.length - 1].soc < 0.82);
    const early = -ch[60].currentA;
    const late = -ch[ch.length - 10].currentA;
    assert.ok(late < 0.75 * early, `taper: ${early.toFixed(0)} A early, ${late.toFixed(0)} A at the end`);
    const lim = CELL_LIMITS_V[car.chemistry];
    for (const s of ch) assert.ok(s.maxCellV <= lim.vMaxV && s.minCellV >= lim.vMinV, `cell window at ${s.tMs}`);
    assert.ok(Math.max(...ch.map((s) => s.maxTempC)) < 50, 'normal cooling keeps the pack below 50 °C');
  }
});

test('two days of autonomous driving and charging: SoC, voltages and temperatures stay physical', () => {
  for (const [car, seed] of [[NMC_CAR, 5], [LFP_CAR, 6]] as const) {
    const { v, samples, events } = run({ ...car, startDriving: true, habits: { plugInBelowSoc: 1, chargeTargetSoc: 1 } }, 2 * 86_400, seed);
    const lim = CELL_LIMITS_V[car.chemistry];
    const modes = new Set(samples.map((s) => s.mode));
    assert.deepEqual([...modes].sort(), ['charge', 'drive', 'park']);
    for (const s of samples) {
      assert.ok(s.soc >= 0 && s.soc <= 1);
      assert.ok(s.minCellV >= lim.vMinV - 1e-9 && s.maxCellV <= lim.vMaxV + 1e-9, `cell voltage ${s.minCellV}..${s.maxCellV}`);
      assert.ok(s.minCellV <= s.maxCellV);
      assert.ok(s.voltageV > car.topology.seriesCells * lim.vMinV && s.voltageV < car.topology.seriesCells * lim.vMaxV);
      assert.ok(s.minTempC > -30 && s.maxTempC < 55 && s.minTempC <= s.maxTempC);
    }
    for (let k = 1; k < samples.length; k++) assert.ok(samples[k].tMs > samples[k - 1].tMs);
    assert.equal(events.length, 0, 'no abuse events in normal use');
    assert.ok(v.counters.distanceM > 20_000, 'it drove');
    assert.ok(samples.some((s) => s.mode === 'charge' && s.soc > 0.97), 'charged to 100 % as its habit says');
  }
});

test('deterministic for a seed, different for another', () => {
  const a = run({ ...NMC_CAR, startDriving: true }, 6 * 3600, 7).samples;
  const b = run({ ...NMC_CAR, startDriving: true }, 6 * 3600, 7).samples;
  const c = run({ ...NMC_CAR, startDriving: true }, 6 * 3600, 8).samples;
  assert.equal(a.length, b.length);
  assert.deepEqual(a.slice(0, 500), b.slice(0, 500));
  assert.deepEqual(a[a.length - 1], b[b.length - 1]);
  assert.notDeepEqual(a.slice(0, 500).map((s) => s.currentA), c.slice(0, 500).map((s) => s.currentA));
});

test('optional per-cell voltages: one per series group, consistent with pack, min and max', () => {
  const rng = seededRng(12);
  const v = createVehicle({ batteryId: 'c', participant: 'oem', ...LFP_CAR, startDriving: true }, MAY_MORNING, rng, { includeCells: true });
  const { samples } = stepVehicle(v, 1800, rng);
  assert.ok(samples.length > 100);
  for (const s of samples) {
    assert.equal(s.cellsV!.length, 108);
    assert.ok(Math.abs(s.cellsV!.reduce((a, b) => a + b, 0) - s.voltageV) < 1e-6);
    assert.equal(Math.min(...s.cellsV!), s.minCellV);
    assert.equal(Math.max(...s.cellsV!), s.maxCellV);
  }
});

test('the faulty cell: balancing first spreads its leak over the pack (SoC lost at rest), then it diverges', () => {
  const restLoss = (samples: VehicleSample[]) => {
    // SoC lost over parked stretches of at least 6 h (the truth the twin's self-discharge estimate looks for)
    let lost = 0;
    let start: VehicleSample | null = null;
    let prev: VehicleSample | null = null;
    for (const s of samples) {
      if (s.mode === 'park' && !start) start = s;
      if (s.mode !== 'park' && start && prev) {
        if (prev.tMs - start.tMs >= 6 * 3_600_000) lost += start.soc - prev.soc;
        start = null;
      }
      prev = s;
    }
    return lost;
  };
  const spread = (xs: VehicleSample[]) => xs.reduce((s, x) => s + (x.maxCellV - x.minCellV), 0) / xs.length;
  const sim = (fault: VehicleConfig['fault']) => {
    const { v, samples } = run({ ...NMC_CAR, startDriving: true, fault }, 3 * 86_400, 9);
    const rest = samples.filter((s) => s.mode === 'park');
    return { v, samples, early: spread(rest.slice(0, 60)), late: spread(rest.slice(-60)), restLoss: restLoss(samples) };
  };
  const good = sim(null);
  const mild = sim({ onsetS: 3600, leakPctPerMonthStart: 20, leakPctPerMonthPerDay: 20, leakPctPerMonthMax: 60, resistanceGrowthPerDay: 0.5, groupIndex: 17 });
  const bad = sim({ onsetS: 3600, leakPctPerMonthStart: 30, leakPctPerMonthPerDay: 100, leakPctPerMonthMax: 400, resistanceGrowthPerDay: 0.5, groupIndex: 17 });
  assert.ok(Math.abs(good.restLoss) < 0.002, `healthy pack keeps its charge at rest (${good.restLoss.toFixed(4)})`);
  assert.ok(mild.restLoss > 0.005 && mild.restLoss > 5 * Math.abs(good.restLoss), `mild leak is balanced away: the whole pack loses ${mild.restLoss.toFixed(3)} SoC at rest`);
  assert.ok(mild.late < good.late + 0.01, `…so the cells stay together (${mild.late.toFixed(3)} V vs healthy ${good.late.toFixed(3)} V)`);
  const t = vehicleTruth(bad.v);
  const socs = bad.v.pack.groups.map((x) => x.soc);
  assert.equal(socs.indexOf(Math.min(...socs)), 17, 'the faulty group is the emptiest');
  assert.ok(t.socMean - t.socMin > 0.04, `strong leak outruns the balancer: group behind by ${(t.socMean - t.socMin).toFixed(3)}`);
  assert.ok(bad.late > 2 * bad.early && bad.late > good.late + 0.01, `faulty spread ${bad.early.toFixed(3)} → ${bad.late.toFixed(3)} V`);
  assert.ok(good.late < 1.3 * good.early + 0.003, `healthy spread stays put (${good.early.toFixed(3)} → ${good.late.toFixed(3)} V)`);
  assert.ok(bad.v.pack.r0[17] > 2 * bad.v.pack.r0[16], 'its resistance rose');
});

test('abuse: a low pack left with its standby drain reports a deep discharge; a hot fast charge without cooling an over-temperature', () => {
  const deep = run({ ...NMC_CAR, habits: null, initialSoc: 0.03 }, 6 * 86_400, 10, (veh) =>
    enqueue(veh, { kind: 'park', untilMs: MAY_MORNING + 5 * 86_400_000, standbyW: 60 }),
  );
  assert.deepEqual(deep.events.map((e) => e.kind), ['deepDischarge']);
  assert.ok(deep.samples.every((s) => s.soc >= 0));
  assert.ok(deep.samples[deep.samples.length - 1].currentA < 0.5, 'the drain stops once a cell is empty');

  const JULY_AFTERNOON = Date.UTC(2025, 6, 20, 13);
  const hot = run({ ...NMC_CAR, habits: null, initialSoc: 0.1, initialSoh: 0.75, initialTempC: 40, climate: 'south', coolingWPerK: 0 }, 3600, 11, (veh) =>
    enqueue(veh, { kind: 'charge', charger: DC_150KW, targetSoc: 0.8 }), JULY_AFTERNOON);
  assert.ok(hot.events.some((e) => e.kind === 'overTemperature'), 'over-temperature reported');
  assert.ok(Math.max(...hot.samples.map((s) => s.maxTempC)) < 60, 'the BMS derating still bounds the temperature');
});

test('the sample interval is configurable: 0.5 s and 2 s runs cover the same WLTP-like distance and energy', () => {
  const at = (sampleIntervalS: number) => {
    const rng = seededRng(13);
    const v = createVehicle({ batteryId: 's', participant: 'oem', ...NMC_CAR, habits: null, initialSoc: 0.9, initialTempC: 20 }, MAY_MORNING, rng, { sampleIntervalS });
    enqueue(v, { kind: 'drive', trace: wltpLikeTrace(rng), index: 0, to: 'home' });
    const { samples } = stepVehicle(v, 1800, rng);
    return { n: samples.filter((s) => s.mode === 'drive').length, km: v.counters.distanceM / 1000, wh: v.counters.driveNetWh };
  };
  const half = at(0.5);
  const two = at(2);
  assert.ok(Math.abs(half.n - 3600) <= 2 && Math.abs(two.n - 900) <= 1, `${half.n} and ${two.n} samples`);
  assert.ok(Math.abs(half.km - two.km) < 0.1, `${half.km} vs ${two.km} km`);
  assert.ok(Math.abs(half.wh - two.wh) / half.wh < 0.05, `${half.wh} vs ${two.wh} Wh`);
});
