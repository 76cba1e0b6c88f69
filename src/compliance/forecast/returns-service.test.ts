import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReturnsForecastService, type SeriesPointLike, type TwinReadPort, type TwinRowLike } from './returns-service.js';
import { ALL_KEY, cellKey } from './aggregate.js';
import { DAY_MS, YEAR_MS } from './from-twins.js';
import { gaussian, seededRng } from './rng.js';
import { testBackends } from '../../../test/support/db.js';
import { migrate } from '../../platform/db.js';
import { twinMigrations } from '../../twin/adapters/migrations.js';
import { TwinService } from '../../twin/service.js';
import { parseTelemetry } from '../../twin/core/telemetry.js';

const NOW = Date.UTC(2026, 2, 15);

interface Spec {
  id: string;
  chemistry: string;
  site: string;
  service: string | null;
  a: number;
  z: number;
  /** telemetry from this many days before NOW (0 = none) until `silentDays` before NOW */
  days: number;
  silentDays?: number;
}

/** Twin-like points every 6 h: registration value for a day, then fade + 1.5 % noise. */
function series(s: Spec): SeriesPointLike[] {
  const rng = seededRng(s.id.length * 7919 + s.days);
  const service = s.service ? Date.parse(s.service) : NOW - 8 * YEAR_MS;
  const out: SeriesPointLike[] = [];
  let seq = 0;
  for (let t = NOW - s.days * DAY_MS; t < NOW - (s.silentDays ?? 0) * DAY_MS; t += DAY_MS / 4) {
    const age = (t - service) / YEAR_MS;
    const soh = seq < 4 ? 1 : 1 - s.a * age ** s.z + 0.015 * gaussian(rng);
    out.push({ seq: seq++, tMs: t, point: { soc: 0.5, soh } });
  }
  return out;
}

function inMemoryTwins(specs: Spec[]): TwinReadPort & { calls: number } {
  const data = new Map(specs.map((s) => [s.id, series(s)]));
  const port = {
    calls: 0,
    async listTwins(limit: number): Promise<TwinRowLike[]> {
      return specs.slice(0, limit).map((s) => ({ batteryId: s.id, participant: 'oem', params: { chemistry: s.chemistry }, holder: null }));
    },
    async sohSeries(id: string, fromMs: number, toMs: number, limit: number) {
      port.calls++;
      return (data.get(id) ?? []).filter((p) => p.tMs >= fromMs && p.tMs <= toMs).slice(0, limit);
    },
    async describe(t: TwinRowLike) {
      const s = specs.find((x) => x.id === t.batteryId)!;
      if (s.id === 'UNREACHABLE') throw new Error('holder unreachable');
      return { puttingIntoServiceDate: s.service, site: s.site };
    },
  };
  return port;
}

const FLEET: Spec[] = [
  { id: 'OLD-FAST', chemistry: 'NMC', site: 'cp-berlin', service: '2017-03-01', a: 0.03, z: 0.8, days: 3 * 365 },
  { id: 'OLD-SLOW', chemistry: 'NMC', site: 'cp-berlin', service: '2017-03-01', a: 0.02, z: 0.8, days: 3 * 365 },
  { id: 'LFP-MID', chemistry: 'LFP', site: 'cp-muenchen', service: '2019-06-15', a: 0.04, z: 0.7, days: 2 * 365 },
  { id: 'NEW-SHORT', chemistry: 'LFP', site: 'cp-muenchen', service: '2025-12-01', a: 0.03, z: 0.7, days: 10 },
  { id: 'SILENT', chemistry: 'NMC', site: 'cp-koeln', service: '2018-01-01', a: 0.04, z: 0.75, days: 2 * 365, silentDays: 300 },
  { id: 'UNREACHABLE', chemistry: 'NMC', site: 'x', service: null, a: 0.04, z: 0.75, days: 400 },
];

test('returns from twins: trajectory vs prior basis, passport origin, per-battery quantiles, cells and totals', async () => {
  const port = inMemoryTwins(FLEET);
  const svc = new ReturnsForecastService({ twins: port, now: () => new Date(NOW), read: { slicesPerMonth: 6, pointsPerSlice: 10 } });
  const r = await svc.forecast({ horizonMonths: 48, seed: 1, mcDraws: 300 });
  const by = new Map(r.summaries.map((s) => [s.batteryId, s]));
  assert.equal(r.summaries.length, 6);
  assert.equal(by.get('OLD-FAST')!.basis, 'trajectory');
  assert.equal(by.get('OLD-FAST')!.origin, 'puttingIntoService');
  assert.equal(by.get('OLD-FAST')!.commissioned, '2017-03-01');
  assert.equal(by.get('NEW-SHORT')!.basis, 'prior', '10 days of telemetry is a short trajectory');
  // the holder could not be asked: no date, no site; the age comes from the first converged SoH level
  assert.equal(by.get('UNREACHABLE')!.origin, 'equivalentAge');
  assert.equal(by.get('UNREACHABLE')!.site, 'unassigned');
  // a faster-fading pack of the same age leaves first life earlier
  assert.ok(by.get('OLD-FAST')!.eolAgeYears.p50 < by.get('OLD-SLOW')!.eolAgeYears.p50 - 2);
  const fastTruth = (0.2 / 0.03) ** (1 / 0.8); // 10.7 years: SoH 0.83 at the forecast date
  const q = by.get('OLD-FAST')!.eolAgeYears;
  assert.ok(q.p05 < fastTruth && fastTruth < q.p95, `truth ${fastTruth} outside [${q.p05}, ${q.p95}]`);
  assert.match(by.get('OLD-FAST')!.eolMonth.p50, /^20\d\d-\d\d$/);
  // the silent twin is conditioned on its last report, so part of its mass can already be overdue
  assert.ok(by.get('SILENT')!.pOverdue >= 0);
  assert.ok(r.forecast.cells.has(cellKey('cp-berlin', 'NMC')) && r.forecast.cells.has(ALL_KEY));
  const total = r.forecast.cells.get(ALL_KEY)!.reduce((s, x) => s + x.expected, 0);
  assert.ok(Math.abs(total - r.summaries.reduce((s, x) => s + x.pArrivalInHorizon, 0)) < 1e-9);
  assert.equal(r.forecast.cells.get(ALL_KEY)![0].label, '2026-03');
  assert.equal(r.truncated, false);
  // sampled reading: a bounded number of small queries per month, not the whole series
  assert.ok(port.calls < 6 * (1 + 37 * 6 + 1), `calls ${port.calls}`);
});

test('same seed, same figures; filters keep each battery\'s own samples; the cache serves repeated calls', async () => {
  const port = inMemoryTwins(FLEET);
  const svc = new ReturnsForecastService({ twins: port, now: () => new Date(NOW) });
  const a = await svc.forecast({ horizonMonths: 24, seed: 5, mcDraws: 200 });
  const calls = port.calls;
  const b = await svc.forecast({ horizonMonths: 24, seed: 5, mcDraws: 200 });
  assert.equal(port.calls, calls, 'second call within the TTL reads nothing');
  assert.deepEqual(a.forecast.cells, b.forecast.cells);
  const berlin = await svc.forecast({ horizonMonths: 24, seed: 5, site: 'cp-berlin', mcDraws: 200 });
  assert.deepEqual(berlin.summaries.map((s) => s.batteryId).sort(), ['OLD-FAST', 'OLD-SLOW']);
  assert.deepEqual(berlin.summaries.find((s) => s.batteryId === 'OLD-FAST')!.eolAgeYears, a.summaries.find((s) => s.batteryId === 'OLD-FAST')!.eolAgeYears);
  const lfp = await svc.forecast({ horizonMonths: 24, seed: 5, chemistry: 'LFP', mcDraws: 200 });
  assert.ok(lfp.summaries.every((s) => s.chemistry === 'LFP') && lfp.summaries.length === 2);
  const other = new ReturnsForecastService({ twins: inMemoryTwins(FLEET), now: () => new Date(NOW) });
  const c = await other.forecast({ horizonMonths: 24, seed: 6, mcDraws: 200 });
  assert.notDeepEqual(c.summaries[0].eolAgeYears, a.summaries[0].eolAgeYears);
  assert.deepEqual((await svc.dimensions(5)).sites, ['cp-berlin', 'cp-koeln', 'cp-muenchen', 'unassigned']);
});

for (const backend of testBackends()) {
  test(`reads the real twin service on ${backend.name}: series points carry soh, TwinService methods fit the port`, { timeout: 60_000 }, async (t) => {
    const db = await backend.open();
    t.after(() => db.close());
    await migrate(db, twinMigrations);
    const twin = new TwinService({ db, now: () => new Date(NOW), delivery: { appendEvent: async () => ({ ok: true }), postWebhook: async () => ({ ok: true }) } });
    for (const s of FLEET.slice(0, 3)) await twin.register({ batteryId: s.id, participant: 'oem', params: { chemistry: s.chemistry as 'NMC' | 'LFP', capacityAh: 60, topology: { seriesCells: 96, parallelCells: 2 } } });
    // one real batch through the estimators: the stored point has the soh field the forecast reads
    const samples = Array.from({ length: 30 }, (_, k) => ({ t: NOW - 3600_000 + k * 1000, i: 40, u: 96 * 3.68 - k * 0.01, tMin: 24, tMax: 25 }));
    const parsed = parseTelemetry(Buffer.from(JSON.stringify({ v: 1, batteryId: 'LFP-MID', seq: 0, samples })), 'LFP-MID', { nowMs: NOW });
    assert.ok(parsed.ok);
    assert.equal((await twin.apply({ participant: 'oem', batteryId: 'LFP-MID' }, parsed.batch)).status, 'applied');
    const applied = await twin.series('LFP-MID', NOW - 7200_000, NOW, 10);
    assert.equal(applied.length, 1);
    assert.equal(typeof applied[0].point.soh, 'number');
    // years of history written as the twin writes points (one row per batch), far cheaper than simulating them
    for (const s of FLEET.slice(0, 2)) {
      const pts = series(s).filter((_, i) => i % 2 === 0);
      for (let i = 0; i < pts.length; i += 500) {
        const chunk = pts.slice(i, i + 500);
        await db.query(`INSERT INTO twin_points (battery_id, seq, t_ms, point) SELECT * FROM unnest($1::text[], $2::int[], $3::float8[], $4::jsonb[])`, [
          chunk.map(() => s.id), chunk.map((p) => p.seq), chunk.map((p) => p.tMs), chunk.map((p) => JSON.stringify(p.point)),
        ]);
      }
    }
    const svc = new ReturnsForecastService({
      twins: {
        listTwins: (n) => twin.list(n),
        sohSeries: (id, from, to, limit) => twin.series(id, from, to, limit),
        describe: async (row) => ({ puttingIntoServiceDate: FLEET.find((s) => s.id === row.batteryId)!.service, site: FLEET.find((s) => s.id === row.batteryId)!.site }),
      },
      now: () => new Date(NOW),
    });
    const r = await svc.forecast({ horizonMonths: 36, seed: 1, mcDraws: 200 });
    const by = new Map(r.summaries.map((s) => [s.batteryId, s]));
    assert.equal(by.get('OLD-FAST')!.basis, 'trajectory');
    assert.ok(by.get('OLD-FAST')!.monthsUsed >= 30, `months ${by.get('OLD-FAST')!.monthsUsed}`);
    assert.equal(by.get('LFP-MID')!.basis, 'prior', 'one batch at the registration value is no trajectory');
    assert.ok(by.get('OLD-FAST')!.eolAgeYears.p50 < by.get('OLD-SLOW')!.eolAgeYears.p50);
  });
}
