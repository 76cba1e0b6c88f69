import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chemistryOcv } from './model/chemistry.js';
import { simulateCell } from './model/ecm.js';
import { fitCell } from './fit.js';
import { seededRng, gaussian } from './synthetic.js';
import { ocvTableFromCsv, readNumericCsv, requireColumn } from '../adapters/csv.js';
import { hasShared, sharedPath } from '../../../test/support/shared.js';

test('cell fit recovers known 2-RC parameters from a noisy synthetic HPPC pulse', () => {
  const ocv = chemistryOcv('NMC');
  const truth = { capacityAh: 5, r0Ohm: 0.012, r1Ohm: 0.006, tau1S: 4, r2Ohm: 0.009, tau2S: 80, hysteresisSocScale: 0.05 };
  const t = Float64Array.from({ length: 600 }, (_, k) => k * 0.5);
  const i = Float64Array.from(t, (s) => (s >= 10 && s < 40 ? 5 : s >= 160 && s < 170 ? -3.75 : 0));
  const sim = simulateCell(ocv, truth, t, i, { soc: 0.5, v1V: 0, v2V: 0, h: 0 });
  const rng = seededRng(2);
  const v = Float64Array.from(sim.voltageV, (x) => x + 0.0005 * gaussian(rng));
  const r = fitCell({ timeS: t, currentA: i, voltageV: v }, ocv, { capacityAh: 5, initialSoc: 0.5 });
  const rel = (a: number, b: number) => Math.abs(a / b - 1);
  assert.ok(rel(r.r0Ohm, truth.r0Ohm) < 0.05, `R0 ${r.r0Ohm}`);
  assert.ok(rel(r.r1Ohm + r.r2Ohm, truth.r1Ohm + truth.r2Ohm) < 0.1, `R1+R2 ${r.r1Ohm + r.r2Ohm}`);
  assert.ok(rel(r.tau2S, truth.tau2S) < 0.3, `τ2 ${r.tau2S}`);
  assert.ok(r.rmseV < 0.001);
});

const pulseFile = sharedPath('datasets/second-life-ecm-ocv/csv/pulse_timeseries_Cylind21.csv');
test(
  'cell fit on second-life Cylind21 pulses (charge-positive file, sign flipped): voltage RMSE per SoC level',
  { skip: hasShared && existsSync(pulseFile) ? false : '../shared absent: second-life-ecm-ocv pulse data needed' },
  () => {
    const pulses = readNumericCsv(pulseFile);
    const ocvCsv = readNumericCsv(sharedPath('datasets/second-life-ecm-ocv/csv/ocv_soc_eol_Cylind21.csv'));
    const b = requireColumn(ocvCsv, 'BatteryIndex', 'ocv');
    const keep: number[] = [];
    b.forEach((x, k) => x === 1 && keep.push(k));
    const ocv = ocvTableFromCsv({ header: ocvCsv.header, rows: keep.length, columns: new Map([...ocvCsv.columns].map(([k, v]) => [k, Float64Array.from(keep, (j) => v[j])])) }, 'c01');
    const soc = requireColumn(pulses, 'soc_pct', 'p');
    const t = requireColumn(pulses, 'time_s', 'p');
    const i = requireColumn(pulses, 'current_A', 'p');
    const v = requireColumn(pulses, 'V_c01_SOH0.9121', 'p');
    const rmse: number[] = [];
    for (const lvl of [10, 30, 50]) {
      const rows: number[] = [];
      soc.forEach((s, k) => s === lvl && rows.push(k));
      const r = fitCell({ timeS: Float64Array.from(rows, (k) => t[k]), currentA: Float64Array.from(rows, (k) => -i[k]), voltageV: Float64Array.from(rows, (k) => v[k]) }, ocv, { capacityAh: 2.1 * 0.9121, initialSoc: lvl / 100 });
      rmse.push(r.rmseV);
      // NMC 18650-class ohmic resistance: 10–40 mΩ
      assert.ok(r.r0Ohm > 0.01 && r.r0Ohm < 0.04, `R0 at ${lvl} %: ${r.r0Ohm}`);
    }
    // measured: 4.7, 3.0, 1.2 mV (docs/twin-validation.md); bound with margin
    assert.ok(Math.max(...rmse) < 0.006, `RMSE ${rmse.map((x) => (x * 1000).toFixed(2)).join(', ')} mV`);
  },
);
