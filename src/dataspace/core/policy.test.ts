import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { evaluateConstraint, evaluatePolicy, unsupportedTerms } from './policy.js';
import { normalizeLeftOperand } from './policy-operators.js';
import {
  PURPOSE_NAMESPACE,
  ROLE_NAMESPACE,
  type AtomicConstraint,
  type Claims,
  type Constraint,
  type EvaluationContext,
  type OperandValue,
  type Policy,
  type PolicyScope,
} from './policy-types.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const RECYCLER: Claims = { did: 'did:web:recycler.example', roles: ['recycler', 'oem'], memberships: ['catena-x', 'battery-alliance'], purpose: 'recycling' };
const ctx = (claims: Claims = RECYCLER, scope: PolicyScope = 'negotiation'): EvaluationContext => ({ scope, claims, now: NOW });
const atom = (leftOperand: string, operator: AtomicConstraint['operator'], rightOperand: OperandValue | OperandValue[]): AtomicConstraint => ({
  leftOperand,
  operator,
  rightOperand,
});
const holds = (c: Constraint, claims: Claims = RECYCLER, scope: PolicyScope = 'negotiation'): boolean | null => evaluateConstraint(c, ctx(claims, scope)).holds;
const permit = (...constraints: Constraint[]): Policy => ({ permissions: [{ action: 'use', constraints }], prohibitions: [], obligations: [] });

/** [constraint, expected] for the claims of RECYCLER at NOW. */
const OPERATOR_CASES: [AtomicConstraint, boolean][] = [
  // role: a set of credentials {recycler, oem}
  [atom('role', 'eq', 'recycler'), true],
  [atom('role', 'eq', 'dismantler'), false],
  [atom('role', 'eq', ['oem', 'recycler']), true],
  [atom('role', 'eq', ['recycler']), false],
  [atom('role', 'neq', 'dismantler'), true],
  [atom('role', 'neq', 'recycler'), false],
  [atom('role', 'isA', 'recycler'), true],
  [atom('role', 'isA', 'authority'), false],
  [atom('role', 'hasPart', ['recycler']), true],
  [atom('role', 'hasPart', ['recycler', 'authority']), false],
  [atom('role', 'isPartOf', ['recycler', 'oem', 'dismantler']), true],
  [atom('role', 'isPartOf', ['recycler']), false],
  [atom('role', 'isAllOf', ['recycler', 'oem']), true],
  [atom('role', 'isAllOf', ['recycler', 'dismantler']), false],
  [atom('role', 'isAnyOf', ['dismantler', 'recycler']), true],
  [atom('role', 'isAnyOf', ['dismantler']), false],
  [atom('role', 'isNoneOf', ['authority', 'manufacturer']), true],
  [atom('role', 'isNoneOf', ['oem']), false],
  [atom('role', 'isAnyOf', [{ iri: `${ROLE_NAMESPACE}recycler` }]), true],
  [atom('role', 'gt', 'recycler'), false],
  // participant: one DID
  [atom('participant', 'eq', 'did:web:recycler.example'), true],
  [atom('participant', 'eq', 'did:web:other.example'), false],
  [atom('participant', 'neq', 'did:web:other.example'), true],
  [atom('participant', 'isAnyOf', ['did:web:a.example', 'did:web:recycler.example']), true],
  [atom('participant', 'isNoneOf', ['did:web:recycler.example']), false],
  [atom('participant', 'isPartOf', ['did:web:recycler.example', 'did:web:b.example']), true],
  // purpose: one declared value
  [atom('purpose', 'eq', 'recycling'), true],
  [atom('purpose', 'eq', { iri: `${PURPOSE_NAMESPACE}recycling` }), true],
  [atom('purpose', 'eq', 'repair'), false],
  [atom('purpose', 'isAnyOf', ['repair', 'recycling']), true],
  [atom('purpose', 'isNoneOf', ['marketing']), true],
  [atom('purpose', 'isNoneOf', ['recycling']), false],
  // membership: a set
  [atom('membership', 'hasPart', 'catena-x'), true],
  [atom('membership', 'isAllOf', ['catena-x', 'battery-alliance']), true],
  [atom('membership', 'isAllOf', ['catena-x', 'gaia-x']), false],
  [atom('membership', 'isAnyOf', ['gaia-x']), false],
  // dateTime: the evaluation instant against an xsd:dateTime
  [atom('dateTime', 'lt', '2030-01-01T00:00:00Z'), true],
  [atom('dateTime', 'lt', '2026-06-15T12:00:00Z'), false],
  [atom('dateTime', 'lteq', '2026-06-15T12:00:00Z'), true],
  [atom('dateTime', 'gt', '2026-06-15T11:59:59Z'), true],
  [atom('dateTime', 'gt', '2026-06-15T12:00:00Z'), false],
  [atom('dateTime', 'gteq', { value: '2026-06-15T14:00:00+02:00', datatype: 'xsd:dateTime' }), true],
  [atom('dateTime', 'eq', '2026-06-15T12:00:00.000Z'), true],
  [atom('dateTime', 'neq', '2026-06-15T12:00:00.000Z'), false],
  [atom('odrl:dateTime', 'gt', '2020-01-01T00:00:00Z'), true],
  [atom('dateTime', 'lt', '2030-01-01'), false],
  [atom('dateTime', 'isAnyOf', ['2026-06-15T12:00:00Z']), false],
];

describe('policy: operators per left operand', () => {
  for (const [c, expected] of OPERATOR_CASES) {
    test(`${c.leftOperand} ${c.operator} ${JSON.stringify(c.rightOperand)} → ${expected}`, () => {
      assert.equal(holds(c), expected);
    });
  }

  test('claims may carry role IRIs too', () => {
    const iriClaims: Claims = { ...RECYCLER, roles: [`${ROLE_NAMESPACE}dismantler`] };
    assert.equal(holds(atom('role', 'eq', 'dismantler'), iriClaims), true);
  });

  test('no declared purpose: every purpose constraint fails, even isNoneOf', () => {
    const silent: Claims = { did: 'did:web:x.example', roles: ['recycler'], memberships: [] };
    const r = evaluateConstraint(atom('purpose', 'isNoneOf', ['marketing']), ctx(silent));
    assert.deepEqual(r, { holds: false, reasons: ['purpose isNoneOf [marketing]: no purpose declared'] });
  });

  test('no roles: isPartOf fails (an empty set is not evidence), isNoneOf holds', () => {
    const nobody: Claims = { did: 'did:web:x.example', roles: [], memberships: [] };
    assert.equal(holds(atom('role', 'isPartOf', ['recycler']), nobody), false);
    assert.equal(holds(atom('role', 'isNoneOf', ['authority']), nobody), true);
  });

  test('left operand names in ODRL or our namespace', () => {
    assert.equal(normalizeLeftOperand('http://www.w3.org/ns/odrl/2/purpose'), 'purpose');
    assert.equal(normalizeLeftOperand('https://w3id.org/batteryloop/policy/role'), 'role');
    assert.equal(normalizeLeftOperand('spatial'), null);
  });

  test('a failing constraint is named, with the values it was checked against', () => {
    const r = evaluateConstraint(atom('role', 'isAnyOf', ['dismantler']), ctx());
    assert.deepEqual(r.reasons, ['role isAnyOf [dismantler] does not hold for role [recycler, oem]']);
  });
});

describe('policy: undecidable constraints fail closed', () => {
  test('an unsupported left operand or operator never grants', () => {
    const spatial = evaluatePolicy(permit(atom('spatial', 'eq', 'EU')), ctx());
    assert.equal(spatial.allowed, false);
    assert.match(spatial.reasons[0] ?? '', /permission\[0\] \(use\): spatial eq EU: unsupported left operand spatial/);
    const term = evaluatePolicy(permit(atom('role', 'term-lteq', 'P30D')), ctx());
    assert.equal(term.allowed, false);
    assert.match(term.reasons[0] ?? '', /unsupported operator term-lteq/);
  });

  test('an undecidable prohibition is taken to apply', () => {
    const p: Policy = { permissions: [{ action: 'use', constraints: [] }], prohibitions: [{ action: 'use', constraints: [atom('spatial', 'eq', 'EU')] }], obligations: [] };
    const r = evaluatePolicy(p, ctx());
    assert.equal(r.allowed, false);
    assert.match(r.reasons[0] ?? '', /^prohibition\[0\] \(use\) applies \(spatial eq EU: unsupported left operand spatial\)$/);
  });

  test('an off-shape constraint (e.g. from storage) is undecidable, not a crash', () => {
    const odd = [{ kind: 'logical', operator: 'and', constraints: [] }, { leftOperand: 'role', operator: 'eq', rightOperand: null }] as unknown as Constraint[];
    for (const c of odd) {
      const r = evaluatePolicy(permit(c), ctx());
      assert.equal(r.allowed, false);
      assert.match(r.reasons[0] ?? '', /malformed constraint/);
    }
  });

  test('unsupportedTerms lists what the engine cannot decide', () => {
    const p: Policy = {
      permissions: [{ action: 'use', constraints: [{ or: [atom('role', 'eq', 'recycler'), atom('count', 'lteq', 5)] }], duties: [{ action: 'delete', constraints: [atom('dateTime', 'lt', 'soon')] }] }],
      prohibitions: [],
      obligations: [],
    };
    assert.deepEqual(unsupportedTerms(p), [
      'permission[0]: count lteq 5: unsupported left operand count',
      'permission[0].duty[0]: dateTime lt soon: right operand is not one xsd:dateTime with a time zone',
    ]);
    assert.deepEqual(unsupportedTerms(permit(atom('role', 'isAnyOf', ['recycler']), atom('purpose', 'eq', 'repair'))), []);
  });
});

const T = atom('role', 'eq', 'recycler');
const F = atom('role', 'eq', 'authority');
const PURPOSE_ONLY = atom('purpose', 'eq', 'repair');

describe('policy: logical constraints', () => {
  const cases: [string, Constraint, boolean][] = [
    ['and(T, T)', { and: [T, T] }, true],
    ['and(T, F)', { and: [T, F] }, false],
    ['andSequence(T, T)', { andSequence: [T, T] }, true],
    ['andSequence(F, T)', { andSequence: [F, T] }, false],
    ['or(F, T)', { or: [F, T] }, true],
    ['or(F, F)', { or: [F, F] }, false],
    ['xone(T, F)', { xone: [T, F] }, true],
    ['xone(T, T)', { xone: [T, T] }, false],
    ['xone(F, F)', { xone: [F, F] }, false],
    ['or(and(T, F), xone(F, T))', { or: [{ and: [T, F] }, { xone: [F, T] }] }, true],
    ['and(or(F, F), T)', { and: [{ or: [F, F] }, T] }, false],
  ];
  for (const [name, c, expected] of cases) {
    test(`${name} → ${expected}`, () => assert.equal(holds(c), expected));
  }

  test('or names every failing branch', () => {
    const r = evaluateConstraint({ or: [F, atom('membership', 'hasPart', 'gaia-x')] }, ctx());
    assert.equal(r.reasons.length, 1);
    assert.match(r.reasons[0] ?? '', /^or: none holds \(role eq authority does not hold .*; membership hasPart gaia-x does not hold/);
  });

  test('xone reports how many held', () => {
    assert.deepEqual(evaluateConstraint({ xone: [T, T] }, ctx()).reasons, ['xone: 2 of 2 constraints hold, exactly one must']);
  });

  test('a nesting deeper than 32 levels is not evaluated', () => {
    let c: Constraint = T;
    for (let i = 0; i < 40; i++) c = { and: [c] };
    assert.equal(holds(c), false);
  });

  test('property: or/and/xone over decided constraints match boolean logic', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), (bits) => {
        const parts = bits.map((b) => (b ? T : F));
        assert.equal(holds({ and: parts }), bits.every(Boolean));
        assert.equal(holds({ or: parts }), bits.some(Boolean));
        assert.equal(holds({ xone: parts }), bits.filter(Boolean).length === 1);
      }),
    );
  });

  test('property: isNoneOf is the negation of isAnyOf, isAllOf implies isAnyOf', () => {
    const roleArb = fc.constantFrom('recycler', 'oem', 'dismantler', 'authority', 'manufacturer');
    fc.assert(
      fc.property(fc.uniqueArray(roleArb), fc.uniqueArray(roleArb, { minLength: 1 }), (held, listed) => {
        const claims: Claims = { did: 'did:web:x.example', roles: held, memberships: [] };
        const anyOf = holds(atom('role', 'isAnyOf', listed), claims);
        assert.equal(holds(atom('role', 'isNoneOf', listed), claims), !anyOf);
        if (holds(atom('role', 'isAllOf', listed), claims)) assert.equal(anyOf, true);
      }),
    );
  });
});

describe('policy: scopes', () => {
  test('purpose is not checked in the catalog or at transfer, only when negotiating', () => {
    const p = permit(T, PURPOSE_ONLY);
    assert.equal(evaluatePolicy(p, ctx(RECYCLER, 'catalog')).allowed, true);
    assert.equal(evaluatePolicy(p, ctx(RECYCLER, 'transfer')).allowed, true);
    assert.equal(evaluatePolicy(p, ctx(RECYCLER, 'negotiation')).allowed, false);
  });

  test('a logical constraint made only of unchecked parts is left out', () => {
    assert.equal(holds({ or: [PURPOSE_ONLY] }, RECYCLER, 'catalog'), null);
    assert.equal(holds({ xone: [PURPOSE_ONLY, T] }, RECYCLER, 'catalog'), true);
  });

  test('dateTime is re-checked at transfer: an agreement that expired no longer grants', () => {
    const p = permit(T, atom('dateTime', 'lt', '2026-01-01T00:00:00Z'));
    const r = evaluatePolicy(p, ctx(RECYCLER, 'transfer'));
    assert.equal(r.allowed, false);
    assert.deepEqual(r.reasons, ['permission[0] (use): dateTime lt 2026-01-01T00:00:00Z does not hold at 2026-06-15T12:00:00.000Z']);
  });
});

describe('policy: rules', () => {
  test('no permission: nothing is allowed (an empty policy is not "allow all")', () => {
    const r = evaluatePolicy({ permissions: [], prohibitions: [], obligations: [] }, ctx());
    assert.deepEqual(r, { allowed: false, reasons: ['no permission grants use'] });
  });

  test('an unconstrained use permission allows, whatever the claims', () => {
    assert.deepEqual(evaluatePolicy(permit(), ctx({ did: 'did:web:anyone.example', roles: [], memberships: [] })), { allowed: true, reasons: [] });
  });

  test('use covers other actions; a narrower action does not cover use', () => {
    assert.equal(evaluatePolicy(permit(), { ...ctx(), action: 'read' }).allowed, true);
    const readOnly: Policy = { permissions: [{ action: 'odrl:read', constraints: [] }], prohibitions: [], obligations: [] };
    assert.equal(evaluatePolicy(readOnly, { ...ctx(), action: 'read' }).allowed, true);
    assert.equal(evaluatePolicy(readOnly, ctx()).allowed, false);
  });

  test('any one permission suffices; failing ones are reported only when none grants', () => {
    const p: Policy = { permissions: [{ action: 'use', constraints: [F] }, { action: 'use', constraints: [T] }], prohibitions: [], obligations: [] };
    assert.deepEqual(evaluatePolicy(p, ctx()), { allowed: true, reasons: [] });
    const none: Policy = { ...p, permissions: [{ action: 'use', constraints: [F] }] };
    assert.deepEqual(evaluatePolicy(none, ctx()).reasons, ['permission[0] (use): role eq authority does not hold for role [recycler, oem]']);
  });

  test('an applicable prohibition overrides a permission; an inapplicable one does not', () => {
    const p: Policy = { permissions: [{ action: 'use', constraints: [] }], prohibitions: [{ action: 'use', constraints: [atom('participant', 'eq', RECYCLER.did)] }], obligations: [] };
    assert.deepEqual(evaluatePolicy(p, ctx()), { allowed: false, reasons: ['prohibition[0] (use) applies'] });
    const other = { ...p, prohibitions: [{ action: 'use', constraints: [atom('participant', 'eq', 'did:web:else.example')] }] };
    assert.equal(evaluatePolicy(other, ctx()).allowed, true);
  });

  test('obligations and duties must be fulfillable by the caller', () => {
    const withObligation: Policy = { ...permit(), obligations: [{ action: 'compensate', constraints: [] }] };
    assert.deepEqual(evaluatePolicy(withObligation, ctx()), { allowed: false, reasons: ['obligation[0] (compensate) cannot be fulfilled'] });
    assert.equal(evaluatePolicy(withObligation, { ...ctx(), fulfillableDuties: ['compensate'] }).allowed, true);
    const notApplicable: Policy = { ...permit(), obligations: [{ action: 'compensate', constraints: [F] }] };
    assert.equal(evaluatePolicy(notApplicable, ctx()).allowed, true);
    const duty: Policy = { permissions: [{ action: 'use', constraints: [], duties: [{ action: 'odrl:delete', constraints: [] }] }], prohibitions: [], obligations: [] };
    assert.deepEqual(evaluatePolicy(duty, ctx()).reasons, ['permission[0] (use) duty[0] (odrl:delete) cannot be fulfilled']);
    assert.equal(evaluatePolicy(duty, { ...ctx(), fulfillableDuties: ['delete'] }).allowed, true);
  });
});
