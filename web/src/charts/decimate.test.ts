import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimateMinMax, lowerBound, upperIndex } from './decimate.js';

/** A deterministic noisy signal with a few isolated spikes (the samples a naive stride would drop). */
function signal(n: number): { x: number[]; y: number[] } {
  const x = new Array<number>(n);
  const y = new Array<number>(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    x[i] = 1_700_000_000 + i * 0.1;
    y[i] = Math.sin(i / 700) + ((s % 1000) / 1000 - 0.5) * 0.2;
  }
  y[31_337] = 9.5;
  y[77_777] = -8.25;
  return { x, y };
}

test('100k points decimate to at most 2 per pixel column and keep every extreme', () => {
  const { x, y } = signal(100_000);
  const width = 800;
  const d = decimateMinMax(x, [y], width);
  assert.ok(d.x.length <= 2 * width, `${d.x.length} points for ${width} columns`);
  assert.ok(d.x.length >= width, 'every column keeps at least one point');
  const out = d.ys[0] as number[];
  assert.equal(Math.max(...out), 9.5, 'the positive spike survives');
  assert.equal(Math.min(...out), -8.25, 'the negative spike survives');
  // x stays ascending and every output point is a real sample
  for (let j = 1; j < d.x.length; j++) assert.ok(d.x[j] > d.x[j - 1]);
  const at = new Map(x.map((v, i) => [v, y[i]]));
  for (let j = 0; j < d.x.length; j += 97) assert.equal(out[j], at.get(d.x[j]));
  // each column's own min and max are present (the envelope a full draw would show)
  const span = x[x.length - 1] - x[0];
  const col = (v: number) => Math.min(width - 1, Math.floor(((v - x[0]) / span) * width));
  const want = new Map<number, { lo: number; hi: number }>();
  x.forEach((v, i) => {
    const c = col(v);
    const w = want.get(c) ?? { lo: Infinity, hi: -Infinity };
    want.set(c, { lo: Math.min(w.lo, y[i]), hi: Math.max(w.hi, y[i]) });
  });
  const got = new Map<number, { lo: number; hi: number }>();
  d.x.forEach((v, j) => {
    const c = col(v);
    const g = got.get(c) ?? { lo: Infinity, hi: -Infinity };
    got.set(c, { lo: Math.min(g.lo, out[j]), hi: Math.max(g.hi, out[j]) });
  });
  assert.deepEqual(got, want);
});

test('several series keep each one’s extremes; nulls stay gaps', () => {
  const n = 50_000;
  const x = Array.from({ length: n }, (_, i) => i);
  const a = x.map((i) => (i === 1234 ? 100 : Math.cos(i / 50)));
  const b = x.map((i) => (i >= 20_000 && i < 30_000 ? null : i === 40_001 ? -50 : Math.sin(i / 80)));
  const d = decimateMinMax(x, [a, b], 300);
  assert.ok(d.x.length <= 2 * 300 * 2);
  assert.ok(d.ys[0].includes(100));
  assert.ok(d.ys[1].includes(-50));
  const inGap = d.x.map((v, j) => [v, d.ys[1][j]] as const).filter(([v]) => v >= 20_000 && v < 30_000);
  assert.ok(inGap.length > 0 && inGap.every(([, v]) => v === null), 'the null stretch is drawn as a gap');
});

test('a zoomed range keeps its edge neighbours and only the range’s samples', () => {
  const { x, y } = signal(100_000);
  const range = { min: x[40_000], max: x[40_000 + 30_000] };
  const d = decimateMinMax(x, [y], 500, range);
  assert.ok(d.x.length <= 2 * 500 + 2);
  assert.equal(d.x[0], x[39_999], 'the sample left of the range is kept so the line reaches the edge');
  assert.equal(d.x[d.x.length - 1], x[70_001]);
  assert.ok(d.x.slice(1, -1).every((v) => v >= range.min && v <= range.max));
  // few samples in view: returned as they are
  const small = decimateMinMax(x, [y], 500, { min: x[10], max: x[20] });
  assert.deepEqual(small.x, x.slice(9, 22));
});

test('empty input, a degenerate range and the binary searches', () => {
  assert.deepEqual(decimateMinMax([], [[]], 100), { x: [], ys: [[]] });
  const one = decimateMinMax([5], [[1]], 100);
  assert.deepEqual(one, { x: [5], ys: [[1]] });
  const xs = [1, 2, 2, 3, 5];
  assert.equal(lowerBound(xs, 2), 1);
  assert.equal(upperIndex(xs, 2), 2);
  assert.equal(lowerBound(xs, 6), 5);
  assert.equal(upperIndex(xs, 0), -1);
});
