/**
 * Transfer process use cases on both sides, with the HTTP pull data plane: when the provider starts a transfer it
 * mints a short-lived bearer token and puts it in the TransferStartMessage `dataAddress`; the consumer pulls with it.
 * The agreement is checked again at transfer time (EDC transfer scope).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db.js';
import {
  beginTransferCompletion,
  beginTransferRequest,
  beginTransferStart,
  beginTransferTermination,
  evaluatePolicy,
  newTransfer,
  receiveTransferMessage,
  type Claims,
  type Transfer,
  type TransferMessage,
  type TransferOutcome,
} from '../core/index.js';
import type { DataAddressInput } from '../dsp/index.js';
import type { PgProcessStore, StoredAgreement } from '../adapters/pg-process-store.js';
import { PULL_FORMAT } from './catalog.js';
import { ProtocolRefusal } from './negotiations.js';
import { policyFromWireModel } from './policy-mapping.js';

export type Xfer = Transfer<DataAddressInput>;

/** Data-plane tokens live as long as a pull needs: 5 minutes. */
export const DATAPLANE_TOKEN_TTL_MS = 5 * 60_000;
export const HTTP_ENDPOINT_TYPE = 'https://w3id.org/idsa/v4.1/HTTP';

export interface TransferDeps {
  db: Db;
  store: PgProcessStore;
  publicUrl: () => string;
  now: () => Date;
  /** A process changed and is committed: send what it owes now, tell local waiters. */
  wake: (id: string) => void;
}

function unwrap(o: TransferOutcome<DataAddressInput>): Xfer {
  if (!o.ok) throw new ProtocolRefusal(o.status === 404 ? 404 : o.status === 409 ? 409 : 400, o.code, o.reason);
  return o.next;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TransferService {
  constructor(private readonly d: TransferDeps) {}

  /** Consumer: request a pull transfer under an agreement this node holds. */
  async request(a: StoredAgreement): Promise<Xfer> {
    if (!a.providerAddress) throw new ProtocolRefusal(409, 'no-provider-address', `agreement ${a.id} has no provider address`);
    const now = this.d.now();
    const id = `urn:uuid:${randomUUID()}`;
    const t = newTransfer<DataAddressInput>({ id, role: 'consumer', consumerPid: id, counterPartyDid: a.providerDid, counterPartyAddress: a.providerAddress, agreementId: a.id, assetId: a.assetId, format: PULL_FORMAT });
    const next = unwrap(beginTransferRequest(t, undefined, now));
    await this.d.store.save('transfer', next, now);
    this.d.wake(next.id);
    return next;
  }

  /** Provider: an initial TransferRequestMessage. */
  async receiveInitialRequest(claims: Claims, msg: { consumerPid: string; agreementId: string; format: string; callbackAddress: string }): Promise<Xfer> {
    const existing = await this.d.store.byCounterPartyPid<Xfer>('transfer', 'provider', claims.did, msg.consumerPid);
    if (existing) return existing;
    const a = await this.d.store.getAgreement(msg.agreementId);
    if (!a || a.role !== 'provider' || a.consumerDid !== claims.did) throw new ProtocolRefusal(400, 'unknown-agreement', `no agreement ${msg.agreementId} with this participant`);
    // an agreement counts from FINALIZING on (see NegotiationService.receive) unless its negotiation was terminated since
    const n = await this.d.store.get('negotiation', a.negotiationId);
    if (n && (n.state === 'TERMINATED' || n.state === 'TERMINATING')) throw new ProtocolRefusal(400, 'unknown-agreement', `agreement ${msg.agreementId} is not in force (its negotiation is ${n.state})`);
    if (msg.format !== PULL_FORMAT) throw new ProtocolRefusal(400, 'unsupported-format', `format ${msg.format} is not offered; use ${PULL_FORMAT}`);
    const now = this.d.now();
    const id = `urn:uuid:${randomUUID()}`;
    const t = newTransfer<DataAddressInput>({ id, role: 'provider', providerPid: id, consumerPid: msg.consumerPid, counterPartyDid: claims.did, counterPartyAddress: msg.callbackAddress, agreementId: a.id, assetId: a.assetId, format: msg.format });
    let next = unwrap(receiveTransferMessage(t, { kind: 'request', sender: 'consumer', consumerPid: msg.consumerPid, senderDid: claims.did, agreementId: msg.agreementId, format: msg.format, callbackAddress: msg.callbackAddress }, now));
    // the agreement is re-checked at transfer time: credentials may have expired or been revoked since
    const verdict = evaluatePolicy(policyFromWireModel(a.policy as never), { scope: 'transfer', claims, now });
    if (!verdict.allowed) {
      next = unwrap(beginTransferTermination(next, `agreement policy no longer satisfied: ${verdict.reasons.join('; ')}`, now));
      await this.d.store.save('transfer', next, now);
    } else {
      await this.d.db.tx(async (q) => {
        const token = `dpt_${randomBytes(32).toString('base64url')}`;
        await this.d.store.saveDataplaneToken({ hash: hashToken(token), transferId: id, assetId: a.assetId, consumerDid: claims.did, expiresAt: new Date(now.getTime() + DATAPLANE_TOKEN_TTL_MS).toISOString() }, q);
        next = unwrap(beginTransferStart(next, { endpointType: HTTP_ENDPOINT_TYPE, endpoint: `${this.d.publicUrl()}/dataplane/${encodeURIComponent(id)}`, properties: [{ name: 'authorization', value: token }, { name: 'authType', value: 'bearer' }] }, now));
        await this.d.store.save('transfer', next, now, q);
      });
    }
    this.d.wake(next.id);
    return next;
  }

  async receive(role: 'consumer' | 'provider', ownPid: string, callerDid: string, msg: TransferMessage<DataAddressInput>): Promise<Xfer> {
    // the outbox is woken after the commit, never inside the transaction (a loop woken early finds nothing yet)
    const next = await this.d.db.tx(async (q) => {
      const t = await this.d.store.byOwnPid<Xfer>('transfer', role, ownPid, q);
      if (!t || t.counterPartyDid !== callerDid) throw new ProtocolRefusal(404, 'unknown-process', 'no such transfer');
      const now = this.d.now();
      const outcome = receiveTransferMessage(t, { ...msg, senderDid: callerDid }, now);
      let next = unwrap(outcome);
      for (const e of outcome.ok ? outcome.effects : []) {
        if (e.type === 'data-address') next = { ...next, dataAddress: e.dataAddress };
        // a suspension keeps the token so a resume (from either side) can pull again; pulls are refused unless STARTED
        if (e.type === 'flow-stopped' && role === 'provider' && (next.state === 'COMPLETED' || next.state === 'TERMINATED')) await this.d.store.revokeDataplaneTokens(t.id, q);
      }
      await this.d.store.save('transfer', next, now, q);
      return next;
    });
    this.d.wake(next.id);
    return next;
  }

  /** Consumer: the pull is done; tell the provider (which revokes the token). */
  async complete(id: string): Promise<Xfer> {
    const now = this.d.now();
    const t = await this.d.store.get<Xfer>('transfer', id);
    if (!t) throw new ProtocolRefusal(404, 'unknown-process', `no transfer ${id}`);
    const next = unwrap(beginTransferCompletion(t, now));
    await this.d.store.save('transfer', next, now);
    this.d.wake(next.id);
    return next;
  }

  get(id: string): Promise<Xfer | null> {
    return this.d.store.get<Xfer>('transfer', id);
  }

  byPid(role: 'consumer' | 'provider', pid: string): Promise<Xfer | null> {
    return this.d.db.tx((q) => this.d.store.byOwnPid<Xfer>('transfer', role, pid, q));
  }

  /** Data plane: the transfer and asset a presented token grants, or null (unknown, expired, or transfer not STARTED). */
  async authorizePull(transferId: string, token: string): Promise<{ assetId: string; consumerDid: string } | null> {
    const rec = await this.d.store.findDataplaneToken(hashToken(token));
    if (!rec || rec.transferId !== transferId || Date.parse(rec.expiresAt) <= this.d.now().getTime()) return null;
    const t = await this.d.store.get<Xfer>('transfer', transferId);
    if (!t || (t.state !== 'STARTED' && t.state !== 'STARTING')) return null;
    return { assetId: rec.assetId, consumerDid: rec.consumerDid };
  }
}
