/**
 * Min/max decimation to the pixel width (pure). A line chart cannot show more than one vertical extent per pixel
 * column, so each column (bucket of the x range) keeps, per series, only the sample with the smallest and the one with
 * the largest value, in x order. The drawn envelope is then identical to drawing every sample, every peak survives,
 * and 100k samples become at most 2 × columns points per series (the "M4" idea without first/last, Jugel et al.,
 * "M4: A Visualization-Oriented Time Series Data Aggregation", PVLDB 7(10), 2014).
 */

export interface Decimated {
  x: number[];
  ys: (number | null)[][];
}

export interface XRange {
  min: number;
  max: number;
}

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** First index with x[i] >= v (x ascending). */
export function lowerBound(x: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Last index with x[i] <= v (x ascending), -1 if none. */
export function upperIndex(x: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Decimates series that share an ascending x array to `buckets` columns over `range` (default: the whole x extent).
 * Samples just outside the range are kept so lines run to the plot edges. Each bucket yields the indices of every
 * series' min and max (union, in x order); a bucket where every series is null keeps one null row so a gap stays a gap.
 * With one series the output has at most 2 × buckets points (+ the two edge neighbours when the range is narrower
 * than the data).
 */
export function decimateMinMax(x: ArrayLike<number>, ys: readonly ArrayLike<number | null | undefined>[], buckets: number, range?: XRange): Decimated {
  const n = x.length;
  const cols = Math.max(1, Math.floor(buckets));
  if (n === 0) return { x: [], ys: ys.map(() => []) };
  const min = range?.min ?? x[0];
  const max = range?.max ?? x[n - 1];
  let i0 = lowerBound(x, min);
  let i1 = upperIndex(x, max);
  if (i0 > 0) i0 -= 1;
  if (i1 < n - 1) i1 += 1;
  if (i1 < i0) return { x: [], ys: ys.map(() => []) };

  const pick: number[] = [];
  const take = (i: number) => pick.push(i);
  const count = i1 - i0 + 1;
  if (count <= 2 * cols || !(max > min)) {
    for (let i = i0; i <= i1; i++) take(i);
    return gather(x, ys, pick);
  }

  const span = max - min;
  const s = ys.length;
  const minIdx = new Int32Array(s);
  const maxIdx = new Int32Array(s);
  let bucket = -2;
  let firstOfBucket = -1;
  const flush = () => {
    if (bucket === -2) return;
    const here: number[] = [];
    for (let k = 0; k < s; k++) {
      if (minIdx[k] >= 0) here.push(minIdx[k]);
      if (maxIdx[k] >= 0 && maxIdx[k] !== minIdx[k]) here.push(maxIdx[k]);
    }
    if (here.length === 0) {
      take(firstOfBucket);
      return;
    }
    here.sort((a, b) => a - b);
    let prev = -1;
    for (const i of here) {
      if (i !== prev) take(i);
      prev = i;
    }
  };
  for (let i = i0; i <= i1; i++) {
    const xi = x[i];
    // the edge neighbours outside the range get buckets of their own (-1 and cols) so they are kept as they are
    const b = xi < min ? -1 : xi > max ? cols : Math.min(cols - 1, Math.floor(((xi - min) / span) * cols));
    if (b !== bucket) {
      flush();
      bucket = b;
      firstOfBucket = i;
      minIdx.fill(-1);
      maxIdx.fill(-1);
    }
    for (let k = 0; k < s; k++) {
      const v = ys[k][i];
      if (!isNum(v)) continue;
      if (minIdx[k] < 0 || v < (ys[k][minIdx[k]] as number)) minIdx[k] = i;
      if (maxIdx[k] < 0 || v > (ys[k][maxIdx[k]] as number)) maxIdx[k] = i;
    }
  }
  flush();
  return gather(x, ys, pick);
}

function gather(x: ArrayLike<number>, ys: readonly ArrayLike<number | null | undefined>[], idx: readonly number[]): Decimated {
  const ox = new Array<number>(idx.length);
  const oys = ys.map(() => new Array<number | null>(idx.length));
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    ox[j] = x[i];
    for (let k = 0; k < ys.length; k++) {
      const v = ys[k][i];
      oys[k][j] = isNum(v) ? v : null;
    }
  }
  return { x: ox, ys: oys };
}
