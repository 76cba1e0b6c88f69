/**
 * Transfer process state machine for both sides (DSP 2025-1, Transfer Process Protocol, "Transfer states"), as data.
 * Same conventions as `negotiation.ts`: `TRANSFER_WIRE_EDGES` is the DSP diagram, `NEXT` the internal one with
 * "-ING" intent states; incoming messages move the receiver, acknowledged outgoing ones move the sender.
 *
 * Resume works from either side: the DSP protocol table names only the provider as sender of TransferStartMessage,
 * but the HTTP binding and the TCK (TP:02-04) let the consumer resume a suspended transfer (spec issue #252), so
 * SUSPENDED → STARTED accepts `start` from both. The first start (REQUESTED → STARTED) stays provider-only.
 *
 * The data address is opaque (`D`): the provider puts its pull endpoint and token in its TransferStartMessage.
 */
import {
  abandon,
  acceptIncoming,
  checkBegin,
  checkIncoming,
  endLocally,
  enterIntent,
  newProcessFields,
  pendingKind,
  refuse,
  reportedState,
  type IncomingBase,
  type MachineSpec,
  type Outcome,
  type ProcessEntity,
  type Side,
  type WireEdge,
} from './process.js';
import { applySendFailed, applySent, type RetryPolicy, type SendAck, type SendFailure } from './outbox.js';

export const TRANSFER_WIRE_STATES = ['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'] as const;
export type TransferWireState = (typeof TRANSFER_WIRE_STATES)[number];

export const TRANSFER_STATES = [
  'INITIAL',
  'REQUESTING',
  'REQUESTED',
  'STARTING',
  'STARTED',
  'SUSPENDING',
  'SUSPENDED',
  'RESUMING',
  'COMPLETING',
  'COMPLETED',
  'TERMINATING',
  'TERMINATED',
] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export const TRANSFER_MESSAGE_KINDS = ['request', 'start', 'suspension', 'completion', 'termination'] as const;
export type TransferMessageKind = (typeof TRANSFER_MESSAGE_KINDS)[number];

/**
 * Internal diagram (both sides): DSP edges, intents, intents overtaken by crossing messages, and local ends (every
 * live state → TERMINATED: unknown to or unreachable counter-party, `abandonTransfer`).
 */
export const NEXT: Readonly<Record<TransferState, readonly TransferState[]>> = {
  INITIAL: ['REQUESTING', 'REQUESTED', 'TERMINATED'],
  REQUESTING: ['REQUESTED', 'TERMINATED'],
  REQUESTED: ['STARTING', 'STARTED', 'TERMINATING', 'TERMINATED'],
  STARTING: ['STARTED', 'TERMINATING', 'TERMINATED'],
  STARTED: ['SUSPENDING', 'COMPLETING', 'TERMINATING', 'SUSPENDED', 'COMPLETED', 'TERMINATED'],
  SUSPENDING: ['SUSPENDED', 'COMPLETED', 'TERMINATING', 'TERMINATED'],
  SUSPENDED: ['RESUMING', 'STARTED', 'TERMINATING', 'TERMINATED'],
  RESUMING: ['STARTED', 'TERMINATING', 'TERMINATED'],
  COMPLETING: ['COMPLETED', 'SUSPENDED', 'TERMINATING', 'TERMINATED'],
  COMPLETED: [],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
};

const C: readonly Side[] = ['consumer'];
const P: readonly Side[] = ['provider'];
const CP: readonly Side[] = ['consumer', 'provider'];

/** DSP 2025-1 TP transition table (notes §1.3), with the consumer resume of issue #252. */
export const TRANSFER_WIRE_EDGES: readonly WireEdge<TransferWireState, TransferMessageKind>[] = [
  { from: null, to: 'REQUESTED', kind: 'request', by: C },
  { from: 'REQUESTED', to: 'STARTED', kind: 'start', by: P },
  { from: 'REQUESTED', to: 'TERMINATED', kind: 'termination', by: CP },
  { from: 'STARTED', to: 'SUSPENDED', kind: 'suspension', by: CP },
  { from: 'STARTED', to: 'COMPLETED', kind: 'completion', by: CP },
  { from: 'STARTED', to: 'TERMINATED', kind: 'termination', by: CP },
  { from: 'SUSPENDED', to: 'STARTED', kind: 'start', by: CP },
  { from: 'SUSPENDED', to: 'TERMINATED', kind: 'termination', by: CP },
];

export const TRANSFER: MachineSpec<TransferState, TransferWireState, TransferMessageKind> = {
  label: 'transfer process',
  initial: 'INITIAL',
  next: NEXT,
  edges: TRANSFER_WIRE_EDGES,
  senders: { request: C, start: CP, suspension: CP, completion: CP, termination: CP },
  terminal: ['COMPLETED', 'TERMINATED'],
  terminating: 'TERMINATING',
  terminated: 'TERMINATED',
  terminationKind: 'termination',
  intents: {
    REQUESTING: { kind: 'request', to: 'REQUESTED' },
    STARTING: { kind: 'start', to: 'STARTED' },
    RESUMING: { kind: 'start', to: 'STARTED' },
    SUSPENDING: { kind: 'suspension', to: 'SUSPENDED' },
    COMPLETING: { kind: 'completion', to: 'COMPLETED' },
    TERMINATING: { kind: 'termination', to: 'TERMINATED' },
  },
};

function intentState(kind: TransferMessageKind, from: TransferWireState | null): TransferState | undefined {
  switch (kind) {
    case 'request':
      return 'REQUESTING';
    case 'start':
      return from === 'SUSPENDED' ? 'RESUMING' : 'STARTING';
    case 'suspension':
      return 'SUSPENDING';
    case 'completion':
      return 'COMPLETING';
    case 'termination':
      return 'TERMINATING';
  }
}

/**
 * An incoming TP message after wire decoding: `request` a TransferRequestMessage, `start` a TransferStartMessage
 * (first start or resume), `suspension`, `completion`, `termination` the matching messages.
 */
export type TransferMessage<D = unknown> =
  | (IncomingBase<'request'> & { agreementId: string; format: string; callbackAddress?: string; dataAddress?: D })
  | (IncomingBase<'start'> & { dataAddress?: D })
  | (IncomingBase<'suspension'> & { code?: string; reason?: readonly unknown[] })
  | IncomingBase<'completion'>
  | (IncomingBase<'termination'> & { code?: string; reason?: readonly unknown[] });

export interface Transfer<D = unknown> extends ProcessEntity<TransferState, TransferWireState, TransferMessage<D>> {
  agreementId: string | null;
  assetId: string | null;
  /** A catalog `distribution.format`, e.g. `HttpData-PULL`. */
  format: string | null;
  /** Pull: the provider's endpoint and token (from TransferStartMessage). Push: the consumer's sink (from the request). */
  dataAddress: D | null;
}

/**
 * What the service layer should do after a step (after the ACK).
 * - `send`, `await-decision`, `intent-dropped`, `finished`: as in `NegotiationEffect`.
 * - `flow-started`: the state became STARTED on this side; the consumer may pull. The provider must already have
 *   enabled the token it put in the data address passed to `beginTransferStart`/`beginTransferResume`, because the
 *   consumer may pull as soon as it acknowledged the start, before the provider's outbox records the ACK.
 * - `flow-stopped`: the transfer left STARTED, or this side decided to leave it; the provider revokes access tokens.
 * - `data-address`: the consumer received a data address in a TransferStartMessage.
 */
export type TransferEffect<D = unknown> =
  | { type: 'send'; message: TransferMessageKind }
  | { type: 'await-decision'; options: readonly TransferMessageKind[] }
  | { type: 'intent-dropped'; message: TransferMessageKind }
  | { type: 'data-address'; dataAddress: D }
  | { type: 'flow-started' }
  | { type: 'flow-stopped' }
  | { type: 'finished'; outcome: 'COMPLETED' | 'TERMINATED' };

export type TransferOutcome<D = unknown> = Outcome<Transfer<D>, TransferEffect<D>>;

export interface NewTransfer {
  id: string;
  role: Side;
  consumerPid?: string | null;
  providerPid?: string | null;
  counterPartyDid?: string | null;
  counterPartyAddress?: string | null;
  agreementId?: string | null;
  assetId?: string | null;
  format?: string | null;
}

export function newTransfer<D = unknown>(init: NewTransfer): Transfer<D> {
  return {
    ...newProcessFields<TransferState>('INITIAL', init),
    agreementId: init.agreementId ?? null,
    assetId: init.assetId ?? null,
    format: init.format ?? null,
    dataAddress: null,
  };
}

function finished(state: TransferState): TransferEffect<never>[] {
  return state === 'COMPLETED' || state === 'TERMINATED' ? [{ type: 'finished', outcome: state }] : [];
}

/** `flow-started`/`flow-stopped` when the flow-relevant state changes between `before` and `after`. */
function flowEffects(before: TransferState, after: TransferState): TransferEffect<never>[] {
  const active = (s: TransferState): boolean => s === 'STARTED';
  if (!active(before) && active(after)) return [{ type: 'flow-started' }];
  if (active(before) && !active(after)) return [{ type: 'flow-stopped' }];
  return [];
}

function describeEnd(sender: Side, what: string, code: string | undefined, reason: readonly unknown[] | undefined): string {
  const parts = [code, ...(reason ?? []).map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))].filter((p) => p !== undefined && p !== '');
  return `${what} by the ${sender}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
}

/**
 * Applies an incoming message with the same rules as `receiveNegotiationMessage`: 404 for a caller that is not the
 * counter-party, 400 for a wrong sender or recipient, mismatched ids, anything after COMPLETED/TERMINATED, and edges
 * missing from the diagram; an exact resend is acknowledged again without effects, and a message only valid once our
 * pending message arrived acknowledges it.
 */
export function receiveTransferMessage<D>(entity: Transfer<D>, msg: TransferMessage<D>, now: Date): TransferOutcome<D> {
  if (msg.kind === 'request' && (typeof msg.agreementId !== 'string' || typeof msg.format !== 'string')) {
    return refuse(400, 'missing-field', 'a transfer request must carry agreementId and format');
  }
  const check = checkIncoming(TRANSFER, entity, msg);
  if (!check.ok) return check;
  if (check.duplicate) return { ok: true, next: entity, effects: [] };
  let next = acceptIncoming(TRANSFER, entity, msg, check.to, now, check.impliedAck);
  const effects: TransferEffect<D>[] = [];
  const dropped = check.impliedAck === null ? pendingKind(TRANSFER, entity.state) : null;
  if (dropped !== null) effects.push({ type: 'intent-dropped', message: dropped });
  if (msg.kind === 'request') {
    next = {
      ...next,
      agreementId: msg.agreementId,
      format: msg.format,
      dataAddress: msg.dataAddress ?? null,
      counterPartyAddress: entity.counterPartyAddress ?? msg.callbackAddress ?? null,
    };
    effects.push({ type: 'await-decision', options: ['start', 'termination'] });
  } else if (msg.kind === 'start' && msg.dataAddress !== undefined) {
    next = { ...next, dataAddress: msg.dataAddress };
    if (entity.role === 'consumer') effects.push({ type: 'data-address', dataAddress: msg.dataAddress });
  } else if (msg.kind === 'termination' || msg.kind === 'suspension') {
    const what = msg.kind === 'termination' ? 'terminated' : 'suspended';
    next = { ...next, errorDetail: describeEnd(msg.sender, what, msg.code, msg.reason) };
  }
  // From SUSPENDING/COMPLETING/TERMINATING the flow stopped already, when this side decided so (see `begin`).
  effects.push(...flowEffects(entity.state, next.state), ...finished(next.state));
  return { ok: true, next, effects };
}

function begin<D>(
  entity: Transfer<D>,
  kind: TransferMessageKind,
  now: Date,
  patch: Partial<Pick<Transfer<D>, 'dataAddress'>>,
  reason?: string,
): TransferOutcome<D> {
  const check = checkBegin(TRANSFER, entity, kind, intentState(kind, entity.wireState));
  if (!check.ok) return check;
  if (check.local) {
    const ended = endLocally(TRANSFER, entity, now, reason ?? 'terminated before the counter-party knew the transfer');
    return { ok: true, next: ended, effects: finished('TERMINATED') };
  }
  const moved = enterIntent(TRANSFER, { ...entity, ...patch }, check.state, now, `decided to send ${kind}`, reason ?? null);
  return { ok: true, next: moved, effects: [...flowEffects(entity.state, moved.state), { type: 'send', message: kind }] };
}

/** Consumer: send a TransferRequestMessage (`dataAddress` only for push transfers, else undefined). */
export function beginTransferRequest<D>(entity: Transfer<D>, dataAddress: D | undefined, now: Date): TransferOutcome<D> {
  if (entity.role === 'consumer' && (entity.agreementId === null || entity.format === null)) {
    return refuse(409, 'missing-field', 'a transfer request needs agreementId and format');
  }
  return begin(entity, 'request', now, dataAddress === undefined ? {} : { dataAddress });
}

/** Provider: start the transfer (TransferStartMessage carrying the pull endpoint and token). */
export function beginTransferStart<D>(entity: Transfer<D>, dataAddress: D | undefined, now: Date): TransferOutcome<D> {
  if (entity.wireState === 'SUSPENDED') return refuse(409, 'invalid-transition', 'use beginTransferResume to restart a suspended transfer');
  return begin(entity, 'start', now, dataAddress === undefined ? {} : { dataAddress });
}

/** Either side: resume a suspended transfer (TransferStartMessage; the consumer's resume follows DSP issue #252). */
export function beginTransferResume<D>(entity: Transfer<D>, dataAddress: D | undefined, now: Date): TransferOutcome<D> {
  if (entity.wireState !== 'SUSPENDED') return refuse(409, 'invalid-transition', `only a SUSPENDED transfer resumes (now ${entity.wireState ?? 'INITIAL'})`);
  return begin(entity, 'start', now, dataAddress === undefined ? {} : { dataAddress });
}

export function beginTransferSuspension<D>(entity: Transfer<D>, reason: string, now: Date): TransferOutcome<D> {
  return begin(entity, 'suspension', now, {}, reason);
}

export function beginTransferCompletion<D>(entity: Transfer<D>, now: Date): TransferOutcome<D> {
  return begin(entity, 'completion', now, {});
}

export function beginTransferTermination<D>(entity: Transfer<D>, reason: string, now: Date): TransferOutcome<D> {
  return begin(entity, 'termination', now, {}, reason);
}

/** Ends the transfer locally without a message (the counter-party stopped answering); see `abandon`. */
export function abandonTransfer<D>(entity: Transfer<D>, reason: string, now: Date): TransferOutcome<D> {
  const r = abandon(TRANSFER, entity, reason, now);
  return r.ok ? { ok: true, next: r.next, effects: [...flowEffects(entity.state, r.next.state), ...finished('TERMINATED')] } : r;
}

export function pendingTransferMessage(entity: Transfer<unknown>): TransferMessageKind | null {
  return pendingKind(TRANSFER, entity.state);
}

/** The DSP `state` to report for this transfer (GET and 201 replies). */
export function transferWireState(entity: Transfer<unknown>): TransferWireState | null {
  return reportedState(TRANSFER, entity);
}

/** Outbox: the counter-party acknowledged the pending message. */
export function onTransferSent<D>(entity: Transfer<D>, now: Date, ack: SendAck = {}): TransferOutcome<D> {
  const result = applySent(TRANSFER, entity, now, ack);
  if (!result.ok) return result;
  return { ok: true, next: result.next, effects: [...flowEffects(entity.state, result.next.state), ...finished(result.next.state)] };
}

/** Outbox: sending failed; retry with backoff, or give up (→ TERMINATING, or TERMINATED locally). */
export function onTransferSendFailed<D>(entity: Transfer<D>, failure: SendFailure, retry: RetryPolicy, now: Date): TransferOutcome<D> {
  const result = applySendFailed(TRANSFER, entity, failure, retry, now);
  if (!result.ok) return result;
  const effects: TransferEffect<D>[] =
    result.gaveUp === 'terminating' ? [{ type: 'send', message: 'termination' }] : result.gaveUp === 'terminated' ? finished('TERMINATED') : [];
  return { ok: true, next: result.next, effects };
}
