import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoPassports } from '../../../passport/index.js';
import { packModelFromPassport } from './template.js';
import { validatePackModel } from './validate-model.js';
import { validateCellConfig } from './costs.js';

const [passport] = generateDemoPassports({ count: 1, seed: 3, now: '2031-01-01T00:00:00Z', issuer: { did: 'did:web:m.example', role: 'manufacturer', name: 'M' } });
const fresh = () => JSON.parse(JSON.stringify(packModelFromPassport(passport))) as Record<string, any>;

function errorsOf(model: unknown): { field: string; reason: string }[] {
  const r = validatePackModel(model);
  return r.ok ? [] : r.errors;
}

test('the template model passes its own validation', () => {
  assert.deepEqual(errorsOf(fresh()), []);
});

test('validation errors name the field at fault', () => {
  const cases: [string, (m: Record<string, any>) => void, string, RegExp][] = [
    ['schema', (m) => (m.schema = 'x'), 'schema', /batteryloop.packModel\/1/],
    ['cell format', (m) => (m.cellFormat = 'coin'), 'cellFormat', /pouch/],
    ['unknown task ref', (m) => m.tasks[4].after.push('M99.remove'), 'tasks[4].after', /unknown task "M99.remove"/],
    ['bad tool', (m) => (m.tasks[2].tool = 'hammer'), 'tasks[2].tool', /expected one of/],
    ['negative time', (m) => (m.tasks[3].time.robotS = -4), 'tasks[3].time.robotS', /> 0/],
    ['no time', (m) => (m.tasks[3].time = {}), 'tasks[3].time', /at least one/],
    ['unknown component', (m) => (m.tasks[1].componentIds = ['nope']), 'tasks[1].componentIds[0]', /unknown component/],
    ['duplicate component', (m) => (m.components[2].id = m.components[1].id), 'components[2].id', /duplicate/],
    ['unknown field', (m) => (m.tasks[0].colour = 'red'), 'tasks[0].colour', /unknown field/],
    ['fastener count', (m) => (m.tasks[0].fastener.count = 0), 'tasks[0].fastener.count', /integer/],
    ['reuse flag', (m) => delete m.components[0].reuseCandidate, 'components[0].reuseCandidate', /true or false/],
  ];
  for (const [name, edit, field, reason] of cases) {
    const m = fresh();
    edit(m);
    const errs = errorsOf(m);
    const hit = errs.find((e) => e.field.startsWith(field));
    assert.ok(hit, `${name}: expected an error at ${field}, got ${JSON.stringify(errs)}`);
    assert.match(hit.reason, reason, name);
  }
});

test('a model without exactly one de-energise task, a cycle, or a module task waiting for a cell task is refused', () => {
  const none = fresh();
  for (const t of none.tasks) delete t.deEnergise;
  assert.match(errorsOf(none).find((e) => e.field === 'tasks')!.reason, /exactly one task must have deEnergise/);

  const cyc = fresh();
  const lid = cyc.tasks.findIndex((t: { step: string }) => t.step === 'removeLid');
  const seal = cyc.tasks.findIndex((t: { step: string }) => t.step === 'cutLidSeal');
  cyc.tasks[seal].after.push(cyc.tasks[lid].id);
  const cycle = errorsOf(cyc).find((e) => /cycle/.test(e.reason));
  assert.ok(cycle && /^tasks\[\d+\]\.after$/.test(cycle.field), JSON.stringify(cycle));

  const mixed = fresh();
  const cellTask = mixed.tasks.find((t: { depth: string }) => t.depth === 'cells').id;
  mixed.tasks[0].after.push(cellTask);
  assert.ok(errorsOf(mixed).some((e) => e.field === 'tasks[0].after[0]' && /cannot wait for the 'cells' task/.test(e.reason)));
});

test('cell config edits are checked field by field', () => {
  const r = validateCellConfig({ labourEurPerH: -1, asOf: '2025', robotEurPerH: 20 });
  assert.ok(!r.ok);
  assert.deepEqual(r.errors.map((e) => e.field).sort(), ['asOf', 'labourEurPerH']);
  const ok = validateCellConfig({ labourEurPerH: 50, asOf: '2025-01-15' });
  assert.ok(ok.ok && ok.config.labourEurPerH === 50 && ok.config.robotEurPerH === 17);
});
