/**
 * Returns forecast routes (issue 7): monthly expected returns per site and chemistry with 80 % / 90 % intervals from
 * this node's digital twins, and what they mean for the returns network's hubs.
 *
 * Who may read: the node's operator sees everything, including each battery's EoL quantiles (per-vehicle health is the
 * fleet owner's data; Reg. (EU) 2023/1542 Art. 77(2) keeps such detail to persons with a legitimate interest).
 * Authenticated participants whose business is taking packs back (roles recycler, logistics, dismantler by default)
 * see the aggregates only — site × chemistry × month counts and hub needs — which is what capacity planning needs.
 * Anyone else: 401 anonymous, 403 other roles.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../platform/auth.js';
import { Forbidden, ValidationFailed } from '../../platform/errors.js';
import { ALL_KEY, monthLabel, type MonthlyReturns, type HorizonTotal } from '../forecast/aggregate.js';
import { streamRng } from '../forecast/rng.js';
import { hubCapacityNeeds, type HubPlan } from '../forecast/hub-capacity.js';
import type { ReturnsForecastService, ReturnsResult } from '../forecast/returns-service.js';

export interface ReturnsForecastPluginOptions {
  service: Pick<ReturnsForecastService, 'forecast' | 'dimensions'>;
  /** hubs, capacities and site→hub shares (e.g. `demoNetworkPlan()`) */
  plan: () => HubPlan;
  operatorDid: () => string;
  /** roles that may read the aggregates (default recycler, logistics, dismantler) */
  aggregateReaderRoles?: readonly string[];
  /** Monte Carlo draws for the count intervals (default 1000) */
  mcDraws?: number;
}

const Horizon = Type.Integer({ minimum: 1, maximum: 120, description: 'months from the current one (default 36)' });
const Seed = Type.Integer({ minimum: 0, maximum: 2147483647, description: 'Monte Carlo seed: same seed and data, same figures (default 1)' });
const ReturnsQuery = Type.Object(
  {
    horizonMonths: Type.Optional(Horizon),
    site: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    chemistry: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    seed: Type.Optional(Seed),
    perBattery: Type.Optional(Type.Boolean({ description: "each battery's EoL quantiles (operator only)" })),
  },
  { additionalProperties: false },
);
const HubQuery = Type.Object(
  {
    horizonMonths: Type.Optional(Horizon),
    seed: Type.Optional(Seed),
    baseline: Type.Optional(Type.Boolean({ description: "count the hubs' load from the network's other returns (default true)" })),
  },
  { additionalProperties: false },
);

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const rowJson = (r: MonthlyReturns) => ({ month: r.label, expected: round(r.expected), lo80: r.lo80, hi80: r.hi80, lo90: r.lo90, hi90: r.hi90 });
const totalJson = (t: HorizonTotal) => ({ expected: round(t.expected), lo80: t.lo80, hi80: t.hi80, lo90: t.lo90, hi90: t.hi90 });

function returnsJson(r: ReturnsResult, perBattery: boolean) {
  const count = <K extends string>(key: (s: ReturnsResult['summaries'][number]) => K) =>
    r.summaries.reduce<Record<string, number>>((m, s) => ((m[key(s)] = (m[key(s)] ?? 0) + 1), m), {});
  const cells = [...r.forecast.cells.entries()]
    .sort(([a], [b]) => (a === ALL_KEY ? -1 : b === ALL_KEY ? 1 : a.localeCompare(b)))
    .map(([key, rows]) => {
      const [site, chemistry] = key.split('|');
      return { site, chemistry, total: totalJson(r.forecast.totals.get(key)!), months: rows.map(rowJson) };
    });
  return {
    asOf: r.asOf,
    from: monthLabel(r.fromMonth),
    horizonMonths: r.horizonMonths,
    seed: r.seed,
    batteries: r.summaries.length,
    basis: count((s) => s.basis),
    origin: count((s) => s.origin),
    truncated: r.truncated,
    method: 'power-law SoH fade posterior per battery (chemistry prior when the twin trajectory is short), EoL at 80 % SoH, return lag uniform 1–6 months, Monte Carlo count intervals',
    cells,
    ...(perBattery ? { perBattery: r.summaries.map((s) => ({ ...s, lastSoh: s.lastSoh === null ? null : round(s.lastSoh, 4), eolAgeYears: Object.fromEntries(Object.entries(s.eolAgeYears).map(([k, v]) => [k, round(v, 2)])), pArrivalInHorizon: round(s.pArrivalInHorizon), pOverdue: round(s.pOverdue) })) } : {}),
  };
}

export const returnsForecastPlugin: FastifyPluginAsync<ReturnsForecastPluginOptions> = async (app, opts) => {
  const readers = opts.aggregateReaderRoles ?? ['recycler', 'logistics', 'dismantler'];
  /** 'operator' or 'aggregate'; throws 401/403 for everyone else */
  const access = (req: FastifyRequest): 'operator' | 'aggregate' => {
    const c = requireParticipant(req);
    if (c.did === opts.operatorDid()) return 'operator';
    if (readers.includes(c.role)) return 'aggregate';
    throw new Forbidden(`role '${c.role}' may not read the returns forecast; allowed: this node's operator, ${readers.join(', ')}`);
  };

  app.get<{ Querystring: Static<typeof ReturnsQuery> }>('/api/forecast/returns', {
    schema: { tags: ['forecast'], summary: 'Monthly expected pack returns per site and chemistry, with 80 % and 90 % intervals, from the fleet twins', querystring: ReturnsQuery },
  }, async (req) => {
    const who = access(req);
    const q = req.query;
    if (q.perBattery && who !== 'operator') throw new Forbidden('per-battery EoL quantiles are for the operator of this node', [{ field: 'querystring.perBattery', reason: 'operator only' }]);
    const seed = q.seed ?? 1;
    if (q.site !== undefined || q.chemistry !== undefined) {
      const dims = await opts.service.dimensions(seed);
      const errors = [
        ...(q.site !== undefined && !dims.sites.includes(q.site) ? [{ field: 'querystring.site', reason: `no twin at this site; known: ${dims.sites.join(', ') || 'none'}` }] : []),
        ...(q.chemistry !== undefined && !dims.chemistries.includes(q.chemistry) ? [{ field: 'querystring.chemistry', reason: `no twin of this chemistry; known: ${dims.chemistries.join(', ') || 'none'}` }] : []),
      ];
      if (errors.length) throw new ValidationFailed(errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors);
    }
    const r = await opts.service.forecast({ horizonMonths: q.horizonMonths ?? 36, seed, site: q.site, chemistry: q.chemistry, mcDraws: opts.mcDraws });
    return returnsJson(r, q.perBattery === true);
  });

  app.get<{ Querystring: Static<typeof HubQuery> }>('/api/forecast/hub-capacity', {
    schema: { tags: ['forecast'], summary: 'Expected and P90 packs per month per hub from the returns forecast, and the months where a hub runs out of capacity', querystring: HubQuery },
  }, async (req) => {
    access(req);
    const q = req.query;
    const seed = q.seed ?? 1;
    const horizonMonths = q.horizonMonths ?? 36;
    const r = await opts.service.forecast({ horizonMonths, seed, mcDraws: opts.mcDraws });
    const plan = opts.plan();
    const needs = hubCapacityNeeds(r.forecast.perBattery, r.batteries, plan, { fromMonth: r.fromMonth, months: horizonMonths }, streamRng(seed, 0x40b0b), { mcDraws: opts.mcDraws, baseline: q.baseline ?? true });
    return {
      asOf: r.asOf,
      from: monthLabel(r.fromMonth),
      horizonMonths,
      seed,
      plan: plan.source,
      batteries: r.batteries.length,
      hubs: needs.hubs.map((h) => ({
        hubId: h.hubId,
        name: h.name,
        horizonExpected: round(h.horizonExpected),
        horizonP90: h.horizonP90,
        exceedingMonths: h.exceedingMonths,
        months: h.months.map((m) => ({ month: m.label, expected: round(m.expected), p90: m.p90, baseline: round(m.baseline, 2), capacity: round(m.capacity, 2), exceeds: m.exceeds })),
      })),
      unmapped: needs.unmapped.map((u) => ({ ...u, expected: round(u.expected) })),
    };
  });
};
