/**
 * Import-side reader for IDTA value-only JSON. Every accessor knows its payload path, so malformed
 * input is rejected with an `IdtaImportError` naming `<namespace>:<path>` and the reason.
 * Two upstream habits are accepted with a warning because the published IDTA example payloads use them
 * (see fixtures SOURCE.md): multi-language values written as one object `{ "en": "..." }` instead of an
 * array, and a single string where the schema declares a set of strings.
 */
import { IdtaImportError } from './types.js';

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** xsd:dateTime as in the SAMM `Timestamp` characteristic; the zone is optional upstream. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d+)?(Z|[+-](?:0\d|1[0-3]):[0-5]\d|[+-]14:00)?$/;

function calendarOk(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
}

export class Reader {
  constructor(
    readonly namespace: string,
    readonly warnings: string[],
  ) {}

  fail(path: string, reason: string): never {
    throw new IdtaImportError(`${this.namespace}:${path}`, reason);
  }

  warn(path: string, message: string): void {
    this.warnings.push(`${this.namespace}:${path}: ${message}`);
  }

  root(content: unknown): Obj {
    if (!isRec(content)) this.fail('', `expected a JSON object, got ${describe(content)}`);
    return new Obj(this, content, '');
  }
}

/** A JSON object at a known payload path. */
export class Obj {
  constructor(
    readonly r: Reader,
    readonly v: Rec,
    readonly path: string,
  ) {}

  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.v[key] !== undefined && this.v[key] !== null;
  }

  private required(key: string): unknown {
    const v = this.v[key];
    if (v === undefined || v === null) this.r.fail(this.at(key), 'required value is missing');
    return v;
  }

  obj(key: string): Obj {
    const v = this.required(key);
    if (!isRec(v)) this.r.fail(this.at(key), `expected an object, got ${describe(v)}`);
    return new Obj(this.r, v, this.at(key));
  }

  optObj(key: string): Obj | undefined {
    return this.has(key) ? this.obj(key) : undefined;
  }

  str(key: string): string {
    const v = this.required(key);
    if (typeof v !== 'string') this.r.fail(this.at(key), `expected a string, got ${describe(v)}`);
    if (v.trim() === '') this.r.fail(this.at(key), 'must not be empty');
    return v;
  }

  optStr(key: string): string | undefined {
    return this.has(key) ? this.str(key) : undefined;
  }

  num(key: string): number {
    const v = this.required(key);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.r.fail(this.at(key), `expected a finite number, got ${describe(v)}`);
    return v;
  }

  optNum(key: string): number | undefined {
    return this.has(key) ? this.num(key) : undefined;
  }

  bool(key: string): boolean {
    const v = this.required(key);
    if (typeof v !== 'boolean') this.r.fail(this.at(key), `expected true or false, got ${describe(v)}`);
    return v;
  }

  /** Array of objects. */
  list(key: string): Obj[] {
    const v = this.required(key);
    if (!Array.isArray(v)) this.r.fail(this.at(key), `expected an array, got ${describe(v)}`);
    return v.map((item, i) => {
      const p = `${this.at(key)}[${i}]`;
      if (!isRec(item)) this.r.fail(p, `expected an object, got ${describe(item)}`);
      return new Obj(this.r, item, p);
    });
  }

  optList(key: string): Obj[] | undefined {
    return this.has(key) ? this.list(key) : undefined;
  }

  /** Set of non-empty strings; a bare string is read as a one-element set (upstream example style). */
  strings(key: string): string[] {
    const v = this.required(key);
    let items: unknown[];
    if (typeof v === 'string') {
      this.r.warn(this.at(key), 'single string where the schema declares an array; read as one element');
      items = [v];
    } else if (Array.isArray(v)) items = v;
    else this.r.fail(this.at(key), `expected an array of strings, got ${describe(v)}`);
    return items.map((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') {
        this.r.fail(`${this.at(key)}[${i}]`, `expected a non-empty string, got ${describe(item)}`);
      }
      return item;
    });
  }

  optStrings(key: string): string[] | undefined {
    return this.has(key) ? this.strings(key) : undefined;
  }

  /**
   * MultiLanguageProperty: `[{ "en": "..." }, { "de": "..." }]`. Returns the English text, else the
   * first one (with a warning); our model stores one language.
   */
  text(key: string): string {
    const v = this.required(key);
    const path = this.at(key);
    let entries: [string, unknown][];
    if (Array.isArray(v)) {
      entries = v.flatMap((item, i) => {
        if (!isRec(item)) this.r.fail(`${path}[${i}]`, `expected a {language: text} object, got ${describe(item)}`);
        return Object.entries(item);
      });
    } else if (isRec(v)) {
      this.r.warn(path, 'multi-language value written as an object instead of an array; accepted');
      entries = Object.entries(v);
    } else this.r.fail(path, `expected a multi-language text array, got ${describe(v)}`);
    if (entries.length === 0) this.r.fail(path, 'multi-language text has no entries');
    for (const [lang, t] of entries) {
      if (typeof t !== 'string') this.r.fail(`${path}.${lang}`, `expected a string, got ${describe(t)}`);
    }
    const en = entries.find(([lang]) => lang.toLowerCase() === 'en' || lang.toLowerCase().startsWith('en-'));
    const chosen = en ?? entries[0];
    if (!en) this.r.warn(path, `no English text; used the '${chosen[0]}' text`);
    const text = chosen[1] as string;
    if (text.trim() === '') this.r.fail(path, 'text must not be empty');
    return text;
  }

  optText(key: string): string | undefined {
    return this.has(key) ? this.text(key) : undefined;
  }

  /** xsd:date YYYY-MM-DD. */
  date(key: string): string {
    const s = this.str(key);
    const m = DATE.exec(s);
    if (!m || !calendarOk(m[1], m[2], m[3])) this.r.fail(this.at(key), `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(s)}`);
    return s;
  }

  optDate(key: string): string | undefined {
    return this.has(key) ? this.date(key) : undefined;
  }

  /**
   * xsd:dateTime. Our model needs an explicit zone; a local time without one is read as UTC, with a
   * warning, because the IDTA descriptions call for UTC-based timestamps (EN 18223 lastUpdate).
   */
  timestamp(key: string): string {
    const s = this.str(key);
    const m = TIMESTAMP.exec(s);
    if (!m || !calendarOk(m[1], m[2], m[3])) this.r.fail(this.at(key), `expected an ISO 8601 date-time, got ${JSON.stringify(s)}`);
    if (m[8] === undefined) {
      this.r.warn(this.at(key), 'date-time without zone; read as UTC');
      return `${s}Z`;
    }
    return s;
  }

  enumOf<T extends string>(key: string, values: readonly T[]): T {
    const s = this.str(key);
    if (!(values as readonly string[]).includes(s)) this.r.fail(this.at(key), `must be one of ${values.join(', ')}; got ${JSON.stringify(s)}`);
    return s as T;
  }
}
