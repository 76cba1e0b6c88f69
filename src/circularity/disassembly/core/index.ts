/** Disassembly planning (issue 6): pack model, planner, costs and dismantlingStep payloads. Pure: no I/O. */
export * from './model.js';
export { validatePackModel, type ModelCheck, type ModelFieldError } from './validate-model.js';
export { packModelFromPassport, cellFormatOf } from './template.js';
export { DEFAULT_CELL_CONFIG, planCostEur, validateCellConfig, type CellConfig } from './costs.js';
export { planDisassembly, type DisassemblyPlan, type PlannedStep, type PlanOptions } from './plan.js';
export { PlanningError } from './problem.js';
export { toDismantlingStepPayload, reuseTags, StepRecordError, type ExecutedStep, type ReuseTag, type DismantlingStepPayload } from './events.js';
