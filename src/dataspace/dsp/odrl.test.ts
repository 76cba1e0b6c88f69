/**
 * The internal policy model ↔ wire ODRL: lossless round trips, strict refusal of terms outside the subset,
 * operand encodings, and set-semantics equality.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { readJsonAnyEncoding, skipWithoutShared } from '../../../test/support/shared.js';
import {
  agreementFromWire,
  agreementToWire,
  canonicalPolicy,
  checkPolicyDoc,
  datasetOfferToWire,
  offerFromWire,
  offerToWire,
  policyFromWire,
  policyToWire,
  samePolicy,
  type Constraint,
  type OfferTerms,
  type PolicyDoc,
} from './index.js';
import { agreementArb, policyArb, targetedOfferArb } from './test-support/arbitraries.js';
import { DSP_FIXTURES } from './test-support/dsp-schemas.js';

const atom = (leftOperand: string, rightOperand: string): Constraint => ({ kind: 'atomic', leftOperand, operator: 'eq', rightOperand });

test('the full upstream agreement example converts with every logical operator, and back to the same rules', { skip: skipWithoutShared }, () => {
  const msg = readJsonAnyEncoding(join(DSP_FIXTURES, 'negotiation/example/contract-agreement-message-full.json')) as { agreement: Record<string, unknown> };
  const result = agreementFromWire(msg.agreement);
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.errors));
  const terms = result.value;
  assert.equal(terms.timestamp, '2023-01-01T01:00:00Z');
  assert.deepEqual(terms.profiles, ['https://test.com/profile']);
  assert.equal(terms.policy.permissions.length, 7);
  const logicalOps = terms.policy.permissions.flatMap((r) => r.constraints).filter((c) => c.kind === 'logical').map((c) => c.operator);
  assert.deepEqual(logicalOps, ['and', 'or', 'andSequence', 'xone', 'or']);
  const nested = terms.policy.permissions[6]?.constraints[0];
  assert.deepEqual(nested, {
    kind: 'logical',
    operator: 'or',
    constraints: [
      { kind: 'logical', operator: 'and', constraints: [atom('constraint1', 'value1'), atom('constraint2', 'value2')] },
      atom('partner', 'silver'),
    ],
  });
  // The rules come back exactly as published.
  assert.deepEqual(agreementToWire(terms).permission, msg.agreement.permission);
});

test('catalog offers from the upstream examples convert (no target)', { skip: skipWithoutShared }, () => {
  const ds = readJsonAnyEncoding(join(DSP_FIXTURES, 'catalog/example/dataset.json')) as { hasPolicy: unknown[] };
  const result = offerFromWire(ds.hasPolicy[0]);
  assert.ok(result.ok);
  assert.equal(result.value.target, undefined);
  assert.deepEqual(result.value.policy.permissions[0]?.constraints, [{ kind: 'atomic', leftOperand: 'spatial', operator: 'eq', rightOperand: '_:EU' }]);
});

test('right operands: numbers, booleans, IRIs and typed literals use JSON-LD value objects on the wire', () => {
  const policy: PolicyDoc = {
    permissions: [
      {
        action: 'use',
        constraints: [
          { kind: 'atomic', leftOperand: 'count', operator: 'lteq', rightOperand: 5 },
          { kind: 'atomic', leftOperand: 'ratio', operator: 'lt', rightOperand: 0.25 },
          { kind: 'atomic', leftOperand: 'verified', operator: 'eq', rightOperand: true },
          { kind: 'atomic', leftOperand: 'role', operator: 'isAnyOf', rightOperand: [{ iri: 'https://w3id.org/batteryloop/role/recycler' }, 'dismantler'] },
          { kind: 'atomic', leftOperand: 'dateTime', operator: 'lt', rightOperand: { value: '2030-01-01T00:00:00Z', datatype: 'xsd:dateTime' } },
        ],
      },
    ],
    prohibitions: [],
    obligations: [],
  };
  const wire = policyToWire(policy);
  assert.deepEqual(
    wire.permission?.[0]?.constraint?.map((c) => ('rightOperand' in c ? c.rightOperand : null)),
    [
      { '@value': 5, '@type': 'xsd:integer' },
      { '@value': 0.25, '@type': 'xsd:double' },
      { '@value': true, '@type': 'xsd:boolean' },
      [{ '@id': 'https://w3id.org/batteryloop/role/recycler' }, 'dismantler'],
      { '@value': '2030-01-01T00:00:00Z', '@type': 'xsd:dateTime' },
    ],
  );
  assert.deepEqual(policyFromWire(JSON.parse(JSON.stringify(wire))), { ok: true, value: policy });
  // Value objects written by other implementations.
  const other = policyFromWire({
    permission: [
      {
        action: 'use',
        constraint: [
          { leftOperand: 'n', operator: 'eq', rightOperand: { '@value': 7, '@type': 'http://www.w3.org/2001/XMLSchema#decimal' } },
          { leftOperand: 's', operator: 'eq', rightOperand: { '@value': 'plain' } },
        ],
      },
    ],
  });
  assert.ok(other.ok);
  assert.deepEqual(
    other.value.permissions[0]?.constraints.map((c) => (c.kind === 'atomic' ? c.rightOperand : null)),
    [7, 'plain'],
  );
});

test('terms outside the supported subset are refused, not dropped', () => {
  const cases: [string, unknown, string][] = [
    ['unit on a constraint', { permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq', rightOperand: 'y', unit: 'kWh' }] }] }, 'permission.0.constraint.0.unit'],
    ['rightOperandReference', { permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq', rightOperand: 'y', rightOperandReference: 'z' }] }] }, 'permission.0.constraint.0.rightOperandReference'],
    ['remedy on a prohibition', { prohibition: [{ action: 'use', remedy: [{ action: 'delete' }] }] }, 'prohibition.0.remedy'],
    ['duty on an obligation', { permission: [{ action: 'use' }], obligation: [{ action: 'pay', duty: [{ action: 'x' }] }] }, 'obligation.0.duty'],
    ['inheritFrom on the policy', { permission: [{ action: 'use' }], inheritFrom: 'urn:policy:base' }, 'inheritFrom'],
    ['language-tagged operand', { permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq', rightOperand: { '@value': 'y', '@language': 'de' } }] }] }, 'permission.0.constraint.0.rightOperand'],
    ['numeric value with a string datatype', { permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq', rightOperand: { '@value': 1, '@type': 'xsd:string' } }] }] }, 'permission.0.constraint.0.rightOperand'],
    ['nested operand arrays', { permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'isAnyOf', rightOperand: [['a']] }] }] }, 'permission.0.constraint.0.rightOperand.0'],
    ['a rule with target', { permission: [{ action: 'use', target: 'urn:x' }] }, 'permission.0.target'],
    ['no permission and no prohibition', { obligation: [{ action: 'pay' }] }, 'permission'],
  ];
  for (const [name, wire, field] of cases) {
    const result = policyFromWire(wire);
    assert.equal(result.ok, false, name);
    assert.ok(!result.ok && result.errors.some((e) => e.field === field), `${name}: ${JSON.stringify(result.ok ? [] : result.errors)}`);
  }
});

test('checkPolicyDoc reports what the wire cannot carry', () => {
  assert.deepEqual(checkPolicyDoc({ permissions: [{ action: 'use', constraints: [] }], prohibitions: [], obligations: [] }), []);
  const bad: PolicyDoc = {
    permissions: [{ action: '', constraints: [{ kind: 'atomic', leftOperand: 'x', operator: 'eq', rightOperand: Number.POSITIVE_INFINITY }] }],
    prohibitions: [{ action: 'use', constraints: [], duties: [{ action: 'x', constraints: [] }] }],
    obligations: [],
  };
  assert.deepEqual(
    checkPolicyDoc(bad).map((e) => e.field),
    ['permissions.0.action', 'permissions.0.constraints.0.rightOperand', 'prohibitions.0.duties'],
  );
  assert.deepEqual(checkPolicyDoc({ permissions: [], prohibitions: [], obligations: [{ action: 'pay', constraints: [] }] }).map((e) => e.field), ['permissions']);
});

test('a catalog offer is emitted without target even when the terms carry one', () => {
  const terms: OfferTerms = { id: 'urn:offer:1', target: 'urn:dataset:1', policy: { permissions: [{ action: 'use', constraints: [] }], prohibitions: [], obligations: [] } };
  const wire = datasetOfferToWire(terms);
  assert.deepEqual(wire, { '@id': 'urn:offer:1', '@type': 'Offer', permission: [{ action: 'use' }] });
});

test('samePolicy treats rule lists, constraints and and/or/xone operands as sets, andSequence as ordered', () => {
  const a = atom('a', '1');
  const b = atom('b', '2');
  const base = (cs: Constraint[]): PolicyDoc => ({ permissions: [{ action: 'use', constraints: cs }], prohibitions: [], obligations: [] });
  assert.ok(samePolicy(base([a, b]), base([b, a])));
  assert.ok(samePolicy(base([{ kind: 'logical', operator: 'or', constraints: [a, b] }]), base([{ kind: 'logical', operator: 'or', constraints: [b, a] }])));
  assert.ok(!samePolicy(base([{ kind: 'logical', operator: 'andSequence', constraints: [a, b] }]), base([{ kind: 'logical', operator: 'andSequence', constraints: [b, a] }])));
  assert.ok(!samePolicy(base([{ kind: 'logical', operator: 'or', constraints: [a, b] }]), base([{ kind: 'logical', operator: 'xone', constraints: [a, b] }])));
  assert.ok(samePolicy(base([{ kind: 'atomic', leftOperand: 'r', operator: 'isAnyOf', rightOperand: ['x', 'y'] }]), base([{ kind: 'atomic', leftOperand: 'r', operator: 'isAnyOf', rightOperand: ['y', 'x'] }])));
  // A number and its string spelling are different values.
  assert.ok(!samePolicy(base([{ kind: 'atomic', leftOperand: 'n', operator: 'eq', rightOperand: 5 }]), base([{ kind: 'atomic', leftOperand: 'n', operator: 'eq', rightOperand: '5' }])));
  assert.ok(!samePolicy(base([a]), { ...base([a]), prohibitions: [{ action: 'use', constraints: [] }] }));
});

test('property: PolicyDoc → wire → PolicyDoc is the identity', () => {
  fc.assert(
    fc.property(policyArb, (policy) => {
      const wire = JSON.parse(JSON.stringify(policyToWire(policy))) as unknown;
      assert.deepStrictEqual(policyFromWire(wire), { ok: true, value: policy });
    }),
    { numRuns: 300 },
  );
});

test('property: offers and agreements round-trip through the wire with their identity', () => {
  fc.assert(
    fc.property(targetedOfferArb, agreementArb, (offer, agreement) => {
      assert.deepStrictEqual(offerFromWire(JSON.parse(JSON.stringify(offerToWire(offer)))), { ok: true, value: offer });
      assert.deepStrictEqual(agreementFromWire(JSON.parse(JSON.stringify(agreementToWire(agreement)))), { ok: true, value: agreement });
    }),
    { numRuns: 200 },
  );
});

test('property: samePolicy is invariant under reordering rules and constraints', () => {
  fc.assert(
    fc.property(policyArb, (policy) => {
      const reversed: PolicyDoc = {
        permissions: [...policy.permissions].reverse().map((r) => ({ ...r, constraints: [...r.constraints].reverse() })),
        prohibitions: [...policy.prohibitions].reverse(),
        obligations: [...policy.obligations].reverse(),
      };
      assert.equal(canonicalPolicy(reversed), canonicalPolicy(policy));
    }),
    { numRuns: 200 },
  );
});
