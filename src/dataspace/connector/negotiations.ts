/**
 * Contract negotiation use cases on both sides. Incoming messages check the transition before any side effect and
 * only record intent; the outbox sends. Automatic decisions (EDC default behaviour): the provider agrees when the
 * caller's claims satisfy the offer's contract policy and terminates with the reason otherwise; the consumer verifies
 * an agreement that carries the policy it requested.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db.js';
import {
  beginAcceptOffer,
  beginContractOffer,
  beginAgreement,
  beginContractRequest,
  beginFinalization,
  beginNegotiationTermination,
  beginVerification,
  evaluatePolicy,
  newNegotiation,
  receiveNegotiationMessage,
  type Claims,
  type Negotiation,
  type NegotiationMessage,
  type NegotiationOutcome,
} from '../core/index.js';
import { samePolicy, type AgreementTerms, type OfferTerms } from '../dsp/index.js';
import type { PgProcessStore } from '../adapters/pg-process-store.js';
import { assetIdOfOffer, parseAssetId, publishedPolicyDoc, tierPolicyOf, type ParsedAsset } from './assets.js';

export type Neg = Negotiation<OfferTerms, AgreementTerms>;

export class ProtocolRefusal extends Error {
  constructor(readonly status: 400 | 404 | 409, readonly code: string, message: string) {
    super(message);
  }
}

export interface NegotiationDeps {
  db: Db;
  store: PgProcessStore;
  nodeDid: () => string;
  /** This node's DSP base URL (callback address for consumers). */
  dspBase: () => string;
  now: () => Date;
  /** A process changed and is committed: send what it owes now, tell local waiters. */
  wake: (id: string) => void;
  /** Whether the offered passport exists on this node. */
  hasPassport: (batteryId: string) => Promise<boolean>;
  hasDocument?: (documentId: string) => Promise<boolean>;
}

function unwrap(o: NegotiationOutcome<OfferTerms, AgreementTerms>): Neg {
  if (!o.ok) throw new ProtocolRefusal(o.status === 404 ? 404 : o.status === 409 ? 409 : 400, o.code, o.reason);
  return o.next;
}

export class NegotiationService {
  constructor(private readonly d: NegotiationDeps) {}

  /** Consumer: start negotiating `offer` with the provider at `providerBase`. */
  async request(providerDid: string, providerBase: string, offer: OfferTerms & { target: string }): Promise<Neg> {
    const now = this.d.now();
    const id = `urn:uuid:${randomUUID()}`;
    const n = newNegotiation<OfferTerms, AgreementTerms>({ id, role: 'consumer', consumerPid: id, counterPartyDid: providerDid, counterPartyAddress: providerBase, assetId: offer.target });
    const next = unwrap(beginContractRequest(n, offer, now));
    await this.d.store.save('negotiation', next, now);
    this.d.wake(next.id);
    return next;
  }

  /** Provider: offer an asset to a participant first (DSP provider-initiated negotiation, [*] → OFFERED). */
  async offer(consumerDid: string, consumerCallback: string, assetId: string): Promise<Neg> {
    const asset = parseAssetId(assetId);
    if (!asset || !(await this.exists(asset))) throw new ProtocolRefusal(404, 'unknown-asset', `no asset ${assetId} here`);
    const now = this.d.now();
    const id = `urn:uuid:${randomUUID()}`;
    const n = newNegotiation<OfferTerms, AgreementTerms>({ id, role: 'provider', providerPid: id, counterPartyDid: consumerDid, counterPartyAddress: consumerCallback, assetId });
    const next = unwrap(beginContractOffer(n, { id: `${assetId}:offer`, target: assetId, policy: publishedPolicyDoc(asset.tier) }, now));
    await this.d.store.save('negotiation', next, now);
    this.d.wake(next.id);
    return next;
  }

  /** Consumer: an initial ContractOfferMessage from a provider (201). */
  async receiveInitialOffer(claims: Claims, msg: { providerPid: string; offer: OfferTerms; callbackAddress: string }): Promise<Neg> {
    const existing = await this.d.store.byCounterPartyPid<Neg>('negotiation', 'consumer', claims.did, msg.providerPid);
    if (existing) return existing;
    if (!msg.offer.target) throw new ProtocolRefusal(400, 'missing-field', 'the offer must name its target');
    const now = this.d.now();
    const id = `urn:uuid:${randomUUID()}`;
    const n = newNegotiation<OfferTerms, AgreementTerms>({ id, role: 'consumer', consumerPid: id, providerPid: msg.providerPid, counterPartyDid: claims.did, counterPartyAddress: msg.callbackAddress, assetId: msg.offer.target });
    const next = unwrap(receiveNegotiationMessage(n, { kind: 'offer', sender: 'provider', providerPid: msg.providerPid, senderDid: claims.did, offer: msg.offer, callbackAddress: msg.callbackAddress }, now));
    await this.d.store.save('negotiation', next, now);
    return next;
  }

  /** Consumer: accept the provider's offer, or end the negotiation; the operator decides (management API). */
  async decide(id: string, decision: { accept: true } | { accept: false; reason: string }): Promise<Neg> {
    return this.afterCommit(this.d.db.tx(async (q) => {
      const n = await this.d.store.get<Neg>('negotiation', id, q, true);
      if (!n) throw new ProtocolRefusal(404, 'unknown-process', `no negotiation ${id}`);
      const now = this.d.now();
      const next = unwrap(decision.accept ? beginAcceptOffer(n, now) : beginNegotiationTermination(n, decision.reason, now));
      await this.d.store.save('negotiation', next, now, q);
      return next;
    }));
  }

  /**
   * Wake the outbox only once the new state is committed: on PostgreSQL a loop woken inside the transaction looks,
   * finds nothing yet, and would sleep through its idle period.
   */
  private async afterCommit(p: Promise<Neg>): Promise<Neg> {
    const r = await p;
    this.d.wake(r.id);
    return r;
  }

  /** Provider: an initial ContractRequestMessage. Returns the new (or, on an exact resend, existing) negotiation. */
  async receiveInitialRequest(claims: Claims, msg: { consumerPid: string; offer: OfferTerms; callbackAddress: string }): Promise<Neg> {
    const existing = await this.d.store.byCounterPartyPid<Neg>('negotiation', 'provider', claims.did, msg.consumerPid);
    if (existing) return existing;
    const assetId = msg.offer.target ?? assetIdOfOffer(msg.offer.id);
    const asset = assetId ? parseAssetId(assetId) : null;
    if (!asset || assetIdOfOffer(msg.offer.id) !== assetId || !(await this.exists(asset))) {
      throw new ProtocolRefusal(400, 'unknown-offer', `offer ${msg.offer.id} is not one this provider made`);
    }
    // the offer must carry the contract policy we publish for the asset (a consumer may not rewrite it)
    if (!samePolicy(msg.offer.policy, publishedPolicyDoc(asset.tier))) throw new ProtocolRefusal(400, 'offer-mismatch', `offer ${msg.offer.id} does not carry the published policy`);
    const now = this.d.now();
    const id = `urn:uuid:${randomUUID()}`;
    const n = newNegotiation<OfferTerms, AgreementTerms>({ id, role: 'provider', providerPid: id, consumerPid: msg.consumerPid, counterPartyDid: claims.did, counterPartyAddress: msg.callbackAddress, assetId });
    const received = unwrap(receiveNegotiationMessage(n, { kind: 'request', sender: 'consumer', consumerPid: msg.consumerPid, senderDid: claims.did, offer: msg.offer, callbackAddress: msg.callbackAddress }, now));
    const decided = this.decideAsProvider(received, claims, now);
    await this.d.store.save('negotiation', decided, now);
    this.d.wake(decided.id);
    return decided;
  }

  /** Any later message, on either side, addressed by this side's own pid. */
  async receive(role: 'consumer' | 'provider', ownPid: string, caller: Claims, msg: NegotiationMessage<OfferTerms, AgreementTerms>): Promise<Neg> {
    const callerDid = caller.did;
    return this.afterCommit(this.d.db.tx(async (q) => {
      const n = await this.d.store.byOwnPid<Neg>('negotiation', role, ownPid, q);
      // DSP: unknown or not the caller's process → 404, never revealing which
      if (!n || n.counterPartyDid !== callerDid) throw new ProtocolRefusal(404, 'unknown-process', 'no such negotiation');
      const now = this.d.now();
      const outcome = receiveNegotiationMessage(n, { ...msg, senderDid: callerDid }, now);
      let next = unwrap(outcome);
      for (const e of outcome.ok ? outcome.effects : []) {
        if (e.type === 'follow-up' && e.message === 'verification') next = this.verifyAgreement(next, now);
        if (e.type === 'follow-up' && e.message === 'finalized') next = unwrap(beginFinalization(next, now));
        // after ACCEPTED or a counter-request the provider decides as for an initial request: policy first
        if (role === 'provider' && ((e.type === 'follow-up' && e.message === 'agreement') || e.type === 'await-decision')) next = this.decideAsProvider(next, caller, now);
      }
      await this.d.store.save('negotiation', next, now, q);
      // the provider records its agreement as it commits to FINALIZED (the consumer has verified it): the consumer may
      // request a transfer the instant the FINALIZED event reaches it, before this side has processed the ack
      if ((next.state === 'FINALIZED' || (role === 'provider' && next.state === 'FINALIZING')) && next.agreement) {
        const a = next.agreement;
        await this.d.store.saveAgreement(
          { id: a.id, negotiationId: next.id, role, assetId: a.target, providerDid: a.assigner, consumerDid: a.assignee, providerAddress: role === 'consumer' ? next.counterPartyAddress : null, policy: a.policy, agreedAt: a.timestamp },
          q,
        );
      }
      return next;
    }));
  }

  async byPid(role: 'consumer' | 'provider', pid: string): Promise<Neg | null> {
    return this.d.db.tx((q) => this.d.store.byOwnPid<Neg>('negotiation', role, pid, q));
  }

  private async exists(a: ParsedAsset): Promise<boolean> {
    return a.kind === 'passport' ? this.d.hasPassport(a.batteryId) : (this.d.hasDocument ? this.d.hasDocument(a.documentId) : false);
  }

  async get(id: string): Promise<Neg | null> {
    return this.d.store.get<Neg>('negotiation', id);
  }

  private decideAsProvider(n: Neg, claims: Claims, now: Date): Neg {
    const asset = parseAssetId(n.assetId ?? '');
    // we agree only to the policy we publish: a counter-offer that changes it is refused, never signed
    if (asset && n.offer && !samePolicy(n.offer.policy, publishedPolicyDoc(asset.tier))) {
      return unwrap(beginNegotiationTermination(n, 'counter-offers are not accepted: the published contract policy applies', now));
    }
    const tier = asset ? tierPolicyOf(asset.tier) : null;
    const verdict = tier ? evaluatePolicy(tier.contractPolicy, { scope: 'negotiation', claims, now }) : { allowed: false, reasons: ['unknown asset'] };
    if (!verdict.allowed) return unwrap(beginNegotiationTermination(n, `contract policy not satisfied: ${verdict.reasons.join('; ')}`, now));
    return unwrap(beginAgreement(n, this.agreementFor(n, now), now));
  }

  private agreementFor(n: Neg, now: Date): AgreementTerms {
    const offer = n.offer as OfferTerms;
    return {
      id: `urn:uuid:${randomUUID()}`,
      target: n.assetId as string,
      assigner: this.d.nodeDid(),
      assignee: n.counterPartyDid as string,
      timestamp: now.toISOString(),
      policy: offer.policy,
    };
  }

  /** Consumer: verify only an agreement for what we asked, with the policy we were offered; else terminate. */
  private verifyAgreement(n: Neg, now: Date): Neg {
    const a = n.agreement;
    const o = n.offer;
    if (!a || !o || a.target !== n.assetId || !samePolicy(a.policy, o.policy) || a.assignee !== this.d.nodeDid() || a.assigner !== n.counterPartyDid) {
      return unwrap(beginNegotiationTermination(n, 'the agreement does not match the requested offer', now));
    }
    return unwrap(beginVerification(n, now));
  }
}
