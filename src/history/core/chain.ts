/**
 * Verification of a battery's hash-chained, signed history. Walks the events in the order given and names the
 * FIRST event that breaks the chain, with the kind of break:
 *
 * - altered:       content differs from what was signed/hashed (stored hash ≠ recomputed, signature mismatch,
 *                  malformed envelope, event of another battery, or a head that differs from a known head)
 * - reordered:     event out of place: its seq is not the next one although that seq appears elsewhere, seq repeats,
 *                  or its prevHash names a different event of the list than its predecessor
 * - removed:       a gap: the next seq is absent, its prevHash matches no event of the list, or the chain is
 *                  shorter than a known head
 * - wrongKey:      signed under a kid whose DID is not author.did, or a kid the author's DID document lacks
 * - badSignature:  the signature is not a well-formed detached EdDSA JWS
 * - unknownAuthor: no key can be found for the author's DID at all
 * - notPermitted:  the author's role may not author that event type / transition, or it is not the role the
 *                  verifier trusts for that DID
 */
import type { Role } from '../../passport/index.js';
import { didOfKeyId, parseEd25519PublicJwk, type Ed25519PublicJwk } from '../../dataspace/index.js';
import { authoringErrors, GENESIS_PREV_HASH, validateEnvelopeFields, type StoredEvent } from './envelope.js';
import { computeEventHash, parseDetachedSignature, verifyEventSignature } from './signing.js';

export type ChainProblem = 'altered' | 'reordered' | 'removed' | 'wrongKey' | 'badSignature' | 'unknownAuthor' | 'notPermitted';

export interface ChainFault {
  /** seq of the offending event as stored (its position when seq itself is unusable or the event is missing). */
  seq: number;
  /** null only when the fault is a missing tail (see `expectedHead`). */
  eventId: string | null;
  /** Index in the list passed to verifyChain. */
  position: number;
  problem: ChainProblem;
  detail: string;
}

export type ChainVerification =
  | { ok: true; length: number; headHash: string | null }
  | { ok: false; firstBad: ChainFault; verifiedLength: number };

type MaybePromise<T> = T | Promise<T>;

export type EventKeyResolver = (kid: string) => MaybePromise<Ed25519PublicJwk | null>;

export interface VerifyChainOptions {
  /** Whether the verifier knows the DID at all; lets an unresolvable kid count as wrongKey, not unknownAuthor. */
  isKnownDid?: (did: string) => MaybePromise<boolean>;
  /** Role the verifier trusts for a DID (participant registry); a different author.role is notPermitted. */
  roleOf?: (did: string) => MaybePromise<Role | null>;
  /** A head seen earlier (by this node or a witness); a shorter chain or a different event there is reported. */
  expectedHead?: { seq: number; hash: string };
  /** Check the role-per-event-type rules (default true). */
  checkAuthoringRules?: boolean;
}

function eventIdOf(e: unknown): string | null {
  const id = (e as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' ? id : null;
}

function seqOf(e: unknown, position: number): number {
  const seq = (e as { seq?: unknown } | null)?.seq;
  return Number.isSafeInteger(seq) ? (seq as number) : position;
}

async function safely<T>(f: () => MaybePromise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await f() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Checks one event in isolation (content, signature, key, authoring). Returns the problem or null. */
async function checkEvent(
  e: StoredEvent,
  batteryId: string,
  resolveKey: EventKeyResolver,
  options: VerifyChainOptions,
): Promise<{ problem: ChainProblem; detail: string } | null> {
  const fieldErrors = validateEnvelopeFields(e);
  if (fieldErrors.length > 0) {
    return { problem: 'altered', detail: `malformed envelope: ${fieldErrors.map((f) => `${f.field} ${f.reason}`).join('; ')}` };
  }
  if (e.batteryId !== batteryId) return { problem: 'altered', detail: `belongs to battery ${e.batteryId}, not ${batteryId}` };
  let recomputed: string;
  try {
    recomputed = computeEventHash(e);
  } catch (err) {
    return { problem: 'altered', detail: `cannot be canonicalised: ${(err as Error).message}` };
  }
  if (e.hash !== recomputed) return { problem: 'altered', detail: 'stored hash does not match the event content' };

  const sig = parseDetachedSignature(e.signature);
  if (typeof sig === 'string') return { problem: 'badSignature', detail: sig };
  if (didOfKeyId(sig.kid) !== e.author.did) {
    return { problem: 'wrongKey', detail: `signed under ${sig.kid}, which is not a key of author ${e.author.did}` };
  }
  const resolved = await safely(() => resolveKey(sig.kid));
  if ('error' in resolved) return { problem: 'unknownAuthor', detail: `key resolution for ${sig.kid} failed: ${resolved.error}` };
  const jwk = parseEd25519PublicJwk(resolved.value);
  if (!jwk) {
    const known = options.isKnownDid ? await safely(() => options.isKnownDid!(e.author.did)) : { value: false };
    if ('value' in known && known.value) {
      return { problem: 'wrongKey', detail: `${sig.kid} is not a key in the DID document of ${e.author.did}` };
    }
    return { problem: 'unknownAuthor', detail: `no key found for ${sig.kid}` };
  }
  const check = await verifyEventSignature(e, jwk);
  if (!check.ok) {
    if (check.reason === 'malformedSignature') return { problem: 'badSignature', detail: check.detail };
    if (check.reason === 'kidNotAuthor') return { problem: 'wrongKey', detail: check.detail };
    return { problem: 'altered', detail: `signature does not verify: ${check.detail}` };
  }

  if (options.checkAuthoringRules !== false) {
    const errs = authoringErrors(e.type, e.author.role, e.payload);
    if (errs.length > 0) return { problem: 'notPermitted', detail: errs.map((x) => x.reason).join('; ') };
  }
  if (options.roleOf) {
    const role = await safely(() => options.roleOf!(e.author.did));
    const trusted = 'value' in role ? role.value : null;
    if (trusted !== e.author.role) {
      return { problem: 'notPermitted', detail: `author claims role ${e.author.role}, trusted role is ${String(trusted)}` };
    }
  }
  return null;
}

/** Checks that the event at `position` sits where its seq and prevHash say it should. */
function checkLink(events: readonly StoredEvent[], position: number): { problem: ChainProblem; detail: string } | null {
  const e = events[position];
  if (e.seq !== position) {
    const laterHolder = events.findIndex((x, j) => j > position && x?.seq === position);
    if (laterHolder !== -1) {
      return { problem: 'reordered', detail: `seq ${e.seq} at position ${position}; seq ${position} is at position ${laterHolder}` };
    }
    if (e.seq < position) return { problem: 'reordered', detail: `seq ${e.seq} repeats at position ${position}` };
    return { problem: 'removed', detail: `seq ${position} is missing (next event has seq ${e.seq})` };
  }
  const expectedPrev = position === 0 ? GENESIS_PREV_HASH : events[position - 1].hash;
  if (e.prevHash === expectedPrev) return null;
  const linked = events.findIndex((x) => x?.hash === e.prevHash);
  if (linked !== -1) {
    return { problem: 'reordered', detail: `prevHash names the event at position ${linked}, not its predecessor` };
  }
  return { problem: 'removed', detail: 'prevHash matches no event in the chain: its predecessor is missing' };
}

/**
 * Verifies a battery's chain in the order given (a store returns it ordered by seq). Fields a store adds beside
 * the envelope (recordedAt, ...) are ignored; `hash` must be present. Never throws for bad input.
 */
export async function verifyChain(
  events: readonly StoredEvent[],
  resolveKey: EventKeyResolver,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const fault = (position: number, problem: ChainProblem, detail: string): ChainVerification => ({
    ok: false,
    firstBad: { seq: seqOf(events[position], position), eventId: eventIdOf(events[position]), position, problem, detail },
    verifiedLength: position,
  });
  const batteryId = (events[0] as { batteryId?: unknown } | undefined)?.batteryId;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const bad = await checkEvent(e, typeof batteryId === 'string' ? batteryId : '', resolveKey, options);
    if (bad) return fault(i, bad.problem, bad.detail);
    const link = checkLink(events, i);
    if (link) return fault(i, link.problem, link.detail);
  }

  const head = options.expectedHead;
  if (head) {
    if (head.seq >= events.length) {
      return {
        ok: false,
        firstBad: {
          seq: events.length,
          eventId: null,
          position: events.length,
          problem: 'removed',
          detail: `chain has ${events.length} events but a head at seq ${head.seq} is known`,
        },
        verifiedLength: events.length,
      };
    }
    if (head.seq >= 0 && events[head.seq].hash !== head.hash) {
      return fault(head.seq, 'altered', `event differs from the known head at seq ${head.seq}`);
    }
  }
  return { ok: true, length: events.length, headHash: events.length > 0 ? events[events.length - 1].hash : null };
}
