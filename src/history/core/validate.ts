/**
 * Field-level validation of event payloads: schema errors from TypeBox mapped to `{field, reason}` with
 * dotted field paths (`handling.peakShockG`, `components.2.condition`), followed by cross-field rules
 * the schema language cannot express.
 */
import { Value } from 'typebox/value';
import { isEventType, statusTransitionRoles } from './event-types.js';
import { PAYLOAD_SCHEMAS, type EventPayloads, type EventType } from './payload-schemas.js';

export interface FieldError {
  field: string;
  reason: string;
}

function pointerToField(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function joinField(prefix: string, parts: string[]): string {
  return [prefix, ...parts].filter((p) => p.length > 0).join('.');
}

interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function reasonOf(e: SchemaError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    default:
      return e.message;
  }
}

function schemaErrors(type: EventType, payload: unknown, prefix: string): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const push = (field: string, reason: string) => {
    const key = `${field}\u0000${reason}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ field, reason });
    }
  };
  for (const raw of Value.Errors(PAYLOAD_SCHEMAS[type], payload) as unknown as SchemaError[]) {
    const parts = pointerToField(raw.instancePath);
    if (raw.keyword === 'boolean' && raw.schemaPath.endsWith('/additionalProperties')) continue;
    if (raw.keyword === 'additionalProperties') {
      for (const name of raw.params.additionalProperties as string[]) push(joinField(prefix, [...parts, name]), 'unknown field');
    } else if (raw.keyword === 'required') {
      for (const name of raw.params.requiredProperties as string[]) push(joinField(prefix, [...parts, name]), 'is required');
    } else {
      push(joinField(prefix, parts) || prefix || '(payload)', reasonOf(raw));
    }
  }
  return out;
}

type Rule<T extends EventType> = (p: EventPayloads[T]) => FieldError[];

function minMax(minField: string, maxField: string, min: number, max: number): FieldError[] {
  return min > max ? [{ field: minField, reason: `must not exceed ${maxField} (${min} > ${max})` }] : [];
}

const RULES: { [T in EventType]?: Rule<T> } = {
  operationalSnapshot: (p) => {
    const errs = minMax('temperatures.minC', 'temperatures.maxC', p.temperatures.minC, p.temperatures.maxC);
    const { meanC, minC, maxC } = p.temperatures;
    if (meanC !== undefined && (meanC < minC || meanC > maxC)) {
      errs.push({ field: 'temperatures.meanC', reason: 'must lie between minC and maxC' });
    }
    return errs;
  },
  shipmentPickedUp: (p) => minMax('handling.temperatureMinC', 'handling.temperatureMaxC', p.handling.temperatureMinC, p.handling.temperatureMaxC),
  shipmentInTransit: (p) => minMax('handling.temperatureMinC', 'handling.temperatureMaxC', p.handling.temperatureMinC, p.handling.temperatureMaxC),
  shipmentDelivered: (p) => minMax('handling.temperatureMinC', 'handling.temperatureMaxC', p.handling.temperatureMinC, p.handling.temperatureMaxC),
  ownershipChange: (p) => {
    const same = p.fromOwner.did !== undefined ? p.fromOwner.did === p.toOwner.did : p.fromOwner.name === p.toOwner.name;
    return same ? [{ field: 'toOwner', reason: 'must differ from fromOwner' }] : [];
  },
  recycled: (p) => {
    const totalKg = Object.values(p.recoveredMaterialsKg).reduce<number>((a, b) => a + (b ?? 0), 0);
    // Mass balance: recovered elements cannot outweigh the input.
    return totalKg > p.inputMassKg
      ? [{ field: 'recoveredMaterialsKg', reason: `total ${totalKg} kg exceeds inputMassKg ${p.inputMassKg} kg` }]
      : [];
  },
  statusChange: (p) => {
    if (p.from === p.to) return [{ field: 'to', reason: 'must differ from from' }];
    return statusTransitionRoles(p.from, p.to) === null
      ? [{ field: 'to', reason: `transition ${p.from} → ${p.to} is not permitted` }]
      : [];
  },
};

/**
 * Validates `payload` against the schema of `type`; returns [] when valid. Field names are relative to the
 * payload unless `prefix` is given (e.g. 'payload' when validating a whole envelope).
 */
export function validateEventPayload(type: string, payload: unknown, prefix = ''): FieldError[] {
  if (!isEventType(type)) return [{ field: 'type', reason: `unknown event type ${JSON.stringify(type)}` }];
  const errors = schemaErrors(type, payload, prefix);
  if (errors.length > 0) return errors;
  const rule = RULES[type] as Rule<typeof type> | undefined;
  if (!rule) return [];
  return rule(payload as EventPayloads[typeof type]).map((e) => ({ field: joinField(prefix, [e.field]), reason: e.reason }));
}
