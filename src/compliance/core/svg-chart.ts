/**
 * Horizontal bar charts as inline SVG for the compliance reports: no script, no external resources, so a report stays
 * one self-contained file an authority can archive. Labels sit above their bars (the full width stays for the bars
 * on a 360 px screen); a dashed line marks the target. Colours keep ≥ 3:1 against white (WCAG 2.1 SC 1.4.11) and
 * text ≥ 4.5:1 (SC 1.4.3); every chart is role="img" with a text alternative, and its numbers are in a table beside it.
 */

export const COLORS = {
  text: '#1a1a1a',
  muted: '#595959',
  grid: '#c8c8c8',
  primary: '#1f5fa8',
  secondary: '#a64d00',
  tertiary: '#0b6e4f',
  target: '#b3261e',
} as const;

export function esc(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface BarSegment {
  value: number;
  fill: string;
  name: string;
}

export interface Bar {
  /** Stacked left to right. */
  segments: BarSegment[];
  valueText: string;
}

export interface BarRow {
  label: string;
  bars: Bar[];
  target?: number | null;
}

export interface ChartSpec {
  /** Short text alternative read by screen readers (aria-label and <title>). */
  label: string;
  unit: string;
  /** Axis maximum; default: the largest value rounded up. */
  max?: number;
  rows: BarRow[];
  legend: { name: string; fill: string; kind: 'bar' | 'target' }[];
}

const W = 340;
const RIGHT = 118; // room for the value text after the longest bar
const BAR_H = 14;
const FONT = 13;

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const fmt = (n: number) => (Math.abs(n) >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1));

export function barChart(spec: ChartSpec): string {
  const values = spec.rows.flatMap((r) => [...r.bars.map((b) => b.segments.reduce((s, x) => s + Math.max(0, x.value), 0)), r.target ?? 0]);
  const max = spec.max ?? niceMax(Math.max(0, ...values));
  const span = W - RIGHT;
  const x = (v: number) => Math.max(0, Math.min(span, (v / max) * span));
  const parts: string[] = [];
  let y = 4;
  // legend: one line per entry keeps it readable at any width
  for (const l of spec.legend) {
    parts.push(l.kind === 'bar'
      ? `<rect x="0" y="${y}" width="12" height="12" fill="${l.fill}"/>`
      : `<line x1="6" x2="6" y1="${y - 1}" y2="${y + 13}" stroke="${l.fill}" stroke-width="2" stroke-dasharray="3 2"/>`);
    parts.push(`<text x="18" y="${y + 11}" font-size="${FONT}" fill="${COLORS.text}">${esc(l.name)}</text>`);
    y += 18;
  }
  y += 6;
  const plotTop = y;
  for (const r of spec.rows) {
    parts.push(`<text x="0" y="${y + FONT}" font-size="${FONT}" font-weight="600" fill="${COLORS.text}">${esc(r.label)}</text>`);
    y += FONT + 6;
    const rowTop = y;
    for (const b of r.bars) {
      let cx = 0;
      for (const s of b.segments) {
        const w = x(cx + Math.max(0, s.value)) - x(cx);
        if (w > 0) parts.push(`<rect x="${x(cx).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${s.fill}"><title>${esc(`${s.name}: ${fmt(s.value)} ${spec.unit}`)}</title></rect>`);
        cx += Math.max(0, s.value);
      }
      parts.push(`<text x="${(x(cx) + 4).toFixed(1)}" y="${y + BAR_H - 3}" font-size="${FONT - 1}" fill="${COLORS.text}">${esc(b.valueText)}</text>`);
      y += BAR_H + 4;
    }
    if (r.target !== undefined && r.target !== null) {
      const tx = x(r.target).toFixed(1);
      parts.push(`<line x1="${tx}" x2="${tx}" y1="${rowTop - 3}" y2="${y - 1}" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="4 3"/>`);
    }
    y += 8;
  }
  // axis: four ticks with light grid lines behind the bars
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const grid = ticks.map((t) => `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${plotTop}" y2="${y}" stroke="${COLORS.grid}" stroke-width="1"/>`).join('');
  const labels = ticks.map((t, i) => `<text x="${x(t).toFixed(1)}" y="${y + FONT + 2}" font-size="${FONT - 2}" fill="${COLORS.muted}" text-anchor="${i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}">${fmt(t)}${i === ticks.length - 1 ? ` ${esc(spec.unit)}` : ''}</text>`).join('');
  const h = y + FONT + 8;
  return `<svg role="img" aria-label="${esc(spec.label)}" viewBox="0 0 ${W} ${h}" width="100%" preserveAspectRatio="xMinYMin meet" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" xmlns="http://www.w3.org/2000/svg"><title>${esc(spec.label)}</title>${grid}${parts.join('')}${labels}</svg>`;
}
