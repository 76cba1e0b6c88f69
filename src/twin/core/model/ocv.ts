/**
 * Open-circuit voltage as a function of state of charge, with a charge and a discharge branch (hysteresis band).
 *
 * Tables are resampled once onto a uniform SoC grid so a lookup is O(1) and allocation-free (the filter hot path).
 * The mid curve is the average of both branches; the half-width M(soc) is the hysteresis amplitude used by the
 * one-state hysteresis model (Plett, "Battery Management Systems" vol. 1, §2.7): OCV = mid(soc) + M(soc)·h, h ∈ [-1, 1].
 * Slopes are taken as centred differences over ±2 % SoC: a raw 0.05 %-grid table (e.g. the Berkeley LFP curve) has
 * measurement ripple that would otherwise turn into a noisy filter Jacobian.
 */

export interface OcvTable {
  /** grid points (uniform, SoC 0..1) */
  readonly n: number;
  readonly midV: Float64Array;
  readonly halfWidthV: Float64Array;
  /** d mid / d soc (V per unit SoC), smoothed */
  readonly slopeVPerSoc: Float64Array;
  /** d halfWidth / d soc */
  readonly halfSlopeVPerSoc: Float64Array;
  /** ∫_0^soc mid(s) ds (V·unit SoC): energy integrals in O(1) */
  readonly cumIntegralV: Float64Array;
  readonly source: string;
}

export interface OcvPoints {
  socs: ArrayLike<number>;
  /** charge branch (upper). For a table without hysteresis pass the same values as discharge. */
  ocvChargeV: ArrayLike<number>;
  ocvDischargeV: ArrayLike<number>;
  source: string;
}

const GRID = 501; // 0.2 % SoC resolution
const SLOPE_HALF_WINDOW = 0.02;

function interpSorted(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - xs[lo]) / (xs[hi] - xs[lo] || 1);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}

/** Builds a lookup table from measured points (SoC fractions, any spacing, strictly increasing after sorting). */
export function buildOcvTable(points: OcvPoints): OcvTable {
  const idx = Array.from({ length: points.socs.length }, (_, i) => i).sort((a, b) => points.socs[a] - points.socs[b]);
  const xs: number[] = [];
  const ch: number[] = [];
  const dis: number[] = [];
  for (const i of idx) {
    const s = points.socs[i];
    if (!Number.isFinite(s) || !Number.isFinite(points.ocvChargeV[i]) || !Number.isFinite(points.ocvDischargeV[i])) continue;
    if (xs.length > 0 && s <= xs[xs.length - 1]) continue; // duplicate SoC: keep the first
    xs.push(s);
    ch.push(points.ocvChargeV[i]);
    dis.push(points.ocvDischargeV[i]);
  }
  if (xs.length < 3) throw new Error('an OCV table needs at least 3 distinct SoC points');
  const midV = new Float64Array(GRID);
  const halfWidthV = new Float64Array(GRID);
  for (let k = 0; k < GRID; k++) {
    const s = k / (GRID - 1);
    const c = interpSorted(xs, ch, s);
    const d = interpSorted(xs, dis, s);
    midV[k] = (c + d) / 2;
    halfWidthV[k] = Math.max(0, (c - d) / 2);
  }
  const slopeVPerSoc = new Float64Array(GRID);
  const halfSlopeVPerSoc = new Float64Array(GRID);
  const w = Math.round(SLOPE_HALF_WINDOW * (GRID - 1));
  for (let k = 0; k < GRID; k++) {
    const a = Math.max(0, k - w);
    const b = Math.min(GRID - 1, k + w);
    const ds = (b - a) / (GRID - 1);
    slopeVPerSoc[k] = (midV[b] - midV[a]) / ds;
    halfSlopeVPerSoc[k] = (halfWidthV[b] - halfWidthV[a]) / ds;
  }
  const cumIntegralV = new Float64Array(GRID);
  for (let k = 1; k < GRID; k++) cumIntegralV[k] = cumIntegralV[k - 1] + ((midV[k] + midV[k - 1]) / 2) / (GRID - 1);
  return { n: GRID, midV, halfWidthV, slopeVPerSoc, halfSlopeVPerSoc, cumIntegralV, source: points.source };
}

/** Linear interpolation of a uniform-grid array at soc (clamped to [0, 1]). */
export function lookup(arr: Float64Array, soc: number): number {
  const n = arr.length;
  let x = soc * (n - 1);
  if (!(x > 0)) return arr[0];
  if (x >= n - 1) return arr[n - 1];
  const i = x | 0;
  x -= i;
  return arr[i] + x * (arr[i + 1] - arr[i]);
}

/** OCV at soc with hysteresis state h (h = +1 after charging, -1 after discharging). */
export function ocvV(t: OcvTable, soc: number, h: number): number {
  return lookup(t.midV, soc) + h * lookup(t.halfWidthV, soc);
}

/** Secant slope of the mid curve over [soc - w, soc + w] (clamped): statistical linearisation for a wide prior. */
export function secantSlope(t: OcvTable, soc: number, w: number): number {
  let a = soc - w;
  let b = soc + w;
  if (a < 0) a = 0;
  if (b > 1) b = 1;
  if (b - a < 1e-6) return lookup(t.slopeVPerSoc, soc);
  return (lookup(t.midV, b) - lookup(t.midV, a)) / (b - a);
}

/** ∫_{socLo}^{socHi} mid(s) ds in V (multiply by capacity in Ah to get Wh). */
export function ocvIntegral(t: OcvTable, socLo: number, socHi: number): number {
  return lookup(t.cumIntegralV, socHi) - lookup(t.cumIntegralV, socLo);
}

/** Inverse of the OCV on a branch (h fixed), by bisection; meaningful only where the curve is monotonic. */
export function socFromOcv(t: OcvTable, v: number, h: number): number {
  let lo = 0;
  let hi = 1;
  if (v <= ocvV(t, 0, h)) return 0;
  if (v >= ocvV(t, 1, h)) return 1;
  for (let i = 0; i < 40; i++) {
    const m = (lo + hi) / 2;
    if (ocvV(t, m, h) < v) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}
