/**
 * Export-side value helpers: typed access to native attribute values and conversions to the
 * IDTA value-only JSON forms (AAS Part 2 "ValueOnly": MultiLanguageProperty = array of
 * `{ "<lang>": "<text>" }` objects, File = `{ value, contentType }`).
 */
import type { AttributeValue, Passport } from '../../types.js';
import type { DocumentCollector } from './documents.js';

export type Json = AttributeValue;
export type JsonObject = { [key: string]: AttributeValue };

/** Language of the free texts we write; the catalogue stores English text. */
export const TEXT_LANGUAGE = 'en';

/** Thrown when a stored attribute does not have the shape the catalogue promises. */
export class IdtaExportError extends Error {
  constructor(
    readonly attribute: string,
    reason: string,
  ) {
    super(`attributes.${attribute}: ${reason}`);
    this.name = 'IdtaExportError';
  }
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Read access to `p.attributes` with shape checks at the top level. Nested fields follow the catalogue
 * types (`../../catalogue`), which the passport was validated against when it was written.
 */
export class Attributes {
  constructor(private readonly values: Record<string, AttributeValue>) {}

  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  num(key: string): number | undefined {
    const v = this.values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new IdtaExportError(key, 'expected a finite number');
    return v;
  }

  str(key: string): string | undefined {
    const v = this.values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new IdtaExportError(key, 'expected a string');
    return v;
  }

  obj<T>(key: string): T | undefined {
    const v = this.values[key];
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) throw new IdtaExportError(key, 'expected an object');
    return v as unknown as T;
  }

  list<T>(key: string): T[] | undefined {
    const v = this.values[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw new IdtaExportError(key, 'expected an array');
    return v as unknown as T[];
  }
}

/** Everything a submodel builder reads, plus where it registers the documents it refers to. */
export interface ExportContext {
  passport: Passport;
  attrs: Attributes;
  docs: DocumentCollector;
}

/** Outcome of building one submodel: its content, or the required upstream paths we have no value for. */
export type Built<T = JsonObject> = { ok: true; content: T } | { ok: false; missing: string[] };

/** Collects missing required values while a builder runs, so one omission report lists all of them. */
export class Requirements {
  readonly missing: string[] = [];

  /** Returns `value`, recording `path` as missing when it is undefined. */
  need<T>(path: string, value: T | undefined): T | undefined {
    if (value === undefined) this.missing.push(path);
    return value;
  }

  result<T>(build: () => T): Built<T> {
    return this.missing.length > 0 ? { ok: false, missing: this.missing } : { ok: true, content: build() };
  }
}

/** MultiLanguageProperty value in value-only form. */
export function mlt(text: string): { [lang: string]: string }[] {
  return [{ [TEXT_LANGUAGE]: text }];
}

/**
 * Rounds to 12 significant digits. Values we derive by arithmetic (stage shares → absolute kgCO2e,
 * tonnes → kilograms) would otherwise carry binary floating-point noise such as 27.707599999999996.
 */
export function round12(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(12));
}

/** Drops keys whose value is undefined, so optional upstream properties are omitted rather than null. */
export function compact(o: { [key: string]: AttributeValue | undefined }): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  step: 'model/step',
  stp: 'model/step',
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  csv: 'text/csv',
};

/**
 * Media type of a linked file from its extension. IDTA `FileWithContentType` requires one; when the
 * extension says nothing we declare the generic RFC 2046 type for unknown content.
 */
export function mediaTypeOf(url: string): string {
  const path = url.split(/[?#]/, 1)[0];
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return (ext !== undefined && MEDIA_TYPES[ext]) || 'application/octet-stream';
}

const TIMESTAMP_NO_SECONDS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/;

/**
 * SAMM `Timestamp` (xsd:dateTime) requires seconds; RFC 3339 times we accept may omit them.
 * Other forms pass through unchanged.
 */
export function toTimestamp(iso: string): string {
  const m = TIMESTAMP_NO_SECONDS.exec(iso);
  return m ? `${m[1]}:00${m[2]}` : iso;
}

/** Latest of several ISO 8601 instants (all carry a zone, so they compare by epoch). */
export function latest(times: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const t of times) {
    if (t === undefined) continue;
    if (best === undefined || Date.parse(t) > Date.parse(best)) best = t;
  }
  return best;
}
