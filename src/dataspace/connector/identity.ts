/**
 * DSP call identity (DCP style): outgoing calls carry a self-issued token with this node's credentials presented
 * inside; incoming tokens are verified (caller's did:web key, trusted issuer, validity, revocation, replay) and turned
 * into policy claims. The credentials come from the dataspace authority.
 */
import { createPresentation, createSelfIssuedToken, verifyPresentedIdentity } from '../credentials/index.js';
import type { Claims } from '../core/index.js';
import type { DidKeyResolver } from '../trust/key-resolver.js';
import type { NodeIdentityRecord } from '../trust/pg-participant-store.js';
import type { PgProcessStore } from '../adapters/pg-process-store.js';

export interface DspIdentityDeps {
  getNode: () => NodeIdentityRecord;
  keys: DidKeyResolver;
  store: PgProcessStore;
  now: () => Date;
  /** DIDs of the dataspace authorities whose credentials count. */
  trustedIssuers: () => ReadonlySet<string>;
  /** Status list fetch timeout; lists are cached for `statusListCacheMs`. */
  statusListCacheMs?: number;
}

export type VerifiedCaller = { ok: true; claims: Claims } | { ok: false; reason: string };

export class DspIdentity {
  private credentials: string[] = [];
  private readonly lists = new Map<string, { at: number; jwt: string | null }>();

  constructor(private readonly deps: DspIdentityDeps) {}

  /** Credentials (VC-JWTs) this node presents; set when the authority issues them. */
  setCredentials(jwts: string[]): void {
    this.credentials = [...jwts];
  }

  get heldCredentials(): readonly string[] {
    return this.credentials;
  }

  async tokenFor(audienceDid: string): Promise<string> {
    const node = this.deps.getNode();
    const now = this.deps.now();
    const presentation = this.credentials.length
      ? await createPresentation({ holderDid: node.did, holderPrivateJwk: node.privateJwk, credentials: this.credentials, audience: audienceDid, now, ttlSeconds: 120 })
      : undefined;
    return createSelfIssuedToken({ did: node.did, privateJwk: node.privateJwk, audience: audienceDid, now, ttlSeconds: 120, presentation });
  }

  async verify(token: string): Promise<VerifiedCaller> {
    const now = this.deps.now();
    const r = await verifyPresentedIdentity(token, {
      audience: this.deps.getNode().did,
      now,
      resolveKey: (kid) => this.deps.keys.resolve(kid, 'assertionMethod'),
      trustedIssuers: this.deps.trustedIssuers(),
      fetchStatusList: (url) => this.statusList(url, now),
      seenJti: async (jti, exp) => !(await this.deps.store.markTokenSeen(jti, exp, now)),
    });
    if (!r.ok) return { ok: false, reason: `${r.reason}: ${r.detail}` };
    return { ok: true, claims: { did: r.claims.did, roles: r.claims.roles, memberships: r.claims.memberships } };
  }

  private async statusList(url: string, now: Date): Promise<string | null> {
    const hit = this.lists.get(url);
    if (hit && now.getTime() - hit.at < (this.deps.statusListCacheMs ?? 60_000)) return hit.jwt;
    let jwt: string | null = null;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (res.ok) jwt = (await res.text()).trim();
    } catch {
      jwt = null;
    }
    this.lists.set(url, { at: now.getTime(), jwt });
    return jwt;
  }
}
