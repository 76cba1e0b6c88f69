/**
 * Strict, path-aware reading of upstream payloads: every rejection names `<namespace>:<json path>`.
 */
import { BatteryPassImportError } from './model.js';

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}` : `a ${typeof v}`;
}

export class Reader {
  constructor(
    readonly namespace: string,
    readonly warnings: string[],
  ) {}

  fail(path: string, reason: string): never {
    throw new BatteryPassImportError(`${this.namespace}:${path}`, reason);
  }

  warn(path: string, message: string): void {
    this.warnings.push(`${this.namespace}:${path}: ${message}`);
  }

  root(content: unknown): Node {
    if (typeof content !== 'object' || content === null || Array.isArray(content)) this.fail('$', `expected a JSON object, got ${describe(content)}`);
    return new Node(this, content as Record<string, unknown>, '$');
  }
}

export class Node {
  constructor(
    readonly r: Reader,
    readonly v: Record<string, unknown>,
    readonly path: string,
  ) {}

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.v[key] !== undefined && this.v[key] !== null;
  }

  private need(key: string): unknown {
    if (!this.has(key)) this.r.fail(this.at(key), 'required property is missing');
    return this.v[key];
  }

  obj(key: string): Node {
    const v = this.need(key);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.r.fail(this.at(key), `expected an object, got ${describe(v)}`);
    return new Node(this.r, v as Record<string, unknown>, this.at(key));
  }

  optObj(key: string): Node | undefined {
    return this.has(key) ? this.obj(key) : undefined;
  }

  str(key: string): string {
    const v = this.need(key);
    if (typeof v !== 'string') this.r.fail(this.at(key), `expected a string, got ${describe(v)}`);
    return v;
  }

  optStr(key: string): string | undefined {
    return this.has(key) ? this.str(key) : undefined;
  }

  num(key: string): number {
    const v = this.need(key);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.r.fail(this.at(key), `expected a finite number, got ${describe(v)}`);
    return v;
  }

  optNum(key: string): number | undefined {
    return this.has(key) ? this.num(key) : undefined;
  }

  bool(key: string): boolean {
    const v = this.need(key);
    if (typeof v !== 'boolean') this.r.fail(this.at(key), `expected true or false, got ${describe(v)}`);
    return v;
  }

  /** xsd:dateTime as used by the SAMM `Timestamp` characteristic. */
  dateTime(key: string): string {
    const v = this.str(key);
    if (!DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) this.r.fail(this.at(key), `expected an ISO 8601 date-time, got ${describe(v)}`);
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.str(key);
    if (!(values as readonly string[]).includes(v)) this.r.fail(this.at(key), `expected one of ${values.join(', ')}, got ${describe(v)}`);
    return v as T;
  }

  list(key: string): Node[] {
    const v = this.need(key);
    if (!Array.isArray(v)) this.r.fail(this.at(key), `expected an array, got ${describe(v)}`);
    return v.map((item, i) => {
      const where = `${this.at(key)}[${i}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) this.r.fail(where, `expected an object, got ${describe(item)}`);
      return new Node(this.r, item as Record<string, unknown>, where);
    });
  }

  strings(key: string): string[] {
    const v = this.need(key);
    if (!Array.isArray(v)) this.r.fail(this.at(key), `expected an array, got ${describe(v)}`);
    return v.map((item, i) => {
      if (typeof item !== 'string') this.r.fail(`${this.at(key)}[${i}]`, `expected a string, got ${describe(item)}`);
      return item;
    });
  }
}
