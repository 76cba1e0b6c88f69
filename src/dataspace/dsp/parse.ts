/**
 * Entry points for INCOMING DSP documents. Each returns `{ok: true, message}` or `{ok: false, errors}` and never
 * throws, whatever the body. The returned message is the validated body itself (not a copy): unknown extra
 * properties are kept, as JSON-LD allows participants to add terms, and callers treat it as read-only.
 */
import type {
  DidService,
  DspEmbeddedMap,
  DspEmbeddedType,
  DspMessage,
  DspMessageMap,
  DspMessageType,
  VersionResponse,
} from './messages.js';
import { DSP_EMBEDDED_TYPES, DSP_MESSAGE_TYPES } from './messages.js';
import { DID_SERVICE, EMBEDDED_CHECKS, MESSAGE_CHECKS, VERSION_RESPONSE } from './validate-messages.js';
import { isRecord, type Check, type FieldError } from './validate-kit.js';

export type { FieldError } from './validate-kit.js';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; errors: FieldError[] };

export function isDspMessageType(value: unknown): value is DspMessageType {
  return typeof value === 'string' && (DSP_MESSAGE_TYPES as readonly string[]).includes(value);
}

export function isDspEmbeddedType(value: unknown): value is DspEmbeddedType {
  return typeof value === 'string' && (DSP_EMBEDDED_TYPES as readonly string[]).includes(value);
}

function run<T>(check: Check, body: unknown): ParseResult<T> {
  const errors: FieldError[] = [];
  try {
    check(body, [], errors);
  } catch (err) {
    // Only reachable with non-JSON input (throwing getters, proxies); JSON.parse output never gets here.
    errors.push({ field: '(body)', reason: `could not be read: ${err instanceof Error ? err.message : String(err)}` });
  }
  return errors.length === 0 ? { ok: true, message: body as T } : { ok: false, errors };
}

/**
 * Validates `body` as the message an endpoint expects: `@context` must be the array with the DSP context and
 * `@type` must equal `expectedType`.
 */
export function parseMessage<K extends DspMessageType>(expectedType: K, body: unknown): ParseResult<DspMessageMap[K]> {
  if (!isDspMessageType(expectedType)) {
    return { ok: false, errors: [{ field: '@type', reason: `unknown DSP message type ${JSON.stringify(expectedType)}` }] };
  }
  return run<DspMessageMap[K]>(MESSAGE_CHECKS[expectedType], body);
}

/**
 * Validates a body whose type is not fixed by the endpoint (e.g. a stored document), dispatching on its `@type`.
 * `allowed` restricts the accepted types.
 */
export function parseAnyMessage(body: unknown, allowed: readonly DspMessageType[] = DSP_MESSAGE_TYPES): ParseResult<DspMessage> {
  return run<DspMessage>((value, path, out) => {
    if (!isRecord(value)) return out.push({ field: '(body)', reason: 'must be a JSON object' });
    const type = value['@type'];
    if (type === undefined) return out.push({ field: '@type', reason: 'is required' });
    if (!isDspMessageType(type) || !allowed.includes(type)) {
      const got = typeof type === 'string' ? JSON.stringify(type) : typeof type;
      return out.push({ field: '@type', reason: `must be one of ${allowed.join(', ')} (got ${got})` });
    }
    MESSAGE_CHECKS[type](value, path, out);
  }, body);
}

/** Validates an object that only occurs inside a message (Offer, Agreement, DataService, ...), with no `@context`. */
export function parseEmbedded<K extends DspEmbeddedType>(type: K, value: unknown): ParseResult<DspEmbeddedMap[K]> {
  if (!isDspEmbeddedType(type)) {
    return { ok: false, errors: [{ field: '@type', reason: `unknown embedded DSP type ${JSON.stringify(type)}` }] };
  }
  return run<DspEmbeddedMap[K]>(EMBEDDED_CHECKS[type], value);
}

/** Validates a `/.well-known/dspace-version` body. */
export function parseVersionResponse(body: unknown): ParseResult<VersionResponse> {
  return run<VersionResponse>(VERSION_RESPONSE, body);
}

/** Validates a DSP `service` entry of a DID document. */
export function parseDidService(body: unknown): ParseResult<DidService> {
  return run<DidService>(DID_SERVICE, body);
}

/** Field errors as `reason` strings for a ContractNegotiationError / TransferError / CatalogError body. */
export function errorReasons(errors: readonly FieldError[]): string[] {
  return errors.map((e) => `${e.field}: ${e.reason}`);
}
