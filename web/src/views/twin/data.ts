/**
 * The twin view's data: the OEM twin's per-batch series (GET /api/twin/batteries/{id}/series, one point per applied
 * telemetry batch, src/twin/service.ts) or, for participants who do not run the twin, the signed operationalSnapshot
 * events in the passport (Annex XIII(4) dynamic attributes, at the twin's bounded snapshot rate). Both become the
 * same columns so the charts do not care where the numbers came from.
 */

/** One series point as the twin service stores it. */
export interface TwinPoint {
  soc?: number;
  socSigma?: number;
  soeWh?: number;
  sopDischargeW?: number;
  sopChargeW?: number;
  sos?: number;
  sosDriver?: string;
  soh?: number;
  resistanceGrowth?: number;
  currentA?: number;
  voltageV?: number;
  tempMaxC?: number | null;
}

export interface SeriesItem {
  seq: number;
  tMs: number;
  point: TwinPoint;
}

export interface TwinLatest {
  timeMs: number;
  soc: number;
  socSigma: number;
  soeWh: number;
  sopDischargeW: number[];
  sopChargeW: number[];
  sos: number;
  sosDriver: string;
  window?: { minTempC: number | null; maxTempC: number | null; lastTempC: number | null };
}

export interface TwinRow {
  batteryId: string;
  participant: string;
  params: { chemistry?: string; capacityAh?: number; topology?: { seriesCells: number; parallelCells: number } };
  holder: { url: string; did: string } | null;
  latest: TwinLatest | null;
  alertLevel: 'warning' | 'critical' | null;
  samples: number;
  updatedAt: string;
  outbox?: { id: string; kind: string; type?: string; attempts: number; lastError: string | null; done: boolean }[];
}

export interface SnapshotPayload {
  stateOfChargePct?: number;
  stateOfHealthPct?: number;
  temperatures?: { minC: number; maxC: number };
  currentTemperatureC?: number;
  remainingPowerW?: { atSocPct: number; powerW: number }[];
  stateOfSafety?: { score: number; driver: string };
}

export interface AlertPayload {
  level: 'warning' | 'critical';
  stateOfSafety: number;
  factor: string;
  detail?: string;
  negativeEvent?: unknown;
}

/** Columns for the charts; x in Unix seconds, SoC/SoH in %, power in kW, SoS 0..1. */
export interface Cols {
  t: number[];
  soc: (number | null)[];
  socLo: (number | null)[];
  socHi: (number | null)[];
  soh: (number | null)[];
  rGrowth: (number | null)[];
  temp: (number | null)[];
  pDis: (number | null)[];
  pChg: (number | null)[];
  sos: (number | null)[];
  driver: (string | null)[];
}

export const emptyCols = (): Cols => ({ t: [], soc: [], socLo: [], socHi: [], soh: [], rGrowth: [], temp: [], pDis: [], pChg: [], sos: [], driver: [] });

const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const scale = (v: number | null, k: number) => (v === null ? null : v * k);

/** New columns = old + the items (new arrays, so React sees the change); items must be later than the old ones. */
export function appendSeries(c: Cols, items: readonly SeriesItem[]): Cols {
  if (!items.length) return c;
  const out: Cols = { t: c.t.slice(), soc: c.soc.slice(), socLo: c.socLo.slice(), socHi: c.socHi.slice(), soh: c.soh.slice(), rGrowth: c.rGrowth.slice(), temp: c.temp.slice(), pDis: c.pDis.slice(), pChg: c.pChg.slice(), sos: c.sos.slice(), driver: c.driver.slice() };
  let last = out.t.length ? out.t[out.t.length - 1] : -Infinity;
  for (const it of items) {
    const t = it.tMs / 1000;
    if (!(t > last)) continue; // uPlot needs strictly ascending x; a repeated timestamp adds nothing to draw
    last = t;
    const p = it.point ?? {};
    const soc = scale(n(p.soc), 100);
    const sig = scale(n(p.socSigma), 100);
    out.t.push(t);
    out.soc.push(soc);
    out.socLo.push(soc !== null && sig !== null ? Math.max(0, soc - sig) : null);
    out.socHi.push(soc !== null && sig !== null ? Math.min(100, soc + sig) : null);
    out.soh.push(scale(n(p.soh), 100));
    out.rGrowth.push(n(p.resistanceGrowth));
    out.temp.push(n(p.tempMaxC));
    out.pDis.push(scale(n(p.sopDischargeW), 1e-3));
    out.pChg.push(scale(n(p.sopChargeW), 1e-3));
    out.sos.push(n(p.sos));
    out.driver.push(typeof p.sosDriver === 'string' ? p.sosDriver : null);
  }
  return out;
}

export function colsFromSnapshots(events: readonly { occurredAt: string; payload: SnapshotPayload }[]): Cols {
  const items: SeriesItem[] = events
    .map((e, i) => {
      const p = e.payload ?? {};
      return {
        seq: i,
        tMs: Date.parse(e.occurredAt),
        point: {
          soc: n(p.stateOfChargePct) === null ? undefined : (p.stateOfChargePct as number) / 100,
          soh: n(p.stateOfHealthPct) === null ? undefined : (p.stateOfHealthPct as number) / 100,
          tempMaxC: n(p.temperatures?.maxC) ?? n(p.currentTemperatureC),
          sopDischargeW: n(p.remainingPowerW?.[0]?.powerW) ?? undefined,
          sos: n(p.stateOfSafety?.score) ?? undefined,
          sosDriver: p.stateOfSafety?.driver,
        },
      };
    })
    .filter((x) => Number.isFinite(x.tMs))
    .sort((a, b) => a.tMs - b.tMs);
  return appendSeries(emptyCols(), items);
}

/** Where the State-of-Safety driver changed (the last `max`), newest first. */
export function driverChanges(c: Cols, max = 8): { t: number; driver: string; sos: number | null }[] {
  const out: { t: number; driver: string; sos: number | null }[] = [];
  let prev: string | null = null;
  for (let i = 0; i < c.t.length; i++) {
    const d = c.driver[i];
    if (d !== null && d !== prev) {
      out.push({ t: c.t[i], driver: d, sos: c.sos[i] });
      prev = d;
    }
  }
  return out.slice(-max).reverse();
}
