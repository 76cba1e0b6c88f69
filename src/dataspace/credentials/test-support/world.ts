/**
 * A small dataspace for credential tests: an authority (trusted issuer), two participants, a rogue issuer nobody
 * trusts, a verifier DID, an in-memory key directory and status list host, and helpers that mint the usual artefacts.
 */
import { CompactSign } from 'jose';
import { generateParticipantKeys, importPrivateKey, type Ed25519PublicJwk, type ParticipantKeyFile } from '../../identity/index.js';
import { issueCredential, type IssueCredentialInput } from '../credential.js';
import { createPresentation, createSelfIssuedToken } from '../presentation.js';
import { createStatusList, issueStatusListCredential, setRevoked, type StatusList } from '../status-list.js';
import type { VerifyPresentedIdentityOptions } from '../verify.js';

export const T0 = new Date('2031-05-01T10:00:00Z');
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
export const DAY_S = 86_400;
export const DATASPACE = 'urn:dataspace:battery-loop';

export const authority = generateParticipantKeys('did:web:authority.test.example');
export const recycler = generateParticipantKeys('did:web:recycler.test.example');
export const dismantler = generateParticipantKeys('did:web:dismantler.test.example%3A8443');
export const rogue = generateParticipantKeys('did:web:rogue.test.example');
export const VERIFIER = 'did:web:provider.test.example';
export const STATUS_URL = 'https://authority.test.example/status/1';

const keys = new Map<string, Ed25519PublicJwk>(
  [authority, recycler, dismantler, rogue].map((p) => [`${p.did}#key-1`, p.publicJwk] as const),
);
export const resolveKey = async (kid: string): Promise<Ed25519PublicJwk | null> => keys.get(kid) ?? null;

/** In-memory status list host; `revoke` republishes the list with one more bit set. */
export class StatusHost {
  list: StatusList = createStatusList();
  published = new Map<string, string>();
  fetches: string[] = [];

  async publish(now: Date = T0, url = STATUS_URL): Promise<void> {
    this.published.set(url, await issueStatusListCredential({ issuerDid: authority.did, issuerPrivateJwk: authority.privateJwk, url, list: this.list, issuedAt: now }));
  }

  async revoke(index: number): Promise<void> {
    this.list = setRevoked(this.list, index);
    await this.publish();
  }

  fetch = async (url: string): Promise<string | null> => {
    this.fetches.push(url);
    return this.published.get(url) ?? null;
  };
}

type CredentialOverrides = Partial<Omit<IssueCredentialInput, 'issuerDid' | 'issuerPrivateJwk'>> & { issuer?: ParticipantKeyFile };

export function credentialFor(holder: ParticipantKeyFile, overrides: CredentialOverrides = {}): Promise<string> {
  const { issuer = authority, ...rest } = overrides;
  return issueCredential({
    issuerDid: issuer.did,
    issuerPrivateJwk: issuer.privateJwk,
    subjectDid: holder.did,
    types: ['VerifiableCredential', 'MembershipCredential'],
    claims: { memberOf: DATASPACE },
    issuedAt: at(-DAY_S),
    expiresAt: at(365 * DAY_S),
    ...rest,
  });
}

export function roleCredentialFor(holder: ParticipantKeyFile, overrides: CredentialOverrides = {}): Promise<string> {
  return credentialFor(holder, { types: ['VerifiableCredential', 'RecyclerCredential'], claims: {}, ...overrides });
}

/** A token carrying a VP of `credentials`, made by `holder` for the verifier at T0. */
export async function tokenWith(
  holder: ParticipantKeyFile,
  credentials: string[],
  opts: { audience?: string; vpAudience?: string; jti?: string; now?: Date; vpHolder?: ParticipantKeyFile; nonce?: string } = {},
): Promise<string> {
  const vpHolder = opts.vpHolder ?? holder;
  const now = opts.now ?? T0;
  const presentation = await createPresentation({
    holderDid: vpHolder.did,
    holderPrivateJwk: vpHolder.privateJwk,
    credentials,
    audience: opts.vpAudience ?? opts.audience ?? VERIFIER,
    nonce: opts.nonce,
    now,
    ttlSeconds: 600,
  });
  return createSelfIssuedToken({ did: holder.did, privateJwk: holder.privateJwk, audience: opts.audience ?? VERIFIER, now, ttlSeconds: 300, presentation, jti: opts.jti });
}

/** Signs arbitrary claims with `signer`'s key, for artefacts the producers refuse to make. */
export function signRaw(signer: ParticipantKeyFile, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: `${signer.did}#key-1`, ...header })
    .sign(importPrivateKey(signer.privateJwk));
}

/** Replaces the payload of a compact JWS, keeping header and signature (a tampered artefact). */
export function withPayload(jwt: string, mutate: (claims: Record<string, unknown>) => void): string {
  const [h, p, s] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  mutate(claims);
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

export function verifierOptions(host: StatusHost, overrides: Partial<VerifyPresentedIdentityOptions> = {}): VerifyPresentedIdentityOptions {
  return {
    audience: VERIFIER,
    now: T0,
    resolveKey,
    trustedIssuers: new Set([authority.did]),
    fetchStatusList: host.fetch,
    ...overrides,
  };
}

/** A `seenJti` backed by a Map, as a node would back it with a table pruned after `exp`. */
export function replayCache(): { seenJti: (jti: string, exp: number) => boolean; entries: Map<string, number> } {
  const entries = new Map<string, number>();
  return {
    entries,
    seenJti: (jti, exp) => {
      if (entries.has(jti)) return true;
      entries.set(jti, exp);
      return false;
    },
  };
}
