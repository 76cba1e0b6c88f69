import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessTier, Role } from '../../passport/index.js';
import { PARTICIPANT_ROLES } from '../identity/roles.js';
import { unsupportedTerms } from './policy.js';
import type { Claims } from './policy-types.js';
import { ACCESS_TIERS, canSeeTier, mayContractTier, TIER_POLICIES, tierPolicy, visibleTiers } from './tiers.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const claimsOf = (roles: readonly Role[], purpose?: string): Claims => ({
  did: `did:web:${roles.join('-') || 'nobody'}.example`,
  roles,
  memberships: [],
  ...(purpose === undefined ? {} : { purpose }),
});

/** Annex XIII access per role, written out by hand (Art. 77(2); tiers as in `passport/core/types.ts` `AccessTier`). */
const ACCESS: Record<Role, Record<AccessTier, boolean>> = {
  public: { public: true, legitimateInterest: false, legitimateInterestAndCommission: false, authorities: false },
  manufacturer: { public: true, legitimateInterest: false, legitimateInterestAndCommission: false, authorities: false },
  logistics: { public: true, legitimateInterest: false, legitimateInterestAndCommission: false, authorities: false },
  oem: { public: true, legitimateInterest: true, legitimateInterestAndCommission: true, authorities: false },
  dismantler: { public: true, legitimateInterest: true, legitimateInterestAndCommission: true, authorities: false },
  testingFacility: { public: true, legitimateInterest: true, legitimateInterestAndCommission: true, authorities: false },
  remanufacturer: { public: true, legitimateInterest: true, legitimateInterestAndCommission: true, authorities: false },
  recycler: { public: true, legitimateInterest: true, legitimateInterestAndCommission: true, authorities: false },
  authority: { public: true, legitimateInterest: false, legitimateInterestAndCommission: true, authorities: true },
};

describe('Annex XIII tiers × roles', () => {
  test('the table covers every role of the native passport type', () => {
    assert.deepEqual(Object.keys(ACCESS).sort(), [...PARTICIPANT_ROLES].sort());
  });

  for (const role of PARTICIPANT_ROLES) {
    for (const tier of ACCESS_TIERS) {
      const expected = ACCESS[role][tier];
      test(`${role} × ${tier} → ${expected ? 'allowed' : 'denied'}`, () => {
        const claims = claimsOf([role]);
        const seen = canSeeTier(TIER_POLICIES[tier], claims, NOW);
        const contract = mayContractTier(TIER_POLICIES[tier], claims, NOW);
        assert.equal(seen.allowed, expected, seen.reasons.join('; '));
        assert.equal(contract.allowed, expected, contract.reasons.join('; '));
        if (!expected) assert.match(contract.reasons[0] ?? '', /role isAnyOf \[.*\] does not hold for role \[/);
      });
    }
  }

  test('no credentials at all: public only', () => {
    assert.deepEqual(visibleTiers(claimsOf([]), NOW), ['public']);
  });

  test('several credentials add up', () => {
    assert.deepEqual(visibleTiers(claimsOf(['logistics', 'recycler']), NOW), ['public', 'legitimateInterest', 'legitimateInterestAndCommission']);
    assert.deepEqual(visibleTiers(claimsOf(['recycler', 'authority']), NOW), [...ACCESS_TIERS]);
  });
});

describe('tier policies', () => {
  test('only the public tier needs no agreement', () => {
    assert.deepEqual(
      ACCESS_TIERS.map((t) => [t, TIER_POLICIES[t].agreementRequired]),
      [
        ['public', false],
        ['legitimateInterest', true],
        ['legitimateInterestAndCommission', true],
        ['authorities', true],
      ],
    );
  });

  test('every tier policy is fully decidable by the engine', () => {
    for (const t of ACCESS_TIERS) {
      assert.deepEqual(unsupportedTerms(TIER_POLICIES[t].accessPolicy), [], t);
      assert.deepEqual(unsupportedTerms(tierPolicy(t, { purposes: ['repair'] }).contractPolicy), [], t);
    }
  });

  test('a purpose constraint (legitimate interest) binds the contract, not catalog visibility', () => {
    const tier = tierPolicy('legitimateInterest', { purposes: ['repair', 'recycling'] });
    assert.equal(canSeeTier(tier, claimsOf(['recycler']), NOW).allowed, true);
    const undeclared = mayContractTier(tier, claimsOf(['recycler']), NOW);
    assert.equal(undeclared.allowed, false);
    assert.match(undeclared.reasons[0] ?? '', /purpose isAnyOf \[repair, recycling\]: no purpose declared/);
    assert.equal(mayContractTier(tier, claimsOf(['recycler'], 'recycling'), NOW).allowed, true);
    assert.equal(mayContractTier(tier, claimsOf(['recycler'], 'https://w3id.org/batteryloop/purpose/repair'), NOW).allowed, true);
    assert.equal(mayContractTier(tier, claimsOf(['recycler'], 'marketing'), NOW).allowed, false);
  });

  test('the purpose option does not apply to the public and authority tiers', () => {
    assert.deepEqual(tierPolicy('authorities', { purposes: ['repair'] }), TIER_POLICIES.authorities);
    assert.deepEqual(tierPolicy('public', { purposes: ['repair'] }), TIER_POLICIES.public);
  });

  test('the legitimate-interest tiers differ exactly by the authority credential', () => {
    const li = new Set(TIER_POLICIES.legitimateInterest.roles);
    const lic = new Set(TIER_POLICIES.legitimateInterestAndCommission.roles);
    assert.deepEqual([...lic].filter((r) => !li.has(r)), ['authority']);
    assert.ok([...li].every((r) => lic.has(r)));
  });
});
