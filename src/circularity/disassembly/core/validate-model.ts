/**
 * Checks a pack model supplied as JSON (model.ts) and names the field of every problem, e.g.
 * `tasks[4].after[0]: unknown task 'M09.remove'`, so a dismantler can fix their file without reading code.
 */
import {
  CELL_FORMATS, COMPONENT_KINDS, FASTENER_KINDS, PACK_MODEL_SCHEMA, TOOLS,
  type PackModel,
} from './model.js';

export interface ModelFieldError {
  field: string;
  reason: string;
}

export type ModelCheck = { ok: true; model: PackModel } | { ok: false; errors: ModelFieldError[] };

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const STEP_PATTERN = /^[a-z][A-Za-z0-9]{0,99}$/;
/** Ten hours: longer than any single dismantling step we know of, so a larger number is a unit mistake. */
const MAX_TASK_S = 36_000;
const TOP_FIELDS = new Set(['schema', 'packId', 'chemistry', 'cellFormat', 'source', 'components', 'tasks']);
const COMPONENT_FIELDS = new Set(['id', 'kind', 'parentId', 'massKg', 'reuseCandidate']);
const TASK_FIELDS = new Set(['id', 'step', 'componentIds', 'fastener', 'tool', 'time', 'after', 'depth', 'deEnergise', 'hvExposed']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= max;

function unknownFields(o: Record<string, unknown>, known: Set<string>, path: string, errors: ModelFieldError[]): void {
  for (const k of Object.keys(o)) if (!known.has(k)) errors.push({ field: `${path}${path ? '.' : ''}${k}`, reason: 'unknown field' });
}

function oneOf(v: unknown, allowed: readonly string[], field: string, errors: ModelFieldError[]): void {
  if (typeof v !== 'string' || !allowed.includes(v)) errors.push({ field, reason: `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v)}` });
}

function positive(v: unknown, field: string, max: number, errors: ModelFieldError[]): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) errors.push({ field, reason: `expected a number > 0 and <= ${max}` });
}

export function validatePackModel(input: unknown): ModelCheck {
  const errors: ModelFieldError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', reason: 'expected a JSON object' }] };
  unknownFields(input, TOP_FIELDS, '', errors);
  if (input.schema !== PACK_MODEL_SCHEMA) errors.push({ field: 'schema', reason: `expected '${PACK_MODEL_SCHEMA}'` });
  for (const f of ['packId', 'chemistry', 'source'] as const) if (!isText(input[f], 500)) errors.push({ field: f, reason: 'expected a non-empty string' });
  oneOf(input.cellFormat, CELL_FORMATS, 'cellFormat', errors);

  const componentIds = new Set<string>();
  if (!Array.isArray(input.components) || input.components.length === 0) {
    errors.push({ field: 'components', reason: 'expected a non-empty array' });
  } else {
    input.components.forEach((c, i) => {
      const p = `components[${i}]`;
      if (!isRecord(c)) return void errors.push({ field: p, reason: 'expected an object' });
      unknownFields(c, COMPONENT_FIELDS, p, errors);
      if (typeof c.id !== 'string' || !ID_PATTERN.test(c.id)) errors.push({ field: `${p}.id`, reason: 'id must be 1-100 characters [A-Za-z0-9._:-]' });
      else if (componentIds.has(c.id)) errors.push({ field: `${p}.id`, reason: `duplicate component id '${c.id}'` });
      else componentIds.add(c.id);
      oneOf(c.kind, COMPONENT_KINDS, `${p}.kind`, errors);
      if (c.massKg !== undefined) positive(c.massKg, `${p}.massKg`, 5000, errors);
      if (typeof c.reuseCandidate !== 'boolean') errors.push({ field: `${p}.reuseCandidate`, reason: 'expected true or false' });
    });
    input.components.forEach((c, i) => {
      if (isRecord(c) && c.parentId !== undefined && !componentIds.has(c.parentId as string)) {
        errors.push({ field: `components[${i}].parentId`, reason: `unknown component ${JSON.stringify(c.parentId)}` });
      }
    });
  }

  if (!Array.isArray(input.tasks) || input.tasks.length === 0) {
    errors.push({ field: 'tasks', reason: 'expected a non-empty array' });
    return { ok: false, errors };
  }
  const rawTasks: unknown[] = input.tasks;
  const taskIndex = new Map<string, number>();
  rawTasks.forEach((t, i) => {
    if (isRecord(t) && typeof t.id === 'string' && ID_PATTERN.test(t.id) && !taskIndex.has(t.id)) taskIndex.set(t.id, i);
  });
  let deEnergiseCount = 0;
  rawTasks.forEach((t, i) => {
    const p = `tasks[${i}]`;
    if (!isRecord(t)) return void errors.push({ field: p, reason: 'expected an object' });
    unknownFields(t, TASK_FIELDS, p, errors);
    if (typeof t.id !== 'string' || !ID_PATTERN.test(t.id)) errors.push({ field: `${p}.id`, reason: 'id must be 1-100 characters [A-Za-z0-9._:-]' });
    else if (taskIndex.get(t.id) !== i) errors.push({ field: `${p}.id`, reason: `duplicate task id '${t.id}'` });
    if (typeof t.step !== 'string' || !STEP_PATTERN.test(t.step)) errors.push({ field: `${p}.step`, reason: 'step must be a camelCase verb such as removeModule' });
    if (!Array.isArray(t.componentIds)) errors.push({ field: `${p}.componentIds`, reason: 'expected an array of component ids' });
    else t.componentIds.forEach((c, j) => {
      if (typeof c !== 'string' || !componentIds.has(c)) errors.push({ field: `${p}.componentIds[${j}]`, reason: `unknown component ${JSON.stringify(c)}` });
    });
    if (t.fastener !== undefined) {
      if (!isRecord(t.fastener)) errors.push({ field: `${p}.fastener`, reason: 'expected { kind, count }' });
      else {
        unknownFields(t.fastener, new Set(['kind', 'count']), `${p}.fastener`, errors);
        oneOf(t.fastener.kind, FASTENER_KINDS, `${p}.fastener.kind`, errors);
        if (!Number.isInteger(t.fastener.count) || (t.fastener.count as number) < 1) errors.push({ field: `${p}.fastener.count`, reason: 'expected an integer >= 1' });
      }
    }
    oneOf(t.tool, TOOLS, `${p}.tool`, errors);
    if (!isRecord(t.time)) errors.push({ field: `${p}.time`, reason: 'expected { humanS?, robotS? }' });
    else {
      unknownFields(t.time, new Set(['humanS', 'robotS']), `${p}.time`, errors);
      if (t.time.humanS === undefined && t.time.robotS === undefined) errors.push({ field: `${p}.time`, reason: 'at least one of humanS, robotS is needed' });
      if (t.time.humanS !== undefined) positive(t.time.humanS, `${p}.time.humanS`, MAX_TASK_S, errors);
      if (t.time.robotS !== undefined) positive(t.time.robotS, `${p}.time.robotS`, MAX_TASK_S, errors);
    }
    oneOf(t.depth, ['modules', 'cells'], `${p}.depth`, errors);
    if (!Array.isArray(t.after)) errors.push({ field: `${p}.after`, reason: 'expected an array of task ids' });
    else t.after.forEach((a, j) => {
      const k = typeof a === 'string' ? taskIndex.get(a) : undefined;
      if (k === undefined) errors.push({ field: `${p}.after[${j}]`, reason: `unknown task ${JSON.stringify(a)}` });
      else if (k === i) errors.push({ field: `${p}.after[${j}]`, reason: 'a task cannot follow itself' });
      else if (t.depth === 'modules' && isRecord(rawTasks[k]) && (rawTasks[k] as Record<string, unknown>).depth === 'cells') {
        errors.push({ field: `${p}.after[${j}]`, reason: `a 'modules' task cannot wait for the 'cells' task '${a}'` });
      }
    });
    for (const f of ['deEnergise', 'hvExposed'] as const) if (t[f] !== undefined && typeof t[f] !== 'boolean') errors.push({ field: `${p}.${f}`, reason: 'expected true or false' });
    if (t.deEnergise === true) {
      deEnergiseCount++;
      if (t.depth !== 'modules') errors.push({ field: `${p}.depth`, reason: "the de-energise task is needed at every depth: use 'modules'" });
    }
  });
  // Safety: without a de-energise task the interlock (no human work on a live pack) cannot be enforced.
  if (deEnergiseCount !== 1) errors.push({ field: 'tasks', reason: `exactly one task must have deEnergise: true, found ${deEnergiseCount}` });
  if (errors.length === 0) {
    const cycle = findCycle(input.tasks as { id: string; after: string[] }[]);
    if (cycle) errors.push({ field: `tasks[${taskIndex.get(cycle[0])}].after`, reason: `precedence cycle ${cycle.join(' → ')}` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, model: input as unknown as PackModel };
}

/** A cycle in the `after` relation (ids along it, first repeated at the end), or null. */
function findCycle(tasks: { id: string; after: string[] }[]): string[] | null {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const dfs = (id: string): string[] | null => {
    state.set(id, 1);
    path.push(id);
    for (const a of byId.get(id)?.after ?? []) {
      if (state.get(a) === 1) return [...path.slice(path.indexOf(a)), a];
      if (!state.has(a)) {
        const c = dfs(a);
        if (c) return c;
      }
    }
    path.pop();
    state.set(id, 2);
    return null;
  };
  for (const t of tasks) if (!state.has(t.id)) {
    const c = dfs(t.id);
    if (c) return c;
  }
  return null;
}
