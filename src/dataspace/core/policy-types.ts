/**
 * The policy shape the evaluator works on: a small, typed ODRL 2.2 subset matching the DSP 2025-1 `contract-schema.json`
 * (operators, logical constraints `and`/`or`/`xone`/`andSequence`, permission/prohibition/obligation rules). The wire
 * layer (`dsp/`) maps compact JSON-LD ODRL to this shape; core never sees JSON-LD.
 */

export const OPERATORS = ['eq', 'neq', 'gt', 'gteq', 'lt', 'lteq', 'isA', 'hasPart', 'isPartOf', 'isAllOf', 'isAnyOf', 'isNoneOf'] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * `term-lteq` (a contract-term duration) is in the DSP ODRL subset but has no left operand we evaluate, so a
 * constraint using it never holds (it can still be carried through mapping without loss).
 */
export type ConstraintOperator = Operator | 'term-lteq';

export const LEFT_OPERANDS = ['role', 'participant', 'purpose', 'dateTime', 'membership'] as const;
export type LeftOperand = (typeof LEFT_OPERANDS)[number];

/** Our policy vocabulary: `role`, `participant` and `membership` may also appear as IRIs in this namespace. */
export const POLICY_NAMESPACE = 'https://w3id.org/batteryloop/policy/';
/** Roles may be written as plain names (`recycler`) or IRIs in this namespace. */
export const ROLE_NAMESPACE = 'https://w3id.org/batteryloop/role/';
/** Purposes may be written as plain names (`recycling`) or IRIs in this namespace. */
export const PURPOSE_NAMESPACE = 'https://w3id.org/batteryloop/purpose/';
export const ODRL_NAMESPACE = 'http://www.w3.org/ns/odrl/2/';

/**
 * A right-operand value: a string literal, number or boolean, an IRI reference, or a typed literal such as an
 * xsd:dateTime. The same union as the wire layer's `OperandValue`, so mapping is a plain copy.
 */
export type OperandValue = string | number | boolean | { iri: string } | { value: string; datatype: string };

export interface AtomicConstraint {
  leftOperand: string;
  operator: ConstraintOperator;
  /** A single value, or a list for the set operators (`isAnyOf`, `isAllOf`, `isNoneOf`, `isPartOf`, `hasPart`). */
  rightOperand: OperandValue | readonly OperandValue[];
}

/** ODRL 2.2 §2.5.2 logical constraints. `andSequence` is `and` evaluated in order (no difference for pure checks). */
export type LogicalConstraint =
  | { and: readonly Constraint[] }
  | { or: readonly Constraint[] }
  | { xone: readonly Constraint[] }
  | { andSequence: readonly Constraint[] };

export type Constraint = AtomicConstraint | LogicalConstraint;

export interface Rule {
  /** ODRL action, e.g. `use` (compact; `odrl:use` and the full IRI are accepted too). */
  action: string;
  /** Conjunctive: every constraint must hold. */
  constraints: readonly Constraint[];
  /** Duties of a permission (ODRL 2.2 §2.6.2): the permission is granted only if each applicable duty can be fulfilled. */
  duties?: readonly Rule[];
}

export interface Policy {
  permissions: readonly Rule[];
  prohibitions: readonly Rule[];
  obligations: readonly Rule[];
}

/**
 * Where a policy is evaluated, after EDC's scopes: `catalog` = access policy (who sees an offer), `negotiation` =
 * contract policy when a request arrives, `transfer` = the agreement re-checked when a transfer is requested.
 */
export type PolicyScope = 'catalog' | 'negotiation' | 'transfer';

/** What the evaluator knows about the requesting participant, from its verified credentials (DCP). */
export interface Claims {
  did: string;
  /** Role credentials held (`Role` names of `passport/core/types.ts`, or IRIs in `ROLE_NAMESPACE`). */
  roles: readonly string[];
  memberships: readonly string[];
  /** The purpose the participant declared for this request, if any. */
  purpose?: string;
}

export interface EvaluationContext {
  scope: PolicyScope;
  claims: Claims;
  /** The evaluation instant; `dateTime` constraints compare against it. */
  now: Date;
  /** The action requested; `use` when omitted. */
  action?: string;
  /** Duty actions the caller can fulfil and will record. Any other applicable duty or obligation denies. */
  fulfillableDuties?: readonly string[];
}

export interface Evaluation {
  allowed: boolean;
  /** Why access was denied, each naming the rule and the failing constraint; empty when allowed. */
  reasons: string[];
}

export function isLogical(c: Constraint): c is LogicalConstraint {
  return 'and' in c || 'or' in c || 'xone' in c || 'andSequence' in c;
}

export function logicalParts(c: LogicalConstraint): { op: 'and' | 'or' | 'xone' | 'andSequence'; parts: readonly Constraint[] } {
  if ('and' in c) return { op: 'and', parts: c.and };
  if ('or' in c) return { op: 'or', parts: c.or };
  if ('xone' in c) return { op: 'xone', parts: c.xone };
  return { op: 'andSequence', parts: c.andSequence };
}
