/**
 * Authenticates bearer credentials for the node API:
 * - participant JWTs (EdDSA, key resolved via did:web) whose role claim must match the role this node's registry
 *   holds for that DID — a token cannot promote its holder;
 * - API tokens for scripts (`blt_...`), looked up by SHA-256 hash, bound to a registered participant.
 */
import { Unauthorized } from '../../platform/errors.js';
import type { Authenticator, Caller } from '../../platform/auth.js';
import { hashApiToken, isApiTokenFormat, verifyAccessToken } from '../identity/index.js';
import type { PgParticipantStore } from './pg-participant-store.js';
import type { DidKeyResolver } from './key-resolver.js';

export interface AuthenticatorDeps {
  registry: PgParticipantStore;
  keys: DidKeyResolver;
  now: () => Date;
  maxClockSkewSeconds: number;
  maxTokenTtlSeconds: number;
}

export class ParticipantAuthenticator implements Authenticator {
  constructor(private readonly deps: AuthenticatorDeps) {}

  async authenticate(bearer: string, audience: string): Promise<Caller> {
    if (isApiTokenFormat(bearer)) return this.apiToken(bearer);
    const r = await verifyAccessToken(bearer, {
      audience,
      now: this.deps.now(),
      resolveKey: (kid) => this.deps.keys.resolve(kid, 'authentication'),
      maxClockSkewSeconds: this.deps.maxClockSkewSeconds,
    });
    if (!r.ok) throw new Unauthorized(`token rejected (${r.reason}): ${r.detail}`);
    if (r.exp - Math.floor(this.deps.now().getTime() / 1000) > this.deps.maxTokenTtlSeconds + this.deps.maxClockSkewSeconds) {
      throw new Unauthorized(`token lifetime exceeds this node's maximum of ${this.deps.maxTokenTtlSeconds} s`);
    }
    const p = await this.deps.registry.get(r.did);
    if (!p) throw new Unauthorized(`participant ${r.did} is not registered with this node`);
    if (p.role !== r.role) throw new Unauthorized(`token claims role '${r.role}' but ${r.did} is registered as '${p.role}'`);
    return { did: p.did, role: p.role, name: p.name, via: 'jwt' };
  }

  private async apiToken(token: string): Promise<Caller> {
    const t = await this.deps.registry.findApiToken(hashApiToken(token));
    if (!t) throw new Unauthorized('unknown API token');
    if (t.revoked) throw new Unauthorized('API token has been revoked');
    if (Date.parse(t.expiresAt) <= this.deps.now().getTime()) throw new Unauthorized('API token has expired');
    const p = await this.deps.registry.get(t.did);
    if (!p) throw new Unauthorized(`API token belongs to ${t.did}, which is no longer registered`);
    return { did: p.did, role: p.role, name: p.name, via: 'apiToken' };
  }
}
