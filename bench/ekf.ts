/**
 * Issue (digital twin) figures:
 * - ekf_steps_per_s: filter steps per second of the twin's EKF (ekfStep: update + predict, 5 states, allocation-free
 *   on one Float64Array) over a synthetic 1e6-sample LFP drive profile.
 * - ekf_vs_c_ratio: those steps/s ÷ steps/s of the same step written in C (bench/c/ekf_step.c, gcc -O2, compiled into
 *   a temp dir during the run), same input sequence, same run. Both SoC trajectories must agree (max |Δ| < 1e-9) so
 *   the C really does the same work. Medians over `repeats`. Goal ratio ≥ 0.33.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chemistryDefaults, chemistryOcv } from '../src/twin/core/model/chemistry.js';
import { createEkf, ekfStep, EKF_WORKSPACE, type EkfConfig } from '../src/twin/core/solvers/ekf.js';
import { TWIN_FILTER } from '../src/twin/core/solvers/soc-filter.js';
import { seededRng, syntheticRun } from '../src/twin/core/synthetic.js';
import type { Figure } from './passport.js';

const here = dirname(fileURLToPath(import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cfgVector(c: EkfConfig): number[] {
  return [
    +c.hysteresis, +c.biasState, +c.statisticalLinearisation, +c.observabilityNoise, +c.adaptiveNoise,
    c.sigmaVoltageV, c.quantStepV, c.ocvModelErrorV, c.ocvSocAxisError, c.overpotentialRelError, c.modelErrorCorrelationS,
    c.flatSlopeVPerSoc, c.currentNoiseA, c.biasDriftAPerSqrtS, c.hysteresisNoisePerSoc, c.rcNoiseVPerSqrtS,
  ];
}

function compile(dir: string): string {
  const probe = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('bench ekf: gcc not found — install gcc (e.g. apt-get install gcc) to measure the C ceiling');
  const exe = join(dir, 'ekf_step');
  execFileSync('gcc', ['-O2', '-o', exe, resolve(here, 'c/ekf_step.c'), '-lm'], { stdio: 'pipe' });
  return exe;
}

export async function benchEkf(repeats: number, log: (m: string) => void, steps = 1_000_000): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'batteryloop-ekf-'));
  try {
    const exe = compile(dir);
    // synthetic drive profile: random current steps (−2C…+2C, mean slightly discharging) held 1–30 s, SoC kept in range
    const capacityAh = 2.5;
    const ocv = chemistryOcv('LFP');
    const p = chemistryDefaults('LFP', capacityAh);
    const rng = seededRng(7);
    const timeS = new Float64Array(steps);
    const cur = new Float64Array(steps);
    let soc = 0.8;
    let level = 0;
    let hold = 0;
    for (let k = 0; k < steps; k++) {
      timeS[k] = k;
      if (hold-- <= 0) {
        hold = 1 + Math.floor(rng() * 30);
        level = (rng() * 4 - 2) * capacityAh;
        if (soc < 0.15) level = -Math.abs(level);
        if (soc > 0.9) level = Math.abs(level);
      }
      cur[k] = level;
      soc -= level / (3600 * capacityAh);
    }
    const run = syntheticRun(ocv, p, timeS, cur, { soc: 0.8, v1V: 0, v2V: 0, h: 0 }, { voltageNoiseV: 0.002, currentNoiseA: 0.01, currentBiasA: 0.02, quantStepV: 0 }, 8);
    const cfg = TWIN_FILTER.ekf;
    const w0 = createEkf(cfg, { soc: 0.5, sigmaSoc: 0.3, sigmaRcV: 0.02, sigmaBiasA: 0.05 });
    const header = [ocv.n, ...ocv.midV, ...ocv.halfWidthV, ...ocv.slopeVPerSoc, ...ocv.halfSlopeVPerSoc, p.capacityAh, p.r0Ohm, p.r1Ohm, p.tau1S, p.r2Ohm, p.tau2S, p.hysteresisSocScale, ...cfgVector(cfg), ...w0, steps, 1];
    const input = new Float64Array(header.length + 2 * steps);
    input.set(header, 0);
    input.set(run.currentA, header.length);
    input.set(run.voltageV, header.length + steps);
    const inPath = join(dir, 'in.bin');
    const outPath = join(dir, 'out.bin');
    writeFileSync(inPath, input);
    const socTs = new Float64Array(steps);
    const w = new Float64Array(EKF_WORKSPACE);
    const tsRun = () => {
      w.set(w0);
      const t0 = performance.now();
      for (let k = 0; k < steps; k++) {
        ekfStep(w, ocv, p, cfg, run.currentA[k], run.voltageV[k], 1);
        socTs[k] = w[0];
      }
      return (performance.now() - t0) / 1000;
    };
    const cRun = () => Number(execFileSync(exe, [inPath, outPath], { encoding: 'utf8' }).trim());
    tsRun(); // warm-up (JIT)
    cRun();
    const tsRate: number[] = [];
    const cRate: number[] = [];
    const ratio: number[] = [];
    let maxDiff = 0;
    for (let r = 0; r < repeats; r++) {
      const sc = cRun();
      const st = tsRun();
      const socC = new Float64Array(readFileSync(outPath).buffer.slice(0));
      for (let k = 0; k < steps; k++) maxDiff = Math.max(maxDiff, Math.abs(socC[k] - socTs[k]));
      tsRate.push(steps / st);
      cRate.push(steps / sc);
      ratio.push(sc / st);
      log(`  run ${r + 1}: ts ${(steps / st / 1e6).toFixed(2)} M steps/s, c ${(steps / sc / 1e6).toFixed(2)} M steps/s`);
    }
    if (!(maxDiff < 1e-9)) throw new Error(`bench ekf: C and TypeScript SoC trajectories differ by ${maxDiff}`);
    let rmse = 0;
    for (let k = 0; k < steps; k++) rmse += (socTs[k] - run.trueSoc[Math.min(steps - 1, k + 1)]) ** 2;
    const detail = { steps, repeats, ts_steps_per_s: median(tsRate), c_steps_per_s: median(cRate), max_soc_diff_c_ts: maxDiff, soc_rmse_vs_truth: Math.sqrt(rmse / steps) };
    return [
      { name: 'ekf_steps_per_s', backend: 'cpu', value: median(tsRate), detail },
      { name: 'ekf_vs_c_ratio', backend: 'cpu', value: median(ratio), goal: '>= 0.33', detail },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
