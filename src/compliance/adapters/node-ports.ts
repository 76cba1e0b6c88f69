/**
 * The compliance service's ports on a Battery Loop node: the recycler's `recycled` event goes into the passport on
 * this node when it holds it, else to the holder's node (its address from the trust registry) as an event the
 * recycler signs itself (issue 3: every write is a signed event on the holder's node, allowed by an agreement).
 * Reports are signed as compact JWS with the node's Ed25519 key (RFC 7515, RFC 8037), verifiable via its did:web.
 */
import { appendToHolder } from '../../history/index.js';
import { keyIdForDid, signCompactJws, type Ed25519PrivateJwk } from '../../dataspace/index.js';
import type { Passport, Role } from '../../passport/index.js';
import type { AppendOutcome, ComplianceDeps, RecycledDraft } from '../service.js';

export interface NodePortsInput {
  identity: () => { did: string; role: Role; privateJwk: Ed25519PrivateJwk };
  now: () => Date;
  /** The passport when this node holds it (`passports.getFull`), else null. */
  localPassport: (batteryId: string) => Promise<Passport | null>;
  /** The passport fetched from its holder over the dataspace; also obtains the agreement the holder's write gate asks for. */
  remotePassport?: (batteryId: string, holderDid: string) => Promise<Passport | null>;
  /** `history.appendDraft` as this node's operator. */
  appendHere: (batteryId: string, draft: RecycledDraft) => Promise<{ seq: number }>;
  /** Base URL of a participant node (trust registry). */
  baseUrlOf: (did: string) => Promise<string | null>;
}

/** Media type of the signed payload (RFC 7515 §4.1.10 `cty`). */
export const SIGNED_REPORT_CTY = 'json';

export function compliancePorts(p: NodePortsInput): Pick<ComplianceDeps, 'passportOf' | 'append' | 'sign' | 'issuerDid'> {
  return {
    async passportOf(batteryId, holderDid) {
      const here = await p.localPassport(batteryId).catch(() => null);
      if (here || !holderDid || !p.remotePassport || holderDid === p.identity().did) return here;
      return p.remotePassport(batteryId, holderDid);
    },
    async append(batteryId, draft, holderDid): Promise<AppendOutcome> {
      const me = p.identity();
      if (!holderDid || holderDid === me.did || (await p.localPassport(batteryId).catch(() => null))) {
        try {
          return { ok: true, seq: (await p.appendHere(batteryId, draft)).seq };
        } catch (e) {
          return { ok: false, status: (e as { status?: number }).status ?? 500, reason: (e as Error).message };
        }
      }
      const url = await p.baseUrlOf(holderDid);
      // unknown address: kept pending (404 is retried) until the registry learns the holder
      if (!url) return { ok: false, status: 404, reason: `no node address known for the passport holder ${holderDid}` };
      const r = await appendToHolder({ url, did: holderDid }, { did: me.did, role: me.role, privateJwk: me.privateJwk }, batteryId, draft, { now: p.now });
      return r.ok ? { ok: true, seq: r.seq } : { ok: false, status: r.status, reason: r.reason };
    },
    async sign(payload) {
      const me = p.identity();
      return signCompactJws({ alg: 'EdDSA', typ: 'JOSE', cty: SIGNED_REPORT_CTY, kid: me.privateJwk.kid ?? keyIdForDid(me.did) }, JSON.stringify(payload), me.privateJwk);
    },
    issuerDid: () => p.identity().did,
  };
}
