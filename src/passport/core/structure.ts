/**
 * Pack → module → cell tree of a battery. Dismantlers and remanufacturers work at module and cell
 * level (Annex XIII(2)(b)-(c): part numbers and dismantling information), so every node has an id
 * unique within the pack and a serial number unique within the pack.
 */
import type { PackNode } from './types.js';
import type { AttributeError } from './errors.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SERIAL_MAX_LENGTH = 128;
const CHILD_KIND: Readonly<Record<PackNode['kind'], PackNode['kind'] | null>> = {
  pack: 'module',
  module: 'cell',
  cell: null,
};
/** Plausibility bounds shared with the catalogue (capacity, voltage and mass of pack-level values). */
const NODE_NUMBERS: readonly { field: 'nominalCapacityAh' | 'nominalVoltageV' | 'massKg'; max: number; unit: string }[] = [
  { field: 'nominalCapacityAh', max: 2000, unit: 'Ah' },
  { field: 'nominalVoltageV', max: 1500, unit: 'V' },
  { field: 'massKg', max: 5000, unit: 'kg' },
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks shape, nesting (pack → modules → cells) and uniqueness of ids and serial numbers. */
export function validateStructure(root: unknown, path = 'structure'): AttributeError[] {
  const errors: AttributeError[] = [];
  const ids = new Map<string, string>();
  const serials = new Map<string, string>();
  if (!isRecord(root)) return [{ attribute: path, reason: 'expected a pack node object' }];
  visit(root, path, 'pack', errors, ids, serials);
  return errors;
}

function visit(
  node: Record<string, unknown>,
  path: string,
  expectedKind: PackNode['kind'],
  errors: AttributeError[],
  ids: Map<string, string>,
  serials: Map<string, string>,
): void {
  const known = new Set(['id', 'kind', 'serialNumber', 'position', 'nominalCapacityAh', 'nominalVoltageV', 'massKg', 'children']);
  for (const k of Object.keys(node)) if (!known.has(k)) errors.push({ attribute: `${path}.${k}`, reason: 'unknown field' });

  if (typeof node.id !== 'string' || !ID_PATTERN.test(node.id)) {
    errors.push({ attribute: `${path}.id`, reason: 'id must be 1-64 characters [A-Za-z0-9._:-] starting with a letter or digit' });
  } else if (ids.has(node.id)) {
    errors.push({ attribute: `${path}.id`, reason: `duplicate id '${node.id}' (also at ${ids.get(node.id)})` });
  } else ids.set(node.id, path);

  if (node.kind !== expectedKind) {
    const where = expectedKind === 'pack' ? 'the root node must be a pack' : `expected a ${expectedKind} here`;
    errors.push({ attribute: `${path}.kind`, reason: `${where}, got ${JSON.stringify(node.kind)}` });
  }

  if (typeof node.serialNumber !== 'string' || node.serialNumber.trim() === '') {
    errors.push({ attribute: `${path}.serialNumber`, reason: 'serial number must be a non-empty string' });
  } else if (node.serialNumber.length > SERIAL_MAX_LENGTH) {
    errors.push({ attribute: `${path}.serialNumber`, reason: `serial number longer than ${SERIAL_MAX_LENGTH} characters` });
  } else if (serials.has(node.serialNumber)) {
    errors.push({ attribute: `${path}.serialNumber`, reason: `duplicate serial number '${node.serialNumber}' (also at ${serials.get(node.serialNumber)})` });
  } else serials.set(node.serialNumber, path);

  if (node.position !== undefined && (typeof node.position !== 'string' || node.position.length > 64)) {
    errors.push({ attribute: `${path}.position`, reason: 'position must be a string of at most 64 characters' });
  }
  for (const { field, max, unit } of NODE_NUMBERS) {
    const v = node[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ attribute: `${path}.${field}`, reason: 'expected a number' });
    else if (v <= 0 || v > max) errors.push({ attribute: `${path}.${field}`, reason: `must be > 0 and <= ${max} ${unit}` });
  }

  if (!Array.isArray(node.children)) {
    errors.push({ attribute: `${path}.children`, reason: 'children must be an array' });
    return;
  }
  const kind = (node.kind === 'pack' || node.kind === 'module' || node.kind === 'cell' ? node.kind : expectedKind) as PackNode['kind'];
  const childKind = CHILD_KIND[kind];
  if (childKind === null && node.children.length > 0) {
    errors.push({ attribute: `${path}.children`, reason: 'a cell cannot contain other nodes' });
    return;
  }
  node.children.forEach((child, i) => {
    const childPath = `${path}.children[${i}]`;
    if (!isRecord(child)) {
      errors.push({ attribute: childPath, reason: 'expected a node object' });
      return;
    }
    visit(child, childPath, childKind ?? 'cell', errors, ids, serials);
  });
}

/** All module nodes in tree order. */
export function listModules(root: PackNode): PackNode[] {
  return collect(root, 'module');
}

/** All cell nodes in tree order. */
export function listCells(root: PackNode): PackNode[] {
  return collect(root, 'cell');
}

function collect(root: PackNode, kind: PackNode['kind']): PackNode[] {
  const out: PackNode[] = [];
  const stack: PackNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PackNode;
    if (node.kind === kind) out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

/** Node with the given id anywhere in the tree. */
export function findNode(root: PackNode, id: string): PackNode | undefined {
  const stack: PackNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PackNode;
    if (node.id === id) return node;
    for (const child of node.children) stack.push(child);
  }
  return undefined;
}
