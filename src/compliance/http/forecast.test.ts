/**
 * Returns forecast routes on `buildApp` (schemas, problem+json, the auth hook) with an authenticator that knows three
 * bearer credentials, and the forecast service over an in-memory twin port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../platform/app.js';
import { loadConfig } from '../../platform/config.js';
import { Unauthorized } from '../../platform/errors.js';
import type { Authenticator, Caller } from '../../platform/auth.js';
import { ReturnsForecastService, type SeriesPointLike, type TwinRowLike } from '../forecast/returns-service.js';
import { demoNetworkPlan } from '../forecast/hub-capacity.js';
import { DAY_MS, YEAR_MS } from '../forecast/from-twins.js';
import { returnsForecastPlugin } from './forecast.js';

type Body = Record<string, unknown>;
const NOW = Date.UTC(2026, 0, 10);
const OPERATOR = 'did:web:oem.test.example';
const CALLERS: Record<string, Caller> = {
  'operator-token-0001': { did: OPERATOR, role: 'oem', via: 'jwt' },
  'recycler-token-0001': { did: 'did:web:recycler.test.example', role: 'recycler', via: 'jwt' },
  'maker-token-000001': { did: 'did:web:maker.test.example', role: 'manufacturer', via: 'jwt' },
};
const authenticator: Authenticator = {
  async authenticate(bearer) {
    const c = CALLERS[bearer];
    if (!c) throw new Unauthorized('unknown credential');
    return c;
  },
};

/** 40 twins spread over demo collection points (including Stuttgart's full hub) and one site outside the network. */
const SITES = ['cp-muenchen', 'cp-ludwigsburg', 'cp-berlin', 'cp-koeln', 'Utrecht'];
const twins = Array.from({ length: 40 }, (_, i) => ({
  id: `BAT-${i}`,
  chemistry: i % 3 === 0 ? 'LFP' : 'NMC',
  site: SITES[i % SITES.length],
  service: NOW - (6 + (i % 5)) * YEAR_MS,
  a: 0.03 + 0.002 * (i % 7),
}));
const series = new Map(
  twins.map((t) => {
    const pts: SeriesPointLike[] = [];
    for (let d = 400, seq = 0; d > 0; d--, seq++) {
      const tMs = NOW - d * DAY_MS;
      pts.push({ seq, tMs, point: { soh: seq < 2 ? 1 : 1 - t.a * ((tMs - t.service) / YEAR_MS) ** 0.75 + 0.01 * Math.sin(seq * 1.7) } });
    }
    return [t.id, pts];
  }),
);

async function world() {
  const service = new ReturnsForecastService({
    now: () => new Date(NOW),
    twins: {
      listTwins: async (limit): Promise<TwinRowLike[]> => twins.slice(0, limit).map((t) => ({ batteryId: t.id, participant: 'oem', params: { chemistry: t.chemistry }, holder: null })),
      sohSeries: async (id, from, to, limit) => series.get(id)!.filter((p) => p.tMs >= from && p.tMs <= to).slice(0, limit),
      describe: async (row) => {
        const t = twins.find((x) => x.id === row.batteryId)!;
        return { puttingIntoServiceDate: new Date(t.service).toISOString().slice(0, 10), site: t.site };
      },
    },
  });
  const app = await buildApp({
    config: loadConfig({ logLevel: 'silent' }, {}),
    title: 'forecast test',
    nodeDid: () => OPERATOR,
    logger: false,
    authenticator,
    domains: [{ name: 'forecast', plugin: returnsForecastPlugin, options: { service, plan: demoNetworkPlan, operatorDid: () => OPERATOR, mcDraws: 300 } }],
  });
  const get = async (url: string, token?: string) => {
    const r = await app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: r.statusCode, type: String(r.headers['content-type']), body: r.json() as Body };
  };
  return { app, get };
}

test('returns forecast over HTTP: roles, filters, per-battery detail, 4xx naming the field', async (t) => {
  const { app, get } = await world();
  t.after(() => app.close());

  assert.equal((await get('/api/forecast/returns')).status, 401);
  const maker = await get('/api/forecast/returns', 'maker-token-000001');
  assert.equal(maker.status, 403);
  assert.match(maker.type, /problem\+json/);

  const op = await get('/api/forecast/returns?horizonMonths=24&perBattery=true', 'operator-token-0001');
  assert.equal(op.status, 200, JSON.stringify(op.body));
  assert.equal(op.body.from, '2026-01');
  assert.equal(op.body.batteries, 40);
  assert.deepEqual(op.body.basis, { trajectory: 40 });
  const cells = op.body.cells as { site: string; chemistry: string; months: { month: string; expected: number; lo90: number; hi90: number }[]; total: { expected: number } }[];
  assert.equal(cells[0].site, 'ALL');
  assert.equal(cells[0].months.length, 24);
  assert.ok(cells.some((c) => c.site === 'cp-muenchen' && c.chemistry === 'LFP'));
  const cellSum = cells.slice(1).reduce((s, c) => s + c.total.expected, 0);
  assert.ok(Math.abs(cellSum - cells[0].total.expected) < 0.01 * cells.length);
  assert.ok(cells[0].total.expected > 1, `the fleet is 6–10 years old: some returns within two years (${cells[0].total.expected})`);
  const per = op.body.perBattery as { batteryId: string; eolMonth: { p50: string }; basis: string }[];
  assert.equal(per.length, 40);
  assert.match(per[0].eolMonth.p50, /^\d{4}-\d{2}$/);

  const rec = await get('/api/forecast/returns?site=cp-berlin&chemistry=NMC', 'recycler-token-0001');
  assert.equal(rec.status, 200);
  assert.equal(rec.body.perBattery, undefined, 'aggregates only for a recycler');
  assert.deepEqual((rec.body.cells as { site: string }[]).map((c) => c.site), ['ALL', 'cp-berlin']);
  const recDetail = await get('/api/forecast/returns?perBattery=true', 'recycler-token-0001');
  assert.equal(recDetail.status, 403);
  assert.equal((recDetail.body.errors as { field: string }[])[0].field, 'querystring.perBattery');

  const bad = await get('/api/forecast/returns?horizonMonths=0', 'operator-token-0001');
  assert.equal(bad.status, 400);
  assert.equal((bad.body.errors as { field: string }[])[0].field, 'querystring.horizonMonths');
  const unknown = await get('/api/forecast/returns?site=cp-nowhere&chemistry=NaS', 'operator-token-0001');
  assert.equal(unknown.status, 422);
  assert.deepEqual((unknown.body.errors as { field: string }[]).map((e) => e.field), ['querystring.site', 'querystring.chemistry']);
  const extra = await get('/api/forecast/returns?horizon=12', 'operator-token-0001');
  assert.equal(extra.status, 400);
  assert.equal((extra.body.errors as { field: string }[])[0].field, 'querystring.horizon');
  const seedBad = await get('/api/forecast/returns?seed=-1', 'operator-token-0001');
  assert.equal((seedBad.body.errors as { field: string }[])[0].field, 'querystring.seed');

  // same seed, same answer
  const again = await get('/api/forecast/returns?horizonMonths=24&perBattery=true', 'operator-token-0001');
  assert.deepEqual(again.body.cells, op.body.cells);
});

test('hub capacity over HTTP: routed by the demo network, Stuttgart (full in the network plan) flagged, unmapped sites listed', async (t) => {
  const { app, get } = await world();
  t.after(() => app.close());
  const r = await get('/api/forecast/hub-capacity?horizonMonths=36', 'recycler-token-0001');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const hubs = r.body.hubs as { hubId: string; horizonExpected: number; exceedingMonths: string[]; months: { p90: number; expected: number; baseline: number; capacity: number; exceeds: boolean }[] }[];
  assert.deepEqual(hubs.map((h) => h.hubId), ['plant-salzgitter', 'hub-duisburg', 'hub-leipzig', 'hub-stuttgart']);
  const stuttgart = hubs.find((h) => h.hubId === 'hub-stuttgart')!;
  assert.ok(stuttgart.horizonExpected > 0, 'München and Ludwigsburg packs go to Stuttgart');
  assert.ok(stuttgart.exceedingMonths.length > 0, 'Stuttgart is at capacity in the network plan: any P90 ≥ 1 month overflows');
  for (const h of hubs) for (const m of h.months) assert.equal(m.exceeds, m.baseline + m.p90 > m.capacity + 1e-6);
  // Salzgitter gets no site of this fleet: nothing expected
  assert.equal(hubs.find((h) => h.hubId === 'plant-salzgitter')!.horizonExpected, 0);
  assert.deepEqual((r.body.unmapped as { site: string; batteries: number }[]).map((u) => [u.site, u.batteries]), [['Utrecht', 8]]);
  const bare = await get('/api/forecast/hub-capacity?horizonMonths=36&baseline=false', 'operator-token-0001');
  assert.ok((bare.body.hubs as { exceedingMonths: string[] }[]).every((h) => h.exceedingMonths.length === 0), 'a 40-pack fleet alone fits every hub');
  assert.equal((await get('/api/forecast/hub-capacity?baseline=maybe', 'operator-token-0001')).status, 400);
  assert.equal((await get('/api/forecast/hub-capacity', 'maker-token-000001')).status, 403);
});
