/**
 * Status lifecycle of a battery passport.
 *
 * Statuses follow the Art. 3 definitions (reuse, repurposing, remanufacturing, waste battery).
 * Art. 77(7): a battery that is repurposed or remanufactured gets a new passport, issued by the economic
 * operator placing it on the market again and linked to the passport(s) of the original battery.
 * Reuse keeps the battery's purpose, so the passport stays and only its status changes.
 * Art. 77(6): the passport ceases to exist once the battery has been recycled; here it is kept read-only.
 */
import type { BatteryStatus, Participant, Passport } from './types.js';
import { CATALOGUE } from './catalogue/index.js';

export type TransitionPlan = { kind: 'inPlace' } | { kind: 'successor' } | { kind: 'error'; reason: string };
export type WritableCheck = { ok: true } | { ok: false; reason: string };

/** Thrown when a lifecycle function is called for a transition `planTransition` would refuse. */
export class LifecycleError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LifecycleError';
  }
}

/** Allowed next statuses. A remanufactured battery may later be repurposed (and gets another successor passport). */
export const TRANSITIONS: Readonly<Record<BatteryStatus, readonly BatteryStatus[]>> = {
  original: ['reused', 'repurposed', 'remanufactured', 'waste'],
  reused: ['repurposed', 'remanufactured', 'waste'],
  repurposed: ['waste'],
  remanufactured: ['repurposed', 'waste'],
  waste: [],
};

/** Statuses that create a new passport linked to the predecessor (Art. 77(7)). */
const SUCCESSOR_STATUSES: ReadonlySet<BatteryStatus> = new Set(['repurposed', 'remanufactured']);

/** Whether the passport still accepts writes (attributes, status, links). */
export function assertWritable(p: Passport): WritableCheck {
  if (p.closed) {
    const when = p.closedAt ? ` on ${p.closedAt}` : '';
    return { ok: false, reason: `passport ${p.passportId} was closed${when} after recycling (Art. 77(6)) and is read-only` };
  }
  return { ok: true };
}

function requireWritable(p: Passport): void {
  const r = assertWritable(p);
  if (!r.ok) throw new LifecycleError(r.reason);
}

export function planTransition(p: Passport, to: BatteryStatus): TransitionPlan {
  const writable = assertWritable(p);
  if (!writable.ok) return { kind: 'error', reason: writable.reason };
  const allowed = TRANSITIONS[p.status];
  if (!allowed) return { kind: 'error', reason: `unknown current status '${String(p.status)}'` };
  if (p.status === to) return { kind: 'error', reason: `battery is already '${to}'` };
  if (!allowed.includes(to)) {
    const options = allowed.length > 0 ? allowed.join(', ') : 'none (only closing after recycling)';
    return { kind: 'error', reason: `a '${p.status}' battery cannot become '${to}'; allowed: ${options}` };
  }
  return SUCCESSOR_STATUSES.has(to) ? { kind: 'successor' } : { kind: 'inPlace' };
}

function withStatus(p: Passport, to: BatteryStatus, at: string): Passport {
  return {
    ...structuredClone(p),
    status: to,
    attributes: { ...structuredClone(p.attributes), batteryStatus: to },
    attributeUpdatedAt: { ...p.attributeUpdatedAt, batteryStatus: at },
    updatedAt: at,
    version: p.version + 1,
  };
}

/** Reuse or waste: same passport, new status (mirrored in the batteryStatus attribute). */
export function applyInPlace(p: Passport, to: BatteryStatus, at: string): Passport {
  const plan = planTransition(p, to);
  if (plan.kind === 'error') throw new LifecycleError(plan.reason);
  if (plan.kind !== 'inPlace') throw new LifecycleError(`'${to}' needs a successor passport (Art. 77(7)); use deriveSuccessor`);
  return withStatus(p, to, at);
}

export interface SuccessorInput {
  passportId: string;
  batteryId: string;
  /** Economic operator placing the repurposed/remanufactured battery on the market (Art. 77(7)). */
  issuer: Participant;
  status: BatteryStatus;
  at: string;
}

/**
 * Art. 77(7): creates the successor passport for a repurposed or remanufactured battery.
 * Model-level attributes carry over (the design is unchanged until the new operator updates it);
 * individual-battery data (identifiers, dates, in-use values) starts fresh under the new issuer.
 * The predecessor records the new status and the link to its successor but stays open: it keeps the
 * history of the original battery and may be linked to further successors.
 */
export function deriveSuccessor(p: Passport, input: SuccessorInput): { predecessor: Passport; successor: Passport } {
  const plan = planTransition(p, input.status);
  if (plan.kind === 'error') throw new LifecycleError(plan.reason);
  if (plan.kind !== 'successor') throw new LifecycleError(`'${input.status}' keeps the same passport; use applyInPlace`);
  if (input.passportId === p.passportId) throw new LifecycleError('the successor needs a new passport identifier');
  if (p.successorPassportIds.includes(input.passportId)) {
    throw new LifecycleError(`passport ${input.passportId} is already a successor of ${p.passportId}`);
  }

  const attributes: Passport['attributes'] = {};
  const attributeUpdatedAt: Passport['attributeUpdatedAt'] = {};
  for (const def of CATALOGUE) {
    const value = p.attributes[def.key];
    if (def.granularity !== 'model' || value === undefined) continue;
    attributes[def.key] = structuredClone(value);
    const t = p.attributeUpdatedAt[def.key];
    if (t !== undefined) attributeUpdatedAt[def.key] = t;
  }
  attributes.batteryPassportIdentifier = input.passportId;
  attributes.batteryIdentifier = input.batteryId;
  attributes.batteryStatus = input.status;
  attributeUpdatedAt.batteryStatus = input.at;

  const successor: Passport = {
    schemaVersion: 'batteryloop.passport/1',
    passportId: input.passportId,
    batteryId: input.batteryId,
    status: input.status,
    closed: false,
    predecessorPassportId: p.passportId,
    successorPassportIds: [],
    issuer: { ...input.issuer },
    model: { ...p.model },
    attributes,
    attributeUpdatedAt,
    structure: structuredClone(p.structure),
    createdAt: input.at,
    updatedAt: input.at,
    version: 1,
  };
  const predecessor = withStatus(p, input.status, input.at);
  predecessor.successorPassportIds = [...p.successorPassportIds, input.passportId];
  return { predecessor, successor };
}

/**
 * Art. 77(6): after recycling the passport ceases; we keep it read-only with status waste.
 * Any open status may be closed, since every status may become waste.
 */
export function closePassport(p: Passport, at: string): Passport {
  requireWritable(p);
  const next = p.status === 'waste' ? { ...structuredClone(p), updatedAt: at, version: p.version + 1 } : withStatus(p, 'waste', at);
  next.closed = true;
  next.closedAt = at;
  return next;
}
