/**
 * Test-only fast-check arbitraries for the internal policy model and builder inputs. Optional lists are either
 * absent or non-empty, matching how the builders normalise them (an empty list is left out on the wire).
 */
import fc from 'fast-check';
import type { DatasetInput, DataServiceInput, DistributionInput } from '../builders-catalog.js';
import type { DataAddressInput } from '../builders-transfer.js';
import type { AgreementTerms, Constraint, OfferTerms, OperandValue, PolicyDoc, RightOperand, Rule } from '../odrl.js';
import { LOGICAL_OPERATORS, ODRL_OPERATORS } from '../wire-policy.js';

/** Records with an ordinary prototype: builders emit plain objects and deepStrictEqual compares prototypes. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as unknown as fc.Arbitrary<T>;
}

export const idArb = fc.oneof(
  fc.uuid().map((u) => `urn:uuid:${u}`),
  fc.string({ minLength: 1, maxLength: 24 }),
);

/** http(s) URLs, sometimes with a trailing slash (both forms must work). */
export const urlArb = fc
  .tuple(fc.webUrl({ withQueryParameters: false, withFragments: false }), fc.boolean())
  .map(([u, slash]) => (slash && !u.endsWith('/') ? `${u}/` : u));

const finiteNumber = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => (Object.is(n, -0) ? 0 : n));

export const operandArb: fc.Arbitrary<OperandValue> = fc.oneof(
  fc.string({ maxLength: 16 }),
  finiteNumber,
  fc.boolean(),
  idArb.map((iri) => ({ iri })),
  rec({ value: fc.string({ maxLength: 16 }), datatype: fc.constantFrom('xsd:dateTime', 'xsd:date', 'xsd:integer', 'https://example.org/unit#kWh') }),
);

export const rightOperandArb: fc.Arbitrary<RightOperand> = fc.oneof(operandArb, fc.array(operandArb, { maxLength: 3 }));

export const constraintArb: fc.Arbitrary<Constraint> = fc.letrec<{ c: Constraint }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    rec({
      kind: fc.constant('atomic' as const),
      leftOperand: fc.constantFrom('purpose', 'role', 'dateTime', 'spatial', 'https://w3id.org/batteryloop/policy/role'),
      operator: fc.constantFrom(...ODRL_OPERATORS),
      rightOperand: rightOperandArb,
    }),
    rec({
      kind: fc.constant('logical' as const),
      operator: fc.constantFrom(...LOGICAL_OPERATORS),
      constraints: fc.array(tie('c'), { maxLength: 3 }),
    }),
  ),
})).c;

const actionArb = fc.constantFrom('use', 'read', 'distribute', 'delete', 'https://w3id.org/batteryloop/policy/dismantle');

const plainRuleArb: fc.Arbitrary<Rule> = rec({ action: actionArb, constraints: fc.array(constraintArb, { maxLength: 3 }) });

const permissionArb: fc.Arbitrary<Rule> = fc
  .tuple(plainRuleArb, fc.option(fc.array(plainRuleArb, { minLength: 1, maxLength: 2 }), { nil: undefined }))
  .map(([rule, duties]) => (duties ? { ...rule, duties } : rule));

export const policyArb: fc.Arbitrary<PolicyDoc> = rec({
    permissions: fc.array(permissionArb, { maxLength: 3 }),
    prohibitions: fc.array(plainRuleArb, { maxLength: 2 }),
    obligations: fc.array(plainRuleArb, { maxLength: 2 }),
  })
  .filter((p) => p.permissions.length + p.prohibitions.length > 0);

const profilesArb = fc.option(fc.array(fc.webUrl(), { minLength: 1, maxLength: 2 }), { nil: undefined });

export const targetedOfferArb: fc.Arbitrary<OfferTerms & { target: string }> = rec({ id: idArb, target: idArb, profiles: profilesArb, policy: policyArb })
  .map(({ profiles, ...rest }) => (profiles ? { ...rest, profiles } : rest));

export const catalogOfferArb: fc.Arbitrary<Omit<OfferTerms, 'target'>> = rec({ id: idArb, profiles: profilesArb, policy: policyArb })
  .map(({ profiles, ...rest }) => (profiles ? { ...rest, profiles } : rest));

const timestampArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

export const agreementArb: fc.Arbitrary<AgreementTerms> = rec({ id: idArb, target: idArb, assigner: idArb, assignee: idArb, timestamp: timestampArb, profiles: profilesArb, policy: policyArb })
  .map(({ profiles, ...rest }) => (profiles ? { ...rest, profiles } : rest));

export const dataServiceArb: fc.Arbitrary<DataServiceInput> = rec({ id: idArb, endpointURL: urlArb });

export const distributionArb: fc.Arbitrary<DistributionInput> = rec({
    format: fc.constantFrom('HttpData-PULL', 'HttpData-PUSH', 'AmazonS3-PUSH'),
    accessService: fc.oneof(idArb, dataServiceArb),
    offers: fc.option(fc.array(catalogOfferArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  })
  .map(({ offers, ...rest }) => (offers ? { ...rest, offers } : rest));

export const datasetInputArb: fc.Arbitrary<DatasetInput> = rec({
  id: idArb,
  offers: fc.array(catalogOfferArb, { minLength: 1, maxLength: 2 }),
  distributions: fc.array(distributionArb, { minLength: 1, maxLength: 2 }),
});

export const dataAddressArb: fc.Arbitrary<DataAddressInput> = rec({
    endpointType: fc.constantFrom('https://w3id.org/idsa/v4.1/HTTP', 'HttpData'),
    endpoint: fc.option(urlArb, { nil: undefined }),
    properties: fc.option(fc.array(rec({ name: fc.constantFrom('authorization', 'authType', 'expiresIn'), value: fc.string() }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as unknown as DataAddressInput);

export const reasonArb = fc.option(fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 2 }), { nil: undefined });
export const codeArb = fc.option(fc.string({ maxLength: 8 }), { nil: undefined });
