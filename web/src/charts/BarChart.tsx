/**
 * An accessible horizontal bar chart in SVG for breakdowns and compliance figures: grouped bars per row (e.g. input
 * and output mass of one element), negative values to the left of a zero line (costs in a value breakdown), and an
 * optional target tick per row (a legal minimum). The SVG is an image with a text alternative; the same numbers are
 * available as a table, so nothing depends on colour or on seeing the chart.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { themeOf } from './palette.js';

export interface BarSeries {
  name: string;
  color?: string;
}

export interface BarRow {
  label: string;
  values: (number | null)[];
  target?: number | null;
  /** a short word or two (e.g. "meets", "below target"): shown after the values, and in the table */
  status?: string;
  /** longer detail for the text alternative and the table (e.g. when the next target applies) */
  note?: string;
}

export interface BarChartProps {
  title: string;
  description?: string;
  series: BarSeries[];
  rows: BarRow[];
  unit: string;
  digits?: number;
  /** fixed axis range (e.g. [0, 100] for percentages); default from the data, the targets and zero */
  domain?: [number, number];
  targetLabel?: string;
  testId?: string;
}

const ROW_GAP = 10;
const BAR_H = 16;
/** Average advance of an 11 px character (value labels). */
const VALUE_CHAR_W = 6.3;
/** Average advance of a 12 px system-ui character, for sizing the label column without measuring text. */
const CHAR_W = 6.8;

export function BarChart(p: BarChartProps) {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(640);
  const [palette, setPalette] = useState<string[]>(themeOf(null).series);
  const titleId = useId();
  const descId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setPalette(themeOf(el).series);
    const measure = () => setWidth(Math.max(320, el.clientWidth));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const digits = p.digits ?? 1;
  const f = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(digits)} ${p.unit}`);
  const all = p.rows.flatMap((r) => [...r.values, r.target ?? null]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  let [lo, hi] = p.domain ?? [Math.min(0, ...all), Math.max(0, ...all)];
  if (!(hi > lo)) [lo, hi] = [lo, lo + 1];
  // the label column fits the longest label, up to 40 % of the chart; longer labels are cut (full text in <title>)
  const longest = Math.max(4, ...p.rows.map((r) => r.label.length));
  const LABEL_W = Math.ceil(Math.min(width * 0.4, longest * CHAR_W + 14));
  const inline = (r: BarRow) => `${r.values.length === 1 ? f(r.values[0]) : r.values.map((v) => (v === null ? '–' : v.toFixed(digits))).join(' / ')}${r.status ? ` ${r.status}` : ''}`;
  const VALUE_W = Math.ceil(Math.min(width * 0.35, Math.max(60, ...p.rows.map((r) => inline(r).length * VALUE_CHAR_W + 12))));
  const maxChars = Math.max(4, Math.floor((LABEL_W - 14) / CHAR_W));
  const plotW = Math.max(80, width - LABEL_W - VALUE_W);
  const sx = (v: number) => LABEL_W + ((v - lo) / (hi - lo)) * plotW;
  const groupH = p.series.length * BAR_H + ROW_GAP;
  const top = 18;
  const height = top + p.rows.length * groupH + 22;
  const color = (k: number) => p.series[k].color ?? palette[k % palette.length];
  const ticks = niceTicks(lo, hi, 5);
  const alt = p.rows
    .map((r) => `${r.label}: ${r.values.map((v, k) => `${p.series[k].name} ${f(v)}`).join(', ')}${r.target !== undefined && r.target !== null ? `, ${p.targetLabel ?? 'target'} ${f(r.target)}` : ''}${r.status ? ` (${r.status}${r.note ? `; ${r.note}` : ''})` : r.note ? ` (${r.note})` : ''}`)
    .join('; ');

  return (
    <figure className="bl-chart" ref={ref} data-testid={p.testId}>
      <figcaption id={titleId} className="bl-chart-title">
        {p.title}
        {p.description ? <span className="bl-chart-desc"> — {p.description}</span> : null}
      </figcaption>
      {p.series.length > 1 || p.rows.some((r) => r.target != null) ? (
        <ul className="bl-legend" aria-hidden="true">
          {p.series.map((s, k) => (
            <li key={s.name}>
              <span className="bl-swatch" style={{ background: color(k) }} /> {s.name}
            </li>
          ))}
          {p.rows.some((r) => r.target != null) ? (
            <li>
              <span className="bl-swatch bl-swatch-target" /> {p.targetLabel ?? 'target'}
            </li>
          ) : null}
        </ul>
      ) : null}
      <svg role="img" aria-labelledby={titleId} aria-describedby={descId} width={width} height={height} className="bl-bars" data-testid={p.testId ? `${p.testId}-svg` : undefined}>
        <desc id={descId}>{alt || 'no data'}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={sx(t)} x2={sx(t)} y1={top - 4} y2={height - 18} stroke="currentColor" strokeOpacity={t === 0 ? 0.8 : 0.15} />
            <text x={sx(t)} y={height - 4} textAnchor="middle" fontSize={11} fill="currentColor">
              {fmtTick(t)}
            </text>
          </g>
        ))}
        {p.rows.map((r, i) => {
          const y0 = top + i * groupH;
          return (
            <g key={r.label}>
              <text x={LABEL_W - 8} y={y0 + (p.series.length * BAR_H) / 2 + 4} textAnchor="end" fontSize={12} fill="currentColor">
                {r.label.length > maxChars ? `${r.label.slice(0, maxChars - 1)}…` : r.label}
                <title>{r.label}</title>
              </text>
              {r.values.map((v, k) => {
                if (v === null || !Number.isFinite(v)) return null;
                const a = sx(Math.max(lo, Math.min(0, v)));
                const b = sx(Math.min(hi, Math.max(0, v)));
                return <rect key={k} x={Math.min(a, b)} y={y0 + k * BAR_H + 1} width={Math.max(1, Math.abs(b - a))} height={BAR_H - 3} fill={color(k)} />;
              })}
              {r.target !== undefined && r.target !== null && Number.isFinite(r.target) ? (
                <g>
                  <line x1={sx(r.target)} x2={sx(r.target)} y1={y0 - 2} y2={y0 + p.series.length * BAR_H + 1} stroke="currentColor" strokeWidth={2.5} strokeDasharray="4 2" />
                </g>
              ) : null}
              <text x={LABEL_W + plotW + 6} y={y0 + (p.series.length * BAR_H) / 2 + 4} fontSize={11} fill="currentColor">
                {inline(r)}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="bl-chart-table">
        <summary>Show the numbers as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{''}</th>
              {p.series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name} ({p.unit})
                </th>
              ))}
              {p.rows.some((r) => r.target != null) ? <th scope="col">{p.targetLabel ?? 'target'} ({p.unit})</th> : null}
              {p.rows.some((r) => r.status || r.note) ? <th scope="col">status</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.values.map((v, k) => (
                  <td key={k}>{v === null ? '–' : v.toFixed(digits)}</td>
                ))}
                {p.rows.some((x) => x.target != null) ? <td>{r.target == null ? '–' : r.target.toFixed(digits)}</td> : null}
                {p.rows.some((x) => x.status || x.note) ? <td>{[r.status, r.note].filter(Boolean).join('; ')}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function niceTicks(lo: number, hi: number, n: number): number[] {
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

function fmtTick(t: number): string {
  const a = Math.abs(t);
  return a >= 1e6 ? `${(t / 1e6).toFixed(1)}M` : a >= 1e4 ? `${(t / 1e3).toFixed(0)}k` : Number.isInteger(t) ? String(t) : t.toFixed(1);
}
