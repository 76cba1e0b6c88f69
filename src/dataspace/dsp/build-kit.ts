/**
 * Shared plumbing of the builders: every built document is checked by the same parser that guards incoming
 * messages, so nothing leaves this module that a conformant peer (or our own node) would reject.
 */
import type { Check, FieldError } from './validate-kit.js';

/** Thrown by builders when their input cannot form a valid DSP document; a programming error, not a peer's. */
export class DspBuildError extends TypeError {
  readonly errors: FieldError[];
  constructor(what: string, errors: FieldError[]) {
    super(`invalid ${what}: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
    this.name = 'DspBuildError';
    this.errors = errors;
  }
}

/** Copies `o` without the properties whose value is `undefined`, so optional inputs leave no keys behind. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Runs `check` on a freshly built document and throws `DspBuildError` if it is not valid. */
export function finish<T>(what: string, check: Check, doc: T): T {
  const errors: FieldError[] = [];
  check(doc, [], errors);
  if (errors.length > 0) throw new DspBuildError(what, errors);
  return doc;
}
