/** Number and time formatting for the views (fixed English locale so screen readers and tests read the same text). */

export const num = (v: number | null | undefined, digits = 1): string => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
export const pct = (fraction: number | null | undefined, digits = 1): string => (typeof fraction === 'number' && Number.isFinite(fraction) ? `${num(fraction * 100, digits)} %` : '–');
export const eur = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? `${v < 0 ? '−' : ''}€${Math.abs(v).toLocaleString('en', { maximumFractionDigits: 0 })}` : '–');
export const kg = (v: number | null | undefined, digits = 1): string => `${num(v, digits)} kg`;

export function duration(s: number | null | undefined): string {
  if (typeof s !== 'number' || !Number.isFinite(s)) return '–';
  if (s < 60) return `${s.toFixed(0)} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - m * 60);
  if (m < 60) return `${m} min ${r} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function when(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** camelCase / kebab-case identifiers as words ("temperatureRise" → "temperature rise"). */
export function words(id: string): string {
  return id.replace(/[-_]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
