/**
 * Contract negotiation state machine for both sides (DSP 2025-1, Contract Negotiation Protocol, "Negotiation
 * states"), as data. The DSP diagram is `WIRE_EDGES`; `NEXT` is the internal diagram with EDC's "-ING" intent states
 * (`ContractNegotiationStates`), where this side still owes the counter-party a message. Each state moves only when the
 * counter-party acknowledges a message: incoming messages move the receiver at once, outgoing ones move the sender via
 * `onNegotiationSent` once the ACK arrived.
 *
 * Offers and agreements are opaque here (`O`, `A`): the wire layer validates them, the policy engine judges them.
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

export const NEGOTIATION_WIRE_STATES = ['REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED'] as const;
export type NegotiationWireState = (typeof NEGOTIATION_WIRE_STATES)[number];

export const NEGOTIATION_STATES = [
  'INITIAL',
  'REQUESTING',
  'REQUESTED',
  'OFFERING',
  'OFFERED',
  'ACCEPTING',
  'ACCEPTED',
  'AGREEING',
  'AGREED',
  'VERIFYING',
  'VERIFIED',
  'FINALIZING',
  'FINALIZED',
  'TERMINATING',
  'TERMINATED',
] as const;
export type NegotiationState = (typeof NEGOTIATION_STATES)[number];

export const NEGOTIATION_MESSAGE_KINDS = ['request', 'offer', 'accepted', 'agreement', 'verification', 'finalized', 'termination'] as const;
export type NegotiationMessageKind = (typeof NEGOTIATION_MESSAGE_KINDS)[number];

/**
 * Internal diagram (both sides). Besides the DSP edges it holds: intent → acknowledged state, any live state →
 * TERMINATING, an intent overtaken by a crossing message (e.g. OFFERING → REQUESTED when the consumer already countered
 * our offer), and local ends (every live state → TERMINATED) when the counter-party does not know the process, cannot
 * be reached, or stopped answering (`abandonNegotiation`).
 */
export const NEXT: Readonly<Record<NegotiationState, readonly NegotiationState[]>> = {
  INITIAL: ['REQUESTING', 'OFFERING', 'REQUESTED', 'OFFERED', 'TERMINATED'],
  REQUESTING: ['REQUESTED', 'OFFERED', 'TERMINATING', 'TERMINATED'],
  REQUESTED: ['OFFERING', 'AGREEING', 'OFFERED', 'AGREED', 'TERMINATING', 'TERMINATED'],
  OFFERING: ['OFFERED', 'REQUESTED', 'TERMINATING', 'TERMINATED'],
  OFFERED: ['REQUESTING', 'ACCEPTING', 'REQUESTED', 'ACCEPTED', 'TERMINATING', 'TERMINATED'],
  ACCEPTING: ['ACCEPTED', 'TERMINATING', 'TERMINATED'],
  ACCEPTED: ['AGREEING', 'AGREED', 'TERMINATING', 'TERMINATED'],
  AGREEING: ['AGREED', 'TERMINATING', 'TERMINATED'],
  AGREED: ['VERIFYING', 'VERIFIED', 'TERMINATING', 'TERMINATED'],
  VERIFYING: ['VERIFIED', 'TERMINATING', 'TERMINATED'],
  VERIFIED: ['FINALIZING', 'FINALIZED', 'TERMINATING', 'TERMINATED'],
  FINALIZING: ['FINALIZED', 'TERMINATING', 'TERMINATED'],
  FINALIZED: [],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
};

const C: readonly Side[] = ['consumer'];
const P: readonly Side[] = ['provider'];
const CP: readonly Side[] = ['consumer', 'provider'];

/** DSP 2025-1 CN transition table (notes §1.2); `from: null` is `[*]`. */
export const NEGOTIATION_WIRE_EDGES: readonly WireEdge<NegotiationWireState, NegotiationMessageKind>[] = [
  { from: null, to: 'REQUESTED', kind: 'request', by: C },
  { from: null, to: 'OFFERED', kind: 'offer', by: P },
  { from: 'REQUESTED', to: 'OFFERED', kind: 'offer', by: P },
  { from: 'REQUESTED', to: 'AGREED', kind: 'agreement', by: P },
  { from: 'REQUESTED', to: 'TERMINATED', kind: 'termination', by: CP },
  { from: 'OFFERED', to: 'REQUESTED', kind: 'request', by: C },
  { from: 'OFFERED', to: 'ACCEPTED', kind: 'accepted', by: C },
  { from: 'OFFERED', to: 'TERMINATED', kind: 'termination', by: CP },
  { from: 'ACCEPTED', to: 'AGREED', kind: 'agreement', by: P },
  { from: 'ACCEPTED', to: 'TERMINATED', kind: 'termination', by: P },
  { from: 'AGREED', to: 'VERIFIED', kind: 'verification', by: C },
  { from: 'AGREED', to: 'TERMINATED', kind: 'termination', by: C },
  { from: 'VERIFIED', to: 'FINALIZED', kind: 'finalized', by: P },
  { from: 'VERIFIED', to: 'TERMINATED', kind: 'termination', by: P },
];

/** The "-ING" state each outgoing message kind passes through (one per kind in CN). */
const INTENT_STATE: Readonly<Record<NegotiationMessageKind, NegotiationState>> = {
  request: 'REQUESTING',
  offer: 'OFFERING',
  accepted: 'ACCEPTING',
  agreement: 'AGREEING',
  verification: 'VERIFYING',
  finalized: 'FINALIZING',
  termination: 'TERMINATING',
};

export const NEGOTIATION: MachineSpec<NegotiationState, NegotiationWireState, NegotiationMessageKind> = {
  label: 'contract negotiation',
  initial: 'INITIAL',
  next: NEXT,
  edges: NEGOTIATION_WIRE_EDGES,
  senders: { request: C, offer: P, accepted: C, agreement: P, verification: C, finalized: P, termination: CP },
  terminal: ['FINALIZED', 'TERMINATED'],
  terminating: 'TERMINATING',
  terminated: 'TERMINATED',
  terminationKind: 'termination',
  intents: {
    REQUESTING: { kind: 'request', to: 'REQUESTED' },
    OFFERING: { kind: 'offer', to: 'OFFERED' },
    ACCEPTING: { kind: 'accepted', to: 'ACCEPTED' },
    AGREEING: { kind: 'agreement', to: 'AGREED' },
    VERIFYING: { kind: 'verification', to: 'VERIFIED' },
    FINALIZING: { kind: 'finalized', to: 'FINALIZED' },
    TERMINATING: { kind: 'termination', to: 'TERMINATED' },
  },
};

/**
 * An incoming CN message after wire decoding. `request` is a `ContractRequestMessage`, `offer` a
 * `ContractOfferMessage`, `accepted`/`finalized` a `ContractNegotiationEventMessage`, `verification` a
 * `ContractAgreementVerificationMessage`, `termination` a `ContractNegotiationTerminationMessage`.
 */
export type NegotiationMessage<O = unknown, A = unknown> =
  | (IncomingBase<'request'> & { offer: O; callbackAddress?: string })
  | (IncomingBase<'offer'> & { offer: O; callbackAddress?: string })
  | IncomingBase<'accepted'>
  | (IncomingBase<'agreement'> & { agreement: A })
  | IncomingBase<'verification'>
  | IncomingBase<'finalized'>
  | (IncomingBase<'termination'> & { code?: string; reason?: readonly unknown[] });

export interface Negotiation<O = unknown, A = unknown>
  extends ProcessEntity<NegotiationState, NegotiationWireState, NegotiationMessage<O, A>> {
  assetId: string | null;
  /** The latest offer (from a request or an offer message). */
  offer: O | null;
  agreement: A | null;
}

/**
 * What the service layer should do after a step. All of it happens after the ACK (DSP: the reply to a message only
 * acknowledges it; the next step is a separate call).
 * - `send`: an intent was recorded; the outbox may send it now.
 * - `await-decision`: the application (or an automatic policy) chooses one of `options` via a `begin*` function.
 * - `follow-up`: the protocol's next step for this side (EDC does these automatically), e.g. verify an agreement
 *   after checking that it carries the requested offer's policy, or terminate instead.
 * - `intent-dropped`: a crossing incoming message overtook the message this side was about to send.
 * - `finished`: a terminal state was reached.
 */
export type NegotiationEffect =
  | { type: 'send'; message: NegotiationMessageKind }
  | { type: 'intent-dropped'; message: NegotiationMessageKind }
  | { type: 'await-decision'; options: readonly NegotiationMessageKind[] }
  | { type: 'follow-up'; message: NegotiationMessageKind }
  | { type: 'finished'; outcome: 'FINALIZED' | 'TERMINATED' };

export type NegotiationOutcome<O = unknown, A = unknown> = Outcome<Negotiation<O, A>, NegotiationEffect>;

export interface NewNegotiation {
  id: string;
  role: Side;
  /** Our own process id goes in `consumerPid` (consumer) or `providerPid` (provider). */
  consumerPid?: string | null;
  providerPid?: string | null;
  counterPartyDid?: string | null;
  counterPartyAddress?: string | null;
  assetId?: string | null;
}

/** A negotiation in INITIAL: the consumer then calls `beginContractRequest`, the provider `beginContractOffer` or receives a request. */
export function newNegotiation<O = unknown, A = unknown>(init: NewNegotiation): Negotiation<O, A> {
  return { ...newProcessFields<NegotiationState>('INITIAL', init), assetId: init.assetId ?? null, offer: null, agreement: null };
}

function finished(state: NegotiationState): NegotiationEffect[] {
  return state === 'FINALIZED' || state === 'TERMINATED' ? [{ type: 'finished', outcome: state }] : [];
}

function describeTermination(sender: Side, code: string | undefined, reason: readonly unknown[] | undefined): string {
  const parts = [code, ...(reason ?? []).map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))].filter((p) => p !== undefined && p !== '');
  return `terminated by the ${sender}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
}

function effectsAfterReceiving(role: Side, state: NegotiationState): NegotiationEffect[] {
  if (role === 'provider' && state === 'REQUESTED') return [{ type: 'await-decision', options: ['agreement', 'offer', 'termination'] }];
  if (role === 'consumer' && state === 'OFFERED') return [{ type: 'await-decision', options: ['accepted', 'request', 'termination'] }];
  if (role === 'provider' && state === 'ACCEPTED') return [{ type: 'follow-up', message: 'agreement' }];
  if (role === 'consumer' && state === 'AGREED') return [{ type: 'follow-up', message: 'verification' }];
  if (role === 'provider' && state === 'VERIFIED') return [{ type: 'follow-up', message: 'finalized' }];
  return finished(state);
}

/**
 * Applies an incoming message (DSP 2025-1 CN rules): 404 when the caller is not the counter-party; 400 for a
 * message that is not for this side, a kind its sender may never send (a consumer's FINALIZED, a provider's
 * ACCEPTED), mismatched process ids, anything after FINALIZED/TERMINATED, and any edge missing from the diagram.
 * An exact resend of the last accepted message is acknowledged again with no effects. A message that is only valid
 * once our pending message arrived also acknowledges it (lost reply), e.g. FINALIZED reaching a consumer still in
 * VERIFYING.
 */
export function receiveNegotiationMessage<O, A>(entity: Negotiation<O, A>, msg: NegotiationMessage<O, A>, now: Date): NegotiationOutcome<O, A> {
  if ((msg.kind === 'request' || msg.kind === 'offer') && msg.offer === undefined) {
    return refuse(400, 'missing-field', `a ${msg.kind} message must carry an offer`);
  }
  if (msg.kind === 'agreement' && msg.agreement === undefined) return refuse(400, 'missing-field', 'an agreement message must carry an agreement');
  const check = checkIncoming(NEGOTIATION, entity, msg);
  if (!check.ok) return check;
  if (check.duplicate) return { ok: true, next: entity, effects: [] };
  let next = acceptIncoming(NEGOTIATION, entity, msg, check.to, now, check.impliedAck);
  if (msg.kind === 'request' || msg.kind === 'offer') {
    next = { ...next, offer: msg.offer, counterPartyAddress: entity.counterPartyAddress ?? msg.callbackAddress ?? null };
  } else if (msg.kind === 'agreement') {
    next = { ...next, agreement: msg.agreement };
  } else if (msg.kind === 'termination') {
    next = { ...next, errorDetail: describeTermination(msg.sender, msg.code, msg.reason) };
  }
  const dropped = check.impliedAck === null ? pendingKind(NEGOTIATION, entity.state) : null;
  const effects: NegotiationEffect[] = dropped === null ? [] : [{ type: 'intent-dropped', message: dropped }];
  return { ok: true, next, effects: [...effects, ...effectsAfterReceiving(entity.role, next.state)] };
}

function begin<O, A>(
  entity: Negotiation<O, A>,
  kind: NegotiationMessageKind,
  now: Date,
  patch: Partial<Pick<Negotiation<O, A>, 'offer' | 'agreement'>>,
  reason?: string,
): NegotiationOutcome<O, A> {
  const check = checkBegin(NEGOTIATION, entity, kind, INTENT_STATE[kind]);
  if (!check.ok) return check;
  if (check.local) {
    const ended = endLocally(NEGOTIATION, entity, now, reason ?? 'terminated before the counter-party knew the negotiation');
    return { ok: true, next: ended, effects: finished('TERMINATED') };
  }
  const moved = enterIntent(NEGOTIATION, { ...entity, ...patch }, check.state, now, `decided to send ${kind}`, reason ?? null);
  return { ok: true, next: moved, effects: [{ type: 'send', message: kind }] };
}

/** Consumer: send a ContractRequestMessage (initial from INITIAL, or a counter-request in OFFERED). */
export function beginContractRequest<O, A>(entity: Negotiation<O, A>, offer: O, now: Date): NegotiationOutcome<O, A> {
  return begin(entity, 'request', now, { offer });
}

/** Provider: send a ContractOfferMessage (provider-initiated from INITIAL, or a counter-offer in REQUESTED). */
export function beginContractOffer<O, A>(entity: Negotiation<O, A>, offer: O, now: Date): NegotiationOutcome<O, A> {
  return begin(entity, 'offer', now, { offer });
}

/** Consumer: accept the current offer (ContractNegotiationEventMessage ACCEPTED). */
export function beginAcceptOffer<O, A>(entity: Negotiation<O, A>, now: Date): NegotiationOutcome<O, A> {
  return begin(entity, 'accepted', now, {});
}

/** Provider: send a ContractAgreementMessage (in REQUESTED or ACCEPTED). */
export function beginAgreement<O, A>(entity: Negotiation<O, A>, agreement: A, now: Date): NegotiationOutcome<O, A> {
  return begin(entity, 'agreement', now, { agreement });
}

/** Consumer: verify the agreement (ContractAgreementVerificationMessage). */
export function beginVerification<O, A>(entity: Negotiation<O, A>, now: Date): NegotiationOutcome<O, A> {
  return begin(entity, 'verification', now, {});
}

/** Provider: finalize (ContractNegotiationEventMessage FINALIZED). */
export function beginFinalization<O, A>(entity: Negotiation<O, A>, now: Date): NegotiationOutcome<O, A> {
  return begin(entity, 'finalized', now, {});
}

/**
 * Either side: terminate. Replaces a pending intent. Refused where the DSP table gives this side no termination edge
 * (e.g. the provider in AGREED); ends locally when the counter-party does not know the negotiation yet.
 */
export function beginNegotiationTermination<O, A>(entity: Negotiation<O, A>, reason: string, now: Date): NegotiationOutcome<O, A> {
  return begin(entity, 'termination', now, {}, reason);
}

/** Ends the negotiation locally without a message (the counter-party stopped answering); see `abandon`. */
export function abandonNegotiation<O, A>(entity: Negotiation<O, A>, reason: string, now: Date): NegotiationOutcome<O, A> {
  const r = abandon(NEGOTIATION, entity, reason, now);
  return r.ok ? { ok: true, next: r.next, effects: finished('TERMINATED') } : r;
}

/** The message the outbox owes the counter-party, or null. */
export function pendingNegotiationMessage(entity: Negotiation<unknown, unknown>): NegotiationMessageKind | null {
  return pendingKind(NEGOTIATION, entity.state);
}

/** The DSP `state` to report for this negotiation (GET and 201 replies). */
export function negotiationWireState(entity: Negotiation<unknown, unknown>): NegotiationWireState | null {
  return reportedState(NEGOTIATION, entity);
}

/** Outbox: the counter-party acknowledged the pending message (2xx). `ack.counterPartyPid` comes from a 201 reply. */
export function onNegotiationSent<O, A>(entity: Negotiation<O, A>, now: Date, ack: SendAck = {}): NegotiationOutcome<O, A> {
  const result = applySent(NEGOTIATION, entity, now, ack);
  if (!result.ok) return result;
  return { ok: true, next: result.next, effects: finished(result.next.state) };
}

/** Outbox: sending failed; retry with backoff, or give up after `retry.limit` attempts (→ TERMINATING or TERMINATED). */
export function onNegotiationSendFailed<O, A>(
  entity: Negotiation<O, A>,
  failure: SendFailure,
  retry: RetryPolicy,
  now: Date,
): NegotiationOutcome<O, A> {
  const result = applySendFailed(NEGOTIATION, entity, failure, retry, now);
  if (!result.ok) return result;
  const effects: NegotiationEffect[] =
    result.gaveUp === 'terminating' ? [{ type: 'send', message: 'termination' }] : result.gaveUp === 'terminated' ? finished('TERMINATED') : [];
  return { ok: true, next: result.next, effects };
}
