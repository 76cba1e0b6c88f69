/**
 * Issue 5/9 figure:
 * - soh_pulse_inference_ms: one rapid-SoH inference from a raw 115 s pulse test logged at 100 Hz (feature extraction
 *   over ~11,500 samples, the tree ensemble, the conformal interval), median over repeated runs.
 *   The ceiling measured in the same run is one pass over the same samples (min, max and mean of current and voltage:
 *   the least any method must do to read the test); `ratio` = ceiling ÷ inference time.
 *   `features_only_us` is the model plus interval on ready U1–U21 features.
 * Needs a PulseBat feature row from ../shared to synthesise a realistic test; skipped with a message without it.
 */
import { performance } from 'node:perf_hooks';
import { loadPulseArtifact, predictFromFeatures, predictFromPulseTest } from '../src/diagnostics/index.js';
import { readPulseBatCsv } from '../src/diagnostics/adapters/pulsebat.js';
import { synthesiseFromFeatures } from '../src/diagnostics/core/synthetic.js';
import { hasShared, sharedPath } from '../test/support/shared.js';
import { median } from './load.js';
import type { Figure } from './passport.js';

function onePass(t: { currentA: ArrayLike<number>; voltageV: ArrayLike<number> }): number {
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  for (let i = 0; i < t.voltageV.length; i++) {
    const v = t.voltageV[i];
    const c = t.currentA[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sum += v + c;
  }
  return lo + hi + sum;
}

export async function benchSoh(repeats: number, log: (m: string) => void): Promise<Figure[]> {
  if (!hasShared) {
    log('soh: ../shared absent (PulseBat rows synthesise the test): figure skipped');
    return [];
  }
  const row = readPulseBatCsv(sharedPath('datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv')).find((r) => r.chem === 'NMC' && r.socPct === 50)!;
  const a = loadPulseArtifact();
  const ts = synthesiseFromFeatures(row.u, row.qnAh, { sampleRateHz: 100 });
  const inner = 20;
  const inferMs: number[] = [];
  const passMs: number[] = [];
  const featUs: number[] = [];
  let sink = 0;
  for (let r = 0; r < Math.max(repeats, 5); r++) {
    let t0 = performance.now();
    for (let i = 0; i < inner; i++) {
      const p = predictFromPulseTest(a, ts, row.chem, row.qnAh);
      if (!p.ok) throw new Error(`pulse inference refused: ${p.reason}`);
      sink += p.sohPred;
    }
    inferMs.push((performance.now() - t0) / inner);
    t0 = performance.now();
    for (let i = 0; i < inner; i++) sink += onePass(ts);
    passMs.push((performance.now() - t0) / inner);
    t0 = performance.now();
    for (let i = 0; i < inner * 10; i++) {
      const p = predictFromFeatures(a, { chem: row.chem, qnAh: row.qnAh, u: row.u });
      if (p.ok) sink += p.sohPred;
    }
    featUs.push(((performance.now() - t0) / (inner * 10)) * 1000);
  }
  if (!Number.isFinite(sink)) throw new Error('an inference returned a non-finite SoH');
  const ms = median(inferMs);
  const pass = median(passMs);
  log(`soh: pulse test (${ts.voltageV.length} samples) inferred in ${ms.toFixed(2)} ms (median), one pass over it ${pass.toFixed(3)} ms; features only ${median(featUs).toFixed(1)} µs`);
  return [{ name: 'soh_pulse_inference_ms', backend: 'cpu', value: ms, goal: '', detail: { samples: ts.voltageV.length, one_pass_ms: pass, ratio: pass / ms, features_only_us: median(featUs) } }];
}
