/**
 * The outbox moves shared by both state machines (EDC `NegotiationProcessorsImpl`: `onSuccess` → "-ED" state, a
 * failure stays in the "-ING" state to retry, `onFinalFailure` terminates). The SQL outbox loop leases entities whose
 * `nextAttemptAt` is due, sends `pendingKind(...)`, and reports back through these functions.
 */
import {
  endLocally,
  enterIntent,
  findEdge,
  refuse,
  transition,
  type MachineSpec,
  type Outcome,
  type ProcessEntity,
} from './process.js';

/** Outbox retry settings (EDC: `edc.negotiation.send.retry.limit`, exponential wait). */
export interface RetryPolicy {
  /** Failed attempts tolerated before giving up; 0 gives up on the first failure. */
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ limit: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 });

/** Delay before attempt `retryCount + 1`, doubling from `baseDelayMs` and capped at `maxDelayMs`. */
export function backoffDelayMs(retryCount: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(retryCount - 1, 0), 30);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

export interface SendAck {
  /** The counter-party's process id, from the 201 reply to an initial message. */
  counterPartyPid?: string;
}

/** The counter-party acknowledged the message of the current "-ING" state: move to the wire state it names. */
export function applySent<S extends string, W extends S, K extends string, E extends ProcessEntity<S, W, unknown>>(
  spec: MachineSpec<S, W, K>,
  entity: E,
  now: Date,
  ack: SendAck,
): Outcome<E, never> {
  const intent = spec.intents[entity.state];
  if (intent === undefined) return refuse(409, 'not-pending', `${spec.label} ${entity.id} has nothing to send in state ${entity.state}`);
  const moved = transition(spec, entity, intent.to, now, `${intent.kind} acknowledged`);
  const pidField = entity.role === 'consumer' ? 'providerPid' : 'consumerPid';
  return {
    ok: true,
    effects: [],
    next: {
      ...moved,
      wireState: intent.to,
      [pidField]: entity[pidField] ?? ack.counterPartyPid ?? null,
      retryCount: 0,
      nextAttemptAt: null,
      errorDetail: intent.to === spec.terminated ? entity.errorDetail : null,
      lastIncoming: null,
    },
  };
}

export interface SendFailure {
  error: string;
  /** A definitive rejection (e.g. a 4xx reply): retrying the same message cannot succeed. */
  permanent?: boolean;
  /** The counter-party answered (any HTTP status) rather than the request timing out or the connection failing. */
  answered?: boolean;
}

/**
 * Sending failed. Below the retry limit the entity stays in its "-ING" state with exponential backoff. At the limit
 * (or on a permanent failure) it gives up: a failed termination ends locally, anything else turns into TERMINATING,
 * or ends locally when this side may not terminate from the current wire state.
 */
export function applySendFailed<S extends string, W extends S, K extends string, E extends ProcessEntity<S, W, unknown>>(
  spec: MachineSpec<S, W, K>,
  entity: E,
  failure: SendFailure,
  retry: RetryPolicy,
  now: Date,
): Outcome<E, never> & { gaveUp?: 'terminating' | 'terminated' } {
  const intent = spec.intents[entity.state];
  if (intent === undefined) return refuse(409, 'not-pending', `${spec.label} ${entity.id} has nothing to send in state ${entity.state}`);
  const attempts = entity.retryCount + 1;
  if (!failure.permanent && attempts <= retry.limit) {
    const noted = transition(spec, entity, entity.state, now, `sending ${intent.kind} failed (${attempts}/${retry.limit}): ${failure.error}`);
    const due = new Date(now.getTime() + backoffDelayMs(attempts, retry)).toISOString();
    return { ok: true, effects: [], next: { ...noted, retryCount: attempts, nextAttemptAt: due, errorDetail: failure.error, lastSendAnswered: failure.answered === true } };
  }
  const why = `gave up sending ${intent.kind} after ${attempts} attempt(s): ${failure.error}`;
  const canTerminate = entity.wireState !== null && findEdge(spec, entity.wireState, spec.terminationKind, entity.role) !== undefined;
  if (entity.state === spec.terminating || !canTerminate) {
    return { ok: true, effects: [], gaveUp: 'terminated', next: endLocally(spec, entity, now, why) };
  }
  return { ok: true, effects: [], gaveUp: 'terminating', next: enterIntent(spec, entity, spec.terminating, now, why, why) };
}
