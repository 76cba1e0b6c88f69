/**
 * The returns forecast fed by digital twins (issue 7), in two parts.
 * Usage: npx tsx scripts/forecast-twins.ts [size=300] [seeds=1,2,3,4,5,6,7,8] [e2eDays=30]
 *
 * 1. Backtest on the simulated fleets of scripts/forecast-backtest.ts (same packs, same truth, cut 2025-01, 36-month
 *    horizon), observed two ways: the existing sparse readings (1 % independent noise every 1–3 months) and twin-like
 *    estimates (daily, 2 % RMSE of which a quarter of the variance persists per pack and the rest wanders with a
 *    30-day correlation time, start-up at the registration value, 1 % glitches; src/compliance/forecast/twin-backtest.ts).
 *    Rows: twin path (monthly medians, weighting, bias integrated out), the same without the putting-into-service date,
 *    the naive fit of every daily point as independent, the prior alone, and a stress row where the truth's persistent
 *    share is 0.75 but the forecaster assumes 0.25.
 * 2. End to end through the real TwinService (PGlite): the demo fleet simulator's vehicles for `e2eDays` simulated
 *    days (calendar-rate ageing), every batch applied by the twin, then the returns service reading the twins through
 *    the port exactly as a node does. Prints the twins' SoH against the simulator's truth and the forecast per battery.
 */
import { monthIndex, monthLabel, runBacktest, type BacktestResult } from '../src/compliance/forecast/index.js';
import { runTwinBacktest, TWIN_OBSERVATIONS, type TwinBacktestResult, type TwinBacktestSpec } from '../src/compliance/forecast/twin-backtest.js';
import { TWIN_SOH_ERROR } from '../src/compliance/forecast/from-twins.js';
import { ReturnsForecastService } from '../src/compliance/forecast/returns-service.js';
import { demoNetworkPlan, hubCapacityNeeds } from '../src/compliance/forecast/hub-capacity.js';
import { streamRng } from '../src/compliance/forecast/rng.js';
import { openDb, migrate } from '../src/platform/db.js';
import { twinMigrations } from '../src/twin/adapters/migrations.js';
import { TwinService } from '../src/twin/service.js';
import { parseTelemetry } from '../src/twin/core/telemetry.js';
import { createFleet, demoFleet, fleetSnapshot, fleetTick, twinParamsInputOf } from '../src/twin/sim/index.js';

const size = Number(process.argv[2] ?? 300);
const seeds = (process.argv[3] ?? '1,2,3,4,5,6,7,8').split(',').map(Number);
const e2eDays = Number(process.argv[4] ?? 30);
const cutMonth = monthIndex(2025, 1);
const horizonMonths = 36;
const pct = (x: number) => (100 * x).toFixed(1);
const log = (m = '') => process.stdout.write(`${m}\n`);

type Row = Pick<BacktestResult, 'batteries' | 'eolMaeMonths' | 'eolCoverage80' | 'eolCoverage90' | 'monthly' | 'monthlyTotal' | 'expectedInHorizon' | 'trueInHorizon'>;
const spec = (seed: number): TwinBacktestSpec => ({
  fleet: { size, seed, commissionedFrom: monthIndex(2012, 1), commissionedTo: monthIndex(2020, 12), noiseSd: 0.01 },
  cutMonth,
  horizonMonths,
  seed,
  mcDraws: 1000,
});
const variants: [string, (seed: number) => Row][] = [
  ['sparse readings, 1 % noise (existing backtest)', (s) => runBacktest(spec(s))],
  ['twin-like, binned + weighted (from-twins.ts)', (s) => runTwinBacktest(spec(s))],
  ['twin-like, no putting-into-service date', (s) => runTwinBacktest({ ...spec(s), unknownServiceDate: true })],
  ['twin-like, naive: every point independent', (s) => runTwinBacktest({ ...spec(s), naive: true })],
  ['chemistry prior only (age known)', (s) => runTwinBacktest({ ...spec(s), forecast: { minUsableBins: Number.MAX_SAFE_INTEGER } })],
  ['stress: truth persistent share 0.75, assumed 0.25', (s) => runTwinBacktest({ ...spec(s), observations: { ...TWIN_OBSERVATIONS, error: { ...TWIN_SOH_ERROR, persistentShare: 0.75 } } })],
];

log(`## 1. Backtest — ${size}-pack simulated fleets × ${seeds.length} seeds (${seeds.join(', ')}), commissioned 2012–2020, cut ${monthLabel(cutMonth)}, horizon ${horizonMonths} months, EoL at 80 % SoH`);
log();
log('| observations / method | packs | EoL MAE (months) | EoL coverage 80 % / 90 % | cell-month MAE | cell-month cov 80 / 90 % | fleet-month MAE | fleet-month cov 90 % | expected / true arrivals |');
log('|---|---|---|---|---|---|---|---|---|');
const t0 = Date.now();
for (const [name, run] of variants) {
  const rs = seeds.map(run);
  const sum = (f: (r: Row) => number) => rs.reduce((s, r) => s + f(r), 0);
  const packs = sum((r) => r.batteries);
  const cm = sum((r) => r.monthly.cells);
  const fm = sum((r) => r.monthlyTotal.cells);
  log(
    `| ${name} | ${packs} | ${(sum((r) => r.eolMaeMonths * r.batteries) / packs).toFixed(1)} | ${pct(sum((r) => r.eolCoverage80 * r.batteries) / packs)} / ${pct(sum((r) => r.eolCoverage90 * r.batteries) / packs)} | ` +
      `${(sum((r) => r.monthly.maeCount * r.monthly.cells) / cm).toFixed(2)} | ${pct(sum((r) => r.monthly.coverage80 * r.monthly.cells) / cm)} / ${pct(sum((r) => r.monthly.coverage90 * r.monthly.cells) / cm)} | ` +
      `${(sum((r) => r.monthlyTotal.maeCount * r.monthlyTotal.cells) / fm).toFixed(2)} | ${pct(sum((r) => r.monthlyTotal.coverage90 * r.monthlyTotal.cells) / fm)} | ${sum((r) => r.expectedInHorizon).toFixed(1)} / ${sum((r) => r.trueInHorizon)} |`,
  );
}
log();
log('Per seed, twin path (binned + weighted):');
log('| seed | packs | median daily points | EoL MAE | cov 80 / 90 % |');
log('|---|---|---|---|---|');
for (const s of seeds) {
  const r: TwinBacktestResult = runTwinBacktest(spec(s));
  log(`| ${s} | ${r.batteries} | ${r.medianPoints} | ${r.eolMaeMonths.toFixed(1)} | ${pct(r.eolCoverage80)} / ${pct(r.eolCoverage90)} |`);
}
log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);

if (e2eDays > 0) {
  log();
  log(`## 2. End to end: demo fleet simulator → real TwinService (PGlite) for ${e2eDays} simulated days → returns service`);
  const start = Date.UTC(2026, 0, 5);
  let clock = start;
  const db = await openDb({});
  await migrate(db, twinMigrations);
  const twin = new TwinService({ db, now: () => new Date(clock), delivery: { appendEvent: async () => ({ ok: true }), postWebhook: async () => ({ ok: true }) } });
  // the demo passports' pack designs (src/twin/sim/fleet.test.ts)
  const bats = [
    { batteryId: 'BAT-N96-3P', chemistry: 'NMC' as const, ratedCapacityAh: 234, nominalVoltageV: 350.4 },
    { batteryId: 'BAT-N192-2P', chemistry: 'NMC' as const, ratedCapacityAh: 120, nominalVoltageV: 700.8 },
    { batteryId: 'BAT-L120', chemistry: 'LFP' as const, ratedCapacityAh: 138, nominalVoltageV: 384 },
    { batteryId: 'BAT-L108', chemistry: 'LFP' as const, ratedCapacityAh: 173, nominalVoltageV: 345.6 },
  ];
  const sites = ['cp-muenchen', 'cp-berlin', 'cp-koeln', 'cp-hamburg'];
  const def = demoFleet(bats, 42, { faultyIndex: -1, sim: { ageingTimeFactor: 1 } });
  for (const v of def.vehicles) await twin.register({ batteryId: v.batteryId, participant: v.participant, params: twinParamsInputOf(v) });
  const fleet = createFleet({ ...def, startMs: start });
  const t1 = Date.now();
  let batches = 0;
  for (let m = 0; m < e2eDays * 24 * 6; m++) {
    const out = fleetTick(fleet, 600);
    clock = fleet.clockMs;
    for (const p of out) {
      const parsed = parseTelemetry(Buffer.from(JSON.stringify(p.payload)), p.batteryId, { nowMs: clock + 3600_000 });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      await twin.apply({ participant: p.participant, batteryId: p.batteryId }, parsed.batch);
      batches++;
    }
  }
  log(`${batches} batches applied in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
  log();
  log('| battery | true SoH (simulator) | twin SoH, median of the last day | twin points | distinct SoH values |');
  log('|---|---|---|---|---|');
  for (const s of fleetSnapshot(fleet)) {
    const pts = await twin.series(s.batteryId, 0, clock, 1_000_000);
    const lastDay = pts.filter((p) => p.tMs > clock - 86_400_000).map((p) => Number(p.point.soh)).sort((a, b) => a - b);
    log(`| ${s.batteryId} | ${s.soh.toFixed(3)} | ${lastDay.length ? lastDay[lastDay.length >> 1].toFixed(3) : '–'} | ${pts.length} | ${new Set(pts.map((p) => p.point.soh)).size} |`);
  }
  const svc = new ReturnsForecastService({
    twins: {
      listTwins: (n) => twin.list(n),
      sohSeries: (id, from, to, limit) => twin.series(id, from, to, limit),
      // the simulator has no passport: no putting-into-service date, sites assigned in order
      describe: async (row) => ({ site: sites[bats.findIndex((b) => b.batteryId === row.batteryId)] }),
    },
    now: () => new Date(clock),
  });
  const r = await svc.forecast({ horizonMonths: 120, seed: 1 });
  log();
  log('| battery | site | basis | age origin | commissioned | EoL P10 / P50 / P90 | P(arrival within 10 years) |');
  log('|---|---|---|---|---|---|---|');
  for (const b of r.summaries) log(`| ${b.batteryId} | ${b.site} | ${b.basis} | ${b.origin} | ${b.commissioned} | ${b.eolMonth.p10} / ${b.eolMonth.p50} / ${b.eolMonth.p90} | ${b.pArrivalInHorizon.toFixed(2)} |`);
  const needs = hubCapacityNeeds(r.forecast.perBattery, r.batteries, demoNetworkPlan(), { fromMonth: r.fromMonth, months: 120 }, streamRng(1, 0x40b0b));
  log();
  log(`Hub needs over 10 years (expected packs): ${needs.hubs.map((h) => `${h.hubId} ${h.horizonExpected.toFixed(2)}`).join(', ')}`);
  await db.close();
}
