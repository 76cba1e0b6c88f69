/**
 * Wire ODRL → internal `PolicyDoc`. Input is usually already checked by the parser; this conversion still guards
 * every shape it reads, and rejects ODRL terms outside the DSP subset instead of dropping them (a dropped
 * `unit`, `refinement` or `remedy` would change what the policy means).
 */
import type { AgreementTerms, Constraint, OdrlResult, OfferTerms, OperandValue, PolicyDoc, RightOperand, Rule } from './odrl.js';
import { fail, has, isRecord, type FieldError, type Path } from './validate-kit.js';
import { XSD_DATE_TIME } from './validate-policy.js';
import { LOGICAL_OPERATORS, ODRL_OPERATORS, type LogicalOperator, type OdrlOperator } from './wire-policy.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC_XSD =
  /^(xsd:|http:\/\/www\.w3\.org\/2001\/XMLSchema#)(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|nonPositiveInteger|negativeInteger|positiveInteger|unsignedLong|unsignedInt|unsignedShort|unsignedByte)$/;
const BOOLEAN_XSD = new Set(['xsd:boolean', `${XSD}boolean`]);
const MAX_NESTING = 32;

/** JSON-LD keywords that carry no policy meaning on these objects. */
const NEUTRAL = new Set(['@id', '@type']);
const ATOMIC_TERMS = new Set(['leftOperand', 'operator', 'rightOperand']);
/** Policy-level ODRL terms that would change the meaning of the rules (ODRL 2.2 §2.1, §2.7, §2.8). */
const POLICY_TERMS_UNSUPPORTED = ['inheritFrom', 'conflict', 'constraint', 'action', 'duty', 'remedy', 'consequence', 'refinement'];

function unsupportedKeys(o: Record<string, unknown>, allowed: Set<string>, path: Path, out: FieldError[]): void {
  for (const key of Object.keys(o)) {
    if (!allowed.has(key) && !NEUTRAL.has(key)) {
      fail(out, [...path, key], 'is not part of the supported ODRL subset; refusing the policy rather than ignoring a term');
    }
  }
}

function operandFromWire(v: unknown, path: Path, out: FieldError[]): OperandValue | undefined {
  if (typeof v === 'string') return v;
  if (!isRecord(v)) {
    fail(out, path, 'must be a string or a JSON-LD value/reference object');
    return undefined;
  }
  const keys = Object.keys(v);
  if (keys.length === 1 && typeof v['@id'] === 'string' && v['@id'].length > 0) return { iri: v['@id'] };
  const value = v['@value'];
  const type = v['@type'];
  if (!has(v, '@value') || keys.some((k) => k !== '@value' && k !== '@type') || (has(v, '@type') && typeof type !== 'string')) {
    fail(out, path, 'must be {"@id": iri}, {"@value": v} or {"@value": v, "@type": datatype} (language-tagged and other objects are not supported)');
    return undefined;
  }
  if (typeof value === 'number') {
    if (type === undefined || NUMERIC_XSD.test(type as string)) return value;
    fail(out, path, `a numeric @value needs a numeric xsd datatype (got ${JSON.stringify(type)})`);
    return undefined;
  }
  if (typeof value === 'boolean') {
    if (type === undefined || BOOLEAN_XSD.has(type as string)) return value;
    fail(out, path, `a boolean @value needs xsd:boolean (got ${JSON.stringify(type)})`);
    return undefined;
  }
  if (typeof value === 'string') return type === undefined ? value : { value, datatype: type as string };
  fail(out, [...path, '@value'], 'must be a string, number or boolean');
  return undefined;
}

function rightOperandFromWire(v: unknown, path: Path, out: FieldError[]): RightOperand | undefined {
  if (!Array.isArray(v)) return operandFromWire(v, path, out);
  const values: OperandValue[] = [];
  v.forEach((x, i) => {
    if (Array.isArray(x)) return fail(out, [...path, i], 'nested arrays are not supported');
    const value = operandFromWire(x, [...path, i], out);
    if (value !== undefined) values.push(value);
  });
  return values;
}

function constraintFromWire(v: unknown, path: Path, depth: number, out: FieldError[]): Constraint | undefined {
  if (depth > MAX_NESTING) {
    fail(out, path, `nests deeper than ${MAX_NESTING} levels`);
    return undefined;
  }
  if (!isRecord(v)) {
    fail(out, path, 'must be an object');
    return undefined;
  }
  const logical = LOGICAL_OPERATORS.filter((k) => has(v, k));
  if (logical.length === 1) {
    const operator = logical[0] as LogicalOperator;
    unsupportedKeys(v, new Set([operator]), path, out);
    const list = v[operator];
    if (!Array.isArray(list)) {
      fail(out, [...path, operator], 'must be an array');
      return undefined;
    }
    const constraints = list.map((x, i) => constraintFromWire(x, [...path, operator, i], depth + 1, out));
    return { kind: 'logical', operator, constraints: constraints.filter((x): x is Constraint => x !== undefined) };
  }
  if (logical.length > 1) {
    fail(out, path, `must have exactly one of ${LOGICAL_OPERATORS.join(', ')}`);
    return undefined;
  }
  unsupportedKeys(v, ATOMIC_TERMS, path, out);
  const { leftOperand, operator } = v;
  if (typeof leftOperand !== 'string' || leftOperand.length === 0) fail(out, [...path, 'leftOperand'], 'must be a non-empty string');
  if (typeof operator !== 'string' || !(ODRL_OPERATORS as readonly string[]).includes(operator)) {
    fail(out, [...path, 'operator'], `must be one of ${ODRL_OPERATORS.join(', ')}`);
  }
  if (!has(v, 'rightOperand')) fail(out, [...path, 'rightOperand'], 'is required');
  const rightOperand = has(v, 'rightOperand') ? rightOperandFromWire(v.rightOperand, [...path, 'rightOperand'], out) : undefined;
  if (typeof leftOperand !== 'string' || rightOperand === undefined) return undefined;
  return { kind: 'atomic', leftOperand, operator: operator as OdrlOperator, rightOperand };
}

function ruleFromWire(v: unknown, path: Path, dutiesAllowed: boolean, out: FieldError[]): Rule | undefined {
  if (!isRecord(v)) {
    fail(out, path, 'must be an object');
    return undefined;
  }
  unsupportedKeys(v, new Set(dutiesAllowed ? ['action', 'constraint', 'duty'] : ['action', 'constraint']), path, out);
  if (typeof v.action !== 'string' || v.action.length === 0) {
    fail(out, [...path, 'action'], 'must be a non-empty string');
    return undefined;
  }
  const rule: Rule = { action: v.action, constraints: [] };
  if (has(v, 'constraint')) {
    if (!Array.isArray(v.constraint)) fail(out, [...path, 'constraint'], 'must be an array');
    else {
      v.constraint.forEach((c, i) => {
        const parsed = constraintFromWire(c, [...path, 'constraint', i], 1, out);
        if (parsed) rule.constraints.push(parsed);
      });
    }
  }
  if (dutiesAllowed && has(v, 'duty')) {
    if (!Array.isArray(v.duty)) fail(out, [...path, 'duty'], 'must be an array');
    else {
      const duties = v.duty.map((d, i) => ruleFromWire(d, [...path, 'duty', i], false, out)).filter((d): d is Rule => d !== undefined);
      if (duties.length > 0) rule.duties = duties;
    }
  }
  return rule;
}

function rulesFromWire(o: Record<string, unknown>, key: string, dutiesAllowed: boolean, out: FieldError[]): Rule[] {
  if (!has(o, key)) return [];
  const list = o[key];
  if (!Array.isArray(list)) {
    fail(out, [key], 'must be an array');
    return [];
  }
  return list.map((r, i) => ruleFromWire(r, [key, i], dutiesAllowed, out)).filter((r): r is Rule => r !== undefined);
}

/** The rules of a wire Offer or Agreement as a `PolicyDoc`. */
export function policyFromWire(wire: unknown): OdrlResult<PolicyDoc> {
  const out: FieldError[] = [];
  if (!isRecord(wire)) return { ok: false, errors: [{ field: '(policy)', reason: 'must be an object' }] };
  for (const key of POLICY_TERMS_UNSUPPORTED) {
    if (has(wire, key)) fail(out, [key], 'is not part of the supported ODRL subset at policy level');
  }
  const policy: PolicyDoc = {
    permissions: rulesFromWire(wire, 'permission', true, out),
    prohibitions: rulesFromWire(wire, 'prohibition', false, out),
    obligations: rulesFromWire(wire, 'obligation', false, out),
  };
  if (out.length === 0 && policy.permissions.length === 0 && policy.prohibitions.length === 0) {
    fail(out, ['permission'], 'a policy needs at least one permission or prohibition');
  }
  return out.length === 0 ? { ok: true, value: policy } : { ok: false, errors: out };
}

function profilesFromWire(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return [...v];
  return undefined;
}

function requireString(o: Record<string, unknown>, key: string, out: FieldError[]): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) {
    fail(out, [key], 'is required (non-empty string)');
    return '';
  }
  return v;
}

/** A wire Offer (from a message or a catalog `hasPolicy`) as `OfferTerms`. */
export function offerFromWire(wire: unknown): OdrlResult<OfferTerms> {
  if (!isRecord(wire)) return { ok: false, errors: [{ field: '(offer)', reason: 'must be an object' }] };
  const out: FieldError[] = [];
  const id = requireString(wire, '@id', out);
  const policy = policyFromWire(wire);
  if (!policy.ok) out.push(...policy.errors);
  if (has(wire, 'target') && (typeof wire.target !== 'string' || wire.target.length === 0)) fail(out, ['target'], 'must be a non-empty string');
  if (out.length > 0 || !policy.ok) return { ok: false, errors: out };
  const terms: OfferTerms = { id, policy: policy.value };
  if (typeof wire.target === 'string') terms.target = wire.target;
  const profiles = profilesFromWire(wire.profile);
  if (profiles) terms.profiles = profiles;
  return { ok: true, value: terms };
}

/** A wire Agreement as `AgreementTerms`. */
export function agreementFromWire(wire: unknown): OdrlResult<AgreementTerms> {
  if (!isRecord(wire)) return { ok: false, errors: [{ field: '(agreement)', reason: 'must be an object' }] };
  const out: FieldError[] = [];
  const id = requireString(wire, '@id', out);
  const target = requireString(wire, 'target', out);
  const assigner = requireString(wire, 'assigner', out);
  const assignee = requireString(wire, 'assignee', out);
  const timestamp = requireString(wire, 'timestamp', out);
  if (timestamp && !XSD_DATE_TIME.test(timestamp)) fail(out, ['timestamp'], `must be an xsd:dateTime (got ${JSON.stringify(timestamp)})`);
  const policy = policyFromWire(wire);
  if (!policy.ok) out.push(...policy.errors);
  if (out.length > 0 || !policy.ok) return { ok: false, errors: out };
  const terms: AgreementTerms = { id, target, assigner, assignee, timestamp, policy: policy.value };
  const profiles = profilesFromWire(wire.profile);
  if (profiles) terms.profiles = profiles;
  return { ok: true, value: terms };
}
