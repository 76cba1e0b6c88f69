/**
 * The Annex XIII access tiers of Regulation (EU) 2023/1542 as ready-made policies (Art. 77(2): the battery passport
 * gives the public, persons with a legitimate interest, and notified bodies / market surveillance authorities / the
 * Commission access according to Annex XIII).
 *
 * Each tier is an EDC-style contract definition: an access policy (who sees the offer in the catalog) and a contract
 * policy (what a negotiation must satisfy). Both check role credentials; the optional purpose constraint of the
 * legitimate-interest tiers is in the contract policy only, since a catalog request declares no purpose.
 */
import type { AccessTier, Role } from '../../passport/index.js';
import { evaluatePolicy } from './policy.js';
import type { Claims, Constraint, Evaluation, Policy } from './policy-types.js';

/**
 * Role credentials that open each tier.
 * - Legitimate interest (Annex XIII(2)+(4), Art. 77(2)(b)): persons who repair, dismantle, remanufacture, repurpose,
 *   test or recycle the battery, and the OEM that purchased it or operates it. The native `Role` type has no
 *   separate second-life operator (repurposer) yet, so repurposers are not listed until it does.
 * - Legitimate interest + Commission: the same, plus authorities.
 * - Authorities (Annex XIII(3)): notified bodies, market surveillance authorities and the Commission, all holding an
 *   `authority` credential.
 */
export const TIER_ROLES: Readonly<Record<AccessTier, readonly Role[]>> = {
  public: [],
  legitimateInterest: ['dismantler', 'remanufacturer', 'testingFacility', 'recycler', 'oem'],
  legitimateInterestAndCommission: ['dismantler', 'remanufacturer', 'testingFacility', 'recycler', 'oem', 'authority'],
  authorities: ['authority'],
};

export interface TierPolicy {
  tier: AccessTier;
  /** False for the public tier: Annex XIII(1) data is served without a contract negotiation. */
  agreementRequired: boolean;
  /** Empty for the public tier, which admits anyone. */
  roles: readonly Role[];
  /** Catalog scope: who sees the offer. */
  accessPolicy: Policy;
  /** Negotiation scope (and re-checked at transfer): what the agreement requires. */
  contractPolicy: Policy;
}

export interface TierOptions {
  /**
   * Purposes a legitimate-interest requester must declare one of (e.g. `repair`, `recycling`, or IRIs in
   * `PURPOSE_NAMESPACE`). Ignored for the public and authority tiers.
   */
  purposes?: readonly string[];
}

function policyOf(constraints: readonly Constraint[]): Policy {
  return { permissions: [{ action: 'use', constraints }], prohibitions: [], obligations: [] };
}

function roleConstraint(roles: readonly Role[]): Constraint[] {
  return roles.length === 0 ? [] : [{ leftOperand: 'role', operator: 'isAnyOf', rightOperand: [...roles] }];
}

/** The policies of one tier. */
export function tierPolicy(tier: AccessTier, options: TierOptions = {}): TierPolicy {
  const roles = TIER_ROLES[tier];
  const byRole = roleConstraint(roles);
  const legitimate = tier === 'legitimateInterest' || tier === 'legitimateInterestAndCommission';
  const purposes = legitimate && options.purposes !== undefined && options.purposes.length > 0 ? options.purposes : undefined;
  const byPurpose: Constraint[] = purposes === undefined ? [] : [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: [...purposes] }];
  return {
    tier,
    agreementRequired: tier !== 'public',
    roles,
    accessPolicy: policyOf(byRole),
    contractPolicy: policyOf([...byRole, ...byPurpose]),
  };
}

/** The four tiers with default options (no purpose constraint). */
export const TIER_POLICIES: Readonly<Record<AccessTier, TierPolicy>> = {
  public: tierPolicy('public'),
  legitimateInterest: tierPolicy('legitimateInterest'),
  legitimateInterestAndCommission: tierPolicy('legitimateInterestAndCommission'),
  authorities: tierPolicy('authorities'),
};

export const ACCESS_TIERS: readonly AccessTier[] = ['public', 'legitimateInterest', 'legitimateInterestAndCommission', 'authorities'];

/** Catalog scope: whether the participant may see this tier's offer. */
export function canSeeTier(tier: TierPolicy, claims: Claims, now: Date): Evaluation {
  return evaluatePolicy(tier.accessPolicy, { scope: 'catalog', claims, now });
}

/** Negotiation scope: whether the participant's request satisfies this tier's contract policy. */
export function mayContractTier(tier: TierPolicy, claims: Claims, now: Date): Evaluation {
  return evaluatePolicy(tier.contractPolicy, { scope: 'negotiation', claims, now });
}

/** The tiers whose offers the participant sees (catalog scope), in `ACCESS_TIERS` order. */
export function visibleTiers(claims: Claims, now: Date, policies: Readonly<Record<AccessTier, TierPolicy>> = TIER_POLICIES): AccessTier[] {
  return ACCESS_TIERS.filter((t) => canSeeTier(policies[t], claims, now).allowed);
}
