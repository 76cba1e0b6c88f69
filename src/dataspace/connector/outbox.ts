/**
 * The outbox of pending "-ING" states (EDC pattern): claims due processes with a lease, sends the DSP message the
 * state owes the counter-party, and records the acknowledgement or the failure (retry with backoff, then terminate).
 * No network call runs inside a request transaction.
 */
import {
  abandonNegotiation,
  abandonTransfer,
  beginNegotiationTermination,
  beginTransferTermination,
  DEFAULT_RETRY,
  onNegotiationSendFailed,
  onNegotiationSent,
  onTransferSendFailed,
  onTransferSent,
  pendingNegotiationMessage,
  pendingTransferMessage,
  type RetryPolicy,
} from '../core/index.js';
import {
  callbackEndpoint,
  contractAgreementMessage,
  contractAgreementVerificationMessage,
  contractNegotiationEventMessage,
  contractNegotiationTerminationMessage,
  contractOfferMessage,
  contractRequestMessage,
  transferCompletionMessage,
  transferRequestMessage,
  transferStartMessage,
  transferSuspensionMessage,
  transferTerminationMessage,
} from '../dsp/index.js';
import type { Xfer } from './transfers.js';
import type { PgProcessStore } from '../adapters/pg-process-store.js';
import type { DspIdentity } from './identity.js';
import type { Neg } from './negotiations.js';

export interface OutboxDeps {
  store: PgProcessStore;
  identity: DspIdentity;
  now: () => Date;
  dspBase: () => string;
  retry?: RetryPolicy;
  /** Per-message HTTP timeout. */
  timeoutMs?: number;
  log?: (msg: string, detail: Record<string, unknown>) => void;
  /**
   * A process that waits longer than this for the counter-party (or the operator) is terminated with that reason,
   * so nothing hangs forever in REQUESTED, OFFERED, AGREED, …; 0 = never.
   */
  pendingTimeoutMs?: number;
  /** Called after each process the outbox handled (its new state is committed). */
  onSent?: (kind: 'negotiation' | 'transfer', id: string) => void;
}

interface Outgoing {
  url: string;
  body: unknown;
}

/** The wire message and address for a negotiation's pending intent. */
/**
 * The wire message and address for a negotiation's pending intent. `ownBase` is this node's DSP base: a consumer
 * gives `<base>/callback` as its callback address, a provider gives `<base>` (where consumers reach its endpoints).
 */
export function negotiationOutgoing(n: Neg, ownBase: string): Outgoing | null {
  const kind = pendingNegotiationMessage(n);
  const base = n.counterPartyAddress;
  if (!kind || !base) return null;
  const ids = { consumerPid: n.consumerPid as string, providerPid: n.providerPid as string };
  const termination = () => contractNegotiationTerminationMessage({ ...ids, code: 'TERMINATED', reason: n.errorDetail ? [n.errorDetail] : undefined });
  if (n.role === 'consumer') {
    switch (kind) {
      case 'request':
        return n.providerPid
          ? { url: callbackEndpoint(base, `/negotiations/${encodeURIComponent(n.providerPid)}/request`), body: contractRequestMessage({ consumerPid: ids.consumerPid, providerPid: n.providerPid, offer: { ...n.offer!, target: n.assetId as string } }) }
          : { url: callbackEndpoint(base, '/negotiations/request'), body: contractRequestMessage({ consumerPid: ids.consumerPid, callbackAddress: `${ownBase}/callback`, offer: { ...n.offer!, target: n.assetId as string } }) };
      case 'accepted':
        return { url: callbackEndpoint(base, `/negotiations/${encodeURIComponent(ids.providerPid)}/events`), body: contractNegotiationEventMessage({ ...ids, eventType: 'ACCEPTED' }) };
      case 'verification':
        return { url: callbackEndpoint(base, `/negotiations/${encodeURIComponent(ids.providerPid)}/agreement/verification`), body: contractAgreementVerificationMessage(ids) };
      case 'termination':
        return { url: callbackEndpoint(base, `/negotiations/${encodeURIComponent(ids.providerPid)}/termination`), body: termination() };
      default:
        return null;
    }
  }
  const cb = (path: string) => callbackEndpoint(base, `/negotiations/${encodeURIComponent(ids.consumerPid)}/${path}`);
  switch (kind) {
    case 'offer':
      return n.consumerPid
        ? { url: cb('offers'), body: contractOfferMessage({ providerPid: ids.providerPid, consumerPid: n.consumerPid, offer: { ...n.offer!, target: n.assetId as string } }) }
        : { url: callbackEndpoint(base, '/negotiations/offers'), body: contractOfferMessage({ providerPid: ids.providerPid, callbackAddress: ownBase, offer: { ...n.offer!, target: n.assetId as string } }) };
    case 'agreement':
      return { url: cb('agreement'), body: contractAgreementMessage({ ...ids, agreement: n.agreement! }) };
    case 'finalized':
      return { url: cb('events'), body: contractNegotiationEventMessage({ ...ids, eventType: 'FINALIZED' }) };
    case 'termination':
      return { url: cb('termination'), body: termination() };
    default:
      return null;
  }
}

/** The wire message and address for a transfer's pending intent. */
export function transferOutgoing(t: Xfer, ownBase: string): Outgoing | null {
  const kind = pendingTransferMessage(t);
  const base = t.counterPartyAddress;
  if (!kind || !base) return null;
  const ids = { consumerPid: t.consumerPid as string, providerPid: t.providerPid as string };
  const reason = t.errorDetail ? [t.errorDetail] : undefined;
  if (kind === 'request') {
    return { url: callbackEndpoint(base, '/transfers/request'), body: transferRequestMessage({ consumerPid: ids.consumerPid, agreementId: t.agreementId as string, format: t.format as string, callbackAddress: ownBase }) };
  }
  const path = t.role === 'consumer' ? `/transfers/${encodeURIComponent(ids.providerPid)}` : `/transfers/${encodeURIComponent(ids.consumerPid)}`;
  switch (kind) {
    case 'start':
      return { url: callbackEndpoint(base, `${path}/start`), body: transferStartMessage({ ...ids, ...(t.role === 'provider' && t.dataAddress ? { dataAddress: t.dataAddress } : {}) }) };
    case 'completion':
      return { url: callbackEndpoint(base, `${path}/completion`), body: transferCompletionMessage(ids) };
    case 'suspension':
      return { url: callbackEndpoint(base, `${path}/suspension`), body: transferSuspensionMessage({ ...ids, code: 'SUSPENDED', reason }) };
    case 'termination':
      return { url: callbackEndpoint(base, `${path}/termination`), body: transferTerminationMessage({ ...ids, code: 'TERMINATED', reason }) };
    default:
      return null;
  }
}

/** Lease of a directly dispatched send: above the 5 s HTTP timeout, short enough that a crash is retried soon. */
const DISPATCH_LEASE_MS = 10_000;

export class Outbox {
  constructor(private readonly d: OutboxDeps) {}

  /** One pass: returns how many processes it handled (the work loop waits only after an idle pass). */
  async tick(): Promise<number> {
    const now = this.d.now();
    // small batches and a lease well above one send (5 s timeout each): a node killed mid-send frees its work within
    // the lease, and a batch never outlives it (several replicas then never send the same message twice in one pass)
    const due = await this.d.store.claimDue(now, 4, 25_000);
    for (const { kind, entity } of due) await this.handle(kind, entity);
    return due.length + (await this.expireWaiting(now));
  }

  private lastExpiryMs = 0;

  /** Terminates processes that waited past the pending timeout (checked at most every few seconds). */
  private async expireWaiting(now: Date): Promise<number> {
    const timeout = this.d.pendingTimeoutMs ?? 0;
    if (timeout <= 0 || now.getTime() - this.lastExpiryMs < Math.min(5000, timeout / 2)) return 0;
    this.lastExpiryMs = now.getTime();
    const stale = await this.d.store.staleWaiting(new Date(now.getTime() - timeout), 20);
    const reason = `no progress within ${Math.round(timeout / 1000)} s (pending timeout): terminated`;
    for (const { kind, id } of stale) {
      const next = kind === 'negotiation'
        ? await this.d.store.update<Neg>('negotiation', id, now, (fresh) => {
            // terminate with a message where DSP gives this side the edge, else give up locally (abandon)
            const o = beginNegotiationTermination(fresh, reason, now);
            const a = o.ok ? o : abandonNegotiation(fresh, reason, now);
            return a.ok ? a.next : null;
          })
        : await this.d.store.update<Xfer>('transfer', id, now, (fresh) => {
            const o = beginTransferTermination(fresh, reason, now);
            const a = o.ok ? o : abandonTransfer(fresh, reason, now);
            return a.ok ? a.next : null;
          });
      if (next) this.d.log?.('process timed out', { kind, id, state: next.state });
      // a termination message, where there is one, goes out on the next pass (it is now due)
    }
    return stale.length;
  }

  /**
   * The fast path: send the message a process owes right after the change that created it committed, instead of
   * waiting for the loop's next scan. The process is leased first (one statement), so the loop — here or in a
   * replica — never sends it twice; if this node dies before the send, the lease lapses and the loop retries.
   * Returns whether it sent anything.
   */
  async dispatch(kind: 'negotiation' | 'transfer', id: string): Promise<boolean> {
    const entity = await this.d.store.claimOne(kind, id, this.d.now(), DISPATCH_LEASE_MS);
    if (!entity) return false;
    await this.handle(kind, entity);
    return true;
  }

  private async handle(kind: 'negotiation' | 'transfer', entity: { id: string }): Promise<void> {
    try {
      if (kind === 'negotiation') await this.sendNegotiation(entity as Neg);
      else await this.sendTransfer(entity as Xfer);
    } catch (e) {
      // one broken process must not stall the others; its lease expires and it is retried
      this.d.log?.('outbox failed to process', { id: entity.id, err: String(e) });
    }
    this.d.onSent?.(kind, entity.id);
  }

  private async sendNegotiation(n: Neg): Promise<void> {
    const out = negotiationOutgoing(n, this.d.dspBase());
    const now = () => this.d.now();
    if (!out) {
      // nothing to send: clear the due marker so the process is not claimed again
      await this.d.store.save('negotiation', { ...n, nextAttemptAt: null }, now());
      return;
    }
    const r = await this.post(n.counterPartyDid as string, out);
    const next = await this.d.store.update<Neg>('negotiation', n.id, now(), (fresh) => {
      // the counter-party may have answered (and moved the process) while our call was in flight
      if (fresh.state !== n.state) return { ...fresh };
      const outcome = r.ok
        ? onNegotiationSent(fresh, now(), { counterPartyPid: fresh.role === 'consumer' ? r.body?.providerPid : r.body?.consumerPid })
        : onNegotiationSendFailed(fresh, { error: r.error, permanent: r.permanent, answered: r.answered }, this.d.retry ?? DEFAULT_RETRY, now());
      if (!outcome.ok) {
        this.d.log?.('outbox could not apply the send result', { id: n.id, reason: outcome.reason });
        return null;
      }
      return outcome.next;
    });
    if (next && next.state === 'FINALIZED' && next.role === 'provider' && next.agreement) {
      const a = next.agreement;
      await this.d.store.saveAgreement({ id: a.id, negotiationId: next.id, role: 'provider', assetId: a.target, providerDid: a.assigner, consumerDid: a.assignee, providerAddress: null, policy: a.policy, agreedAt: a.timestamp });
    }
  }

  private async sendTransfer(t: Xfer): Promise<void> {
    const now = () => this.d.now();
    const out = transferOutgoing(t, `${this.d.dspBase()}/callback`);
    if (!out) {
      await this.d.store.save('transfer', { ...t, nextAttemptAt: null }, now());
      return;
    }
    const r = await this.post(t.counterPartyDid as string, out);
    let stopped = false;
    await this.d.store.update<Xfer>('transfer', t.id, now(), (fresh) => {
      if (fresh.state !== t.state) return { ...fresh };
      const outcome = r.ok
        ? onTransferSent(fresh, now(), { counterPartyPid: fresh.role === 'consumer' ? r.body?.providerPid : r.body?.consumerPid })
        : onTransferSendFailed(fresh, { error: r.error, permanent: r.permanent, answered: r.answered }, this.d.retry ?? DEFAULT_RETRY, now());
      if (!outcome.ok) {
        this.d.log?.('outbox could not apply the send result', { id: t.id, reason: outcome.reason });
        return null;
      }
      stopped = outcome.next.state === 'COMPLETED' || outcome.next.state === 'TERMINATED';
      return outcome.next;
    });
    // a suspension keeps the token (the data plane refuses pulls unless STARTED); the end of the process revokes it
    if (t.role === 'provider' && stopped) await this.d.store.revokeDataplaneTokens(t.id);
  }

  private async post(audienceDid: string, out: Outgoing): Promise<{ ok: true; body: Record<string, string> | null } | { ok: false; error: string; permanent: boolean; answered: boolean }> {
    try {
      const res = await fetch(out.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.d.identity.tokenFor(audienceDid)}` },
        body: JSON.stringify(out.body),
        signal: AbortSignal.timeout(this.d.timeoutMs ?? 5000),
      });
      const text = await res.text();
      if (res.ok) {
        let body: Record<string, string> | null = null;
        try {
          body = text ? (JSON.parse(text) as Record<string, string>) : null;
        } catch {
          body = null;
        }
        return { ok: true, body };
      }
      // a 4xx is a definitive refusal of this message; 5xx and network errors are worth retrying
      return { ok: false, error: `HTTP ${res.status} from ${out.url}: ${text.slice(0, 300)}`, permanent: res.status >= 400 && res.status < 500, answered: true };
    } catch (e) {
      return { ok: false, error: `${out.url}: ${(e as Error).message}`, permanent: false, answered: false };
    }
  }
}
