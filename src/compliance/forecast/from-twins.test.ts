import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterStartUp, DAY_MS, equivalentAgeYears, forecastFromTwin, monthlyBins, trajectoryNoiseSd, TWIN_SOH_ERROR, YEAR_MS, type TwinSohPoint } from './from-twins.js';
import { eolAgeYears, eolDistribution } from './eol.js';
import { CHEMISTRY_PRIORS } from './priors.js';
import { gaussian, seededRng } from './rng.js';
import { monthIndex } from './aggregate.js';
import { runTwinBacktest } from './twin-backtest.js';

const T0 = Date.UTC(2018, 0, 1);
const daily = (fromDay: number, toDay: number, soh: (ageYears: number, day: number) => number): TwinSohPoint[] => {
  const out: TwinSohPoint[] = [];
  for (let d = fromDay; d < toDay; d++) {
    const tMs = T0 + d * DAY_MS + 3600_000;
    out.push({ tMs, soh: soh((tMs - T0) / YEAR_MS, d) });
  }
  return out;
};

test('start-up: the run at the registration value and the burn-in after the first update are dropped', () => {
  const pts = [...daily(0, 3, () => 1), ...daily(3, 40, (t) => 0.9 - 0.01 * t)];
  const kept = afterStartUp(pts, 14);
  assert.equal(kept[0].tMs, pts[3 + 14].tMs);
  assert.equal(kept.length, 40 - 3 - 14);
  assert.deepEqual(afterStartUp(daily(0, 30, () => 1), 14), [], 'an estimator that never moved gives nothing');
});

test('monthly bins: medians ignore glitches, days count distinct days, out-of-range values are dropped', () => {
  const pts = daily(0, 31, () => 0.9); // January 2018
  pts.push({ tMs: pts[5].tMs + 60_000, soh: 0.5 }, { tMs: pts[6].tMs + 60_000, soh: 0.52 }, { tMs: pts[7].tMs, soh: 7 });
  const bins = monthlyBins(pts);
  assert.equal(bins.length, 1);
  assert.equal(bins[0].soh, 0.9);
  assert.equal(bins[0].days, 31);
  assert.equal(bins[0].points, 33, 'the value 7 is outside the plausible range');
  assert.equal(bins[0].month, monthIndex(2018, 1));
});

test('trajectory noise matches the variance of the mean of correlated monthly averages (Monte Carlo of the OU part)', () => {
  const model = { ...TWIN_SOH_ERROR, persistentShare: 0 };
  const rng = seededRng(5);
  const rho = Math.exp(-1 / model.correlationDays);
  for (const months of [1, 6, 36]) {
    const days = Math.round(months * 30.4375);
    const reps = 3000;
    let sumSq = 0;
    for (let r = 0; r < reps; r++) {
      let u = model.sd * gaussian(rng);
      let monthSum = 0;
      for (let d = 0; d < days; d++) {
        u = rho * u + Math.sqrt(1 - rho * rho) * model.sd * gaussian(rng);
        monthSum += u;
      }
      sumSq += (monthSum / days) ** 2;
    }
    const simulated = sumSq / reps;
    const s = trajectoryNoiseSd(Array.from({ length: months }, () => ({ days: 30 })), model);
    const implied = s ** 2 / months;
    assert.ok(Math.abs(implied / simulated - 1) < 0.12, `${months} months: implied ${implied} vs simulated ${simulated}`);
  }
  // a month seen on one day carries a single OU value
  assert.ok(Math.abs(trajectoryNoiseSd([{ days: 1 }], model) - model.sd) < 1e-12);
});

test('a short trajectory gets the chemistry prior conditioned on its age, exactly', () => {
  const service = Date.UTC(2016, 5, 1);
  const pts = daily(0, 18, (t, d) => (d < 2 ? 1 : 0.91)); // two converged days after the 14-day burn-in: no usable month
  const now = T0 + 30 * DAY_MS;
  const f = forecastFromTwin({ batteryId: 'B', chemistry: 'LFP', site: 'S', puttingIntoServiceMs: service, points: pts, inServiceAtMs: now }, seededRng(9));
  assert.equal(f.basis, 'prior');
  assert.equal(f.origin, 'puttingIntoService');
  assert.equal(f.binsUsed, 0);
  const ref = eolDistribution([], CHEMISTRY_PRIORS.LFP, seededRng(9), { inServiceAtAgeYears: (now - service) / YEAR_MS });
  assert.deepEqual(f.eol.samplesYears, ref.samplesYears);
});

test('a long noisy trajectory brackets the true EoL and is sharper than the prior', () => {
  const a = 0.05;
  const z = 0.8;
  const truth = eolAgeYears(a, z, 0.8);
  const noise = seededRng(3);
  const bias = 0.006;
  const pts = daily(0, 5 * 365, (t, d) => (d < 2 ? 1 : 1 - a * t ** z + bias + 0.015 * gaussian(noise)));
  const now = T0 + 5 * 365 * DAY_MS;
  const input = { batteryId: 'B', chemistry: 'NMC', site: 'S', puttingIntoServiceMs: T0, points: pts, inServiceAtMs: now };
  const f = forecastFromTwin(input, seededRng(4));
  assert.equal(f.basis, 'trajectory');
  assert.ok(f.binsUsed >= 58, `bins ${f.binsUsed}`);
  const q = f.eol.quantilesYears;
  assert.ok(q.p05 < truth && truth < q.p95, `truth ${truth} outside [${q.p05}, ${q.p95}]`);
  assert.ok(Math.abs(q.p50 - truth) < 1.2, `median ${q.p50} vs ${truth}`);
  const prior = eolDistribution([], CHEMISTRY_PRIORS.NMC, seededRng(4), { inServiceAtAgeYears: 5 });
  assert.ok(q.p95 - q.p05 < 0.6 * (prior.quantilesYears.p95 - prior.quantilesYears.p05), 'data narrow the interval');
  // a persistent error no amount of points averages away must widen the interval
  const noBias = forecastFromTwin(input, seededRng(4), { error: { ...TWIN_SOH_ERROR, persistentShare: 0 } }).eol.quantilesYears;
  const allBias = forecastFromTwin(input, seededRng(4), { error: { ...TWIN_SOH_ERROR, persistentShare: 0.8 } }).eol.quantilesYears;
  assert.ok(allBias.p95 - allBias.p05 > 1.2 * (noBias.p95 - noBias.p05), `${allBias.p95 - allBias.p05} vs ${noBias.p95 - noBias.p05}`);
});

test('without a putting-into-service date the age is the ageing-model equivalent age of the first converged level', () => {
  const prior = CHEMISTRY_PRIORS.NMC;
  // a pack that ages exactly on the chemistry's mean curve, connected to the twin at age 4
  const pts = daily(4 * 365, 6 * 365, (t) => 1 - prior.aMean * t ** prior.zMean);
  const f = forecastFromTwin({ batteryId: 'B', chemistry: 'NMC', site: 'S', puttingIntoServiceMs: null, points: pts, inServiceAtMs: pts[pts.length - 1].tMs }, seededRng(1));
  assert.equal(f.origin, 'equivalentAge');
  assert.ok(Math.abs(f.commissionedMs - T0) < 20 * DAY_MS, `commissioned ${new Date(f.commissionedMs).toISOString()}`);
  assert.equal(equivalentAgeYears(1, prior), 0);
  const none = forecastFromTwin({ batteryId: 'B', chemistry: 'NMC', site: 'S', puttingIntoServiceMs: null, points: [], inServiceAtMs: T0 }, seededRng(1));
  assert.equal(none.origin, 'assumedNewAtFirstTelemetry');
  assert.equal(none.basis, 'prior');
});

test('twin-like backtest: calibrated with binning and weighting, overconfident without', () => {
  const spec = { fleet: { size: 300, seed: 7, commissionedFrom: monthIndex(2012, 1), commissionedTo: monthIndex(2020, 12) }, cutMonth: monthIndex(2025, 1), horizonMonths: 36, seed: 7, mcDraws: 400 };
  const r = runTwinBacktest(spec);
  // measured (seed 7): 80 % → 0.778, 90 % → 0.882, MAE 25.6 months; seeds 1, 2: 0.81/0.92 and 0.77/0.91
  assert.equal(r.basis.prior, 0);
  assert.ok(r.eolCoverage80 >= 0.7 && r.eolCoverage80 <= 0.9, `80 % coverage ${r.eolCoverage80}`);
  assert.ok(r.eolCoverage90 >= 0.82 && r.eolCoverage90 <= 0.97, `90 % coverage ${r.eolCoverage90}`);
  assert.ok(r.monthlyTotal.coverage90 >= 0.8, `fleet monthly 90 % coverage ${r.monthlyTotal.coverage90}`);
  assert.ok(Math.abs(r.expectedInHorizon - r.trueInHorizon) < 0.25 * r.trueInHorizon + 5, `${r.expectedInHorizon} vs ${r.trueInHorizon}`);
  const priorOnly = runTwinBacktest({ ...spec, forecast: { minUsableBins: Number.MAX_SAFE_INTEGER } });
  assert.equal(priorOnly.basis.trajectory, 0);
  assert.ok(r.eolMaeMonths < 0.7 * priorOnly.eolMaeMonths, `twin ${r.eolMaeMonths} vs prior-only ${priorOnly.eolMaeMonths} months`);
  const naive = runTwinBacktest({ ...spec, naive: true });
  assert.ok(naive.eolCoverage90 < 0.5, `naive 90 % coverage ${naive.eolCoverage90}`);
});
