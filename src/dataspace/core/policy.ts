/**
 * Our own small ODRL evaluator, in the role of EDC's `PolicyEngine.evaluate(policy, context)`.
 *
 * Decision (ODRL 2.2 §2.2-2.6, fail-closed where ODRL leaves room):
 * - the requested action is allowed when at least one permission for it holds (all its constraints, and each of its
 *   applicable duties can be fulfilled), no prohibition for it applies, and every applicable policy-level
 *   obligation can be fulfilled. A policy without a matching permission allows nothing: unlike EDC, an empty policy
 *   is not "allow all" (the public tier says so explicitly with an unconstrained `use` permission, `tiers.ts`);
 * - a constraint the engine cannot decide (unsupported left operand or operator, malformed value) counts against
 *   access: it does not hold in a permission or duty, and it does hold in a prohibition;
 * - a supported left operand that the scope does not check is left out (`SCOPE_BINDINGS`), as EDC filters
 *   constraints not bound to a scope; a logical constraint whose parts are all left out is left out too.
 */
import { evaluateAtomic } from './policy-operators.js';
import {
  isLogical,
  logicalParts,
  ODRL_NAMESPACE,
  type Constraint,
  type Evaluation,
  type EvaluationContext,
  type Policy,
  type Rule,
} from './policy-types.js';


/** How an undecidable constraint counts: `false` in permissions and duties, `true` in prohibitions (fail-closed). */
type UnknownAs = boolean;

/** Outcome of one constraint: `null` when the scope leaves it out. */
export interface ConstraintResult {
  holds: boolean | null;
  /**
   * When it does not hold: why. When it holds: the undecidable constraints that were taken to hold (only in
   * prohibitions and duties, where that is the fail-closed reading); empty otherwise.
   */
  reasons: string[];
}

const MAX_DEPTH = 32;

function evaluate(c: Constraint, ctx: EvaluationContext, unknownAs: UnknownAs, depth: number): ConstraintResult {
  if (depth > MAX_DEPTH) return { holds: unknownAs, reasons: [`constraints nested deeper than ${MAX_DEPTH} levels`] };
  if (!isLogical(c)) {
    const r = evaluateAtomic(c, ctx.scope, ctx.claims, ctx.now);
    if (r.value === 'unbound') return { holds: null, reasons: [] };
    if (r.value === 'true') return { holds: true, reasons: [] };
    if (r.value === 'false') return { holds: false, reasons: [r.reason] };
    return { holds: unknownAs, reasons: [r.reason] };
  }
  const { op, parts } = logicalParts(c);
  const results = parts.map((p) => evaluate(p, ctx, unknownAs, depth + 1)).filter((r) => r.holds !== null);
  if (results.length === 0) return { holds: null, reasons: [] };
  const held = results.filter((r) => r.holds === true);
  const holding = held.length;
  const assumed = held.flatMap((r) => r.reasons);
  const failing = results.filter((r) => r.holds === false).flatMap((r) => r.reasons);
  switch (op) {
    case 'and':
    case 'andSequence':
      return holding === results.length ? { holds: true, reasons: assumed } : { holds: false, reasons: failing };
    case 'or':
      return holding > 0 ? { holds: true, reasons: assumed } : { holds: false, reasons: [`or: none holds (${failing.join('; ')})`] };
    case 'xone':
      return holding === 1
        ? { holds: true, reasons: assumed }
        : { holds: false, reasons: [`xone: ${holding} of ${results.length} constraints hold, exactly one must${holding === 0 ? ` (${failing.join('; ')})` : ''}`] };
  }
}

/** Evaluates one constraint as a permission condition (undecidable → does not hold). Exposed for diagnostics and tests. */
export function evaluateConstraint(c: Constraint, ctx: EvaluationContext): ConstraintResult {
  return evaluate(c, ctx, false, 0);
}

/** All constraints of a rule (conjunction); the rule applies when none fails. `reasons` as in `ConstraintResult`. */
function ruleHolds(rule: Rule, ctx: EvaluationContext, unknownAs: UnknownAs): { holds: boolean; reasons: string[] } {
  const results = rule.constraints.map((c) => evaluate(c, ctx, unknownAs, 0)).filter((r) => r.holds !== null);
  const failing = results.filter((r) => r.holds === false);
  if (failing.length > 0) return { holds: false, reasons: failing.flatMap((r) => r.reasons) };
  return { holds: true, reasons: results.flatMap((r) => r.reasons) };
}

function normalizeAction(action: string): string {
  if (action.startsWith(ODRL_NAMESPACE)) return action.slice(ODRL_NAMESPACE.length);
  if (action.startsWith('odrl:')) return action.slice('odrl:'.length);
  return action;
}

/** ODRL 2.2 action hierarchy, the part we need: `use` includes every usage action. */
function covers(ruleAction: string, requested: string): boolean {
  const a = normalizeAction(ruleAction);
  return a === requested || a === 'use';
}

/** Duties that apply (their constraints hold) and that the caller cannot fulfil. */
function unfulfillable(duties: readonly Rule[], ctx: EvaluationContext, label: string): string[] {
  const canDo = new Set((ctx.fulfillableDuties ?? []).map(normalizeAction));
  const out: string[] = [];
  duties.forEach((duty, i) => {
    if (canDo.has(normalizeAction(duty.action))) return;
    // A duty whose applicability we cannot decide is taken to apply (unknown → holds).
    if (ruleHolds(duty, ctx, true).holds) out.push(`${label}[${i}] (${duty.action}) cannot be fulfilled`);
  });
  return out;
}

export function evaluatePolicy(policy: Policy, ctx: EvaluationContext): Evaluation {
  const action = normalizeAction(ctx.action ?? 'use');
  const reasons: string[] = [];

  let permitted = false;
  const permissions = policy.permissions.map((rule, i) => ({ rule, i })).filter(({ rule }) => covers(rule.action, action));
  for (const { rule, i } of permissions) {
    const label = `permission[${i}] (${rule.action})`;
    const held = ruleHolds(rule, ctx, false);
    const duties = held.holds ? unfulfillable(rule.duties ?? [], ctx, `${label} duty`) : [];
    if (held.holds && duties.length === 0) {
      permitted = true;
      break;
    }
    reasons.push(...held.reasons.map((r) => `${label}: ${r}`), ...duties);
  }
  if (permissions.length === 0) reasons.push(`no permission grants ${action}`);

  const prohibited: string[] = [];
  policy.prohibitions.forEach((rule, i) => {
    if (!covers(rule.action, action)) return;
    const held = ruleHolds(rule, ctx, true);
    if (held.holds) {
      const note = held.reasons.length > 0 ? ` (${held.reasons.join('; ')})` : '';
      prohibited.push(`prohibition[${i}] (${rule.action}) applies${note}`);
    }
  });

  const obligations = unfulfillable(policy.obligations, ctx, 'obligation');
  const allowed = permitted && prohibited.length === 0 && obligations.length === 0;
  if (allowed) return { allowed: true, reasons: [] };
  return { allowed: false, reasons: [...(permitted ? [] : reasons), ...prohibited, ...obligations] };
}

/**
 * Constraints the engine cannot decide (unsupported left operand or operator, malformed value), for checking the
 * policies we author ourselves before they are offered. Empty when every constraint is decidable.
 */
export function unsupportedTerms(policy: Policy): string[] {
  const out: string[] = [];
  // The negotiation scope checks every supported left operand, so only undecidable constraints come out `unknown`.
  const claims = { did: '', roles: [], memberships: [] };
  const walk = (c: Constraint, where: string): void => {
    if (isLogical(c)) {
      logicalParts(c).parts.forEach((p) => walk(p, where));
      return;
    }
    const r = evaluateAtomic(c, 'negotiation', claims, new Date(0));
    if (r.value === 'unknown') out.push(`${where}: ${r.reason}`);
  };
  const rules: [string, readonly Rule[]][] = [
    ['permission', policy.permissions],
    ['prohibition', policy.prohibitions],
    ['obligation', policy.obligations],
  ];
  for (const [kind, list] of rules) {
    list.forEach((rule, i) => {
      rule.constraints.forEach((c) => walk(c, `${kind}[${i}]`));
      (rule.duties ?? []).forEach((d, j) => d.constraints.forEach((c) => walk(c, `${kind}[${i}].duty[${j}]`)));
    });
  }
  return out;
}
