/**
 * Event envelope and chain linking.
 *
 * An event is the envelope `{eventId, batteryId, seq, type, occurredAt, author, payload, prevHash}` plus the
 * author's detached JWS over its RFC 8785 (JCS) canonical form. `prevHash` is the `hash` of the previous event
 * of the same battery (64 zeros for seq 0), so every event commits to the whole history before it.
 */
import type { Role } from '../../passport/index.js';
import { isDidWeb, isRole } from '../../dataspace/index.js';
import { isEventType, mayAuthor, statusTransitionRoles } from './event-types.js';
import type { EventPayloads, EventType } from './payload-schemas.js';
import { validateEventPayload, type FieldError } from './validate.js';

export const GENESIS_PREV_HASH = '0'.repeat(64);

export interface EventAuthor {
  did: string;
  role: Role;
}

/** What the author asserts, before it is placed in a chain. */
export interface EventDraft<T extends EventType = EventType> {
  type: T;
  occurredAt: string;
  author: EventAuthor;
  payload: EventPayloads[T];
}

/** The signed content. Field order is irrelevant: signing and hashing use the JCS form. */
export interface EventEnvelope<T extends EventType = EventType> extends EventDraft<T> {
  /** Client-supplied UUID; the idempotency key of the append. */
  eventId: string;
  batteryId: string;
  /** 0-based position in the battery's chain. */
  seq: number;
  /** sha256 hex of the previous event's canonical signed form; GENESIS_PREV_HASH for seq 0. */
  prevHash: string;
}

export interface SignedEvent<T extends EventType = EventType> extends EventEnvelope<T> {
  /** Detached compact JWS (RFC 7515 Appendix F): `<protected>..<signature>`. */
  signature: string;
}

/** A signed event as kept by a store, with its hash (the next event's prevHash). */
export interface StoredEvent<T extends EventType = EventType> extends SignedEvent<T> {
  hash: string;
}

export interface ChainLink {
  seq: number;
  prevHash: string;
}

/** Where the next event of a chain goes. Appending under concurrency (locking, unique seq) is the store's job. */
export function nextLink(head: { seq: number; hash: string } | null): ChainLink {
  return head === null ? { seq: 0, prevHash: GENESIS_PREV_HASH } : { seq: head.seq + 1, prevHash: head.hash };
}

export const ENVELOPE_FIELDS = ['eventId', 'batteryId', 'seq', 'type', 'occurredAt', 'author', 'payload', 'prevHash'] as const;

/** Exactly the signed fields, dropping anything a store or transport added (hash, recordedAt, ...). */
export function envelopeOf(event: EventEnvelope): EventEnvelope {
  return {
    eventId: event.eventId,
    batteryId: event.batteryId,
    seq: event.seq,
    type: event.type,
    occurredAt: event.occurredAt,
    author: { did: event.author.did, role: event.author.role },
    payload: event.payload,
    prevHash: event.prevHash,
  };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** RFC 3339 date-time with an explicit offset; the offset keeps `occurredAt` unambiguous across nodes. */
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const HEX64_RE = /^[0-9a-f]{64}$/;
const BATTERY_ID_MAX = 200;

export function isEventId(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}

export function isHash(v: unknown): v is string {
  return typeof v === 'string' && HEX64_RE.test(v);
}

export function isRfc3339DateTime(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = RFC3339_RE.exec(v);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 61;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural checks of everything but the payload. */
export function validateEnvelopeFields(e: unknown): FieldError[] {
  if (!isObject(e)) return [{ field: '(event)', reason: 'must be an object' }];
  const errs: FieldError[] = [];
  if (!isEventId(e.eventId)) errs.push({ field: 'eventId', reason: 'must be a lower-case UUID' });
  if (typeof e.batteryId !== 'string' || e.batteryId.length === 0 || e.batteryId.length > BATTERY_ID_MAX) {
    errs.push({ field: 'batteryId', reason: `must be a non-empty string of at most ${BATTERY_ID_MAX} characters` });
  }
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 0) errs.push({ field: 'seq', reason: 'must be a non-negative integer' });
  if (!isEventType(e.type)) errs.push({ field: 'type', reason: `unknown event type ${JSON.stringify(e.type)}` });
  if (!isRfc3339DateTime(e.occurredAt)) errs.push({ field: 'occurredAt', reason: 'must be an RFC 3339 date-time with offset' });
  if (!isObject(e.author)) errs.push({ field: 'author', reason: 'must be an object' });
  else {
    if (!isDidWeb(e.author.did)) errs.push({ field: 'author.did', reason: 'must be a did:web identifier' });
    if (!isRole(e.author.role)) errs.push({ field: 'author.role', reason: 'must be a participant role' });
  }
  if (!isHash(e.prevHash)) errs.push({ field: 'prevHash', reason: 'must be 64 lower-case hex digits' });
  else if (e.seq === 0 && e.prevHash !== GENESIS_PREV_HASH) errs.push({ field: 'prevHash', reason: 'must be all zeros for seq 0' });
  return errs;
}

/**
 * Authoring rules for a draft: role may author the type, and for statusChange the role owns that transition.
 * Payload validity is checked separately (`validateEventPayload`).
 */
export function authoringErrors(type: EventType, role: Role, payload: unknown): FieldError[] {
  if (!mayAuthor(role, type)) return [{ field: 'author.role', reason: `role ${role} may not author ${type} events` }];
  if (type === 'statusChange' && isObject(payload)) {
    const roles = statusTransitionRoles(payload.from as never, payload.to as never);
    if (roles !== null && !roles.includes(role)) {
      return [{ field: 'author.role', reason: `role ${role} does not own the transition ${String(payload.from)} → ${String(payload.to)}` }];
    }
  }
  return [];
}

export interface PrepareEventInput<T extends EventType = EventType> extends EventDraft<T> {
  eventId: string;
  batteryId: string;
}

export type PrepareEventResult = { ok: true; envelope: EventEnvelope } | { ok: false; errors: FieldError[] };

/**
 * Validates a draft and places it at `link` (from `nextLink(head)`). Returns field errors instead of throwing,
 * so an API can answer 400 with every problem at once.
 */
export function prepareEvent(input: PrepareEventInput, link: ChainLink): PrepareEventResult {
  const candidate = {
    eventId: input.eventId,
    batteryId: input.batteryId,
    seq: link.seq,
    type: input.type,
    occurredAt: input.occurredAt,
    author: input.author,
    payload: input.payload,
    prevHash: link.prevHash,
  };
  const errors = validateEnvelopeFields(candidate);
  if (isEventType(candidate.type)) {
    errors.push(...validateEventPayload(candidate.type, candidate.payload, 'payload'));
    if (isObject(candidate.author) && isRole(candidate.author.role)) {
      errors.push(...authoringErrors(candidate.type, candidate.author.role, candidate.payload));
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  // A JSON round trip drops undefined members and fixes the value, exactly as storage will see it.
  return { ok: true, envelope: JSON.parse(JSON.stringify(envelopeOf(candidate as EventEnvelope))) as EventEnvelope };
}
