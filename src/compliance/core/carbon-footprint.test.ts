import { test } from 'node:test';
import assert from 'node:assert/strict';
import { avoidedByRoute, carbonFootprint, performanceClass, FootprintError, type FootprintContribution } from './carbon-footprint.js';

const src = 'illustrative input for the test';
const contributions: FootprintContribution[] = [
  { stage: 'raw-material-acquisition-and-pre-processing', description: 'cathode materials', kgCO2e: 3000, source: src },
  { stage: 'raw-material-acquisition-and-pre-processing', description: 'anode + foils', kgCO2e: 1000, source: 'supplier EPD' },
  { stage: 'main-product-production', description: 'cell + pack assembly', kgCO2e: 1500, source: src },
  { stage: 'distribution', description: 'sea + truck', kgCO2e: 200, source: src },
  { stage: 'end-of-life-and-recycling', description: 'hydro recycling', kgCO2e: 300, source: src },
];

test('stage sums, per-kWh values and shares add up to the total', () => {
  const r = carbonFootprint({ modelId: 'M', lifetimeEnergyKWh: 100_000, contributions });
  assert.equal(r.totalKgCO2e, 6000);
  assert.equal(r.perKWh, 0.06);
  const raw = r.byStage.find((s) => s.stage === 'raw-material-acquisition-and-pre-processing')!;
  assert.equal(raw.kgCO2e, 4000);
  assert.deepEqual(raw.sources, [src, 'supplier EPD']);
  assert.ok(Math.abs(r.byStage.reduce((a, s) => a + s.perKWh, 0) - r.perKWh) < 1e-12);
  assert.ok(Math.abs(r.byStage.reduce((a, s) => a + s.sharePct, 0) - 100) < 1e-9);
  assert.equal(r.byStage.length, 4);
});

test('refuses a contribution without source, the use stage, and a zero functional unit', () => {
  assert.throws(() => carbonFootprint({ modelId: 'M', lifetimeEnergyKWh: 1, contributions: [{ ...contributions[0], source: ' ' }] }), /no source/);
  assert.throws(() => carbonFootprint({ modelId: 'M', lifetimeEnergyKWh: 1, contributions: [{ ...contributions[0], stage: 'use' as never }] }), FootprintError);
  assert.throws(() => carbonFootprint({ modelId: 'M', lifetimeEnergyKWh: 0, contributions }), FootprintError);
});

test('performance class from supplied thresholds (inclusive upper bound), provisional', () => {
  const t = [{ label: 'B', maxPerKWh: 0.08 }, { label: 'A', maxPerKWh: 0.05 }, { label: 'C', maxPerKWh: 0.12 }];
  assert.equal(performanceClass(0.05, t).label, 'A');
  assert.equal(performanceClass(0.0600001, t).label, 'B');
  assert.equal(performanceClass(0.2, t).label, null);
  assert.equal(performanceClass(0.05, t).provisional, true);
  assert.match(performanceClass(0.05, t).note, /not adopted/);
});

test('CO2 avoided per EoL route vs a new battery, best first', () => {
  const r = avoidedByRoute(6000, [
    { route: 'recycling-hydro', processKgCO2e: 300, displacedNewBatteryShare: 0, source: src,
      materialCredits: [{ element: 'Ni', recoveredKg: 73, primaryKgCO2ePerKg: 13, source: src }, { element: 'Co', recoveredKg: 24.5, primaryKgCO2ePerKg: 30, source: src }] },
    { route: 'repurpose', processKgCO2e: 400, displacedNewBatteryShare: 0.5, materialCredits: [], source: src },
  ]);
  assert.deepEqual(r.map((x) => x.route), ['repurpose', 'recycling-hydro']);
  assert.equal(r[0].avoidedKgCO2e, 2600);
  assert.ok(Math.abs(r[1].avoidedKgCO2e - (73 * 13 + 24.5 * 30 - 300)) < 1e-9);
});
