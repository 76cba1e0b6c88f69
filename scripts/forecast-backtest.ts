/**
 * Prints the returns-forecast backtest table on simulated fleets with known truth (src/compliance/forecast).
 * Usage: npx tsx scripts/forecast-backtest.ts [size=300] [seeds=1,2,3,4,5,6,7,8]
 * One row per seed, then the pooled figures, then a stress row where the forecaster assumes 5× too little noise
 * (shows the calibration check is able to fail).
 */
import { monthIndex, monthLabel, runBacktest, type BacktestResult, type BacktestSpec } from '../src/compliance/forecast/index.js';

const size = Number(process.argv[2] ?? 300);
const seeds = (process.argv[3] ?? '1,2,3,4,5,6,7,8').split(',').map(Number);
const cutMonth = monthIndex(2025, 1);
const horizonMonths = 36;
const spec = (seed: number): BacktestSpec => ({
  fleet: { size, seed, commissionedFrom: monthIndex(2012, 1), commissionedTo: monthIndex(2020, 12), noiseSd: 0.01 },
  cutMonth,
  horizonMonths,
  seed,
  mcDraws: 1000,
});
const pct = (x: number) => `${(100 * x).toFixed(1)}`;

console.log(`Returns forecast backtest — ${size}-pack simulated fleets, commissioned 2012–2020, SoH noise 1 %, cut ${monthLabel(cutMonth)}, horizon ${horizonMonths} months, EoL at 80 % SoH, return lag uniform 1–6 months`);
console.log('');
console.log('| run | packs in service | median pts | EoL MAE (mo) | EoL cov 80/90 % | cell-month MAE (mean true) | cell-month cov 80/90 % | fleet-month MAE (mean true) | fleet-month cov 80/90 % | cell 36-mo total cov 80/90 | expected / true arrivals |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const row = (name: string, r: BacktestResult) =>
  console.log(
    `| ${name} | ${r.batteries} | ${r.medianPoints} | ${r.eolMaeMonths.toFixed(1)} | ${pct(r.eolCoverage80)} / ${pct(r.eolCoverage90)} | ` +
      `${r.monthly.maeCount.toFixed(2)} (${r.monthly.meanTrueCount.toFixed(2)}) | ${pct(r.monthly.coverage80)} / ${pct(r.monthly.coverage90)} | ` +
      `${r.monthlyTotal.maeCount.toFixed(2)} (${r.monthlyTotal.meanTrueCount.toFixed(2)}) | ${pct(r.monthlyTotal.coverage80)} / ${pct(r.monthlyTotal.coverage90)} | ` +
      `${r.totals.in80}/${r.totals.cells} · ${r.totals.in90}/${r.totals.cells} | ${r.expectedInHorizon.toFixed(1)} / ${r.trueInHorizon} |`,
  );

const results = seeds.map((seed) => runBacktest(spec(seed)));
results.forEach((r, i) => row(`seed ${seeds[i]}`, r));
// Pooled: weight per-pack metrics by packs and per-cell metrics by cells.
const sum = (f: (r: BacktestResult) => number) => results.reduce((s, r) => s + f(r), 0);
const packs = sum((r) => r.batteries);
const cellMonths = sum((r) => r.monthly.cells);
const fleetMonths = sum((r) => r.monthlyTotal.cells);
const cells = sum((r) => r.totals.cells);
console.log(
  `| **pooled ${seeds.length} seeds** | ${packs} | – | ${(sum((r) => r.eolMaeMonths * r.batteries) / packs).toFixed(1)} | ` +
    `${pct(sum((r) => r.eolCoverage80 * r.batteries) / packs)} / ${pct(sum((r) => r.eolCoverage90 * r.batteries) / packs)} | ` +
    `${(sum((r) => r.monthly.maeCount * r.monthly.cells) / cellMonths).toFixed(2)} | ` +
    `${pct(sum((r) => r.monthly.coverage80 * r.monthly.cells) / cellMonths)} / ${pct(sum((r) => r.monthly.coverage90 * r.monthly.cells) / cellMonths)} | ` +
    `${(sum((r) => r.monthlyTotal.maeCount * r.monthlyTotal.cells) / fleetMonths).toFixed(2)} | ` +
    `${pct(sum((r) => r.monthlyTotal.coverage80 * r.monthlyTotal.cells) / fleetMonths)} / ${pct(sum((r) => r.monthlyTotal.coverage90 * r.monthlyTotal.cells) / fleetMonths)} | ` +
    `${sum((r) => r.totals.in80)}/${cells} · ${sum((r) => r.totals.in90)}/${cells} | ${sum((r) => r.expectedInHorizon).toFixed(1)} / ${sum((r) => r.trueInHorizon)} |`,
);
row(`stress seed ${seeds[0]}: assumes 0.2 % noise`, runBacktest({ ...spec(seeds[0]), assumedNoiseSd: 0.002 }));
