import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNode, listCells, listModules, validateStructure } from './structure.js';
import type { PackNode } from './types.js';

function cell(id: string, serial: string): PackNode {
  return { id, kind: 'cell', serialNumber: serial, nominalCapacityAh: 60, nominalVoltageV: 3.65, children: [] };
}

function pack(): PackNode {
  return {
    id: 'PACK',
    kind: 'pack',
    serialNumber: 'PK-1',
    nominalVoltageV: 350,
    children: [
      { id: 'M01', kind: 'module', serialNumber: 'MD-1', children: [cell('M01-C001', 'CL-1'), cell('M01-C002', 'CL-2')] },
      { id: 'M02', kind: 'module', serialNumber: 'MD-2', children: [cell('M02-C001', 'CL-3')] },
    ],
  };
}

test('a well-formed pack has no errors; modules and cells are listed in order', () => {
  const root = pack();
  assert.deepEqual(validateStructure(root), []);
  assert.deepEqual(listModules(root).map((m) => m.id), ['M01', 'M02']);
  assert.deepEqual(listCells(root).map((c) => c.id), ['M01-C001', 'M01-C002', 'M02-C001']);
  assert.equal(findNode(root, 'M02-C001')?.serialNumber, 'CL-3');
  assert.equal(findNode(root, 'PACK')?.kind, 'pack');
  assert.equal(findNode(root, 'M09'), undefined);
});

test('nesting rules: root is a pack, modules under the pack, cells under modules', () => {
  const root = pack();
  root.kind = 'module';
  assert.match(validateStructure(root)[0].reason, /root node must be a pack/);

  const cellInPack = pack();
  cellInPack.children.push(cell('C-LOOSE', 'CL-9'));
  assert.deepEqual(validateStructure(cellInPack).map((e) => e.attribute), ['structure.children[2].kind']);

  const moduleInModule = pack();
  moduleInModule.children[0].children.push({ id: 'M03', kind: 'module', serialNumber: 'MD-3', children: [] });
  assert.match(validateStructure(moduleInModule)[0].reason, /expected a cell here/);

  const cellWithChildren = pack();
  cellWithChildren.children[0].children[0].children.push(cell('X', 'CL-X'));
  assert.match(validateStructure(cellWithChildren)[0].reason, /cell cannot contain/);
});

test('ids and serial numbers must be present and unique within the pack', () => {
  const root = pack();
  root.children[1].children[0].id = 'M01-C001';
  root.children[1].serialNumber = 'CL-2';
  root.children[0].children[1].serialNumber = ' ';
  root.children[0].id = 'bad id!';
  const errors = validateStructure(root);
  const byPath = Object.fromEntries(errors.map((e) => [e.attribute, e.reason]));
  assert.match(byPath['structure.children[1].children[0].id'], /duplicate id 'M01-C001'/);
  assert.match(byPath['structure.children[0].children[1].serialNumber'], /non-empty/);
  assert.match(byPath['structure.children[0].id'], /id must be/);
  assert.equal(errors.length, 3, JSON.stringify(errors));
  // Serial 'CL-2' is now only on the module since the cell's was blanked.
  const dup = pack();
  dup.children[1].children[0].serialNumber = 'CL-1';
  assert.match(validateStructure(dup)[0].reason, /duplicate serial number 'CL-1'/);
});

test('shape errors: non-objects, bad numbers, unknown fields', () => {
  assert.deepEqual(validateStructure(null), [{ attribute: 'structure', reason: 'expected a pack node object' }]);
  const root = pack() as unknown as Record<string, unknown>;
  root.massKg = -3;
  root.colour = 'red';
  (root.children as unknown[]).push(42);
  const fields = validateStructure(root).map((e) => e.attribute);
  assert.deepEqual(fields.sort(), ['structure.children[2]', 'structure.colour', 'structure.massKg']);
  const noChildren = pack() as unknown as Record<string, unknown>;
  delete noChildren.children;
  assert.deepEqual(validateStructure(noChildren).map((e) => e.attribute), ['structure.children']);
});
