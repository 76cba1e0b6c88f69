import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chemistryDefaults, chemistryOcv } from './model/chemistry.js';
import { syntheticRun } from './synthetic.js';
import { makeTwinParams } from './twin-params.js';
import { createTwinState, stepTwin, type SampleBatch } from './twin-state.js';

function cellRun() {
  const capAh = 2;
  const n = 4 * 3600;
  const t = Float64Array.from({ length: n }, (_, k) => k);
  // 2.5 h of 1C discharge pulses (5 min on, 10 min rest: 95 % → 12 %), then 1.5 h of C/2 recharge (→ 87 %)
  const i = Float64Array.from(t, (k) => (k < 2.5 * 3600 ? (Math.floor(k / 300) % 3 === 0 ? capAh : 0) : -capAh * 0.5));
  const run = syntheticRun(chemistryOcv('NMC'), chemistryDefaults('NMC', capAh), t, i, { soc: 0.95, v1V: 0, v2V: 0, h: 0 }, { voltageNoiseV: 0.002, currentNoiseA: 0.005, currentBiasA: 0, quantStepV: 0 }, 9);
  return { t, run, capAh };
}

test('reducer: batch boundaries and a JSON round trip of the state change nothing', () => {
  const { t, run, capAh } = cellRun();
  const params = makeTwinParams({ chemistry: 'NMC', capacityAh: capAh });
  const whole = stepTwin(createTwinState(params, { soc: 0.5 }), { timeS: t, packCurrentA: run.currentA, packVoltageV: run.voltageV }, params);
  let state = createTwinState(params, { soc: 0.5 });
  const socs: number[] = [];
  for (let a = 0; a < t.length; a += 997) {
    const b = Math.min(t.length, a + 997);
    const r = stepTwin(state, { timeS: t.subarray(a, b), packCurrentA: run.currentA.subarray(a, b), packVoltageV: run.voltageV.subarray(a, b) }, params);
    state = JSON.parse(JSON.stringify(r.state)); // persisted by a worker and resumed
    socs.push(...r.outputs.soc);
  }
  for (let k = 0; k < t.length; k += 101) assert.ok(Math.abs(socs[k] - whole.outputs.soc[k]) < 1e-12, `sample ${k}`);
  const last = t.length - 1;
  assert.ok(Math.abs(whole.outputs.soc[last] - run.trueSoc[last]) < 0.03, `final SoC ${whole.outputs.soc[last]} vs ${run.trueSoc[last]}`);
  assert.ok(whole.outputs.summary.ageing.dischargedAh > 1.6 && whole.outputs.summary.ageing.dischargedAh < 1.75);
});

test('reducer: a 96s3p pack gives the mean-cell SoC, pack-scaled energy and power; events drive SoS', () => {
  const { t, run, capAh } = cellRun();
  const cell = makeTwinParams({ chemistry: 'NMC', capacityAh: capAh });
  const topo = { seriesCells: 96, parallelCells: 3 };
  const pack = makeTwinParams({ chemistry: 'NMC', capacityAh: capAh, topology: topo, certifiedUsableEnergyWh: 96 * 3 * 2 * 3.7 });
  const n = 3600;
  const batch = (s: number, p: number): SampleBatch => ({
    timeS: t.subarray(0, n),
    packCurrentA: Float64Array.from(run.currentA.subarray(0, n), (x) => x * p),
    packVoltageV: Float64Array.from(run.voltageV.subarray(0, n), (x) => x * s),
  });
  const a = stepTwin(createTwinState(cell, { soc: 0.9 }), { ...batch(1, 1), maxTempC: new Float64Array(n).fill(30) }, cell).outputs;
  const b = stepTwin(createTwinState(pack, { soc: 0.9 }), { ...batch(96, 3), maxTempC: new Float64Array(n).fill(30), events: [{ index: 100, kind: 'crash' }] }, pack).outputs;
  assert.ok(Math.abs(a.soc[n - 1] - b.soc[n - 1]) < 1e-9, `${a.soc[n - 1]} vs ${b.soc[n - 1]}`);
  assert.ok(Math.abs(b.soeWh[n - 1] / a.soeWh[n - 1] - 288) < 1e-6);
  assert.ok(Math.abs(b.sopDischargeW[1][n - 1] / a.sopDischargeW[1][n - 1] - 288) < 1e-3);
  assert.equal(b.sos[50], 1);
  assert.equal(b.sos[n - 1], 0.2);
  assert.equal(b.sosDriver[n - 1], 'negativeEvents');
  assert.ok(b.summary.soce !== null && b.summary.soce > 0.9 && b.summary.soce < 1.1, `SOCE ${b.summary.soce}`);
});
