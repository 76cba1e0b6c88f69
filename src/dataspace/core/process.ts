/**
 * The machinery shared by the contract negotiation and transfer process state machines (DSP 2025-1 §CN and §TP):
 * result and refusal shapes, the per-process history, the checks every incoming message goes through, and the
 * outbox moves (intent → sent → acknowledged, retry with backoff, give up → terminate).
 *
 * Two kinds of state live on each entity, as in EDC's `ContractNegotiationStates`/`TransferProcessStates`:
 * - `state`: the internal state, where an "-ING" state means "this side still has to send a message";
 * - `wireState`: the last DSP state both sides have acknowledged (null before the counter-party knows the
 *   process). Incoming messages and outgoing intents are judged against `wireState`, because that is the state the
 *   counter-party sees; an intent that has not been acknowledged yet has not changed anything on the wire.
 *
 * Pure: the clock comes in as `now`, and nothing here performs I/O.
 */

export type Side = 'consumer' | 'provider';

export function otherSide(side: Side): Side {
  return side === 'consumer' ? 'provider' : 'consumer';
}

/** One entry of the per-process event log (EDC users ask "why is it stuck?": every move records its reason). */
export interface HistoryEntry<S extends string> {
  /** ISO 8601 instant. */
  at: string;
  from: S;
  to: S;
  reason: string;
}

/** Fields every incoming DSP message carries once the HTTP and wire layers have decoded it. */
export interface IncomingBase<K extends string> {
  kind: K;
  /** The role of the sender; the receiving endpoint determines it (provider endpoints receive consumer messages). */
  sender: Side;
  consumerPid?: string;
  providerPid?: string;
  /** Participant id (DID) the authentication layer resolved for the caller, when known. */
  senderDid?: string;
}

/** State every process entity carries, whatever the machine. */
export interface ProcessEntity<S extends string, W extends S, M> {
  id: string;
  /** This side's role in the process. */
  role: Side;
  state: S;
  /** Last state acknowledged by both sides; null while the counter-party does not know the process. */
  wireState: W | null;
  consumerPid: string | null;
  providerPid: string | null;
  counterPartyDid: string | null;
  /** Base URL of the counter-party's DSP endpoint (the consumer's `callbackAddress`, or the provider's `<base>`). */
  counterPartyAddress: string | null;
  /** Failed attempts to send the message of the current "-ING" state. */
  retryCount: number;
  /** ISO instant when the outbox may next send; null when nothing is due. */
  nextAttemptAt: string | null;
  errorDetail: string | null;
  history: HistoryEntry<S>[];
  /** The last accepted incoming message, kept until this side sends again, to recognise an exact resend. */
  lastIncoming: M | null;
  /**
   * True when the last attempt to send the pending message got an HTTP answer that refused it (4xx/5xx): the
   * counter-party then provably did not take the message, so a later message cannot imply that it arrived.
   */
  lastSendAnswered?: boolean;
}

export type RefusalCode =
  | 'unknown-process'
  | 'wrong-recipient'
  | 'sender-not-allowed'
  | 'pid-mismatch'
  | 'missing-field'
  | 'terminal-state'
  | 'terminating'
  | 'invalid-transition'
  | 'intent-pending'
  | 'not-pending'
  | 'wrong-role';

/**
 * A refused message or intent. 400/404 answer incoming DSP messages (DSP 2025-1: an invalid transition is 400 with a
 * `ContractNegotiationError`/`TransferError`; a caller who may not see the process gets 404). 409 answers a local
 * intent (management API or outbox) that the current state does not allow.
 */
export interface Refusal {
  ok: false;
  status: 400 | 404 | 409;
  code: RefusalCode;
  reason: string;
}

export type Outcome<E, F> = { ok: true; next: E; effects: F[] } | Refusal;

export function refuse(status: Refusal['status'], code: RefusalCode, reason: string): Refusal {
  return { ok: false, status, code, reason };
}

/** A programming error: code tried a move that is not in the machine's `NEXT` table. */
export class IllegalTransition extends Error {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine}: cannot transition from ${from} to ${to}`);
    this.name = 'IllegalTransition';
  }
}

/** One edge of the DSP state diagram: `from` null is `[*]`; `by` lists the sides that may send `kind` on this edge. */
export interface WireEdge<W extends string, K extends string> {
  from: W | null;
  to: W;
  kind: K;
  by: readonly Side[];
}

export interface MachineSpec<S extends string, W extends S, K extends string> {
  /** For messages, e.g. "contract negotiation". */
  label: string;
  initial: S;
  next: Readonly<Record<S, readonly S[]>>;
  edges: readonly WireEdge<W, K>[];
  /** Which sides may ever send a message kind (a consumer never sends FINALIZED, a provider never ACCEPTED). */
  senders: Readonly<Record<K, readonly Side[]>>;
  terminal: readonly W[];
  terminating: S;
  terminated: W;
  terminationKind: K;
  /** For each "-ING" state: the message it sends, and the wire state once the counter-party acknowledged it. */
  intents: Readonly<Partial<Record<S, { kind: K; to: W }>>>;
}

export function isTerminal<S extends string, W extends S, K extends string>(spec: MachineSpec<S, W, K>, state: S): boolean {
  return (spec.terminal as readonly string[]).includes(state);
}

/**
 * The DSP state to report for the process (GET `/negotiations/:pid`, `/transfers/:pid`, 201 replies): a terminal
 * state reached locally wins; otherwise the last acknowledged wire state. Null before the counter-party knows it.
 */
export function reportedState<S extends string, W extends S, K extends string>(
  spec: MachineSpec<S, W, K>,
  entity: ProcessEntity<S, W, unknown>,
): W | null {
  return isTerminal(spec, entity.state) ? (entity.state as W) : entity.wireState;
}

/** True for the "-ING" states, where this side owes the counter-party a message. */
export function isPending<S extends string, W extends S, K extends string>(spec: MachineSpec<S, W, K>, state: S): boolean {
  return spec.intents[state] !== undefined;
}

/** The message the outbox must send for the entity's current state, or null when nothing is owed. */
export function pendingKind<S extends string, W extends S, K extends string>(spec: MachineSpec<S, W, K>, state: S): K | null {
  return spec.intents[state]?.kind ?? null;
}

export function findEdge<S extends string, W extends S, K extends string>(
  spec: MachineSpec<S, W, K>,
  from: W | null,
  kind: K,
  by: Side,
): WireEdge<W, K> | undefined {
  return spec.edges.find((e) => e.from === from && e.kind === kind && e.by.includes(by));
}

/** Moves the entity to `to`, appending to its history; a move outside `spec.next` throws `IllegalTransition`. */
export function transition<S extends string, W extends S, K extends string, E extends ProcessEntity<S, W, unknown>>(
  spec: MachineSpec<S, W, K>,
  entity: E,
  to: S,
  now: Date,
  reason: string,
): E {
  if (entity.state !== to && !spec.next[entity.state].includes(to)) throw new IllegalTransition(spec.label, entity.state, to);
  return { ...entity, state: to, history: [...entity.history, { at: now.toISOString(), from: entity.state, to, reason }] };
}

/** Structural equality of JSON-like values, ignoring key order and `undefined` members (a resend may reorder keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson(ra[k], rb[k]));
}

export type IncomingCheck<W> =
  | Refusal
  | { ok: true; duplicate: true }
  /** `impliedAck`: the message also acknowledges our pending one, whose target wire state this is. */
  | { ok: true; duplicate: false; to: W; impliedAck: W | null };

/**
 * The checks every incoming message goes through, in this order: the caller may see the process (else 404, as DSP
 * 2025-1 prescribes for unauthorized callers), the message is addressed to this side and its kind may come from its
 * sender, the process ids match, an exact resend is acknowledged again, nothing follows a terminal state, and the
 * edge `wireState → target` exists for this sender, or (implied acknowledgement) the edge from the state our own
 * pending message leads to.
 */
export function checkIncoming<S extends string, W extends S, K extends string, M extends IncomingBase<K>>(
  spec: MachineSpec<S, W, K>,
  entity: ProcessEntity<S, W, M>,
  msg: M,
): IncomingCheck<W> {
  if (entity.counterPartyDid !== null && msg.senderDid !== undefined && msg.senderDid !== entity.counterPartyDid) {
    return refuse(404, 'unknown-process', `no ${spec.label} ${entity.id} for participant ${msg.senderDid}`);
  }
  if (msg.sender === entity.role) {
    return refuse(400, 'wrong-recipient', `a ${msg.sender} message was delivered to the ${entity.role} side`);
  }
  // Decoded input is typed, but a kind from outside the union must be a 400, not a crash.
  const senders = (spec.senders as Partial<Record<string, readonly Side[]>>)[msg.kind];
  if (senders === undefined) return refuse(400, 'invalid-transition', `${String(msg.kind)} is not a ${spec.label} message`);
  if (!senders.includes(msg.sender)) {
    return refuse(400, 'sender-not-allowed', `a ${msg.sender} cannot send ${msg.kind} in a ${spec.label}`);
  }
  for (const pid of ['consumerPid', 'providerPid'] as const) {
    const known = entity[pid];
    const given = msg[pid];
    if (known !== null && given !== undefined && given !== known) {
      return refuse(400, 'pid-mismatch', `${pid} ${given} does not match ${known}`);
    }
  }
  const senderPid = msg.sender === 'consumer' ? 'consumerPid' : 'providerPid';
  if (entity[senderPid] === null && msg[senderPid] === undefined) {
    return refuse(400, 'missing-field', `the ${msg.sender}'s ${senderPid} is unknown and the message does not carry it`);
  }
  if (entity.lastIncoming !== null && sameJson(entity.lastIncoming, msg)) return { ok: true, duplicate: true };
  if (isTerminal(spec, entity.state)) {
    return refuse(400, 'terminal-state', `${spec.label} ${entity.id} is ${entity.state}; no ${msg.kind} can follow`);
  }
  if (entity.state === spec.terminating && msg.kind !== spec.terminationKind) {
    return refuse(400, 'terminating', `${spec.label} ${entity.id} is being terminated; ${msg.kind} refused`);
  }
  const edge = findEdge(spec, entity.wireState, msg.kind, msg.sender);
  if (edge !== undefined) return { ok: true, duplicate: false, to: edge.to, impliedAck: null };
  // Our pending message may have arrived although its acknowledgement did not reach us (a lost reply): then the
  // counter-party already stands at the intent's target and answers from there. A message that is only valid from
  // that target proves the delivery, so it counts as the acknowledgement (otherwise a lost reply would make both
  // sides refuse each other until they give up).
  const intent = spec.intents[entity.state];
  const afterAck = intent === undefined ? undefined : findEdge(spec, intent.to, msg.kind, msg.sender);
  // only when our last attempt got no answer at all (timeout, connection lost): an HTTP refusal proves it did not arrive
  if (intent !== undefined && afterAck !== undefined && entity.lastSendAnswered !== true) return { ok: true, duplicate: false, to: afterAck.to, impliedAck: intent.to };
  return refuse(400, 'invalid-transition', `${msg.kind} from the ${msg.sender} is not allowed in state ${entity.wireState ?? 'INITIAL'}`);
}

/** Records an accepted incoming message: both sides now stand at `to`; any intent of ours it overtakes is dropped. */
export function acceptIncoming<S extends string, W extends S, K extends string, M extends IncomingBase<K>, E extends ProcessEntity<S, W, M>>(
  spec: MachineSpec<S, W, K>,
  entity: E,
  msg: M,
  to: W,
  now: Date,
  impliedAck: W | null = null,
): E {
  const acked = impliedAck === null ? entity : transition(spec, entity, impliedAck, now, `${msg.kind} from the ${msg.sender} implies our message arrived`);
  const moved = transition(spec, acked, to, now, `received ${msg.kind} from ${msg.sender}`);
  return {
    ...moved,
    wireState: to,
    consumerPid: entity.consumerPid ?? msg.consumerPid ?? null,
    providerPid: entity.providerPid ?? msg.providerPid ?? null,
    counterPartyDid: entity.counterPartyDid ?? msg.senderDid ?? null,
    retryCount: 0,
    nextAttemptAt: null,
    errorDetail: isTerminal(spec, to) && msg.kind === spec.terminationKind ? 'terminated by counter-party' : null,
    lastIncoming: msg,
  };
}

export type BeginCheck<S> = Refusal | { ok: true; local: true } | { ok: true; local: false; state: S };

/**
 * Whether this side may start sending `kind` now. A pending intent blocks another one, except termination, which
 * replaces it. Terminating a process the counter-party does not know yet is local (`local: true`): nothing to send.
 */
export function checkBegin<S extends string, W extends S, K extends string>(
  spec: MachineSpec<S, W, K>,
  entity: ProcessEntity<S, W, unknown>,
  kind: K,
  intentState: S | undefined,
): BeginCheck<S> {
  if (!spec.senders[kind].includes(entity.role)) {
    return refuse(409, 'wrong-role', `the ${entity.role} side never sends ${kind} in a ${spec.label}`);
  }
  if (isTerminal(spec, entity.state)) return refuse(409, 'terminal-state', `${spec.label} ${entity.id} is already ${entity.state}`);
  if (entity.state === spec.terminating) return refuse(409, 'intent-pending', `${spec.label} ${entity.id} is already terminating`);
  if (isPending(spec, entity.state) && kind !== spec.terminationKind) {
    return refuse(409, 'intent-pending', `${spec.label} ${entity.id} still has to send ${pendingKind(spec, entity.state)}`);
  }
  if (kind === spec.terminationKind && entity.wireState === null) return { ok: true, local: true };
  if (intentState === undefined || findEdge(spec, entity.wireState, kind, entity.role) === undefined) {
    return refuse(409, 'invalid-transition', `the ${entity.role} cannot send ${kind} in state ${entity.wireState ?? 'INITIAL'}`);
  }
  return { ok: true, local: false, state: intentState };
}

/** Enters an "-ING" state: the outbox may send at once. */
export function enterIntent<S extends string, W extends S, K extends string, E extends ProcessEntity<S, W, unknown>>(
  spec: MachineSpec<S, W, K>,
  entity: E,
  state: S,
  now: Date,
  reason: string,
  errorDetail: string | null = null,
): E {
  return { ...transition(spec, entity, state, now, reason), retryCount: 0, nextAttemptAt: now.toISOString(), errorDetail, lastSendAnswered: false };
}

/** Ends the process on this side without a message (the counter-party does not know it, or could not be reached). */
export function endLocally<S extends string, W extends S, K extends string, E extends ProcessEntity<S, W, unknown>>(
  spec: MachineSpec<S, W, K>,
  entity: E,
  now: Date,
  reason: string,
): E {
  // wireState stays: the counter-party acknowledged nothing. `reportedState` still answers TERMINATED.
  return { ...transition(spec, entity, spec.terminated, now, reason), retryCount: 0, nextAttemptAt: null, errorDetail: reason };
}

/**
 * Gives the process up on this side without telling the counter-party: housekeeping for a process whose
 * counter-party stopped answering. DSP leaves some states without a termination edge for one side (a consumer in
 * VERIFIED waits for the provider's FINALIZED; a provider in AGREED waits for the verification), so without this a
 * vanished counter-party would keep the process open forever.
 */
export function abandon<S extends string, W extends S, K extends string, E extends ProcessEntity<S, W, unknown>>(
  spec: MachineSpec<S, W, K>,
  entity: E,
  reason: string,
  now: Date,
): Outcome<E, never> {
  if (isTerminal(spec, entity.state)) return refuse(409, 'terminal-state', `${spec.label} ${entity.id} is already ${entity.state}`);
  return { ok: true, next: endLocally(spec, entity, now, `abandoned: ${reason}`), effects: [] };
}

/** The fields a new process starts with; the machines add their own. */
export function newProcessFields<S extends string>(
  initial: S,
  init: { id: string; role: Side; consumerPid?: string | null; providerPid?: string | null; counterPartyDid?: string | null; counterPartyAddress?: string | null },
): ProcessEntity<S, never, never> {
  return {
    id: init.id,
    role: init.role,
    state: initial,
    wireState: null,
    consumerPid: init.consumerPid ?? null,
    providerPid: init.providerPid ?? null,
    counterPartyDid: init.counterPartyDid ?? null,
    counterPartyAddress: init.counterPartyAddress ?? null,
    retryCount: 0,
    nextAttemptAt: null,
    errorDetail: null,
    history: [],
    lastIncoming: null,
  };
}
