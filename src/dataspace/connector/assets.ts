/**
 * What a node offers over DSP: each passport it holds, once per Annex XIII tier (Art. 77(2)). The public tier needs
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
