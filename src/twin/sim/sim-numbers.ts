/**
 * Prints the simulator's headline numbers (consumption, charge times, a week of the demo fleet) so they can be
 * checked against expectations: `npx tsx src/twin/sim/sim-numbers.ts`.
 */
import { demoFleet, type DemoBattery } from './demo-fleet.js';
import { wltpLikeTrace } from './drive-cycles.js';
import { createFleet, fleetSnapshot, fleetTick } from './fleet.js';
import { AC_11KW, DC_150KW } from './profiles.js';
import { seededRng } from './random.js';
import { createVehicle, enqueue, stepVehicle, type VehicleConfig } from './vehicle.js';

const START = Date.UTC(2025, 4, 14, 7);
const CARS: Record<string, Omit<VehicleConfig, 'batteryId' | 'participant'>> = {
  'NMC 96s2p 60 Ah (≈43 kWh)': { chemistry: 'NMC', topology: { seriesCells: 96, parallelCells: 2 }, cellCapacityAh: 60 },
  'NMC 96s3p 78 Ah (≈82 kWh)': { chemistry: 'NMC', topology: { seriesCells: 96, parallelCells: 3 }, cellCapacityAh: 78 },
  'LFP 108s1p 150 Ah (≈52 kWh)': { chemistry: 'LFP', topology: { seriesCells: 108, parallelCells: 1 }, cellCapacityAh: 150 },
};

function chargeMinutes(car: Omit<VehicleConfig, 'batteryId' | 'participant'>, charger: typeof DC_150KW, from: number, to: number, seed: number) {
  const rng = seededRng(seed);
  const v = createVehicle({ batteryId: 'x', participant: 'x', ...car, habits: null, initialSoc: from, initialTempC: 25 }, START, rng);
  enqueue(v, { kind: 'charge', charger, targetSoc: to });
  let last = START;
  let maxT = -99;
  for (let h = 0; h < 12; h++) for (const s of stepVehicle(v, 3600, rng).samples) if (s.mode === 'charge') { last = s.tMs; maxT = Math.max(maxT, s.maxTempC); }
  return { minutes: (last - START) / 60_000, maxT };
}

for (const [name, car] of Object.entries(CARS)) {
  const kwh: number[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    const rng = seededRng(seed);
    const v = createVehicle({ batteryId: 'x', participant: 'x', ...car, habits: null, initialSoc: 0.9, initialTempC: 20 }, START, rng);
    enqueue(v, { kind: 'drive', trace: wltpLikeTrace(rng), index: 0, to: 'home' });
    stepVehicle(v, 1800, rng);
    kwh.push(v.counters.driveNetWh / 1000 / (v.counters.distanceM / 100_000));
  }
  const dc = chargeMinutes(car, DC_150KW, 0.1, 0.8, 1);
  const ac = chargeMinutes(car, AC_11KW, 0.2, 0.8, 1);
  console.log(`${name}: WLTP-like ${Math.min(...kwh).toFixed(1)}–${Math.max(...kwh).toFixed(1)} kWh/100 km (battery side, 20 °C, 5 seeds); ` +
    `DC 150 kW 10→80 % ${dc.minutes.toFixed(1)} min (max sensor ${dc.maxT.toFixed(1)} °C); AC 11 kW 20→80 % ${(ac.minutes / 60).toFixed(2)} h`);
}

const batteries: DemoBattery[] = [
  { batteryId: 'N96S3P', chemistry: 'NMC', ratedCapacityAh: 234, nominalVoltageV: 350.4 },
  { batteryId: 'N96S2P', chemistry: 'NMC', ratedCapacityAh: 240, nominalVoltageV: 353.3 },
  { batteryId: 'N192S2P', chemistry: 'NMC', ratedCapacityAh: 120, nominalVoltageV: 700.8 },
  { batteryId: 'N192S1P', chemistry: 'NMC', ratedCapacityAh: 110, nominalVoltageV: 700.8 },
  { batteryId: 'L120S', chemistry: 'LFP', ratedCapacityAh: 138, nominalVoltageV: 384 },
  { batteryId: 'L168S', chemistry: 'LFP', ratedCapacityAh: 150, nominalVoltageV: 537.6 },
  { batteryId: 'L108S', chemistry: 'LFP', ratedCapacityAh: 173, nominalVoltageV: 345.6 },
  { batteryId: 'M96S', chemistry: 'LMO', ratedCapacityAh: 66, nominalVoltageV: 360 },
];
const fleet = createFleet({ ...demoFleet(batteries, 42), startMs: Date.UTC(2025, 6, 7, 5) });
const before = fleetSnapshot(fleet);
const t0 = performance.now();
let payloads = 0;
let samples = 0;
const events: string[] = [];
for (let h = 0; h < 7 * 24; h++) {
  for (const fp of fleetTick(fleet, 3600)) {
    payloads++;
    samples += fp.payload.samples.length;
    for (const e of fp.payload.events ?? []) events.push(`${fp.batteryId} ${e.kind} ${new Date(e.t).toISOString()}`);
  }
}
const cpuS = (performance.now() - t0) / 1000;
console.log(`\ndemo fleet, one simulated July week (ageing ×50): ${payloads} payloads, ${samples} samples, ${cpuS.toFixed(1)} s CPU ` +
  `(${((cpuS / (8 * 7 * 86_400)) * 60 * 100).toFixed(3)} % of one core per vehicle at 60×)`);
const after = fleetSnapshot(fleet);
for (const [k, m] of fleet.members.entries()) {
  const c = m.vehicle.counters;
  const f = m.vehicle.pack.fault ? ' faulty cell' : '';
  console.log(`  ${m.vehicle.batteryId.padEnd(8)} SoH ${before[k].soh.toFixed(3)} → ${after[k].soh.toFixed(3)}  ${(c.distanceM / 1000).toFixed(0).padStart(5)} km  ` +
    `${(c.driveNetWh / 10 / Math.max(1, c.distanceM / 1000)).toFixed(1)} kWh/100 km  SoC spread ${(after[k].socMax - after[k].socMin).toFixed(3)}${f}`);
}
console.log(events.length ? `events:\n  ${events.join('\n  ')}` : 'events: none this week');
