/** Response of POST /api/disassembly/plan (src/circularity/disassembly/core/plan.ts DisassemblyPlan). */

export interface PlannedStep {
  index: number;
  taskId: string;
  step: string;
  componentIds: string[];
  resource: 'robot' | 'human';
  tool: string;
  startS: number;
  endS: number;
  durationS: number;
  toolChangeS: number;
  hvExposed: boolean;
  liveWorking: boolean;
}

export interface DisassemblyPlan {
  packId: string;
  depth: 'modules' | 'cells';
  robotPresent: boolean;
  method: 'exact' | 'heuristic';
  optimal: boolean;
  makespanS: number;
  lowerBoundS: number;
  gapPct: number;
  deEnergisedAtS: number;
  toolChanges: { robot: number; human: number };
  busyS: { robot: number; human: number };
  cost: { labourEur: number; robotEur: number; totalEur: number; configAsOf: string };
  steps: PlannedStep[];
  search: { tasks: number; exactNodes?: number; heuristicEvaluations: number };
}

/** Payload of the dismantler's signed `dismantlingStep` event. */
export interface DismantlingStepPayload {
  step: string;
  stepIndex: number;
  actor: { kind: 'human' | 'robot'; id: string };
  durationS: number;
  deviations: string[];
  components: { componentId: string; condition: Condition }[];
}

export const CONDITIONS = ['intact', 'minorDamage', 'majorDamage', 'destroyed'] as const;
export type Condition = (typeof CONDITIONS)[number];
