/**
 * Executed plan steps → payloads of the history event `dismantlingStep` (src/history/core/payload-schemas.ts),
 * which the lead signs and appends. The payload keeps to that schema exactly; whether a component is kept for
 * reuse is not a field of it, so `reuseTags` returns the tags beside the events.
 */
import type { EventPayloads } from '../../../history/index.js';
import type { PackModel } from './model.js';
import type { PlannedStep } from './plan.js';

export type DismantlingStepPayload = EventPayloads['dismantlingStep'];
export type ComponentCondition = DismantlingStepPayload['components'][number]['condition'];

export interface ExecutedStep {
  planned: Pick<PlannedStep, 'step' | 'componentIds' | 'taskId'>;
  /** Position of the step in the executed sequence (0-based). */
  stepIndex: number;
  actor: { kind: 'human' | 'robot'; id: string };
  durationS: number;
  deviations: string[];
  /** Condition of every component the step freed, by component id. */
  conditions: Record<string, ComponentCondition>;
}

export class StepRecordError extends Error {}

const MAX_TEXT = 500;
const MAX_DEVIATIONS = 50;

export function toDismantlingStepPayload(e: ExecutedStep): DismantlingStepPayload {
  const where = `step ${e.stepIndex} (${e.planned.taskId})`;
  if (!Number.isInteger(e.stepIndex) || e.stepIndex < 0) throw new StepRecordError(`${where}: stepIndex must be an integer >= 0`);
  if (!Number.isFinite(e.durationS) || e.durationS < 0) throw new StepRecordError(`${where}: durationS must be a number >= 0`);
  const actorId = e.actor.id.trim();
  if (actorId === '' || actorId.length > 100) throw new StepRecordError(`${where}: actor.id must be 1-100 characters`);
  if (e.deviations.length > MAX_DEVIATIONS) throw new StepRecordError(`${where}: at most ${MAX_DEVIATIONS} deviations per step`);
  const deviations = e.deviations.map((d, i) => {
    const t = d.trim();
    if (t === '' || t.length > MAX_TEXT) throw new StepRecordError(`${where}: deviations[${i}] must be 1-${MAX_TEXT} characters`);
    return t;
  });
  const components = e.planned.componentIds.map((componentId) => {
    const condition = e.conditions[componentId];
    if (condition === undefined) throw new StepRecordError(`${where}: no condition recorded for component ${componentId}`);
    return { componentId, condition };
  });
  return {
    step: e.planned.step,
    stepIndex: e.stepIndex,
    actor: { kind: e.actor.kind, id: actorId },
    durationS: e.durationS,
    deviations,
    components,
  };
}

export interface ReuseTag {
  componentId: string;
  /** intact → reuse as is; minor damage → remanufacture (repair, replace cells) before reuse. */
  tag: 'reuse' | 'remanufacture';
  stepIndex: number;
}

/** Components the model marks as reuse candidates (modules, cells, BMS, junction box) that came out usable. */
export function reuseTags(model: PackModel, executed: readonly ExecutedStep[]): ReuseTag[] {
  const candidates = new Set(model.components.filter((c) => c.reuseCandidate).map((c) => c.id));
  const tags: ReuseTag[] = [];
  for (const e of executed) {
    for (const id of e.planned.componentIds) {
      if (!candidates.has(id)) continue;
      const c = e.conditions[id];
      if (c === 'intact') tags.push({ componentId: id, tag: 'reuse', stepIndex: e.stepIndex });
      else if (c === 'minorDamage') tags.push({ componentId: id, tag: 'remanufacture', stepIndex: e.stepIndex });
    }
  }
  return tags;
}
