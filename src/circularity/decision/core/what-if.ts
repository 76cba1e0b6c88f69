/**
 * What-if: for each lever (a price or the SoH), the smallest change that flips the recommended route, found by a
 * coarse scan away from today's value and a bisection on the first flip. The reported value lies on the flipped
 * side, so applying it really yields the new route (tested).
 */
import type { DecisionFactors } from './factors.js';
import type { Route, RouteInput } from './types.js';

export type LeverId = 'secondLifePrice' | 'reusePrice' | 'metalPrices' | 'sohShift' | 'carbonPrice' | 'labourRate' | 'sosScore';

export interface Lever {
  id: LeverId;
  label: string;
  unit: string;
  baseline: (x: RouteInput, f: DecisionFactors) => number;
  range: (base: number) => [number, number];
  apply: (x: RouteInput, f: DecisionFactors, value: number) => { input: RouteInput; factors: DecisionFactors };
}

export interface WhatIf {
  lever: LeverId;
  label: string;
  from: number;
  to: number;
  unit: string;
  changePct: number | null;
  newRoute: Route | null;
  text: string;
}

const clamp = (v: number) => Math.max(0, Math.min(100, v));
const scaleMetals = (f: DecisionFactors, k: number): DecisionFactors => {
  const g = structuredClone(f);
  for (const m of Object.keys(g.metalPriceEurPerKg) as (keyof DecisionFactors['metalPriceEurPerKg'])[]) g.metalPriceEurPerKg[m].value = f.metalPriceEurPerKg[m].value * k;
  return g;
};
const withPrice = (f: DecisionFactors, key: 'secondLifeEurPerKWh' | 'reuseEurPerKWh' | 'carbonPriceEurPerTonne', v: number): DecisionFactors => {
  const g = structuredClone(f);
  g.prices[key].value = v;
  return g;
};

export const LEVERS: readonly Lever[] = [
  { id: 'secondLifePrice', label: 'second-life price', unit: 'EUR/kWh', baseline: (_x, f) => f.prices.secondLifeEurPerKWh.value, range: (b) => [0, 5 * b], apply: (x, f, v) => ({ input: x, factors: withPrice(f, 'secondLifeEurPerKWh', v) }) },
  { id: 'reusePrice', label: 'EV re-use price', unit: 'EUR/kWh', baseline: (_x, f) => f.prices.reuseEurPerKWh.value, range: (b) => [0, 5 * b], apply: (x, f, v) => ({ input: x, factors: withPrice(f, 'reuseEurPerKWh', v) }) },
  { id: 'metalPrices', label: 'all metal prices', unit: '× today', baseline: () => 1, range: () => [0, 10], apply: (x, f, v) => ({ input: x, factors: scaleMetals(f, v) }) },
  { id: 'carbonPrice', label: 'carbon price', unit: 'EUR/t', baseline: (_x, f) => f.prices.carbonPriceEurPerTonne.value, range: () => [0, 1000], apply: (x, f, v) => ({ input: x, factors: withPrice(f, 'carbonPriceEurPerTonne', v) }) },
  {
    id: 'labourRate',
    label: 'labour rate',
    unit: 'EUR/h',
    baseline: (_x, f) => f.labour.rateEurPerHour.value,
    range: (b) => [0, 5 * b],
    apply: (x, f, v) => {
      const g = structuredClone(f);
      g.labour.rateEurPerHour.value = v;
      return { input: x, factors: g };
    },
  },
  // Not a price: shows when a safety re-assessment (e.g. a lab test clearing a recorded event) would change the route.
  { id: 'sosScore', label: 'State of Safety', unit: '0..1', baseline: (x) => x.sos.score, range: () => [0, 1], apply: (x, f, v) => ({ factors: f, input: { ...x, sos: { ...x.sos, score: v } } }) },
  {
    id: 'sohShift',
    label: 'SoH (all estimates shifted)',
    unit: '% points',
    baseline: () => 0,
    range: () => [-60, 30],
    apply: (x, f, d) => ({
      factors: f,
      input: {
        ...x,
        soh: { ...x.soh, pointPct: clamp(x.soh.pointPct + d), lowPct: clamp(x.soh.lowPct + d), highPct: clamp(x.soh.highPct + d) },
        modules: x.modules.map((m) => ({ ...m, sohPct: clamp(m.sohPct + d), sohLowPct: m.sohLowPct === undefined ? undefined : clamp(m.sohLowPct + d) })),
      },
    }),
  },
];

export type Decide = (x: RouteInput, f: DecisionFactors) => Route | null;

function firstFlip(lever: Lever, x: RouteInput, f: DecisionFactors, decide: Decide, base: number, end: number, current: Route | null): { value: number; route: Route | null } | null {
  const steps = 40;
  let prev = base;
  for (let i = 1; i <= steps; i++) {
    const v = base + ((end - base) * i) / steps;
    const { input, factors } = lever.apply(x, f, v);
    const r = decide(input, factors);
    if (r !== current) {
      // Bisect between the last unchanged value and the first flipped one; keep the flipped end.
      let lo = prev;
      let hi = v;
      let route = r;
      for (let k = 0; k < 30; k++) {
        const mid = (lo + hi) / 2;
        const m = lever.apply(x, f, mid);
        const rm = decide(m.input, m.factors);
        if (rm === current) lo = mid;
        else {
          hi = mid;
          route = rm;
        }
      }
      return { value: hi, route };
    }
    prev = v;
  }
  return null;
}

function describeChange(lever: Lever, base: number, to: number, changePct: number | null): string {
  const delta = to - base;
  if (lever.id === 'sohShift') return `${delta > 0 ? '+' : ''}${delta.toFixed(1)} points`;
  if (lever.id === 'sosScore') return `${base.toFixed(2)} → ${to.toFixed(2)}`;
  return `${base.toPrecision(3)} → ${to.toPrecision(3)} ${lever.unit}${changePct !== null ? ` (${changePct > 0 ? '+' : ''}${changePct.toFixed(0)} %)` : ''}`;
}

/** Flips in both directions of every lever, nearest first (relative to the lever's range). */
export function whatIfs(x: RouteInput, f: DecisionFactors, decide: Decide, levers: readonly Lever[] = LEVERS): WhatIf[] {
  const current = decide(x, f);
  const out: (WhatIf & { rel: number })[] = [];
  for (const lever of levers) {
    const base = lever.baseline(x, f);
    const [lo, hi] = lever.range(base);
    for (const end of [hi, lo]) {
      if (end === base) continue;
      const flip = firstFlip(lever, x, f, decide, base, end, current);
      if (!flip) continue;
      const changePct = base !== 0 ? ((flip.value - base) / Math.abs(base)) * 100 : null;
      const delta = flip.value - base;
      const how = describeChange(lever, base, flip.value, changePct);
      out.push({ lever: lever.id, label: lever.label, from: base, to: flip.value, unit: lever.unit, changePct, newRoute: flip.route, text: `${lever.label} ${how} flips ${current ?? 'none'} → ${flip.route ?? 'none'}`, rel: Math.abs(delta) / (hi - lo) });
    }
  }
  out.sort((a, b) => a.rel - b.rel);
  return out.map(({ rel: _rel, ...w }) => w);
}
