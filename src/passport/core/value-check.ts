/**
 * Checks a JSON value against a catalogue `DataType`, collecting every failure with its field path
 * (`attribute.field[2].sub`) so a caller can report all problems of a write at once.
 */
import type { DataType } from './catalogue/model.js';
import type { AttributeError } from './errors.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 / RFC 3339 date-time with an explicit zone; seconds and fractions optional. */
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const URI_MAX_LENGTH = 2048;
/** Documents must be reachable or resolvable: web links, URNs and DIDs. */
const URI_SCHEMES = new Set(['https', 'http', 'urn', 'did']);
const patternCache = new Map<string, RegExp>();

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function regex(source: string): RegExp {
  let re = patternCache.get(source);
  if (!re) {
    re = new RegExp(source);
    patternCache.set(source, re);
  }
  return re;
}

function withUnit(n: number, unit: string | undefined): string {
  return unit ? `${n} ${unit}` : String(n);
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isValidDateTime(value: string): boolean {
  const m = DATE_TIME_RE.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && Number.isFinite(Date.parse(value));
}

export function uriProblem(value: string): string | null {
  if (value.length > URI_MAX_LENGTH) return `URI longer than ${URI_MAX_LENGTH} characters`;
  if (/\s/.test(value)) return 'URI must not contain whitespace';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1]?.toLowerCase();
  if (!scheme) return 'expected an absolute URI with a scheme';
  if (!URI_SCHEMES.has(scheme)) return `URI scheme '${scheme}' not allowed (use https, http, urn or did)`;
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(value);
      if (url.hostname === '') return 'web link without a host';
    } catch {
      return 'malformed web link';
    }
  } else if (!/^[A-Za-z]+:[A-Za-z0-9][A-Za-z0-9-]*:\S+$/.test(value)) {
    return `malformed ${scheme} identifier (expected ${scheme}:<method-or-namespace>:<specific part>)`;
  }
  return null;
}

/** Appends one error per failure found in `value` (checked against `type`) to `out`. */
export function checkValue(type: DataType, value: unknown, path: string, unit: string | undefined, out: AttributeError[]): void {
  const fail = (reason: string): void => {
    out.push({ attribute: path, reason });
  };
  switch (type.kind) {
    case 'string': {
      if (typeof value !== 'string') return fail(`expected a string, got ${describe(value)}`);
      if (value.trim() === '') return fail('must not be empty');
      if (value.length > type.maxLength) return fail(`longer than ${type.maxLength} characters (${value.length})`);
      if (type.enum && !type.enum.includes(value)) {
        return fail(`must be one of ${type.enum.join(', ')}; got ${JSON.stringify(value)}`);
      }
      if (type.pattern !== undefined && !regex(type.pattern).test(value)) {
        return fail(`${JSON.stringify(value)} does not match the pattern ${type.pattern}`);
      }
      return;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected a number, got ${describe(value)}`);
      const u = type.unit ?? unit;
      if (type.integer && !Number.isInteger(value)) return fail(`must be a whole number, got ${value}`);
      if (value < type.min) return fail(`${withUnit(value, u)} is below the minimum of ${withUnit(type.min, u)}`);
      if (value > type.max) return fail(`${withUnit(value, u)} is above the maximum of ${withUnit(type.max, u)}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected true or false, got ${describe(value)}`);
      return;
    case 'date':
      if (typeof value !== 'string') return fail(`expected a date string YYYY-MM-DD, got ${describe(value)}`);
      if (!isValidDate(value)) fail(`${JSON.stringify(value)} is not a valid calendar date YYYY-MM-DD`);
      return;
    case 'dateTime':
      if (typeof value !== 'string') return fail(`expected an ISO 8601 date-time string, got ${describe(value)}`);
      if (!isValidDateTime(value)) {
        fail(`${JSON.stringify(value)} is not an ISO 8601 date-time with zone (e.g. 2025-06-17T11:14:27Z)`);
      }
      return;
    case 'uri': {
      if (typeof value !== 'string') return fail(`expected a URI string, got ${describe(value)}`);
      const problem = uriProblem(value);
      if (problem) fail(problem);
      return;
    }
    case 'object': {
      if (!isRecord(value)) return fail(`expected an object, got ${describe(value)}`);
      for (const key of Object.keys(value)) {
        if (!(key in type.fields)) out.push({ attribute: `${path}.${key}`, reason: 'unknown field' });
      }
      for (const [key, field] of Object.entries(type.fields)) {
        const v = value[key];
        if (v === undefined) {
          if (field.required) out.push({ attribute: `${path}.${key}`, reason: 'missing required field' });
          continue;
        }
        checkValue(field.type, v, `${path}.${key}`, undefined, out);
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) return fail(`expected an array, got ${describe(value)}`);
      const min = type.minItems ?? 0;
      if (value.length < min) fail(`needs at least ${min} item(s), got ${value.length}`);
      if (value.length > type.maxItems) return fail(`allows at most ${type.maxItems} item(s), got ${value.length}`);
      value.forEach((item, i) => checkValue(type.items, item, `${path}[${i}]`, unit, out));
      return;
    }
  }
}
