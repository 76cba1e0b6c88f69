import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasShared, sharedPath } from '../../../test/support/shared.js';
import { loadPulseArtifact } from '../adapters/files.js';
import { readPulseBatCsv } from '../adapters/pulsebat.js';
import { gradeFor, NOMINAL_VOLTAGE_V } from './grade.js';
import { coverage, mapePct } from './metrics.js';
import { predictFromFeatures, predictFromPulseTest } from './predict.js';
import { synthesiseFromFeatures } from './synthetic.js';

const artifact = loadPulseArtifact();
const skip = hasShared ? false : '../shared absent: PulseBat rows are needed to check the committed artifact';
const rows = hasShared ? readPulseBatCsv(sharedPath('datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv')) : [];

test('the committed artifact records provenance, seed and grouped-CV metrics', () => {
  assert.match(artifact.modelVersion, /^soh-pulse-1\.0\.0\+[0-9a-f]{12}$/);
  assert.match(artifact.data.sha256, /^[0-9a-f]{64}$/);
  assert.equal(typeof artifact.seed, 'number');
  for (const chem of ['NMC', 'LMO', 'LFP']) {
    const m = artifact.chemistries[chem];
    assert.ok(m.cv.mapePct > 0 && m.cv.mapePct < 5, `${chem} CV MAPE ${m.cv.mapePct}`);
    assert.ok(m.cv.coverage > 0.8, `${chem} coverage ${m.cv.coverage}`);
    assert.ok(m.conformal.quantile > 0.01 && m.conformal.quantile < 0.1);
  }
});

test('the artifact predicts the ../shared rows (in-sample MAPE measured 1.1–1.8 % per chemistry, bound 2.5 %)', { skip }, () => {
  for (const chem of ['NMC', 'LMO', 'LFP']) {
    const R = rows.filter((r) => r.chem === chem);
    const p = R.map((r) => predictFromFeatures(artifact, { chem: r.chem, qnAh: r.qnAh, u: r.u }));
    const ok = p.flatMap((x, i) => (x.ok ? [{ x, y: R[i].soh }] : []));
    assert.equal(ok.length, R.length, `${chem}: ${R.length - ok.length} rows refused`);
    const mape = mapePct(ok.map((o) => o.y), ok.map((o) => o.x.sohPred));
    assert.ok(mape < 2.5, `${chem} MAPE ${mape}`);
    assert.ok(coverage(ok.map((o) => o.y), ok.map((o) => o.x.sohLow), ok.map((o) => o.x.sohHigh)) > 0.9);
  }
});

test('a prediction carries interval, grade on the lower bound, remaining capacity and energy', { skip }, () => {
  const r = rows.find((x) => x.chem === 'LMO')!;
  const p = predictFromFeatures(artifact, { chem: r.chem, qnAh: r.qnAh, u: r.u });
  assert.ok(p.ok);
  assert.ok(p.sohLow < p.sohPred && p.sohPred < p.sohHigh);
  assert.equal(p.grade, gradeFor(p.sohLow));
  assert.equal(p.coverage, 0.9);
  assert.ok(Math.abs(p.remainingCapacityAh - p.sohPred * 10) < 1e-12);
  assert.ok(Math.abs(p.remainingEnergyWh - p.remainingCapacityAh * NOMINAL_VOLTAGE_V.LMO) < 1e-9);
  assert.equal(p.modelVersion, artifact.modelVersion);
});

test('a raw pulse test synthesised from a real row gives the same SoH as its feature row', { skip }, () => {
  for (const r of [rows.find((x) => x.chem === 'NMC' && x.qnAh === 21)!, rows.find((x) => x.chem === 'LFP')!]) {
    const direct = predictFromFeatures(artifact, { chem: r.chem, qnAh: r.qnAh, u: r.u });
    const viaSeries = predictFromPulseTest(artifact, synthesiseFromFeatures(r.u, r.qnAh), r.chem, r.qnAh);
    assert.ok(direct.ok && viaSeries.ok, JSON.stringify(viaSeries).slice(0, 300));
    assert.ok(Math.abs(direct.sohPred - viaSeries.sohPred) < 0.01, `${direct.sohPred} vs ${viaSeries.sohPred}`);
    assert.equal(viaSeries.segments.filter((s) => s.kind === 'pulse').length, 5);
  }
});

test('refusals: unknown chemistry, missing feature, pack voltage, absurd capacity, inconsistent overpotentials', () => {
  const u = [3.6, 3.62, 3.63, 3.61, 3.601, 3.58, 3.57, 3.59, 3.599, 3.64, 3.66, 3.62, 3.602, 3.56, 3.54, 3.58, 3.598, 3.66, 3.69, 3.63, 3.603];
  const code = (x: ReturnType<typeof predictFromFeatures>) => (x.ok ? 'ok' : x.code);
  assert.equal(code(predictFromFeatures(artifact, { chem: 'NCA', qnAh: 21, u })), 'unknown-chemistry');
  assert.equal(code(predictFromFeatures(artifact, { chem: 'NMC', qnAh: 21, u: u.slice(0, 20) })), 'missing-feature');
  const withNaN = [...u];
  withNaN[6] = NaN;
  const r = predictFromFeatures(artifact, { chem: 'NMC', qnAh: 21, u: withNaN });
  assert.ok(!r.ok && r.code === 'missing-feature' && r.reason.includes('U7'));
  assert.equal(code(predictFromFeatures(artifact, { chem: 'NMC', qnAh: 21, u: u.map((v) => v * 96) })), 'out-of-range');
  assert.equal(code(predictFromFeatures(artifact, { chem: 'NMC', qnAh: -1, u })), 'invalid-capacity');
  // discharge pulse that raises the voltage: physically impossible, far outside the training ranges
  const swapped = [...u];
  swapped[6] = 3.8;
  assert.equal(code(predictFromFeatures(artifact, { chem: 'NMC', qnAh: 21, u: swapped })), 'out-of-range');
  assert.equal(code(predictFromPulseTest(artifact, { timeS: [], currentA: [], voltageV: [] }, 'XYZ', 21)), 'unknown-chemistry');
});

test('grades follow the 70–80 % end-of-first-life band', () => {
  assert.equal(gradeFor(0.85), 'A');
  assert.equal(gradeFor(0.8), 'A');
  assert.equal(gradeFor(0.75), 'B');
  assert.equal(gradeFor(0.65), 'C');
  assert.equal(gradeFor(0.4), 'D');
});
