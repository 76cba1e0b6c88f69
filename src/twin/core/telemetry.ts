/**
 * Vehicle telemetry wire format v1 (JSON over MQTT) and its parser.
 *
 * Field names are short because this is the high-rate format (a 50-sample batch is ≈4 kB; every byte is paid per
 * vehicle per batch); the units live in the schema descriptions. The parser checks the schema and physical
 * plausibility and answers with JSON-pointer field names (`/samples/3/u`) so a vehicle integrator sees exactly
 * which value was refused. `toSampleBatch` turns a parsed batch into the estimator core's column arrays.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { NegativeEvent } from './states/sos.js';
import type { SampleBatch } from './twin-state.js';

export const TELEMETRY_VERSION = 1;
/** 3600 samples = one hour at 1 Hz, the longest a vehicle should hold telemetry before sending. */
export const MAX_SAMPLES_PER_BATCH = 3600;
/** 3600 samples × 200 cell voltages × ≈6 bytes ≈ 4.3 MB: the largest legitimate batch, rounded up. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Sample times further than this from the receiver's clock are refused (a vehicle clock not set, or ms vs s). */
export const MAX_CLOCK_SKEW_MS = 365.25 * 24 * 3600 * 1000;
/** Error lists are cut here: a batch of 3600 broken samples must not produce a 3600-line error message. */
export const MAX_REPORTED_ERRORS = 20;

export const TELEMETRY_EVENT_KINDS = ['deepDischarge', 'overTemperature', 'crash', 'overcharge', 'internalShort', 'thermalEvent'] as const;
export type TelemetryEventKind = (typeof TELEMETRY_EVENT_KINDS)[number];

// Plausibility bounds: beyond these a value is a sensor or encoding fault, not a battery state.
// 2000 A ≈ peak of the largest passenger-car packs; 1500 V = low-voltage directive limit for DC (2014/35/EU).
const CURRENT_MAX_A = 2000;
const PACK_VOLTAGE_MAX_V = 1500;
const CELL_VOLTAGE_MAX_V = 5;
const TEMP_MIN_C = -60;
const TEMP_MAX_C = 150;

const cellVoltage = (description: string) => Type.Number({ minimum: 0, maximum: CELL_VOLTAGE_MAX_V, description });
const temperature = (description: string) => Type.Number({ minimum: TEMP_MIN_C, maximum: TEMP_MAX_C, description });

export const TelemetrySampleSchema = Type.Object(
  {
    t: Type.Number({ minimum: 0, description: 'sample time: Unix epoch, milliseconds (UTC)' }),
    i: Type.Number({ minimum: -CURRENT_MAX_A, maximum: CURRENT_MAX_A, description: 'pack current, A; positive = discharge' }),
    u: Type.Number({ minimum: 0, maximum: PACK_VOLTAGE_MAX_V, description: 'pack terminal voltage, V' }),
    uMin: Type.Optional(cellVoltage('lowest cell voltage of the pack, V')),
    uMax: Type.Optional(cellVoltage('highest cell voltage of the pack, V')),
    tMin: Type.Optional(temperature('lowest pack temperature sensor, °C')),
    tMax: Type.Optional(temperature('highest pack temperature sensor, °C')),
    cells: Type.Optional(
      Type.Array(cellVoltage('cell voltage, V'), { minItems: 1, maxItems: 1024, description: 'every series cell (block) voltage in pack order, V' }),
    ),
  },
  { additionalProperties: false },
);

export const TelemetryEventSchema = Type.Object(
  {
    t: Type.Number({ minimum: 0, description: 'when the vehicle detected the event: Unix epoch, milliseconds (UTC)' }),
    kind: Type.Enum([...TELEMETRY_EVENT_KINDS], { description: 'negative event reported by the battery management system' }),
  },
  { additionalProperties: false },
);

export const TelemetryV1Schema = Type.Object(
  {
    v: Type.Literal(TELEMETRY_VERSION, { description: 'payload format version' }),
    batteryId: Type.String({ minLength: 1, maxLength: 200, description: 'battery identifier; must equal the battery segment of the topic' }),
    seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'per-battery batch counter kept by the vehicle, +1 per batch' }),
    samples: Type.Array(TelemetrySampleSchema, {
      minItems: 1,
      maxItems: MAX_SAMPLES_PER_BATCH,
      description: 'samples in strictly increasing time; an optional field present in one sample must be present in all',
    }),
    events: Type.Optional(Type.Array(TelemetryEventSchema, { maxItems: 100, description: 'events within the time span of the samples' })),
  },
  { additionalProperties: false },
);

export type TelemetrySample = Static<typeof TelemetrySampleSchema>;
export type TelemetryEvent = Static<typeof TelemetryEventSchema>;
/** A parsed, validated v1 batch. Plain JSON, so it can be stored (e.g. in a reorder buffer with the twin state). */
export type TelemetryBatch = Static<typeof TelemetryV1Schema>;

export interface TelemetryFieldError {
  /** JSON pointer into the payload (`/samples/3/u`); '' for the payload as a whole */
  field: string;
  reason: string;
}

export type ParseResult = { ok: true; batch: TelemetryBatch } | { ok: false; errors: TelemetryFieldError[] };

export interface ParseOptions {
  /** receiver clock, epoch ms: sample times must lie within ±1 year of it */
  nowMs: number;
  maxBytes?: number;
}

const validator = Compile(TelemetryV1Schema);
const decoder = new TextDecoder('utf-8', { fatal: true });

interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function schemaErrors(value: unknown): TelemetryFieldError[] {
  const out: TelemetryFieldError[] = [];
  const seen = new Set<string>();
  const push = (field: string, reason: string) => {
    const k = `${field}\u0000${reason}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ field, reason });
    }
  };
  for (const e of validator.Errors(value) as unknown as SchemaError[]) {
    if (e.keyword === 'boolean' && e.schemaPath.endsWith('/additionalProperties')) continue; // reported once below
    if (e.keyword === 'additionalProperties') {
      for (const name of e.params.additionalProperties as string[]) push(`${e.instancePath}/${name}`, 'unknown field');
    } else if (e.keyword === 'required') {
      for (const name of e.params.requiredProperties as string[]) push(`${e.instancePath}/${name}`, 'is required');
    } else if (e.keyword === 'enum') {
      push(e.instancePath, `must be one of ${TELEMETRY_EVENT_KINDS.join(', ')}`);
    } else if (e.keyword === 'minimum' || e.keyword === 'maximum') {
      push(e.instancePath, `must be ${String(e.params.comparison)} ${String(e.params.limit)}`);
    } else {
      push(e.instancePath, e.message);
    }
    if (out.length >= MAX_REPORTED_ERRORS) break;
  }
  return out;
}

const OPTIONAL_COLUMNS = ['uMin', 'uMax', 'tMin', 'tMax', 'cells'] as const;

/** Rules the schema cannot say: time order and window, column consistency, min ≤ max, events inside the batch. */
function ruleErrors(b: TelemetryBatch, topicBatteryId: string, nowMs: number): TelemetryFieldError[] {
  const errs: TelemetryFieldError[] = [];
  const push = (field: string, reason: string) => errs.length < MAX_REPORTED_ERRORS && errs.push({ field, reason });
  if (b.batteryId !== topicBatteryId) push('/batteryId', `must equal the topic's battery id ${JSON.stringify(topicBatteryId)}`);
  const s = b.samples;
  const first = s[0];
  const nCells = first.cells?.length;
  for (let k = 0; k < s.length && errs.length < MAX_REPORTED_ERRORS; k++) {
    const x = s[k];
    if (Math.abs(x.t - nowMs) > MAX_CLOCK_SKEW_MS) push(`/samples/${k}/t`, 'must lie within one year of the receiver clock (epoch milliseconds expected)');
    if (k > 0 && !(x.t > s[k - 1].t)) push(`/samples/${k}/t`, `must be later than /samples/${k - 1}/t (strictly increasing)`);
    for (const c of OPTIONAL_COLUMNS) {
      if ((x[c] === undefined) !== (first[c] === undefined)) {
        push(`/samples/${k}/${c}`, first[c] === undefined ? `must be absent: /samples/0 has no ${c}` : `is required: /samples/0 has ${c}, so every sample of the batch must`);
      }
    }
    if (x.uMin !== undefined && x.uMax !== undefined && x.uMin > x.uMax) push(`/samples/${k}/uMin`, `must not exceed uMax (${x.uMin} > ${x.uMax})`);
    if (x.tMin !== undefined && x.tMax !== undefined && x.tMin > x.tMax) push(`/samples/${k}/tMin`, `must not exceed tMax (${x.tMin} > ${x.tMax})`);
    if (x.cells && nCells !== undefined && x.cells.length !== nCells) push(`/samples/${k}/cells`, `must have ${nCells} values like /samples/0/cells`);
  }
  const t0 = first.t;
  const tN = s[s.length - 1].t;
  (b.events ?? []).forEach((e, j) => {
    if (e.t < t0 || e.t > tN) push(`/events/${j}/t`, `must lie within the batch's sample times [${t0}, ${tN}]`);
  });
  return errs;
}

/**
 * Parses one MQTT payload. `topicBatteryId` is the (decoded) battery segment of the topic: a payload for another
 * battery is refused, so a vehicle cannot write into a twin it did not publish to.
 */
export function parseTelemetry(bytes: Uint8Array, topicBatteryId: string, opts: ParseOptions): ParseResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (bytes.byteLength > maxBytes) return { ok: false, errors: [{ field: '', reason: `payload of ${bytes.byteLength} bytes exceeds the limit of ${maxBytes}` }] };
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (e) {
    return { ok: false, errors: [{ field: '', reason: `not UTF-8 JSON: ${(e as Error).message}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: [{ field: '', reason: 'must be a JSON object' }] };
  const v = (value as { v?: unknown }).v;
  if (v !== TELEMETRY_VERSION) {
    return { ok: false, errors: [{ field: '/v', reason: v === undefined ? 'is required' : `unsupported version ${JSON.stringify(v)} (this receiver reads ${TELEMETRY_VERSION})` }] };
  }
  if (!validator.Check(value)) return { ok: false, errors: schemaErrors(value) };
  const errors = ruleErrors(value, topicBatteryId, opts.nowMs);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, batch: value };
}

/**
 * Wire kinds → the kinds the State-of-Safety model knows (states/sos.ts). An internal short and a thermal event have
 * no kind of their own there: a thermal event is an over-temperature, and an internal short is given the
 * most severe cap the model has (crash), since both mean a cell may be damaged inside (UN GTR No. 20 takes an
 * internal short as the trigger of thermal runaway in its thermal-propagation requirement).
 */
export const CORE_EVENT_OF: Record<TelemetryEventKind, NegativeEvent> = {
  deepDischarge: 'deepDischarge',
  overTemperature: 'overTemperature',
  crash: 'crash',
  overcharge: 'overcharge',
  internalShort: 'crash',
  thermalEvent: 'overTemperature',
};

/**
 * Column arrays for `stepTwin`. `originMs` is the battery's time origin (epoch ms), kept by the caller for the life
 * of the twin so `timeS` continues across batches; seconds since an origin keep µs resolution in a double.
 * An event is placed at the first sample at or after its time.
 */
export function toSampleBatch(batch: TelemetryBatch, originMs: number): SampleBatch {
  const s = batch.samples;
  const n = s.length;
  const timeS = new Float64Array(n);
  const packCurrentA = new Float64Array(n);
  const packVoltageV = new Float64Array(n);
  const first = s[0];
  const col = (has: boolean) => (has ? new Float64Array(n) : undefined);
  const minCellVoltageV = col(first.uMin !== undefined);
  const maxCellVoltageV = col(first.uMax !== undefined);
  const minTempC = col(first.tMin !== undefined);
  const maxTempC = col(first.tMax !== undefined);
  const cellsPerSample = first.cells?.length;
  const cellVoltagesV = cellsPerSample ? new Float64Array(n * cellsPerSample) : undefined;
  for (let k = 0; k < n; k++) {
    const x = s[k];
    timeS[k] = (x.t - originMs) / 1000;
    packCurrentA[k] = x.i;
    packVoltageV[k] = x.u;
    if (minCellVoltageV) minCellVoltageV[k] = x.uMin!;
    if (maxCellVoltageV) maxCellVoltageV[k] = x.uMax!;
    if (minTempC) minTempC[k] = x.tMin!;
    if (maxTempC) maxTempC[k] = x.tMax!;
    if (cellVoltagesV && x.cells) cellVoltagesV.set(x.cells, k * cellsPerSample!);
  }
  const out: SampleBatch = { timeS, packCurrentA, packVoltageV };
  if (minCellVoltageV) out.minCellVoltageV = minCellVoltageV;
  if (maxCellVoltageV) out.maxCellVoltageV = maxCellVoltageV;
  if (minTempC) out.minTempC = minTempC;
  // the core reads the max channel as "the" temperature; a batch with only tMin still has a temperature
  if (maxTempC) out.maxTempC = maxTempC;
  else if (minTempC) out.maxTempC = minTempC;
  if (cellVoltagesV) {
    out.cellVoltagesV = cellVoltagesV;
    out.cellsPerSample = cellsPerSample;
  }
  if (batch.events && batch.events.length > 0) {
    out.events = batch.events.map((e) => ({ index: firstIndexAtOrAfter(s, e.t), kind: CORE_EVENT_OF[e.kind] }));
  }
  return out;
}

function firstIndexAtOrAfter(s: TelemetrySample[], tMs: number): number {
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid].t < tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
