/**
 * Resolves a verification key id (`did:web:...#key-1`) to an Ed25519 public key: a key pinned in the registry
 * first, else the participant's DID document fetched over did:web (cached). Plain http is used only for loopback
 * hosts and only when the configuration allows it (local dataspace); everything else uses https per the did:web spec.
 */
import { didOfKeyId, didWebToUrl, parseDidDocument, parseDidWeb, verificationKeyFromDidDocument, type Ed25519PublicJwk, type VerificationRelationship } from '../identity/index.js';
import type { PgParticipantStore } from './pg-participant-store.js';

export interface KeyResolverOptions {
  registry: PgParticipantStore;
  allowInsecureLoopback: boolean;
  /** Cache time for keys pinned in the registry. */
  pinnedCacheMs?: number;
  /** Cache time for fetched DID documents. */
  cacheMs?: number;
  fetchTimeoutMs?: number;
  now?: () => number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(%3A\d+)?$/i;

export class DidKeyResolver {
  private readonly cache = new Map<string, { at: number; keys: Map<string, Ed25519PublicJwk>; auth: ReadonlySet<string>; assert: ReadonlySet<string> }>();
  constructor(private readonly opts: KeyResolverOptions) {}

  async resolve(kid: string, relationship: VerificationRelationship = 'assertionMethod'): Promise<Ed25519PublicJwk | null> {
    const did = didOfKeyId(kid);
    if (!did) return null;
    const reg = await this.registryEntry(did);
    if (reg?.publicJwk) {
      // a pinned key is the participant's primary key (`#key-1`)
      return kid === `${did}#key-1` ? reg.publicJwk : null;
    }
    const now = (this.opts.now ?? Date.now)();
    let entry = this.cache.get(did);
    if (!entry || now - entry.at > (this.opts.cacheMs ?? 5 * 60_000)) {
      const doc = await this.fetchDocument(did);
      if (!doc) return null;
      entry = { at: now, keys: doc.keys, auth: doc.authentication, assert: doc.assertionMethod };
      this.cache.set(did, entry);
    }
    const allowed = relationship === 'authentication' ? entry.auth : entry.assert;
    return allowed.has(kid) ? entry.keys.get(kid) ?? null : null;
  }

  private readonly pinned = new Map<string, { at: number; jwk: Ed25519PublicJwk | null }>();

  /**
   * Registry lookups are cached briefly (every append verifies a key): a re-registered or removed participant's
   * key is picked up within `pinnedCacheMs`. `forget` drops an entry at once when this process changes it.
   */
  private async registryEntry(did: string): Promise<{ publicJwk: Ed25519PublicJwk | null } | null> {
    const now = (this.opts.now ?? Date.now)();
    const hit = this.pinned.get(did);
    if (hit && now - hit.at < (this.opts.pinnedCacheMs ?? 30_000)) return hit.jwk ? { publicJwk: hit.jwk } : null;
    const reg = await this.opts.registry.get(did);
    if (this.pinned.size > 10_000) this.pinned.clear();
    this.pinned.set(did, { at: now, jwk: reg?.publicJwk ?? null });
    return reg;
  }

  forget(did: string): void {
    this.pinned.delete(did);
    this.cache.delete(did);
  }

  private async fetchDocument(did: string) {
    const parsed = parseDidWeb(did);
    if (!parsed) return null;
    const host = did.split(':')[2] ?? '';
    const scheme = this.opts.allowInsecureLoopback && LOOPBACK.test(host) ? 'http' : 'https';
    const url = didWebToUrl(did, { scheme });
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.fetchTimeoutMs ?? 3000), redirect: 'error' });
      if (!res.ok) return null;
      const text = await res.text();
      if (text.length > 64 * 1024) return null;
      const r = parseDidDocument(JSON.parse(text), did);
      if (!r.ok) return null;
      const doc = r.document;
      const keys = new Map<string, Ed25519PublicJwk>();
      for (const kid of new Set([...doc.authentication, ...doc.assertionMethod])) {
        const k = verificationKeyFromDidDocument(doc, kid, doc.assertionMethod.has(kid) ? 'assertionMethod' : 'authentication');
        if (k) keys.set(kid, k);
      }
      return { keys, authentication: doc.authentication, assertionMethod: doc.assertionMethod };
    } catch {
      return null;
    }
  }
}
