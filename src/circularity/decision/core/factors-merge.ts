/**
 * Overrides for the factor configuration (e.g. a JSON file given to the CLI). Structure must match the defaults:
 * unknown keys are rejected so that a typo cannot silently leave a default in place. A sourced number may be
 * overridden by a bare number (its source then names the override) or by { value, source?, unit? }.
 */
import type { DecisionFactors } from './factors.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSourced = (v: unknown): boolean => isObj(v) && typeof v.value === 'number' && typeof v.source === 'string';

export function mergeFactors(base: DecisionFactors, overrides: unknown, label = 'override'): DecisionFactors {
  if (!isObj(overrides)) throw new TypeError('factor overrides must be a JSON object');
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  merge(out, overrides, '', label);
  return out as unknown as DecisionFactors;
}

function merge(target: Record<string, unknown>, over: Record<string, unknown>, path: string, label: string): void {
  for (const [k, v] of Object.entries(over)) {
    const here = path ? `${path}.${k}` : k;
    if (!(k in target)) throw new RangeError(`unknown factor ${here}`);
    const cur = target[k];
    if (isSourced(cur)) {
      const c = cur as { value: number; source: string; unit: string };
      if (typeof v === 'number' && Number.isFinite(v)) target[k] = { ...c, value: v, source: `${label} (default ${c.value}: ${c.source})` };
      else if (isObj(v) && typeof v.value === 'number' && Number.isFinite(v.value)) target[k] = { ...c, value: v.value, unit: typeof v.unit === 'string' ? v.unit : c.unit, source: typeof v.source === 'string' ? v.source : `${label} (default ${c.value})` };
      else throw new TypeError(`factor ${here} must be a number or { value, source }`);
    } else if (isObj(cur)) {
      if (!isObj(v)) throw new TypeError(`factor ${here} must be an object`);
      merge(cur, v, here, label);
    } else if (typeof cur === typeof v) target[k] = v;
    else throw new TypeError(`factor ${here} must be a ${typeof cur}`);
  }
}
