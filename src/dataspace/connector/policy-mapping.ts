/**
 * The wire layer's ODRL model (`dsp/odrl.ts`, tagged constraints) and the evaluator's (`core/policy-types.ts`,
 * keyed logical constraints) carry the same ODRL subset; this maps between them without losing anything.
 */
import type { Constraint as CoreConstraint, Policy, Rule as CoreRule } from '../core/index.js';
import type { Constraint as WireConstraint, PolicyDoc, Rule as WireRule } from '../dsp/index.js';

function toCoreConstraint(c: WireConstraint): CoreConstraint {
  if (c.kind === 'atomic') return { leftOperand: c.leftOperand, operator: c.operator as never, rightOperand: c.rightOperand as never };
  const parts = c.constraints.map(toCoreConstraint);
  return { [c.operator]: parts } as unknown as CoreConstraint;
}

function toWireConstraint(c: CoreConstraint): WireConstraint {
  for (const op of ['and', 'or', 'xone', 'andSequence'] as const) {
    if (op in c) return { kind: 'logical', operator: op, constraints: (c as Record<string, readonly CoreConstraint[]>)[op].map(toWireConstraint) };
  }
  const a = c as { leftOperand: string; operator: string; rightOperand: unknown };
  return { kind: 'atomic', leftOperand: a.leftOperand, operator: a.operator as never, rightOperand: (Array.isArray(a.rightOperand) ? [...a.rightOperand] : a.rightOperand) as never };
}

function toCoreRule(r: WireRule): CoreRule {
  return { action: r.action, constraints: r.constraints.map(toCoreConstraint), ...(r.duties ? { duties: r.duties.map(toCoreRule) } : {}) };
}

function toWireRule(r: CoreRule): WireRule {
  return { action: r.action, constraints: r.constraints.map(toWireConstraint), ...(r.duties ? { duties: r.duties.map(toWireRule) } : {}) };
}

export function policyFromWireModel(p: PolicyDoc): Policy {
  return { permissions: p.permissions.map(toCoreRule), prohibitions: p.prohibitions.map(toCoreRule), obligations: p.obligations.map(toCoreRule) };
}

export function policyToWireModel(p: Policy): PolicyDoc {
  return { permissions: p.permissions.map(toWireRule), prohibitions: p.prohibitions.map(toWireRule), obligations: p.obligations.map(toWireRule) };
}
