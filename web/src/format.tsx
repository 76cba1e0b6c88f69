/**
 * Values as people read them, in the browser's language: numbers and dates through Intl, catalogue unit codes as
 * symbols, links for URLs, nested values as small definition lists.
 */
import type { ReactNode } from 'react';

const LOCALE = typeof navigator !== 'undefined' ? navigator.language : 'en-GB';
const NUM = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 });
const DATE = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

const UNITS: Record<string, string> = { degC: '°C', Ohm: 'Ω', 'kgCO2e/kWh': 'kg CO₂e/kWh', tCO2e: 't CO₂e', mo: 'months', a: 'years', '%/mo': '%/month' };

export function unitSymbol(unit: string | undefined): string {
  return unit ? UNITS[unit] ?? unit : '';
}

export function formatNumber(v: number, unit?: string): string {
  return unit ? `${NUM.format(v)}\u00a0${unitSymbol(unit)}` : NUM.format(v);
}

const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return iso.length > 10 ? DATE_TIME.format(d) : DATE.format(d);
}

export function humanise(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export function formatValue(v: unknown, unit?: string): ReactNode {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(v, unit);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') {
    if (ISO.test(v)) return <time dateTime={v}>{formatWhen(v)}</time>;
    if (/^https?:\/\//.test(v)) {
      return (
        <a href={v} rel="noopener noreferrer" target="_blank">
          {v}
        </a>
      );
    }
    return v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return (
      <ul className="plain">
        {v.map((x, i) => (
          <li key={i}>{formatValue(x, unit)}</li>
        ))}
      </ul>
    );
  }
  return (
    <dl className="obj">
      {Object.entries(v as Record<string, unknown>).map(([k, x]) => (
        <div key={k}>
          <dt>{humanise(k)}</dt>
          <dd>{formatValue(x)}</dd>
        </div>
      ))}
    </dl>
  );
}
