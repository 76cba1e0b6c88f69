/**
 * The demo fleet: one simulated vehicle per demo battery, with a topology derived from the pack's nominal voltage and
 * rated capacity, a spread of ages (SoH 0.70–1.00 at start) and ageing propensities, a mix of climates and habits,
 * and a few deliberate troublemakers so the twin's State of Safety has something to find:
 * - one vehicle with a cell developing a soft internal short (rising self-discharge and resistance),
 * - one in a hot climate with degraded pack cooling that fast-charges often (over-temperature on hot days),
 * - one careless owner who runs the pack low and leaves the car unplugged (deep discharge).
 * Pure: deterministic from the seed.
 */
import type { Chemistry, PackTopology } from '../core/index.js';
import type { FleetDefinition } from './fleet.js';
import type { CellFault } from './pack.js';
import { pickOne, streamRng, uniform } from './random.js';
import type { SimOptions, VehicleConfig } from './vehicle.js';

export interface DemoBattery {
  batteryId: string;
  chemistry: Chemistry;
  ratedCapacityAh: number;
  nominalVoltageV: number;
  /** publishing participant (MQTT topic segment); defaults to the option's participant */
  participant?: string;
}

export interface DemoFleetOptions {
  participant?: string;
  /** index of the vehicle with the faulty cell (default: chosen from the seed; −1: none) */
  faultyIndex?: number;
  /** simulation options; the demo default ages packs 50× faster than simulated time so SoH visibly moves */
  sim?: Partial<SimOptions>;
  samplesPerBatch?: number;
}

/** Nominal cell voltage (datasheet class) and the largest cell of that chemistry we assume in a pack. */
const CELL: Record<Chemistry, { nominalV: number; maxCellAh: number }> = {
  NMC: { nominalV: 3.65, maxCellAh: 130 },
  LFP: { nominalV: 3.2, maxCellAh: 210 },
  LMO: { nominalV: 3.75, maxCellAh: 70 },
};

/** Series count from the nominal voltage, parallel count as the fewest cells of plausible size. */
export function topologyFor(chem: Chemistry, ratedCapacityAh: number, nominalVoltageV: number): { topology: PackTopology; cellCapacityAh: number } {
  const c = CELL[chem];
  const seriesCells = Math.max(1, Math.round(nominalVoltageV / c.nominalV));
  const parallelCells = Math.max(1, Math.ceil(ratedCapacityAh / c.maxCellAh - 1e-9));
  return { topology: { seriesCells, parallelCells }, cellCapacityAh: ratedCapacityAh / parallelCells };
}

/** A fault that shows within a demo afternoon at 60× (onset after 1 simulated hour, self-discharge climbing fast). */
export const DEMO_FAULT: CellFault = {
  onsetS: 3600,
  leakPctPerMonthStart: 10,
  leakPctPerMonthPerDay: 15,
  leakPctPerMonthMax: 90,
  resistanceGrowthPerDay: 0.5,
};

export function demoFleet(batteries: readonly DemoBattery[], seed: number, o: DemoFleetOptions = {}): Omit<FleetDefinition, 'startMs'> {
  const rng = streamRng(seed, 0xdeed);
  const n = batteries.length;
  // stratified SoH so the spread 0.70–1.00 is covered even for a small fleet, then shuffled
  const sohs = Array.from({ length: n }, (_, k) => 1 - 0.3 * ((k + rng()) / Math.max(1, n)));
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [sohs[k], sohs[j]] = [sohs[j], sohs[k]];
  }
  const faulty = o.faultyIndex ?? (n > 0 ? Math.floor(rng() * n) : -1);
  const hot = n > 1 ? (faulty + 1) % n : -1;
  const careless = n > 2 ? (faulty + 2) % n : -1;
  const vehicles: VehicleConfig[] = batteries.map((b, k) => {
    const { topology, cellCapacityAh } = topologyFor(b.chemistry, b.ratedCapacityAh, b.nominalVoltageV);
    const packKwh = (b.ratedCapacityAh * b.nominalVoltageV) / 1000;
    const v: VehicleConfig = {
      batteryId: b.batteryId,
      participant: b.participant ?? o.participant ?? 'oem',
      chemistry: b.chemistry,
      topology,
      cellCapacityAh,
      initialSoh: Math.round(sohs[k] * 1000) / 1000,
      ageingMultiplier: Math.round(uniform(rng, 0.7, 1.8) * 100) / 100,
      initialSoc: uniform(rng, 0.3, 0.9),
      climate: pickOne(rng, ['central', 'central', 'central', 'north', 'south'] as const),
      habits: 'random',
      // kerb mass grows with the pack (≈6 kg/kWh at pack level plus the rest of the car)
      body: { massKg: Math.round(1400 + 6 * packKwh) },
      startDriving: rng() < 0.5,
    };
    if (k === faulty) v.fault = { ...DEMO_FAULT };
    if (k === hot) {
      v.climate = 'south';
      v.coolingWPerK = 20;
      v.habits = { commuteKm: 60, dcShare: 0.8, dcCharger: { mode: 'DC', powerW: 150_000 }, homeCharging: true, plugInBelowSoc: 0.5 };
    }
    if (k === careless) v.habits = { plugInBelowSoc: 0.12, enRouteDcBelowSoc: 0.05, abandonProbPerDay: 0.15, homeCharging: true };
    return v;
  });
  return {
    vehicles,
    seed,
    sim: { ageingTimeFactor: 50, ...o.sim },
    batch: { samplesPerBatch: o.samplesPerBatch ?? 30 },
  };
}
