/**
 * Semantic equality of policies, for the checks the negotiation needs: the agreement a consumer receives must carry
 * the policy of the offer it requested, and a counter-offer is only "the same" if its rules are.
 *
 * ODRL rule lists, the constraints of a rule, and the operands of `and`/`or`/`xone` are sets (the DSP context
 * declares them `@container: @set`), so their order does not matter; `andSequence` is ordered by definition
 * (ODRL 2.2 §2.5.2). Right-operand lists are compared as sets as well (ODRL 2.2 §2.5.1: a list of values).
 */
import canonicalizeModule from 'canonicalize';
import type { Constraint, OperandValue, PolicyDoc, RightOperand, Rule } from './odrl.js';

// canonicalize is CommonJS; under NodeNext its default import is the function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

type Canon = string | number | boolean | null | Canon[] | { [key: string]: Canon };

function key(v: Canon): string {
  return canonicalize(v) ?? '';
}

/** Sorted and without duplicates: a repeated rule or value adds nothing to a set. */
function sortedSet(items: Canon[]): Canon[] {
  const byKey = new Map<string, Canon>();
  for (const x of items) byKey.set(key(x), x);
  return [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, x]) => x);
}

function operand(v: OperandValue): Canon {
  if (typeof v === 'string') return { s: v };
  if (typeof v === 'number') return { n: v };
  if (typeof v === 'boolean') return { b: v };
  if ('iri' in v) return { iri: v.iri };
  return { value: v.value, datatype: v.datatype };
}

function right(r: RightOperand): Canon {
  return Array.isArray(r) ? { set: sortedSet(r.map(operand)) } : operand(r);
}

function constraint(c: Constraint): Canon {
  if (c.kind === 'atomic') return { l: c.leftOperand, op: c.operator, r: right(c.rightOperand) };
  const inner = c.constraints.map(constraint);
  return { logical: c.operator, of: c.operator === 'andSequence' ? inner : sortedSet(inner) };
}

function rule(r: Rule): Canon {
  return { action: r.action, constraints: sortedSet(r.constraints.map(constraint)), duties: sortedSet((r.duties ?? []).map(rule)) };
}

/** A canonical JSON string of the policy: equal strings ⇔ the same rules. */
export function canonicalPolicy(policy: PolicyDoc): string {
  return key({
    permissions: sortedSet(policy.permissions.map(rule)),
    prohibitions: sortedSet(policy.prohibitions.map(rule)),
    obligations: sortedSet(policy.obligations.map(rule)),
  });
}

export function samePolicy(a: PolicyDoc, b: PolicyDoc): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}
