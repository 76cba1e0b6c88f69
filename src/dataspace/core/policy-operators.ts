/**
 * Atomic constraint evaluation: how each supported left operand gets its value from the claims or the clock, and
 * what each ODRL 2.2 operator means for it (ODRL Information Model §2.5.1; vocabulary for `isA`, `hasPart`, ...).
 *
 * `role` and `membership` are sets (a participant may hold several credentials); `participant`, `purpose` and
 * `dateTime` are single values. For a set L and right operand R:
 *   eq r: r ∈ L (eq with a list: L = R as sets)   neq: not eq        isA r: r ∈ L (roles form no class hierarchy)
 *   hasPart / isAllOf: R ⊆ L                       isPartOf: L ≠ ∅ and L ⊆ R
 *   isAnyOf: L ∩ R ≠ ∅                            isNoneOf: L ∩ R = ∅
 * A single value v is the set {v}. gt/gteq/lt/lteq apply to `dateTime` only (instants), and `dateTime` to them only.
 *
 * Results are three-valued plus "unbound": `unknown` is a constraint we cannot decide (unsupported left operand or
 * operator, malformed operand); the caller resolves it fail-closed. `unbound` is a known left operand this scope does
 * not check (EDC's RuleBindingRegistry filters such constraints out).
 */
import {
  LEFT_OPERANDS,
  ODRL_NAMESPACE,
  OPERATORS,
  POLICY_NAMESPACE,
  PURPOSE_NAMESPACE,
  ROLE_NAMESPACE,
  type AtomicConstraint,
  type Claims,
  type LeftOperand,
  type OperandValue,
  type Operator,
  type PolicyScope,
} from './policy-types.js';

/**
 * Which left operands each scope checks. Purpose is declared when negotiating: a catalog request carries none, and
 * at transfer time the agreement already fixed it, so `catalog` and `transfer` leave purpose constraints out.
 */
export const SCOPE_BINDINGS: Readonly<Record<PolicyScope, readonly LeftOperand[]>> = {
  catalog: ['role', 'participant', 'membership', 'dateTime'],
  negotiation: ['role', 'participant', 'purpose', 'dateTime', 'membership'],
  transfer: ['role', 'participant', 'membership', 'dateTime'],
};

export type AtomicResult = { value: 'true' } | { value: 'false' | 'unknown'; reason: string } | { value: 'unbound' };

const ORDERING: readonly Operator[] = ['gt', 'gteq', 'lt', 'lteq'];

function stripPrefix(s: string, prefixes: readonly string[]): string {
  for (const p of prefixes) if (s.startsWith(p)) return s.slice(p.length);
  return s;
}

/** `odrl:dateTime`, `http://www.w3.org/ns/odrl/2/purpose` and `https://w3id.org/batteryloop/policy/role` name our operands too. */
export function normalizeLeftOperand(name: string): LeftOperand | null {
  const short = stripPrefix(name, [ODRL_NAMESPACE, 'odrl:', POLICY_NAMESPACE]);
  return (LEFT_OPERANDS as readonly string[]).includes(short) ? (short as LeftOperand) : null;
}

/** The comparable text of an operand value; a role or purpose IRI in our namespaces becomes its short name. */
function valueText(left: LeftOperand, v: OperandValue): string {
  const raw = typeof v === 'object' ? ('iri' in v ? v.iri : v.value) : String(v);
  if (left === 'role') return stripPrefix(raw, [ROLE_NAMESPACE]);
  if (left === 'purpose') return stripPrefix(raw, [PURPOSE_NAMESPACE]);
  return raw;
}

function showValues(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}

export function describeConstraint(c: AtomicConstraint): string {
  const right = Array.isArray(c.rightOperand) ? c.rightOperand : [c.rightOperand];
  const texts = right.map((v: OperandValue) => (typeof v === 'object' ? ('iri' in v ? v.iri : v.value) : String(v)));
  return `${c.leftOperand} ${c.operator} ${Array.isArray(c.rightOperand) ? showValues(texts) : texts[0]}`;
}

/** The left operand's values from the claims, or null when the participant declared none (purpose). */
function leftValues(left: Exclude<LeftOperand, 'dateTime'>, claims: Claims): string[] | null {
  switch (left) {
    case 'role':
      return claims.roles.map((r) => stripPrefix(r, [ROLE_NAMESPACE]));
    case 'membership':
      return [...claims.memberships];
    case 'participant':
      return [claims.did];
    case 'purpose':
      return claims.purpose === undefined ? null : [stripPrefix(claims.purpose, [PURPOSE_NAMESPACE])];
  }
}

function setOperator(op: Operator, left: readonly string[], right: readonly string[], rightIsList: boolean): boolean | 'n/a' {
  const inLeft = (r: string): boolean => left.includes(r);
  switch (op) {
    case 'eq':
      return rightIsList ? right.every(inLeft) && left.every((l) => right.includes(l)) : right.length === 1 && inLeft(right[0] as string);
    case 'neq':
      return !(setOperator('eq', left, right, rightIsList) as boolean);
    case 'isA':
      return !rightIsList && right.length === 1 && inLeft(right[0] as string);
    case 'hasPart':
    case 'isAllOf':
      return right.length > 0 && right.every(inLeft);
    case 'isPartOf':
      return left.length > 0 && left.every((l) => right.includes(l));
    case 'isAnyOf':
      return right.some(inLeft);
    case 'isNoneOf':
      return !right.some(inLeft);
    default:
      return 'n/a';
  }
}

function compareInstants(op: Operator, nowMs: number, boundMs: number): boolean | 'n/a' {
  switch (op) {
    case 'eq':
      return nowMs === boundMs;
    case 'neq':
      return nowMs !== boundMs;
    case 'gt':
      return nowMs > boundMs;
    case 'gteq':
      return nowMs >= boundMs;
    case 'lt':
      return nowMs < boundMs;
    case 'lteq':
      return nowMs <= boundMs;
    default:
      return 'n/a';
  }
}

/** xsd:dateTime with an explicit offset (or Z): a local time without a zone is ambiguous, so it is refused. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(v: OperandValue): number | null {
  const text = typeof v === 'string' ? v : typeof v === 'object' && 'value' in v ? v.value : null;
  if (text === null || !DATE_TIME.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function isOperand(v: unknown): v is OperandValue {
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.iri === 'string' || (typeof o.value === 'string' && typeof o.datatype === 'string');
}

/** Policies may come back from storage or another mapper: anything off-shape is undecidable, never a crash. */
function wellFormed(c: AtomicConstraint): boolean {
  const right: unknown = c.rightOperand;
  return typeof c.leftOperand === 'string' && typeof c.operator === 'string' && (Array.isArray(right) ? right.every(isOperand) : isOperand(right));
}

export function evaluateAtomic(c: AtomicConstraint, scope: PolicyScope, claims: Claims, now: Date): AtomicResult {
  if (!wellFormed(c)) return { value: 'unknown', reason: `malformed constraint ${JSON.stringify(c)}` };
  const what = describeConstraint(c);
  const left = normalizeLeftOperand(c.leftOperand);
  if (left === null) return { value: 'unknown', reason: `${what}: unsupported left operand ${c.leftOperand}` };
  if (!SCOPE_BINDINGS[scope].includes(left)) return { value: 'unbound' };
  if (!(OPERATORS as readonly string[]).includes(c.operator)) return { value: 'unknown', reason: `${what}: unsupported operator ${c.operator}` };
  const op = c.operator as Operator;
  const rightIsList = Array.isArray(c.rightOperand);
  const right: readonly OperandValue[] = rightIsList ? (c.rightOperand as readonly OperandValue[]) : [c.rightOperand as OperandValue];

  if (left === 'dateTime') {
    const bound = rightIsList || right.length !== 1 ? null : parseInstant(right[0] as OperandValue);
    if (bound === null) return { value: 'unknown', reason: `${what}: right operand is not one xsd:dateTime with a time zone` };
    const held = compareInstants(op, now.getTime(), bound);
    if (held === 'n/a') return { value: 'unknown', reason: `${what}: operator ${op} does not apply to dateTime` };
    return held ? { value: 'true' } : { value: 'false', reason: `${what} does not hold at ${now.toISOString()}` };
  }

  if (ORDERING.includes(op)) return { value: 'unknown', reason: `${what}: operator ${op} does not apply to ${left}` };
  const values = leftValues(left, claims);
  if (values === null) return { value: 'false', reason: `${what}: no ${left} declared` };
  const held = setOperator(op, values, right.map((v) => valueText(left, v)), rightIsList);
  if (held === 'n/a') return { value: 'unknown', reason: `${what}: operator ${op} does not apply to ${left}` };
  return held ? { value: 'true' } : { value: 'false', reason: `${what} does not hold for ${left} ${showValues(values)}` };
}
