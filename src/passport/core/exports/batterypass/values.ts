/**
 * Reading catalogue values for export (with a record of what a schema requires but the passport lacks) and the
 * small, reversible value conversions the Battery Pass aspects need.
 */
import type { AttributeValue, Passport } from '../../types.js';

export type Obj = { [key: string]: AttributeValue };

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Typed access to a passport's attributes. `need*` records a missing required value (the aspect is then
 * omitted, never filled with a placeholder) and returns a value that is never written.
 */
export class AttributeSource {
  readonly missing: string[] = [];
  constructor(readonly p: Passport) {}

  has(key: string): boolean {
    return this.p.attributes[key] !== undefined;
  }

  num(key: string): number | undefined {
    const v = this.p.attributes[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  str(key: string): string | undefined {
    const v = this.p.attributes[key];
    return typeof v === 'string' ? v : undefined;
  }

  obj(key: string): Obj | undefined {
    const v = this.p.attributes[key];
    return isObj(v) ? v : undefined;
  }

  arr(key: string): AttributeValue[] | undefined {
    const v = this.p.attributes[key];
    return Array.isArray(v) ? v : undefined;
  }

  needNum(key: string): number {
    const v = this.num(key);
    if (v === undefined) this.lack(key);
    return v ?? Number.NaN;
  }

  needStr(key: string): string {
    const v = this.str(key);
    if (v === undefined) this.lack(key);
    return v ?? '';
  }

  needObj(key: string): Obj {
    const v = this.obj(key);
    if (v === undefined) this.lack(key);
    return v ?? {};
  }

  needArr(key: string): AttributeValue[] {
    const v = this.arr(key);
    if (v === undefined) this.lack(key);
    return v ?? [];
  }

  /** Records a value that is present but cannot be written in the upstream representation. */
  cannot(key: string, reason: string): void {
    this.missing.push(`${key}: ${reason}`);
  }

  /**
   * Time a value was last updated. Static attributes carry no update time of their own; the passport's
   * `updatedAt` is then the time the value was last confirmed as current.
   */
  updatedAt(key: string): string {
    return this.p.attributeUpdatedAt[key] ?? this.p.updatedAt;
  }

  private lack(key: string): void {
    this.missing.push(`${key}: missing`);
  }
}

/** Rounds to `digits` significant digits so unit conversions survive a round trip through decimal JSON. */
export function roundSig(x: number, digits = 12): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** `value * factor`, rounded (e.g. kg → g, W → kW). */
export function scale(value: number, factor: number): number {
  return roundSig(value * factor);
}

const UUID_URN = /^urn:uuid:([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;
const COMPACT_UUID_URN = /^urn:uuid:([0-9a-f]{32})$/;

/**
 * GeneralProductInformation 1.2.0 restricts `batteryPassportIdentifier` to `^urn:[a-z0-9]+:[a-z0-9]+$`, which
 * excludes the hyphens of an RFC 9562 UUID URN. We write the same UUID in lower case without hyphens and restore
 * the canonical form on import; nothing is lost.
 */
export function compactPassportId(passportId: string): string | undefined {
  const m = UUID_URN.exec(passportId);
  return m ? `urn:uuid:${m.slice(1).join('').toLowerCase()}` : undefined;
}

export function expandPassportId(compact: string): string | undefined {
  if (UUID_URN.test(compact)) return compact.toLowerCase();
  const m = COMPACT_UUID_URN.exec(compact);
  if (!m) return undefined;
  const h = m[1];
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The upstream PostalAddress has no locality, so street and locality share `streetAddress` as
 * "<street>, <locality>"; import splits at the last ", " (localities do not contain commas).
 */
export function joinStreet(street: string, locality: string): string {
  return `${street}, ${locality}`;
}

export function splitStreet(streetAddress: string): { streetAddress: string; locality: string } | undefined {
  const i = streetAddress.lastIndexOf(', ');
  if (i <= 0 || i + 2 >= streetAddress.length) return undefined;
  return { streetAddress: streetAddress.slice(0, i), locality: streetAddress.slice(i + 2) };
}

/** Calendar date (our catalogue) → xsd:dateTime at midnight UTC (GeneralProductInformation uses date-times). */
export function dateToDateTime(date: string): string {
  return `${date}T00:00:00Z`;
}

/**
 * The e-mail pattern of GeneralProductInformation 1.2.0 is `^[w.-]+@[w.-]+.[A-Za-z]{2,}$`: the `\w` lost its
 * backslash, so only addresses made of the letter w, dots and hyphens match. Addresses are written only when
 * they satisfy it (the property is optional).
 */
export const GPI_EMAIL_PATTERN = /^[w.-]+@[w.-]+.[A-Za-z]{2,}$/u;
