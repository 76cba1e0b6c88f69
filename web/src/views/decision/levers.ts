/**
 * The what-if sliders (pure). Each lever is one input of the decision the recommender itself varies
 * (src/circularity/decision/core/what-if.ts): the SoH estimate shifted by some points (sent as `overrides.soh`) and
 * the prices of the dated factor table (sent as `factors.prices.*`, which the node merges over its defaults). The
 * slider starts at today's value, read from what the node answered: a lever's `from` in the what-if list, else the
 * price quoted in a contribution's source, else the carbon price stated in the explanation. A lever whose value the
 * answer does not state stays disabled rather than guessing a number.
 */
import type { Recommendation } from './types.js';

export type LeverId = 'sohShift' | 'secondLifePrice' | 'reusePrice' | 'carbonPrice';

export interface Lever {
  id: LeverId;
  label: string;
  unit: string;
  base: number | null;
  min: number;
  max: number;
  step: number;
  /** the route flips at these values (from the node's what-if analysis) */
  flips: { value: number; to: string }[];
}

export interface SohBase {
  pointPct: number;
  lowPct: number;
  highPct: number;
}

const firstNumber = (re: RegExp, texts: readonly string[]): number | null => {
  for (const t of texts) {
    const m = re.exec(t);
    if (m) {
      const v = Number(m[1]);
      if (Number.isFinite(v)) return v;
    }
  }
  return null;
};

/** SoH interval the decision used: "…SoH interval [low, high] %… point SoH x %" in the explanation, else the modules. */
export function sohBase(r: Recommendation): SohBase | null {
  for (const line of r.explanation) {
    const m = /\[([\d.]+),\s*([\d.]+)\]\s*%.*point SoH ([\d.]+)\s*%/.exec(line);
    if (m) return { lowPct: Number(m[1]), highPct: Number(m[2]), pointPct: Number(m[3]) };
  }
  if (r.modules.length) {
    const p = Math.min(...r.modules.map((m) => m.sohPct));
    const lo = Math.min(...r.modules.map((m) => m.sohLowPct));
    return { pointPct: p, lowPct: lo, highPct: Math.min(100, p + (p - lo)) };
  }
  return null;
}

function priceFromSources(r: Recommendation, factor: RegExp): number | null {
  const sources = r.evaluations.flatMap((e) => e.contributions.filter((c) => factor.test(c.factor)).map((c) => c.source));
  return firstNumber(/^([\d.]+)\s*EUR\/kWh/, sources);
}

export function levers(r: Recommendation): Lever[] {
  const flips = (id: string) => r.whatIf.filter((w) => w.lever === id).map((w) => ({ value: w.to, to: w.newRoute ?? 'none' }));
  const from = (id: string) => r.whatIf.find((w) => w.lever === id)?.from ?? null;
  const soh = sohBase(r);
  const second = from('secondLifePrice') ?? priceFromSources(r, /^second-life sale/);
  const reuse = from('reusePrice') ?? priceFromSources(r, /^sale for EV re-use|^sale of remanufactured pack/);
  const carbon = from('carbonPrice') ?? firstNumber(/CO₂ avoided × ([\d.]+) EUR\/t/, r.explanation);
  const priceLever = (id: LeverId, label: string, base: number | null): Lever => ({ id, label, unit: 'EUR/kWh', base, min: 0, max: base ? Math.max(1, Math.ceil(base * 5)) : 1, step: base ? Math.max(0.5, Math.round(base / 50)) : 1, flips: flips(id) });
  return [
    { id: 'sohShift', label: 'SoH shift', unit: '% points', base: soh ? 0 : null, min: soh ? -Math.min(60, Math.floor(soh.lowPct)) : -60, max: soh ? Math.min(30, Math.ceil(100 - soh.pointPct)) : 30, step: 0.5, flips: flips('sohShift') },
    priceLever('secondLifePrice', 'second-life price', second),
    priceLever('reusePrice', 'EV re-use price', reuse),
    { id: 'carbonPrice', label: 'carbon price', unit: 'EUR/t', base: carbon, min: 0, max: 1000, step: 5, flips: flips('carbonPrice') },
  ];
}

/** The request body for the current slider values (only levers moved away from their base are sent). */
export function whatIfBody(base: Record<string, unknown>, r: Recommendation, values: Partial<Record<LeverId, number>>): Record<string, unknown> {
  const body: Record<string, unknown> = { ...base };
  const ls = levers(r);
  const moved = (id: LeverId) => {
    const l = ls.find((x) => x.id === id);
    const v = values[id];
    return l && l.base !== null && v !== undefined && v !== l.base ? v : undefined;
  };
  const shift = moved('sohShift');
  const soh = sohBase(r);
  if (shift !== undefined && soh) {
    const c = (v: number) => Math.max(0, Math.min(100, v));
    body.overrides = { ...(base.overrides as object | undefined), soh: { pointPct: c(soh.pointPct + shift), lowPct: c(soh.lowPct + shift), highPct: c(soh.highPct + shift) } };
  }
  const prices: Record<string, number> = {};
  const sl = moved('secondLifePrice');
  if (sl !== undefined) prices.secondLifeEurPerKWh = sl;
  const ru = moved('reusePrice');
  if (ru !== undefined) prices.reuseEurPerKWh = ru;
  const cp = moved('carbonPrice');
  if (cp !== undefined) prices.carbonPriceEurPerTonne = cp;
  if (Object.keys(prices).length) body.factors = { prices };
  return body;
}
