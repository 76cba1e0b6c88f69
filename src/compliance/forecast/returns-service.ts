/**
 * Returns forecast from this node's digital twins (issue 7): reads the twins through a port shaped after the twin
 * service (`TwinService.list` / `TwinService.series`, so the composition root passes those methods), turns each into
 * an end-of-first-life distribution (from-twins.ts) and aggregates monthly expected returns per site and chemistry
 * with intervals (aggregate.ts). Randomness comes from the `seed` of the query: the same seed and data give the same
 * figures, and each battery draws from its own stream (keyed by its id), so filtering does not change its samples.
 *
 * Reading cost: a twin stores one point per telemetry batch (minutes apart, years of them), so the service does not
 * read whole series. It samples each calendar month in `slicesPerMonth` windows of at most `pointsPerSlice` points —
 * a monthly median needs a few days spread over the month (points within a day share their anchor pairs), not every
 * batch — and reads at most `maxHistoryMonths` back: O(months × slices) small indexed queries per twin
 * (twin_points_time index on battery_id, t_ms).
 */
import { aggregateReturns, monthLabel, type ReturnsForecast } from './aggregate.js';
import { streamRng } from './rng.js';
import { forecastFromTwin, monthOfMs, type TwinBatteryForecast, type TwinForecastOptions, type TwinSohPoint, DAY_MS } from './from-twins.js';

/** The fields of a twin row the forecast reads (a `TwinRow` of src/twin/service.ts satisfies it). */
export interface TwinRowLike {
  batteryId: string;
  participant: string;
  params: { chemistry: string };
  holder: { url: string; did: string } | null;
  /** last time the twin applied a batch (or was registered), ISO 8601 */
  updatedAt?: string;
}

export interface SeriesPointLike {
  seq: number;
  tMs: number;
  point: Record<string, number | string>;
}

/** What the battery's passport says about it; any field may be missing. */
export interface BatteryContext {
  /** Annex VII Part B(1) date of putting into service, ISO 8601 date */
  puttingIntoServiceDate?: string | null;
  /** where the pack will be handed back (collection point id or locality), the "site" of the forecast */
  site?: string | null;
}

export interface TwinReadPort {
  /** `TwinService.list` */
  listTwins(limit: number): Promise<readonly TwinRowLike[]>;
  /** `TwinService.series`: points with fromMs ≤ tMs ≤ toMs in time order, at most `limit` */
  sohSeries(batteryId: string, fromMs: number, toMs: number, limit: number): Promise<readonly SeriesPointLike[]>;
  /** Passport context of a battery; null (or a throw) when unknown. */
  describe?(twin: TwinRowLike): Promise<BatteryContext | null>;
}

export interface ReadOptions {
  slicesPerMonth?: number;
  pointsPerSlice?: number;
  maxHistoryMonths?: number;
  maxTwins?: number;
  /** a twin silent for longer than this is conditioned on its last report, not on being in service now */
  staleAfterDays?: number;
}

export interface ReturnsServiceDeps {
  twins: TwinReadPort;
  now: () => Date;
  forecast?: TwinForecastOptions;
  read?: ReadOptions;
  /** site when the passport names none */
  defaultSite?: string;
  /** how long per-battery EoL distributions are reused (they change with telemetry on the scale of weeks) */
  cacheTtlMs?: number;
}

export interface ReturnsQuery {
  horizonMonths: number;
  seed: number;
  site?: string;
  chemistry?: string;
  mcDraws?: number;
}

export interface BatteryEolSummary {
  batteryId: string;
  site: string;
  chemistry: string;
  basis: TwinBatteryForecast['basis'];
  origin: TwinBatteryForecast['origin'];
  commissioned: string;
  pointsRead: number;
  monthsUsed: number;
  lastSoh: number | null;
  eolAgeYears: { p05: number; p10: number; p50: number; p90: number; p95: number };
  /** calendar month of the EoL quantiles, YYYY-MM */
  eolMonth: { p05: string; p10: string; p50: string; p90: string; p95: string };
  /** probability of arriving at a hub within the horizon, and of an arrival already due before it */
  pArrivalInHorizon: number;
  pOverdue: number;
}

export interface ReturnsResult {
  asOf: string;
  fromMonth: number;
  horizonMonths: number;
  seed: number;
  forecast: ReturnsForecast;
  batteries: TwinBatteryForecast[];
  summaries: BatteryEolSummary[];
  /** the twin list hit `maxTwins` */
  truncated: boolean;
}

/** FNV-1a, 32 bit: a stable stream number per battery id. */
function streamOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const msOfMonth = (m: number) => Date.UTC(Math.floor(m / 12), m % 12, 1);

function parseDate(s: string | null | undefined): number | null {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}(-\d{2})?/.test(s)) return null;
  const t = Date.parse(s.length === 7 ? `${s}-01` : s);
  return Number.isFinite(t) ? t : null;
}

export class ReturnsForecastService {
  private cache: { key: string; at: number; list: TwinBatteryForecast[]; truncated: boolean } | null = null;

  constructor(private readonly d: ReturnsServiceDeps) {}

  /** Sampled SoH points of one twin up to `asOfMs` (see the file comment for the sampling). */
  async readSoh(batteryId: string, asOfMs: number): Promise<TwinSohPoint[]> {
    const r = this.d.read ?? {};
    const slices = r.slicesPerMonth ?? 6;
    const per = r.pointsPerSlice ?? 40;
    const first = await this.d.twins.sohSeries(batteryId, 0, asOfMs, 1);
    if (first.length === 0) return [];
    const end = monthOfMs(asOfMs);
    const out: TwinSohPoint[] = [];
    for (let m = Math.max(monthOfMs(first[0].tMs), end - (r.maxHistoryMonths ?? 180)); m <= end; m++) {
      const a = msOfMonth(m);
      const len = msOfMonth(m + 1) - a;
      for (let s = 0; s < slices; s++) {
        const from = a + Math.floor((len * s) / slices);
        const to = Math.min(asOfMs, a + Math.floor((len * (s + 1)) / slices) - 1);
        if (from > to) break;
        for (const row of await this.d.twins.sohSeries(batteryId, from, to, per)) {
          const soh = row.point.soh;
          if (typeof soh === 'number' && Number.isFinite(soh)) out.push({ tMs: row.tMs, soh });
        }
      }
    }
    return out;
  }

  /** Per-battery EoL distributions for every twin (cached for `cacheTtlMs` per seed). */
  async batteries(seed: number): Promise<{ list: TwinBatteryForecast[]; truncated: boolean; asOfMs: number }> {
    const nowMs = this.d.now().getTime();
    const key = String(seed);
    const ttl = this.d.cacheTtlMs ?? 5 * 60_000;
    if (this.cache && this.cache.key === key && nowMs - this.cache.at < ttl) return { list: this.cache.list, truncated: this.cache.truncated, asOfMs: this.cache.at };
    const r = this.d.read ?? {};
    const maxTwins = r.maxTwins ?? 5000;
    const stale = (r.staleAfterDays ?? 60) * DAY_MS;
    const twins = await this.d.twins.listTwins(maxTwins);
    const list: TwinBatteryForecast[] = [];
    for (const t of twins) {
      const ctx = this.d.twins.describe ? await this.d.twins.describe(t).catch(() => null) : null;
      const points = await this.readSoh(t.batteryId, nowMs);
      const lastPoint = points.reduce((m, p) => Math.max(m, p.tMs), -Infinity);
      const updated = parseDate(t.updatedAt ?? null) ?? -Infinity;
      const lastSeen = Math.max(lastPoint, updated);
      // a twin that still reports is in first life now; one gone silent is known to be so only until its last report
      const inServiceAtMs = Number.isFinite(lastSeen) && nowMs - lastSeen > stale ? lastSeen : nowMs;
      list.push(
        forecastFromTwin(
          {
            batteryId: t.batteryId,
            chemistry: t.params.chemistry,
            site: ctx?.site?.trim() || this.d.defaultSite || 'unassigned',
            puttingIntoServiceMs: parseDate(ctx?.puttingIntoServiceDate ?? null),
            points,
            inServiceAtMs,
          },
          streamRng(seed, streamOf(t.batteryId)),
          this.d.forecast,
        ),
      );
    }
    const truncated = twins.length >= maxTwins;
    this.cache = { key, at: nowMs, list, truncated };
    return { list, truncated, asOfMs: nowMs };
  }

  async forecast(q: ReturnsQuery): Promise<ReturnsResult> {
    const { list, truncated, asOfMs } = await this.batteries(q.seed);
    const chosen = list.filter((b) => (q.site === undefined || b.site === q.site) && (q.chemistry === undefined || b.chemistry === q.chemistry));
    const fromMonth = monthOfMs(asOfMs);
    const forecast = aggregateReturns(chosen, { fromMonth, months: q.horizonMonths }, streamRng(q.seed, 0x7e7e7e7e), { mcDraws: q.mcDraws });
    const summaries = chosen.map((b): BatteryEolSummary => {
      const pmf = forecast.perBattery.get(b.id)!;
      const qy = b.eol.quantilesYears;
      const month = (age: number) => monthLabel(Math.floor(b.commissionedMonth + age * 12));
      return {
        batteryId: b.id,
        site: b.site,
        chemistry: b.chemistry,
        basis: b.basis,
        origin: b.origin,
        commissioned: new Date(b.commissionedMs).toISOString().slice(0, 10),
        pointsRead: b.pointsRead,
        monthsUsed: b.binsUsed,
        lastSoh: b.lastSoh,
        eolAgeYears: qy,
        eolMonth: { p05: month(qy.p05), p10: month(qy.p10), p50: month(qy.p50), p90: month(qy.p90), p95: month(qy.p95) },
        pArrivalInHorizon: pmf.inHorizon.reduce((s, p) => s + p, 0),
        pOverdue: pmf.before,
      };
    });
    return { asOf: new Date(asOfMs).toISOString(), fromMonth, horizonMonths: q.horizonMonths, seed: q.seed, forecast, batteries: chosen, summaries, truncated };
  }

  /** Sites and chemistries present among the twins (for validating filters). */
  async dimensions(seed: number): Promise<{ sites: string[]; chemistries: string[] }> {
    const { list } = await this.batteries(seed);
    return { sites: [...new Set(list.map((b) => b.site))].sort(), chemistries: [...new Set(list.map((b) => b.chemistry))].sort() };
  }
}
