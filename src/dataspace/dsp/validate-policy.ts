/**
 * Checks for the ODRL subset on the wire (`negotiation/contract-schema.json`) plus the DSP 2025-1 rules the schema
 * leaves to the spec text (Contract Negotiation Protocol, "Offer" and "Agreement"):
 * - an Offer in a message must have `@id` (the provider answers an unknown `@id` with an error);
 * - Offers and Agreements carry `target`, their rules must not (ODRL compact-policy inference);
 * - an Agreement must have `timestamp` (xsd:dateTime), `assigner` and `assignee`.
 */
import {
  anyString,
  arr,
  constant,
  either,
  fail,
  forbid,
  has,
  id,
  isRecord,
  obj,
  opt,
  req,
  str,
  type Check,
  type ObjectRule,
  type Prop,
} from './validate-kit.js';
import { LOGICAL_OPERATORS, ODRL_OPERATORS } from './wire-policy.js';

/**
 * xsd:dateTime, the schema's `timestamp` pattern anchored at both ends (upstream leaves it unanchored, which would
 * accept any string that merely contains a date-time).
 */
export const XSD_DATE_TIME =
  /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$/;

export const xsdDateTime: Check = str({
  refine: (s) => (XSD_DATE_TIME.test(s) ? null : `must be an xsd:dateTime such as 2025-01-31T12:00:00Z (got ${JSON.stringify(s)})`),
});

const ATOMIC_KEYS = ['leftOperand', 'operator', 'rightOperand'] as const;

/** `RightOperand`: string, object or array (one of them; a bare number, boolean or null is not allowed). */
const rightOperand: Check = (v, path, out) => {
  if (typeof v === 'string' || isRecord(v) || Array.isArray(v)) return;
  fail(out, path, `must be a string, an object (e.g. {"@value": ..., "@type": ...} or {"@id": ...}) or an array (got ${v === null ? 'null' : typeof v})`);
};

const atomicConstraint = obj({
  leftOperand: req(id),
  operator: req(str({ oneOf: ODRL_OPERATORS })),
  rightOperand: req(rightOperand),
});

/** `Constraint`: exactly one of a LogicalConstraint (one of and/andSequence/or/xone) or an AtomicConstraint. */
export const constraint: Check = (v, path, out) => {
  if (!isRecord(v)) return fail(out, path, 'must be an object');
  const logical = LOGICAL_OPERATORS.filter((k) => has(v, k));
  if (logical.length > 1) {
    return fail(out, path, `must have exactly one of ${LOGICAL_OPERATORS.join(', ')} (has ${logical.join(', ')})`);
  }
  if (logical.length === 1) {
    const mixed = ATOMIC_KEYS.filter((k) => has(v, k));
    if (mixed.length > 0) {
      return fail(out, path, `must be either a logical constraint or an atomic constraint (has ${logical[0]} and ${mixed.join(', ')})`);
    }
    const key = logical[0] as string;
    return constraintList(v[key], [...path, key], out);
  }
  atomicConstraint(v, path, out);
};

const constraintList: Check = arr(constraint);

const noRuleTarget = forbid('target', 'a rule inherits the target of its Offer or Agreement (DSP 2025-1, ODRL compact policies)');

export const duty: Check = obj({ action: req(id), constraint: opt(constraintList) }, noRuleTarget);
export const permission: Check = obj({ action: req(id), constraint: opt(constraintList), duty: opt(arr(duty, 1)) }, noRuleTarget);
export const prohibition: Check = obj({ action: req(id), constraint: opt(constraintList) }, noRuleTarget);

const profile: Check = either(Array.isArray, arr(anyString), anyString);

const policyClassProps: Record<string, Prop> = {
  '@id': req(id),
  profile: opt(profile),
  permission: opt(arr(permission, 1)),
  prohibition: opt(arr(prohibition, 1)),
  obligation: opt(arr(duty, 1)),
};

const needsPermissionOrProhibition: ObjectRule = (o, path, out) => {
  if (!has(o, 'permission') && !has(o, 'prohibition')) {
    fail(out, [...path, 'permission'], 'is required unless prohibition is present (a policy needs at least one permission or prohibition)');
  }
};

/** `MessageOffer`: an Offer inside a ContractRequestMessage (and the base of the ContractOfferMessage offer). */
export const messageOffer: Check = obj(
  { ...policyClassProps, '@type': req(constant('Offer')), target: opt(id) },
  needsPermissionOrProhibition,
);

/** The offer of a ContractOfferMessage also requires `target`. */
export const targetedOffer: Check = obj(
  { ...policyClassProps, '@type': req(constant('Offer')), target: req(id) },
  needsPermissionOrProhibition,
);

/** `Offer` in a catalog `hasPolicy`: no `target` (the dataset is the target). */
export const datasetOffer: Check = obj(
  { ...policyClassProps, '@type': opt(constant('Offer')) },
  needsPermissionOrProhibition,
  forbid('target', 'an Offer in a catalog hasPolicy takes the enclosing Dataset as its target'),
);

export const agreement: Check = obj(
  {
    ...policyClassProps,
    '@type': req(constant('Agreement')),
    target: req(id),
    assigner: req(id),
    assignee: req(id),
    timestamp: req(xsdDateTime),
  },
  needsPermissionOrProhibition,
);
