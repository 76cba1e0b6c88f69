/**
 * A uPlot line chart for long series. The full data stay in a ref; uPlot only ever gets the min/max decimation of
 * the visible x range to the plot's pixel width (decimate.ts), recomputed on zoom and resize, so 100k samples draw
 * in a few milliseconds and zooming in reveals the real samples. Keyboard: focus the plot, ←/→ step the cursor
 * through the points (read out in the legend and to screen readers), Shift+←/→ pan, + and − zoom, Home resets.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { decimateMinMax, type XRange } from './decimate.js';
import { themeOf } from './palette.js';

export interface SeriesSpec {
  label: string;
  unit?: string;
  /** CSS colour; default: the theme's palette in order */
  color?: string;
  width?: number;
  dash?: number[];
  /** draw markers at the points (for sparse series such as feature points) */
  points?: boolean;
  /** false: markers only, no connecting line */
  line?: boolean;
  /** 'y' (left axis, default) or 'y2' (right axis) */
  scale?: 'y' | 'y2';
  /** digits after the decimal point in the legend (default 3 significant-ish) */
  digits?: number;
}

export interface Threshold {
  value: number;
  label: string;
  scale?: 'y' | 'y2';
}

export interface TimeSeriesProps {
  title: string;
  /** x values, ascending: Unix seconds when `time` (default), otherwise any number (e.g. seconds into a test) */
  x: ArrayLike<number>;
  ys: ArrayLike<number | null | undefined>[];
  series: SeriesSpec[];
  time?: boolean;
  xLabel?: string;
  yLabel?: string;
  y2Label?: string;
  yRange?: [number, number];
  height?: number;
  /** fill between two series (indices into `series`), e.g. an estimate's ±σ band */
  band?: [number, number];
  thresholds?: Threshold[];
  testId?: string;
  /** one sentence under the title (what the chart shows, where the data come from) */
  description?: string;
}

const fmt = (v: number, digits?: number) => {
  if (digits !== undefined) return v.toFixed(digits);
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
};

function xText(v: number, time: boolean): string {
  if (!time) return fmt(v);
  return new Date(v * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/** Two ranges equal up to float noise (uPlot hands back the limits it was given, sometimes re-rounded). */
function same(a: XRange | null, b: XRange | null): boolean {
  if (!a || !b) return a === b;
  const tol = Math.max(1e-9, (Math.abs(a.max - a.min) + Math.abs(b.max - b.min)) * 1e-9);
  return Math.abs(a.min - b.min) <= tol && Math.abs(a.max - b.max) <= tol;
}

export function TimeSeries(props: TimeSeriesProps) {
  const { title, x, ys, series, time = true, height = 220, testId, description } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const viewRef = useRef<XRange | null>(null);
  const fullRef = useRef({ x, ys });
  const busyRef = useRef(false);
  /** true while the user looks at part of the data (drag, keys); new data then keep the view */
  const zoomedRef = useRef(false);
  const cursorRef = useRef(-1);
  const [said, setSaid] = useState('');
  const titleId = useId();
  const helpId = useId();
  fullRef.current = { x, ys };

  const seriesKey = JSON.stringify([series, time, props.yRange, props.band, props.thresholds, props.yLabel, props.y2Label, height]);
  const extent = (): XRange | null => {
    const fx = fullRef.current.x;
    return fx.length ? { min: fx[0], max: fx[fx.length - 1] } : null;
  };
  const plotWidth = (u: uPlot) => Math.max(50, Math.round(u.bbox.width / devicePixelRatio));
  const decimated = (u: uPlot | null, width: number, range: XRange | null): uPlot.AlignedData => {
    const f = fullRef.current;
    const d = decimateMinMax(f.x, f.ys, u ? plotWidth(u) : width, range ?? undefined);
    return [d.x, ...d.ys] as unknown as uPlot.AlignedData;
  };

  // (re)build the chart when its shape changes
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const theme = themeOf(wrap);
    const width = Math.max(200, wrap.clientWidth);
    const usesY2 = series.some((s) => s.scale === 'y2');
    const opts: uPlot.Options = {
      width,
      height,
      title: undefined,
      scales: {
        x: { time },
        y: props.yRange ? { range: props.yRange } : {},
        ...(usesY2 ? { y2: {} } : {}),
      },
      series: [
        { label: props.xLabel ?? (time ? 'time (UTC)' : 'x'), value: (_u, v) => (v == null ? '–' : xText(v, time)) },
        ...series.map((s, i): uPlot.Series => ({
          label: s.unit ? `${s.label} (${s.unit})` : s.label,
          stroke: s.color ?? theme.series[i % theme.series.length],
          width: s.width ?? 1.5,
          dash: s.dash,
          scale: s.scale ?? 'y',
          spanGaps: false,
          points: s.points ? { show: true, size: 7, width: 1.5, fill: s.color ?? theme.series[i % theme.series.length] } : { show: false },
          paths: s.line === false ? () => null : undefined,
          value: (_u, v) => (v == null ? '–' : fmt(v, s.digits)),
        })),
      ],
      bands: props.band ? [{ series: [props.band[1] + 1, props.band[0] + 1], fill: theme.dark ? 'rgba(140,196,255,0.18)' : 'rgba(31,95,168,0.14)' }] : undefined,
      axes: [
        { stroke: theme.text, grid: { stroke: theme.grid }, ticks: { stroke: theme.grid } },
        { stroke: theme.text, grid: { stroke: theme.grid }, ticks: { stroke: theme.grid }, label: props.yLabel, scale: 'y', size: 60 },
        ...(usesY2 ? [{ stroke: theme.text, grid: { show: false }, ticks: { stroke: theme.grid }, label: props.y2Label, scale: 'y2', side: 1 as const, size: 60 }] : []),
      ],
      cursor: {
        // double-click resets to the full data (uPlot's own reset would only see the decimated window)
        bind: { dblclick: () => () => null },
      },
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x' || busyRef.current || fullRef.current.x.length < 2) return;
            const { min, max } = u.scales.x;
            if (min == null || max == null) return;
            if (same(viewRef.current, { min, max })) return;
            requestAnimationFrame(() => showRange(u, { min, max }));
          },
        ],
        draw: [
          (u) => {
            const lines = props.thresholds ?? [];
            if (!lines.length) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = theme.text;
            ctx.fillStyle = theme.text;
            ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.lineWidth = devicePixelRatio;
            ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
            for (const t of lines) {
              const y = Math.round(u.valToPos(t.value, t.scale ?? 'y', true));
              if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
              ctx.beginPath();
              ctx.moveTo(u.bbox.left, y);
              ctx.lineTo(u.bbox.left + u.bbox.width, y);
              ctx.stroke();
              ctx.textAlign = 'right';
              ctx.fillText(t.label, u.bbox.left + u.bbox.width - 4 * devicePixelRatio, y - 3 * devicePixelRatio);
            }
            ctx.restore();
          },
        ],
      },
    };
    viewRef.current = null;
    const u = new uPlot(opts, decimated(null, width, null), wrap);
    plotRef.current = u;
    const ext = extent();
    viewRef.current = ext;
    const onDbl = () => resetZoom();
    u.over.addEventListener('dblclick', onDbl);
    // uPlot's legend toggles series on click only: make each entry a keyboard button (Enter / Space) with its state
    u.root.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((row, i) => {
      if (i === 0) return; // the x entry
      const sync = () => row.setAttribute('aria-pressed', String(u.series[i]?.show !== false));
      row.tabIndex = 0;
      row.setAttribute('role', 'button');
      row.setAttribute('aria-label', `show or hide ${String(u.series[i]?.label ?? `series ${i}`)}`);
      sync();
      row.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        u.setSeries(i, { show: u.series[i]?.show === false });
        sync();
      });
      row.addEventListener('click', () => queueMicrotask(sync));
    });
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, wrap.clientWidth);
      if (Math.abs(w - u.width) < 2) return;
      u.setSize({ width: w, height });
      const v = viewRef.current;
      if (v) {
        busyRef.current = true;
        u.batch(() => {
          u.setData(decimated(u, w, v), false);
          u.setScale('x', v);
        });
        busyRef.current = false;
      }
    });
    ro.observe(wrap);
    return () => {
      ro.disconnect();
      u.over.removeEventListener('dblclick', onDbl);
      u.destroy();
      plotRef.current = null;
    };
    // the chart is rebuilt only when its shape changes; data changes are handled below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesKey]);

  // new data: follow the data when the whole range was in view, otherwise keep the zoom
  useEffect(() => {
    const u = plotRef.current;
    if (!u) return;
    const v = viewRef.current;
    if (zoomedRef.current && v) showRange(u, v);
    else resetZoom();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [x, ys]);

  function showRange(u: uPlot, r: XRange) {
    viewRef.current = r;
    zoomedRef.current = !same(extent(), r);
    busyRef.current = true;
    u.batch(() => {
      u.setData(decimated(u, u.width, r), false);
      u.setScale('x', r);
    });
    busyRef.current = false;
  }

  function resetZoom() {
    const u = plotRef.current;
    const ext = extent();
    if (!u || !ext) return;
    viewRef.current = ext;
    zoomedRef.current = false;
    busyRef.current = true;
    u.setData(decimated(u, u.width, ext), true);
    busyRef.current = false;
  }

  function announce(u: uPlot, idx: number) {
    const d = u.data;
    if (idx < 0 || idx >= d[0].length) return;
    const parts = series.map((s, k) => {
      const v = d[k + 1][idx];
      return `${s.label} ${v == null ? 'no value' : `${fmt(v as number, s.digits)}${s.unit ? ` ${s.unit}` : ''}`}`;
    });
    setSaid(`${xText(d[0][idx] as number, time)}: ${parts.join(', ')}`);
  }

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    const u = plotRef.current;
    if (!u) return;
    const n = u.data[0].length;
    const { min, max } = u.scales.x;
    if (min == null || max == null || n === 0) return;
    const span = max - min;
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && e.shiftKey) {
      const d = (e.key === 'ArrowLeft' ? -0.2 : 0.2) * span;
      showRange(u, { min: min + d, max: max + d });
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      let i = cursorRef.current;
      const xs = u.data[0] as number[];
      if (i < 0 || i >= n || xs[i] < min || xs[i] > max) i = e.key === 'ArrowLeft' ? n - 1 : 0;
      else i += e.key === 'ArrowLeft' ? -1 : 1;
      i = Math.max(0, Math.min(n - 1, i));
      cursorRef.current = i;
      u.setCursor({ left: u.valToPos(xs[i], 'x'), top: u.bbox.height / devicePixelRatio / 2 });
      announce(u, i);
    } else if (e.key === '+' || e.key === '=' || e.key === '-' || e.key === '_') {
      const xs = u.data[0] as number[];
      const c = cursorRef.current >= 0 && cursorRef.current < n ? xs[cursorRef.current] : (min + max) / 2;
      const k = e.key === '+' || e.key === '=' ? 0.5 : 2;
      showRange(u, { min: c - (c - min) * k, max: c + (max - c) * k });
    } else if (e.key === 'Home' || e.key === '0') {
      resetZoom();
    } else return;
    e.preventDefault();
  }

  const summary = useMemo(() => {
    const n = x.length;
    if (n === 0) return 'no data yet';
    const last = series.map((s, k) => {
      for (let i = n - 1; i >= 0; i--) {
        const v = ys[k][i];
        if (typeof v === 'number' && Number.isFinite(v)) return `${s.label} ${fmt(v, s.digits)}${s.unit ? ` ${s.unit}` : ''}`;
      }
      return `${s.label} –`;
    });
    return `${n.toLocaleString('en')} points from ${xText(x[0], time)} to ${xText(x[n - 1], time)}; last: ${last.join(', ')}`;
  }, [x, ys, series, time]);

  return (
    <figure className="bl-chart" data-testid={testId} aria-labelledby={titleId}>
      <figcaption id={titleId} className="bl-chart-title">
        {title}
        {description ? <span className="bl-chart-desc"> — {description}</span> : null}
      </figcaption>
      <div
        ref={wrapRef}
        className="bl-chart-plot"
        data-testid={testId ? `${testId}-plot` : undefined}
        tabIndex={0}
        role="application"
        aria-roledescription="chart"
        aria-label={`${title}. ${summary}`}
        aria-describedby={helpId}
        onKeyDown={onKey}
      />
      <p id={helpId} className="bl-sr-only">
        Use left and right arrow keys to step through the points, Shift with arrows to pan, plus and minus to zoom, Home to show everything. Drag to zoom with a mouse, double-click to reset.
      </p>
      <p className="bl-chart-summary" data-testid={testId ? `${testId}-summary` : undefined}>{summary}</p>
      <p className="bl-sr-only" aria-live="polite">{said}</p>
    </figure>
  );
}
