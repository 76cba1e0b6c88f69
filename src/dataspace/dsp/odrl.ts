/**
 * The internal policy model and its conversion to and from the ODRL subset on the DSP wire
 * (`negotiation/contract-schema.json`, ODRL 2.2 Information Model). State machines and the policy engine work on
 * `PolicyDoc` only; wire JSON stays inside `dsp/`.
 *
 * Conversion from the wire is strict: a term outside the subset (e.g. `unit`, `rightOperandReference`, `remedy`,
 * `inheritFrom`) is an error, not silently dropped, because ignoring a restriction would widen what we agree to.
 */
import { DspBuildError } from './build-kit.js';
import { fail, type FieldError, type Path } from './validate-kit.js';
import {
  LOGICAL_OPERATORS,
  ODRL_OPERATORS,
  type Agreement,
  type DatasetOffer,
  type JsonValue,
  type LogicalOperator,
  type OdrlOperator,
  type Offer,
  type WireConstraint,
  type WireDuty,
  type WirePermission,
  type WirePolicyRules,
  type WireRightOperand,
} from './wire-policy.js';
import { XSD_DATE_TIME } from './validate-policy.js';

export { LOGICAL_OPERATORS, ODRL_OPERATORS, type LogicalOperator, type OdrlOperator };

/**
 * One right-operand value: a plain string literal, a number or boolean (sent as an xsd-typed JSON-LD value),
 * an IRI reference (`{"@id"}`), or another typed literal such as an xsd:dateTime (`{"@value", "@type"}`).
 */
export type OperandValue = string | number | boolean | { iri: string } | { value: string; datatype: string };
export type RightOperand = OperandValue | OperandValue[];

export interface AtomicConstraint {
  kind: 'atomic';
  leftOperand: string;
  operator: OdrlOperator;
  rightOperand: RightOperand;
}

export interface LogicalConstraint {
  kind: 'logical';
  operator: LogicalOperator;
  constraints: Constraint[];
}

export type Constraint = AtomicConstraint | LogicalConstraint;

/** A permission, prohibition or obligation. `duties` only on permissions (ODRL 2.2 §2.6.2, `duty`). */
export interface Rule {
  action: string;
  /** Conjunctive: every constraint must hold. */
  constraints: Constraint[];
  duties?: Rule[];
}

export interface PolicyDoc {
  permissions: Rule[];
  prohibitions: Rule[];
  obligations: Rule[];
}

/** An Offer: the policy plus its identity. `target` is absent for offers listed in a catalog `hasPolicy`. */
export interface OfferTerms {
  id: string;
  target?: string;
  profiles?: string[];
  policy: PolicyDoc;
}

/** An Agreement: the policy plus the parties and the moment of agreement (xsd:dateTime). */
export interface AgreementTerms {
  id: string;
  target: string;
  assigner: string;
  assignee: string;
  timestamp: string;
  profiles?: string[];
  policy: PolicyDoc;
}

export type OdrlResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const MAX_NESTING = 32;

// ---- internal → wire ---------------------------------------------------------------------------------------

function operandToWire(v: OperandValue): JsonValue {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return { '@value': v, '@type': Number.isInteger(v) ? 'xsd:integer' : 'xsd:double' };
  if (typeof v === 'boolean') return { '@value': v, '@type': 'xsd:boolean' };
  if ('iri' in v) return { '@id': v.iri };
  return { '@value': v.value, '@type': v.datatype };
}

function rightOperandToWire(r: RightOperand): WireRightOperand {
  // A single operand always maps to a string or an object, both allowed by `RightOperand`.
  return Array.isArray(r) ? r.map(operandToWire) : (operandToWire(r) as WireRightOperand);
}

function constraintToWire(c: Constraint): WireConstraint {
  if (c.kind === 'atomic') return { leftOperand: c.leftOperand, operator: c.operator, rightOperand: rightOperandToWire(c.rightOperand) };
  return { [c.operator]: c.constraints.map(constraintToWire) } as WireConstraint;
}

function ruleToWire(r: Rule): WirePermission {
  const out: WirePermission = { action: r.action };
  if (r.constraints.length > 0) out.constraint = r.constraints.map(constraintToWire);
  if (r.duties && r.duties.length > 0) out.duty = r.duties.map(ruleToWire) as WireDuty[];
  return out;
}

/** The rule arrays of a policy on the wire; empty arrays are left out (the schema requires at least one item). */
export function policyToWire(policy: PolicyDoc): WirePolicyRules {
  assertPolicy(policy);
  const out: WirePolicyRules = {};
  if (policy.permissions.length > 0) out.permission = policy.permissions.map(ruleToWire);
  if (policy.prohibitions.length > 0) out.prohibition = policy.prohibitions.map(ruleToWire);
  if (policy.obligations.length > 0) out.obligation = policy.obligations.map(ruleToWire);
  return out;
}

function assertPolicy(policy: PolicyDoc): void {
  const errors = checkPolicyDoc(policy);
  if (errors.length > 0) throw new DspBuildError('policy', errors);
}

/** An Offer for a message (with `target`) or for a catalog `hasPolicy` (without). */
export function offerToWire(terms: OfferTerms & { target: string }): Offer & { target: string };
export function offerToWire(terms: OfferTerms): Offer;
export function offerToWire(terms: OfferTerms): Offer {
  const out: Offer = { '@id': terms.id, '@type': 'Offer' };
  if (terms.target !== undefined) out.target = terms.target;
  if (terms.profiles && terms.profiles.length > 0) out.profile = [...terms.profiles];
  return { ...out, ...policyToWire(terms.policy) };
}

/** A catalog Offer: the Dataset it sits in is its target, so it has none of its own. */
export function datasetOfferToWire(terms: Omit<OfferTerms, 'target'>): DatasetOffer {
  // Rebuilt from the named fields so a `target` on the caller's object cannot leak into the catalog.
  return offerToWire({ id: terms.id, profiles: terms.profiles, policy: terms.policy });
}

export function agreementToWire(terms: AgreementTerms): Agreement {
  if (!XSD_DATE_TIME.test(terms.timestamp)) {
    throw new DspBuildError('agreement', [{ field: 'timestamp', reason: `must be an xsd:dateTime (got ${JSON.stringify(terms.timestamp)})` }]);
  }
  const out: Agreement = {
    '@id': terms.id,
    '@type': 'Agreement',
    target: terms.target,
    assigner: terms.assigner,
    assignee: terms.assignee,
    timestamp: terms.timestamp,
  };
  if (terms.profiles && terms.profiles.length > 0) out.profile = [...terms.profiles];
  return { ...out, ...policyToWire(terms.policy) };
}

// ---- checks on the internal model -----------------------------------------------------------------------------

function checkOperand(v: unknown, path: Path, out: FieldError[]): void {
  if (typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(out, path, 'must be a finite number');
    return;
  }
  if (typeof v === 'object' && v !== null && 'iri' in v) {
    if (typeof v.iri !== 'string' || v.iri.length === 0) fail(out, [...path, 'iri'], 'must be a non-empty string');
    return;
  }
  if (typeof v === 'object' && v !== null && 'value' in v && 'datatype' in v) {
    if (typeof v.value !== 'string') fail(out, [...path, 'value'], 'must be a string');
    if (typeof v.datatype !== 'string' || v.datatype.length === 0) fail(out, [...path, 'datatype'], 'must be a non-empty string');
    return;
  }
  fail(out, path, 'must be a string, number, boolean, {iri} or {value, datatype}');
}

function checkConstraint(c: Constraint, path: Path, depth: number, out: FieldError[]): void {
  if (depth > MAX_NESTING) return fail(out, path, `nests deeper than ${MAX_NESTING} levels`);
  if (c.kind === 'atomic') {
    if (typeof c.leftOperand !== 'string' || c.leftOperand.length === 0) fail(out, [...path, 'leftOperand'], 'must be a non-empty string');
    if (!(ODRL_OPERATORS as readonly string[]).includes(c.operator)) fail(out, [...path, 'operator'], `must be one of ${ODRL_OPERATORS.join(', ')}`);
    if (Array.isArray(c.rightOperand)) c.rightOperand.forEach((v, i) => checkOperand(v, [...path, 'rightOperand', i], out));
    else checkOperand(c.rightOperand, [...path, 'rightOperand'], out);
  } else if (c.kind === 'logical') {
    if (!(LOGICAL_OPERATORS as readonly string[]).includes(c.operator)) fail(out, [...path, 'operator'], `must be one of ${LOGICAL_OPERATORS.join(', ')}`);
    c.constraints.forEach((x, i) => checkConstraint(x, [...path, 'constraints', i], depth + 1, out));
  } else {
    fail(out, [...path, 'kind'], 'must be "atomic" or "logical"');
  }
}

function checkRule(r: Rule, path: Path, dutiesAllowed: boolean, out: FieldError[]): void {
  if (typeof r.action !== 'string' || r.action.length === 0) fail(out, [...path, 'action'], 'must be a non-empty string');
  r.constraints.forEach((c, i) => checkConstraint(c, [...path, 'constraints', i], 1, out));
  if (r.duties && r.duties.length > 0) {
    if (!dutiesAllowed) fail(out, [...path, 'duties'], 'only permissions carry duties');
    else r.duties.forEach((d, i) => checkRule(d, [...path, 'duties', i], false, out));
  }
}

/** Errors that would make the policy unrepresentable or schema-invalid on the wire; [] when fine. */
export function checkPolicyDoc(policy: PolicyDoc): FieldError[] {
  const out: FieldError[] = [];
  if (policy.permissions.length === 0 && policy.prohibitions.length === 0) {
    fail(out, ['permissions'], 'a policy needs at least one permission or prohibition (contract-schema.json)');
  }
  policy.permissions.forEach((r, i) => checkRule(r, ['permissions', i], true, out));
  policy.prohibitions.forEach((r, i) => checkRule(r, ['prohibitions', i], false, out));
  policy.obligations.forEach((r, i) => checkRule(r, ['obligations', i], false, out));
  return out;
}

export { policyFromWire, offerFromWire, agreementFromWire } from './odrl-from-wire.js';
