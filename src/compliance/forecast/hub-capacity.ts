/**
 * Hub capacity planning from the returns forecast (issue 7 → issue 6's returns network): expected and P90 packs per
 * month per hub, and the months where the P90 load does not fit a hub.
 *
 * Sites send their packs to hubs in fixed shares (a site→hub mapping, or the demo network's min-cost assignment of
 * normal-status returns: EoL by ageing is a normal-status return, ADR special provision 376 does not apply). The hub
 * count in a month is a sum over batteries of "arrives this month and goes to this hub" events, so its P90 is taken
 * from Monte Carlo draws over the per-battery arrival pmfs: summing per-site P90s would overstate it (quantiles are
 * not additive). Batteries are independent here as in aggregate.ts, so the P90 is a floor under fleet-wide shocks.
 *
 * Capacity: the demo network's hub capacities are per period of one year (demo-network.ts); a month gets 1/12. The
 * baseline is the hub's load from the network's other returns (its yearly assignment / 12); a month is flagged when
 * baseline + P90 exceeds the monthly capacity.
 */
import { DECENTRAL_SCENARIO, DEMO_COLLECTION_POINTS, DEMO_HUBS, LOGISTICS_COSTS, solveAssignment } from '../../circularity/logistics/core/index.js';
import { monthLabel, type ArrivalPmf, type Horizon } from './aggregate.js';
import type { Rng } from './rng.js';

export interface PlannedHub {
  id: string;
  name: string;
  /** packs per month the hub can take in */
  monthlyCapacity: number;
  /** packs per month already planned from other returns */
  baselineMonthly: number;
}

export interface HubPlan {
  hubs: PlannedHub[];
  /** site → hub id → share of the site's packs (shares of a site sum to 1) */
  shares: Record<string, Record<string, number>>;
  source: string;
}

/**
 * The demo returns network as a plan: decentral scenario, min-cost assignment of the network's yearly returns. Shares
 * come from the normal-status lanes of each collection point, keyed by the point id and by its city name (a passport's
 * operator locality can name the site).
 */
export function demoNetworkPlan(): HubPlan {
  const r = solveAssignment(DEMO_COLLECTION_POINTS, DEMO_HUBS, DECENTRAL_SCENARIO, LOGISTICS_COSTS);
  const shares: Record<string, Record<string, number>> = {};
  for (const p of DEMO_COLLECTION_POINTS) {
    const lanes = r.lanes.filter((l) => l.pointId === p.id && l.status === 'normal');
    const total = lanes.reduce((s, l) => s + l.batteries, 0);
    if (total === 0) continue;
    const m: Record<string, number> = {};
    for (const l of lanes) m[l.hubId] = (m[l.hubId] ?? 0) + l.batteries / total;
    shares[p.id] = m;
    shares[p.location.name] = m;
  }
  const hubs = DECENTRAL_SCENARIO.hubIds.map((id) => {
    const h = DEMO_HUBS.find((x) => x.id === id)!;
    const load = r.hubs.find((x) => x.hubId === id)?.batteries ?? 0;
    return { id, name: h.name, monthlyCapacity: h.capacityBatteries / 12, baselineMonthly: load / 12 };
  });
  return { hubs, shares, source: 'demo returns network, decentral scenario (src/circularity/logistics/core/demo-network.ts)' };
}

export interface HubMonth {
  month: number;
  label: string;
  expected: number;
  p90: number;
  baseline: number;
  capacity: number;
  /** baseline + P90 > capacity */
  exceeds: boolean;
}

export interface HubNeeds {
  hubId: string;
  name: string;
  months: HubMonth[];
  /** packs over the whole horizon: expected and P90 of the total */
  horizonExpected: number;
  horizonP90: number;
  exceedingMonths: string[];
}

export interface HubCapacityResult {
  hubs: HubNeeds[];
  /** sites with no hub in the plan: their expected packs over the horizon */
  unmapped: { site: string; batteries: number; expected: number }[];
}

export interface HubCapacityOptions {
  mcDraws?: number;
  /** count the plan's baseline load (default true) */
  baseline?: boolean;
}

/** P-quantile of an integer sample by nearest rank (a count the hub must be able to take). */
function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

export function hubCapacityNeeds(
  perBattery: ReadonlyMap<string, ArrivalPmf>,
  batteries: readonly { id: string; site: string }[],
  plan: HubPlan,
  horizon: Horizon,
  rng: Rng,
  opts: HubCapacityOptions = {},
): HubCapacityResult {
  const draws = opts.mcDraws ?? 1000;
  const useBaseline = opts.baseline ?? true;
  const H = horizon.months;
  const hubIndex = new Map(plan.hubs.map((h, i) => [h.id, i]));
  const expected = plan.hubs.map(() => new Float64Array(H));
  const counts = plan.hubs.map(() => Array.from({ length: H }, () => new Float64Array(draws)));
  const unmapped = new Map<string, { batteries: number; expected: number }>();
  const routed: { cdf: Float64Array; hubs: number[]; cum: number[] }[] = [];
  for (const b of batteries) {
    const pmf = perBattery.get(b.id);
    if (!pmf) continue;
    const share = Object.entries(plan.shares[b.site] ?? {}).filter(([id, s]) => hubIndex.has(id) && s > 0);
    const total = share.reduce((s, [, v]) => s + v, 0);
    if (total === 0) {
      const u = unmapped.get(b.site) ?? { batteries: 0, expected: 0 };
      u.batteries++;
      u.expected += pmf.inHorizon.reduce((s, p) => s + p, 0);
      unmapped.set(b.site, u);
      continue;
    }
    const hubs = share.map(([id]) => hubIndex.get(id)!);
    const cum: number[] = [];
    let c = 0;
    for (const [, v] of share) cum.push((c += v / total));
    share.forEach(([, v], k) => {
      for (let m = 0; m < H; m++) expected[hubs[k]][m] += (pmf.inHorizon[m] * v) / total;
    });
    const cdf = new Float64Array(H + 1);
    let acc = pmf.before;
    cdf[0] = acc;
    for (let m = 0; m < H; m++) cdf[m + 1] = acc += pmf.inHorizon[m];
    routed.push({ cdf, hubs, cum });
  }
  for (let d = 0; d < draws; d++) {
    for (const r of routed) {
      const u = rng();
      const v = rng();
      if (u < r.cdf[0] || u >= r.cdf[H]) continue;
      let lo = 1;
      let hi = H;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u < r.cdf[mid]) hi = mid;
        else lo = mid + 1;
      }
      let k = 0;
      while (k < r.cum.length - 1 && v >= r.cum[k]) k++;
      counts[r.hubs[k]][lo - 1][d] += 1;
    }
  }
  const hubs = plan.hubs.map((h, i): HubNeeds => {
    const totals = new Float64Array(draws);
    const months: HubMonth[] = [];
    for (let m = 0; m < H; m++) {
      const c = counts[i][m];
      for (let d = 0; d < draws; d++) totals[d] += c[d];
      const p90 = nearestRank(Float64Array.from(c).sort(), 0.9);
      const baseline = useBaseline ? h.baselineMonthly : 0;
      const month = horizon.fromMonth + m;
      months.push({ month, label: monthLabel(month), expected: expected[i][m], p90, baseline, capacity: h.monthlyCapacity, exceeds: baseline + p90 > h.monthlyCapacity + 1e-9 });
    }
    return {
      hubId: h.id,
      name: h.name,
      months,
      horizonExpected: expected[i].reduce((s, x) => s + x, 0),
      horizonP90: nearestRank(totals.sort(), 0.9),
      exceedingMonths: months.filter((x) => x.exceeds).map((x) => x.label),
    };
  });
  return { hubs, unmapped: [...unmapped.entries()].map(([site, u]) => ({ site, ...u })).sort((a, b) => a.site.localeCompare(b.site)) };
}
