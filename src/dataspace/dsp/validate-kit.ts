/**
 * A small checker toolkit for the DSP parsers: composable checks that append `{field, reason}` errors with dotted
 * field paths (`offer.permission.0.constraint.1.operator`) and never throw on any JSON input. Written by hand instead
 * of compiling the upstream schemas so that production nodes need neither `../shared` nor a schema registry, and so
 * the spec rules the schemas cannot express sit next to the structural ones.
 */
import { DSP_CONTEXT } from './context.js';

export interface FieldError {
  /** Dotted path inside the body, e.g. `offer.@id`; `(body)` for the body itself. */
  field: string;
  reason: string;
}

export type Path = readonly (string | number)[];
export type Check = (value: unknown, path: Path, out: FieldError[]) => void;
export type ObjectRule = (o: Record<string, unknown>, path: Path, out: FieldError[]) => void;

/** Deeper bodies are rejected rather than risking the call stack on hostile input (constraints nest recursively). */
export const MAX_DEPTH = 64;

export function fieldOf(path: Path): string {
  return path.length === 0 ? '(body)' : path.join('.');
}

export function fail(out: FieldError[], path: Path, reason: string): void {
  out.push({ field: fieldOf(path), reason });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export interface StringOptions {
  /** Identifiers (process ids, `@id`, actions, operands) must not be empty. */
  nonEmpty?: boolean;
  /** Allowed values. */
  oneOf?: readonly string[];
  pattern?: RegExp;
  /** Extra rule returning a reason when the string is not acceptable. */
  refine?: (s: string) => string | null;
}

export function str(opts: StringOptions = {}): Check {
  return (v, path, out) => {
    if (typeof v !== 'string') return fail(out, path, `must be a string (got ${kindOf(v)})`);
    if (opts.nonEmpty && v.length === 0) return fail(out, path, 'must not be empty');
    if (opts.oneOf && !opts.oneOf.includes(v)) {
      return fail(out, path, `must be one of ${opts.oneOf.map((x) => JSON.stringify(x)).join(', ')} (got ${JSON.stringify(v)})`);
    }
    if (opts.pattern && !opts.pattern.test(v)) return fail(out, path, `must match ${opts.pattern.source}`);
    const reason = opts.refine?.(v);
    if (reason) fail(out, path, reason);
  };
}

export const id = str({ nonEmpty: true });
export const anyString = str();

export function constant(value: string): Check {
  return (v, path, out) => {
    if (v !== value) fail(out, path, `must be ${JSON.stringify(value)}${typeof v === 'string' ? ` (got ${JSON.stringify(v)})` : ''}`);
  };
}

export function arr(item: Check, minItems = 0): Check {
  return (v, path, out) => {
    if (!Array.isArray(v)) return fail(out, path, `must be an array (got ${kindOf(v)})`);
    if (path.length > MAX_DEPTH) return fail(out, path, `nests deeper than ${MAX_DEPTH} levels`);
    if (v.length < minItems) return fail(out, path, `must have at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    v.forEach((x, i) => item(x, [...path, i], out));
  };
}

export const anyArray = arr(() => undefined);

export interface Prop {
  check: Check;
  required: boolean;
}
export const req = (check: Check): Prop => ({ check, required: true });
export const opt = (check: Check): Prop => ({ check, required: false });

/** Present means present with a value other than `undefined` (JSON never produces `undefined`). */
export function has(o: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
}

/**
 * An object with the listed properties. Unlisted properties are allowed, as in the DSP schemas (no
 * `additionalProperties: false`): JSON-LD lets participants add terms of their own.
 */
export function obj(props: Record<string, Prop>, ...rules: ObjectRule[]): Check {
  const entries = Object.entries(props);
  return (v, path, out) => {
    if (!isRecord(v)) return fail(out, path, `must be an object (got ${kindOf(v)})`);
    if (path.length > MAX_DEPTH) return fail(out, path, `nests deeper than ${MAX_DEPTH} levels`);
    for (const [key, prop] of entries) {
      if (has(v, key)) prop.check(v[key], [...path, key], out);
      else if (prop.required) fail(out, [...path, key], 'is required');
    }
    for (const rule of rules) rule(v, path, out);
  };
}

/** Either of two checks; the error of the branch chosen by `pick` is reported. */
export function either(pick: (v: unknown) => boolean, whenTrue: Check, whenFalse: Check): Check {
  return (v, path, out) => (pick(v) ? whenTrue(v, path, out) : whenFalse(v, path, out));
}

/** `common/context-schema.json`: an array of strings that contains the DSP context. */
export const dspContextCheck: Check = (v, path, out) => {
  if (!Array.isArray(v)) {
    return fail(out, path, `must be an array containing ${JSON.stringify(DSP_CONTEXT)}${typeof v === 'string' ? ' (a single string is not accepted)' : ''}`);
  }
  v.forEach((x, i) => {
    if (typeof x !== 'string') fail(out, [...path, i], `must be a string (got ${kindOf(x)})`);
  });
  if (!v.includes(DSP_CONTEXT)) fail(out, path, `must contain ${JSON.stringify(DSP_CONTEXT)}`);
};

/** A property that must be absent, with the spec reason. */
export function forbid(key: string, reason: string): ObjectRule {
  return (o, path, out) => {
    if (has(o, key)) fail(out, [...path, key], `must not be present: ${reason}`);
  };
}

/**
 * A root DSP document: `@context` and `@type` first. When `@type` names another type, the other properties are not
 * checked, since the errors would describe the wrong message.
 */
export function message(type: string, props: Record<string, Prop>, ...rules: ObjectRule[]): Check {
  const body = obj(props, ...rules);
  return (v, path, out) => {
    if (!isRecord(v)) return fail(out, path, `must be a JSON object (got ${kindOf(v)})`);
    if (has(v, '@context')) dspContextCheck(v['@context'], [...path, '@context'], out);
    else fail(out, [...path, '@context'], `is required (an array containing ${JSON.stringify(DSP_CONTEXT)})`);
    if (!has(v, '@type')) fail(out, [...path, '@type'], `is required (${JSON.stringify(type)})`);
    else if (v['@type'] !== type) {
      const got = v['@type'];
      return fail(out, [...path, '@type'], `must be ${JSON.stringify(type)} for this endpoint (got ${typeof got === 'string' ? JSON.stringify(got) : kindOf(got)})`);
    }
    body(v, path, out);
  };
}
