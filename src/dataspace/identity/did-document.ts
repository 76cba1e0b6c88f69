/**
 * DID documents for did:web participants (W3C DID Core 1.0 §5; key type JsonWebKey2020 from the
 * "JSON Web Signature 2020" suite, context https://w3id.org/security/suites/jws-2020/v1).
 *
 * Each participant publishes one Ed25519 key `${did}#key-1`, referenced from `authentication` (access tokens)
 * and `assertionMethod` (signed lifecycle events), plus one service entry for its node API. The participant's
 * role and display name travel as extra service properties (DID Core §5.4 allows them). They are
 * self-asserted: deciding whether a DID may act in a role is the trust registry's job, not this module's.
 */
import type { Role } from '../../passport/index.js';
import { didWebToBaseUrl, parseDidWeb } from './did-web.js';
import { keyIdForDid, parseEd25519PublicJwk, type Ed25519PublicJwk } from './keys.js';
import { isRole } from './roles.js';

export const DID_CONTEXTS = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'] as const;
export const NODE_SERVICE_TYPE = 'BatteryLoopNode';
export const NODE_SERVICE_FRAGMENT = 'api';

export interface JsonWebKey2020Method {
  id: string;
  type: 'JsonWebKey2020';
  controller: string;
  publicKeyJwk: Ed25519PublicJwk;
}

export interface NodeServiceEntry {
  id: string;
  type: typeof NODE_SERVICE_TYPE;
  serviceEndpoint: string;
  participantRole: Role;
  participantName: string;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: JsonWebKey2020Method[];
  authentication: string[];
  assertionMethod: string[];
  service: NodeServiceEntry[];
}

export interface BuildDidDocumentInput {
  did: string;
  publicJwk: Ed25519PublicJwk;
  role: Role;
  name: string;
  /** Base URL of the node API; defaults to the https URL the did:web names. */
  serviceEndpoint?: string;
}

export function buildDidDocument(input: BuildDidDocumentInput): DidDocument {
  const { did, role, name } = input;
  if (!parseDidWeb(did)) throw new TypeError(`not a valid did:web identifier: ${did}`);
  const jwk = parseEd25519PublicJwk({ ...input.publicJwk, kid: keyIdForDid(did) });
  if (!jwk) throw new TypeError('publicJwk must be a public Ed25519 JWK (no private member d)');
  const kid = keyIdForDid(did);
  return {
    '@context': [...DID_CONTEXTS],
    id: did,
    verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk }],
    authentication: [kid],
    assertionMethod: [kid],
    service: [
      {
        id: `${did}#${NODE_SERVICE_FRAGMENT}`,
        type: NODE_SERVICE_TYPE,
        serviceEndpoint: input.serviceEndpoint ?? didWebToBaseUrl(did),
        participantRole: role,
        participantName: name,
      },
    ],
  };
}

export type VerificationRelationship = 'authentication' | 'assertionMethod';

export interface ParsedDidDocument {
  did: string;
  /** Ed25519 JsonWebKey2020 methods by absolute id. Other key types are ignored. */
  keys: ReadonlyMap<string, Ed25519PublicJwk>;
  authentication: ReadonlySet<string>;
  assertionMethod: ReadonlySet<string>;
  role: Role | null;
  name: string | null;
  serviceEndpoint: string | null;
}

export type ParseDidDocumentResult = { ok: true; document: ParsedDidDocument } | { ok: false; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** DID Core §3.2: relative DID URLs ("#key-1") resolve against the document's DID. */
function absoluteId(did: string, ref: string): string {
  return ref.startsWith('#') ? `${did}${ref}` : ref;
}

interface MethodResult {
  id: string;
  jwk: Ed25519PublicJwk | null;
}

function readMethod(did: string, m: unknown, where: string): MethodResult | string {
  if (!isObject(m)) return `${where}: must be an object`;
  if (typeof m.id !== 'string') return `${where}.id: must be a string`;
  const id = absoluteId(did, m.id);
  if (!id.startsWith(`${did}#`) || id.length === did.length + 1) return `${where}.id: ${m.id} is not a fragment of ${did}`;
  if (m.controller !== did) return `${where}.controller: must be ${did}`;
  if (m.type !== 'JsonWebKey2020') return { id, jwk: null };
  if (isObject(m.publicKeyJwk) && 'd' in m.publicKeyJwk) return `${where}.publicKeyJwk: contains private key material`;
  if (isObject(m.publicKeyJwk) && m.publicKeyJwk.kty !== 'OKP') return { id, jwk: null };
  const jwk = parseEd25519PublicJwk(m.publicKeyJwk);
  if (!jwk) return `${where}.publicKeyJwk: not a valid Ed25519 public JWK`;
  // A kid inside the JWK must name the same method (full id or bare fragment), else keys could be swapped.
  if (jwk.kid !== undefined && jwk.kid !== id && absoluteId(did, `#${jwk.kid}`) !== id) {
    return `${where}.publicKeyJwk.kid: ${jwk.kid} does not match ${id}`;
  }
  return { id, jwk: { ...jwk, kid: id } };
}

/** Validates a fetched DID document for `expectedDid` and indexes its Ed25519 keys. Never throws. */
export function parseDidDocument(value: unknown, expectedDid: string): ParseDidDocumentResult {
  if (!isObject(value)) return { ok: false, reason: 'document must be a JSON object' };
  if (!parseDidWeb(expectedDid)) return { ok: false, reason: `expected DID is not a did:web: ${expectedDid}` };
  if (value.id !== expectedDid) return { ok: false, reason: `id ${String(value.id)} does not match ${expectedDid}` };
  const ctx = value['@context'];
  const contexts = Array.isArray(ctx) ? ctx : [ctx];
  if (contexts[0] !== DID_CONTEXTS[0]) return { ok: false, reason: `@context must start with ${DID_CONTEXTS[0]}` };

  const keys = new Map<string, Ed25519PublicJwk>();
  const seen = new Set<string>();
  const addMethod = (m: unknown, where: string): string | null => {
    const r = readMethod(expectedDid, m, where);
    if (typeof r === 'string') return r;
    if (seen.has(r.id)) return `${where}.id: duplicate verification method ${r.id}`;
    seen.add(r.id);
    if (r.jwk) keys.set(r.id, r.jwk);
    return null;
  };

  const vms = value.verificationMethod ?? [];
  if (!Array.isArray(vms)) return { ok: false, reason: 'verificationMethod: must be an array' };
  for (const [i, m] of vms.entries()) {
    const err = addMethod(m, `verificationMethod[${i}]`);
    if (err) return { ok: false, reason: err };
  }

  const relationships: Record<VerificationRelationship, Set<string>> = {
    authentication: new Set(),
    assertionMethod: new Set(),
  };
  for (const rel of ['authentication', 'assertionMethod'] as const) {
    const refs = value[rel] ?? [];
    if (!Array.isArray(refs)) return { ok: false, reason: `${rel}: must be an array` };
    for (const [i, ref] of refs.entries()) {
      if (typeof ref === 'string') {
        const id = absoluteId(expectedDid, ref);
        if (!seen.has(id)) return { ok: false, reason: `${rel}[${i}]: ${ref} is not a verification method of ${expectedDid}` };
        relationships[rel].add(id);
      } else {
        // DID Core §5.3: relationships may embed a method instead of referencing one.
        const err = addMethod(ref, `${rel}[${i}]`);
        if (err) return { ok: false, reason: err };
        relationships[rel].add(absoluteId(expectedDid, (ref as { id: string }).id));
      }
    }
  }

  let role: Role | null = null;
  let name: string | null = null;
  let serviceEndpoint: string | null = null;
  const services = value.service ?? [];
  if (!Array.isArray(services)) return { ok: false, reason: 'service: must be an array' };
  for (const s of services) {
    if (!isObject(s) || s.type !== NODE_SERVICE_TYPE) continue;
    if (typeof s.serviceEndpoint !== 'string') return { ok: false, reason: 'service.serviceEndpoint: must be a URL string' };
    serviceEndpoint = s.serviceEndpoint;
    role = isRole(s.participantRole) ? s.participantRole : null;
    name = typeof s.participantName === 'string' ? s.participantName : null;
    break;
  }

  return {
    ok: true,
    document: {
      did: expectedDid,
      keys,
      authentication: relationships.authentication,
      assertionMethod: relationships.assertionMethod,
      role,
      name,
      serviceEndpoint,
    },
  };
}

/**
 * The Ed25519 key `kid` names, provided the kid belongs to this document's DID and the key is listed under
 * the requested verification relationship (assertionMethod for signed events, authentication for tokens).
 */
export function verificationKeyFromDidDocument(
  document: ParsedDidDocument,
  kid: string,
  relationship: VerificationRelationship = 'assertionMethod',
): Ed25519PublicJwk | null {
  if (typeof kid !== 'string' || !kid.startsWith(`${document.did}#`)) return null;
  if (!document[relationship].has(kid)) return null;
  return document.keys.get(kid) ?? null;
}

export interface DidDocumentKeyDirectory {
  /** Key for a kid under the given relationship, or null (for `verifyChain`, `verifyAccessToken`). */
  resolveKey: (kid: string) => Ed25519PublicJwk | null;
  /** Whether a DID document is known for `did` (lets a verifier tell "unknown author" from "wrong key"). */
  isKnownDid: (did: string) => boolean;
}

/** In-memory key directory over already fetched and parsed DID documents. */
export function keyDirectoryFromDidDocuments(
  documents: Iterable<ParsedDidDocument>,
  relationship: VerificationRelationship = 'assertionMethod',
): DidDocumentKeyDirectory {
  const byDid = new Map<string, ParsedDidDocument>();
  for (const d of documents) byDid.set(d.did, d);
  return {
    resolveKey: (kid) => {
      const hash = typeof kid === 'string' ? kid.indexOf('#') : -1;
      const doc = hash > 0 ? byDid.get(kid.slice(0, hash)) : undefined;
      return doc ? verificationKeyFromDidDocument(doc, kid, relationship) : null;
    },
    isKnownDid: (did) => byDid.has(did),
  };
}
