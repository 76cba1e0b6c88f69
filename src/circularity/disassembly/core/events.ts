/**
 * Executed plan steps → payloads of the history event `dismantlingStep` (src/history/core/payload-schemas.ts),
 * which the lead signs and appends. A component set aside for re-use carries its `reuseTag` in the signed event, so
 * whoever reads the passport later sees which modules came out for a second life.
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
  /** Components of this step set aside for re-use (as is) or remanufacturing; only intact or minor-damage ones. */
  reuseTags?: Record<string, 'reuse' | 'remanufacture'>;
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
  const tags = e.reuseTags ?? {};
  for (const id of Object.keys(tags)) if (!e.planned.componentIds.includes(id)) throw new StepRecordError(`${where}: reuseTags names ${id}, which this step does not free`);
  const components = e.planned.componentIds.map((componentId) => {
    const condition = e.conditions[componentId];
    if (condition === undefined) throw new StepRecordError(`${where}: no condition recorded for component ${componentId}`);
    const tag = tags[componentId];
    if (tag === undefined) return { componentId, condition };
    // a component with major damage or worse is not fit for a second life (it goes to recycling)
    if (condition !== 'intact' && condition !== 'minorDamage') throw new StepRecordError(`${where}: ${componentId} is ${condition} and cannot be tagged for ${tag}`);
    if (tag === 'reuse' && condition !== 'intact') throw new StepRecordError(`${where}: ${componentId} has minor damage: tag it for remanufacture, not reuse`);
    return { componentId, condition, reuseTag: tag };
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

/**
 * Suggested tags: components the model marks as reuse candidates (modules, cells, BMS, junction box) that came out
 * usable. The console offers them; the operator confirms them in `reuseTags` of the step.
 */
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
