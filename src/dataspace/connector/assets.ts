/**
 * What a node offers over DSP: each passport it holds, once per Annex XIII tier (Art. 77(2)), and the signed
 * documents it shares with authorities (e.g. a recycler's compliance report, Art. 71 and 76). The public tier needs
 * no agreement; the others carry the tier's contract policy (src/dataspace/core/tiers.ts).
 */
import { TIER_POLICIES, type TierPolicy } from '../core/index.js';
import type { PolicyDoc } from '../dsp/index.js';
import { policyToWireModel } from './policy-mapping.js';
import type { AccessTier, Role } from '../../passport/index.js';

/** Tiers offered as separate datasets; legitimate interest + Commission data is part of both higher views. */
export const OFFERED_TIERS = ['public', 'legitimateInterest', 'authorities'] as const;
export type OfferedTier = (typeof OFFERED_TIERS)[number];

/** The role whose view of the passport a tier's dataset delivers (its tiers are exactly the ones the tier grants). */
export const TIER_VIEW_ROLE: Record<OfferedTier, Role> = { public: 'public', legitimateInterest: 'recycler', authorities: 'authority' };

const PREFIX = 'urn:batteryloop:passport:';

export function passportAssetId(batteryId: string, tier: OfferedTier): string {
  return `${PREFIX}${batteryId}:${tier}`;
}

export function parsePassportAssetId(id: string): { batteryId: string; tier: OfferedTier } | null {
  if (!id.startsWith(PREFIX)) return null;
  const rest = id.slice(PREFIX.length);
  const i = rest.lastIndexOf(':');
  if (i <= 0) return null;
  const tier = rest.slice(i + 1) as OfferedTier;
  return (OFFERED_TIERS as readonly string[]).includes(tier) ? { batteryId: rest.slice(0, i), tier } : null;
}

const DOCUMENT_PREFIX = 'urn:batteryloop:document:';
/** Documents are offered to authorities only: their contract policy is the authorities tier's. */
export const DOCUMENT_TIER: OfferedTier = 'authorities';

export function documentAssetId(documentId: string): string {
  return `${DOCUMENT_PREFIX}${documentId}`;
}

/** Any asset this connector offers: a passport tier view or a shared document, with the tier whose policy applies. */
export type ParsedAsset = { kind: 'passport'; batteryId: string; tier: OfferedTier } | { kind: 'document'; documentId: string; tier: OfferedTier };

export function parseAssetId(id: string): ParsedAsset | null {
  if (id.startsWith(DOCUMENT_PREFIX)) {
    const documentId = id.slice(DOCUMENT_PREFIX.length);
    return /^[A-Za-z0-9._:-]{1,200}$/.test(documentId) ? { kind: 'document', documentId, tier: DOCUMENT_TIER } : null;
  }
  const p = parsePassportAssetId(id);
  return p ? { kind: 'passport', ...p } : null;
}

/** Signed documents a node shares over the dataspace (read-only port; the owning domain stores them). */
export interface SharedDocuments {
  list(): Promise<string[]>;
  get(documentId: string): Promise<unknown | null>;
}

export function offerIdFor(assetId: string): string {
  return `${assetId}:offer`;
}

export function assetIdOfOffer(offerId: string): string | null {
  return offerId.endsWith(':offer') ? offerId.slice(0, -':offer'.length) : null;
}

export function tierPolicyOf(tier: OfferedTier): TierPolicy {
  return TIER_POLICIES[tier as AccessTier];
}

const published = new Map<OfferedTier, PolicyDoc>();

/** The wire-model contract policy the catalog publishes for a tier; a request must carry exactly this. */
export function publishedPolicyDoc(tier: OfferedTier): PolicyDoc {
  let d = published.get(tier);
  if (!d) {
    d = policyToWireModel(tierPolicyOf(tier).contractPolicy);
    published.set(tier, d);
  }
  return d;
}
