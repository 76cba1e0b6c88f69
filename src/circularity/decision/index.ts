/** The decision-support domain's public face (issue 6): end-of-life route recommendation and lot allocation. */
export { DEFAULT_FACTORS, type DecisionFactors } from './core/factors.js';
export { mergeFactors } from './core/factors-merge.js';
export * from './core/types.js';
export { routeInputFromPassport, sosFromPassport, type RouteInputOverrides } from './core/passport-input.js';
export { recommend, decideRoute, bindingConstraint, type Recommendation, type BindingConstraint } from './core/recommend.js';
export { evaluatePack, evaluateModules, type ModuleEvaluation } from './core/evaluate.js';
export { modulePlan, type ModulePlan, type ModulePlanEntry } from './core/module-plan.js';
export { whatIfs, LEVERS, type WhatIf, type Lever } from './core/what-if.js';
export { type Lot, type LotModule, type Demand, type Assignment, lotEconomics, incompatibility, usableKWh } from './core/lot.js';
export { generateLot, seededRng } from './core/lot-generator.js';
export { buildAllocationModel, type MilpModel } from './core/allocation-model.js';
export { checkAllocation, greedyAllocation, bruteForceAllocation, type AllocationReport } from './core/allocation-check.js';
export { allocateLot, type AllocationResult } from './adapters/allocate.js';
export { solveMilp } from './adapters/highs-milp.js';
