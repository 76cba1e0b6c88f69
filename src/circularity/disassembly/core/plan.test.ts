import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemoPassports } from '../../../passport/index.js';
import { validateEventPayload } from '../../../history/core/index.js';
import { packModelFromPassport } from './template.js';
import { planDisassembly, type DisassemblyPlan } from './plan.js';
import { validatePackModel } from './validate-model.js';
import { resizedPassport } from './synthetic.js';
import { reuseTags, toDismantlingStepPayload, type ExecutedStep } from './events.js';
import type { PackModel } from './model.js';

const passports = generateDemoPassports({ count: 3, seed: 5, now: '2031-01-01T00:00:00Z', issuer: { did: 'did:web:m.example', role: 'manufacturer', name: 'M' } });

function checkPlan(model: PackModel, plan: DisassemblyPlan): void {
  const byId = new Map(model.tasks.map((t) => [t.id, t]));
  const steps = new Map(plan.steps.map((s) => [s.taskId, s]));
  const expected = model.tasks.filter((t) => plan.depth === 'cells' || t.depth === 'modules');
  assert.equal(plan.steps.length, expected.length);
  const de = plan.steps.find((s) => byId.get(s.taskId)!.deEnergise)!;
  for (const s of plan.steps) {
    const t = byId.get(s.taskId)!;
    for (const a of t.after) assert.ok(steps.get(a)!.endS <= s.startS + 1e-9, `${s.taskId} before ${a}`);
    if (s.resource === 'robot') assert.ok(plan.robotPresent && t.time.robotS !== undefined, `robot given ${s.taskId}`);
    if (s.resource === 'human') assert.ok(t.time.humanS !== undefined, `human given ${s.taskId}`);
    if (plan.robotPresent && t.hvExposed && t.time.robotS !== undefined) assert.equal(s.resource, 'robot', `HV step ${s.taskId} left to a human`);
    // interlock: with a robot in the cell no human works before the pack is de-energised
    if (plan.robotPresent && s.resource === 'human') assert.ok(s.startS >= de.endS, `human ${s.taskId} at ${s.startS} before de-energised at ${de.endS}`);
  }
  assert.ok(plan.lowerBoundS <= plan.makespanS + 1e-9);
  assert.ok(plan.gapPct >= 0);
  assert.equal(plan.deEnergisedAtS, de.endS);
}

test('template plans for every demo passport, depth and robot setting keep precedence, capability and the interlock', () => {
  for (const pp of passports) {
    const model = packModelFromPassport(pp);
    const check = validatePackModel(JSON.parse(JSON.stringify(model)));
    assert.ok(check.ok, JSON.stringify(!check.ok && check.errors.slice(0, 3)));
    for (const depth of ['modules', 'cells'] as const) {
      for (const robot of [true, false]) {
        const plan = planDisassembly(model, { depth, robot, heuristicEvaluations: 20 });
        checkPlan(model, plan);
        if (!robot) assert.ok(plan.steps.every((s) => s.resource === 'human') && plan.cost.robotEur === 0);
      }
    }
  }
});

test('the robot takes over the de-energise chain (no live work) and shortens the plan; cost covers both resources', () => {
  const model = packModelFromPassport(passports[0]);
  const withRobot = planDisassembly(model, { depth: 'modules', robot: true });
  const alone = planDisassembly(model, { depth: 'modules', robot: false });
  assert.ok(withRobot.steps.filter((s) => s.liveWorking).length === 0);
  assert.ok(alone.steps.some((s) => s.liveWorking), 'without a robot the chain is live work by the operator');
  assert.ok(withRobot.makespanS < alone.makespanS, `${withRobot.makespanS} vs ${alone.makespanS}`);
  // cost: both resources are paid for the whole makespan
  assert.ok(Math.abs(withRobot.cost.totalEur - (withRobot.makespanS / 3600) * (41.3 + 17)) < 1e-9);
});

test('small packs are planned exactly; the exact plan is never worse than the heuristic', () => {
  const small = resizedPassport(passports[0], 1, 2);
  const model = packModelFromPassport(small);
  const exact = planDisassembly(model, { depth: 'modules' });
  const heur = planDisassembly(model, { depth: 'modules', exactMaxTasks: 0 });
  assert.equal(exact.method, 'exact');
  assert.ok(exact.optimal && exact.gapPct === 0);
  assert.ok(exact.makespanS <= heur.makespanS);
  assert.equal(heur.method, 'heuristic');
  checkPlan(model, exact);
});

test('a 200-component pack is planned to cell depth with a reported gap', () => {
  const model = packModelFromPassport(resizedPassport(passports[1], 8, 18));
  assert.ok(model.components.length >= 200, `${model.components.length} components`);
  const plan = planDisassembly(model, { depth: 'cells' });
  checkPlan(model, plan);
  assert.equal(plan.method, 'heuristic');
  assert.ok(Number.isFinite(plan.gapPct));
});

test('executed steps map to dismantlingStep payloads the history schema accepts; intact modules are tagged for reuse', () => {
  const model = packModelFromPassport(passports[0]);
  const plan = planDisassembly(model, { depth: 'modules', heuristicEvaluations: 10 });
  const executed: ExecutedStep[] = plan.steps.map((s, i) => ({
    planned: s, stepIndex: i, actor: { kind: s.resource, id: s.resource === 'robot' ? 'cell-2' : 'badge-0417' }, durationS: s.durationS,
    deviations: i === 3 ? ['corroded fastener drilled out'] : [],
    conditions: Object.fromEntries(s.componentIds.map((c) => [c, c === 'M02' ? 'minorDamage' : 'intact'] as const)),
  }));
  for (const e of executed) assert.deepEqual(validateEventPayload('dismantlingStep', toDismantlingStepPayload(e)), []);
  const removeM01 = executed.find((e) => e.planned.taskId === 'M01.remove')!;
  assert.deepEqual(toDismantlingStepPayload(removeM01).components, [{ componentId: 'M01', condition: 'intact' }]);
  const tags = reuseTags(model, executed);
  assert.ok(tags.some((t) => t.componentId === 'M01' && t.tag === 'reuse'));
  assert.ok(tags.some((t) => t.componentId === 'M02' && t.tag === 'remanufacture'));
  assert.ok(!tags.some((t) => t.componentId.endsWith('.lid')), 'the lid is not a reuse candidate');
  assert.throws(() => toDismantlingStepPayload({ ...removeM01, conditions: {} }), /no condition recorded for component M01/);
});
