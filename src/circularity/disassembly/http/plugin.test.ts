/** Disassembly over HTTP: a plan from a passport held elsewhere, a bad model named by field, executed steps as the dismantler's signed events on the holder. */
/** A JSON response body as the tests read it: fields are checked by the assertions themselves. */
type Body = Record<string, unknown>;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace } from '../../../../test/support/dataspace.js';
import { generateDemoPassports } from '../../../passport/index.js';
import { passportAssetId } from '../../../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../../../dataspace/connector/index.js';

test('disassembly over HTTP: plan with interlock, refuse a bad model, record executed steps in the passport', { timeout: 120_000 }, async (t) => {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Cellforge' },
    { key: 'dismantler', role: 'dismantler', name: 'Kreislauf' },
  ]);
  t.after(() => ds.close());
  const m = ds.nodes.manufacturer;
  const d = ds.nodes.dismantler;
  const [p] = generateDemoPassports({ count: 1, seed: 14, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
  const tok = await ds.operatorToken(d);
  const call = async <T = Body>(path: string, body: unknown) => {
    const r = await fetch(`${d.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };
  // the dismantler receives the passport over the dataspace and plans from it
  const got = await call('/api/dataspace/fetch', { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(p.batteryId, 'legitimateInterest') });
  assert.equal(got.status, 200);
  type Plan = { steps: { step: string; taskId: string; componentIds: string[]; resource: string; startS: number; endS: number }[]; makespanS: number; lowerBoundS: number };
  const plan = await call<Plan>('/api/disassembly/plan', { passport: got.body.data, depth: 'modules', robot: true });
  assert.equal(plan.status, 200, JSON.stringify(plan.body).slice(0, 500));
  const steps = plan.body.steps;
  assert.ok(steps.length > 5);
  const deEnergised = steps.find((s) => s.step === 'deEnergise');
  assert.ok(deEnergised, 'the plan de-energises the pack');
  assert.ok(steps.some((s) => s.resource === 'human') && steps.some((s) => s.resource === 'robot'), 'both resources work');
  for (const s of steps) if (s.resource === 'human') assert.ok(s.startS >= deEnergised.endS, `human step ${s.taskId} starts before the pack is de-energised`);
  assert.ok(plan.body.makespanS >= plan.body.lowerBoundS);

  const bad = await call<{ errors: { field: string; reason: string }[] }>('/api/disassembly/plan', { model: { format: 'batteryloop.packModel/1', components: 'x' } });
  assert.equal(bad.status, 422);
  assert.match(JSON.stringify(bad.body.errors), /body\.model\./);

  const first = steps[0];
  const rec = await call('/api/disassembly/steps', { batteryId: p.batteryId, holderUrl: m.url, holderDid: m.identity.did, step: { planned: { step: first.step, taskId: first.taskId, componentIds: first.componentIds }, stepIndex: 0, actor: { kind: 'robot', id: 'KUKA-KR60-1' }, durationS: 151, deviations: ['one screw stripped, drilled out'], conditions: Object.fromEntries(first.componentIds.map((c) => [c, 'intact'])) } });
  assert.equal(rec.status, 201, JSON.stringify(rec.body));
  // a module comes out intact and is tagged for re-use in the signed event; a damaged one cannot be
  const modStep = steps.find((s) => s.step === 'removeModule' && s.componentIds.length > 0);
  assert.ok(modStep, `a module removal step in ${[...new Set(steps.map((s) => s.step))].join(',')}`);
  const modId = modStep.componentIds[0];
  const planned = { step: modStep.step, taskId: modStep.taskId, componentIds: modStep.componentIds };
  const badTag = await call<{ errors: { field: string; reason: string }[] }>('/api/disassembly/steps', { batteryId: p.batteryId, holderUrl: m.url, holderDid: m.identity.did, step: { planned, stepIndex: 1, actor: { kind: 'robot', id: 'KUKA-KR60-1' }, durationS: 90, deviations: [], conditions: Object.fromEntries(modStep.componentIds.map((c) => [c, 'majorDamage'])), reuseTags: { [modId]: 'reuse' } } });
  assert.equal(badTag.status, 422);
  assert.match(badTag.body.errors[0].reason, /majorDamage/);
  const tagged = await call('/api/disassembly/steps', { batteryId: p.batteryId, holderUrl: m.url, holderDid: m.identity.did, step: { planned, stepIndex: 1, actor: { kind: 'robot', id: 'KUKA-KR60-1' }, durationS: 90, deviations: [], conditions: Object.fromEntries(modStep.componentIds.map((c) => [c, 'intact'])), reuseTags: { [modId]: 'reuse' } } });
  assert.equal(tagged.status, 201, JSON.stringify(tagged.body));

  const mt = await ds.operatorToken(m);
  type Ev = { type: string; author: { did: string }; payload: { components?: { componentId: string; reuseTag?: string }[] } };
  const events = ((await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}/events`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { items: Ev[] }).items;
  const ds1 = events.filter((e) => e.type === 'dismantlingStep');
  assert.equal(ds1.length, 2, 'the refused step wrote nothing');
  assert.equal(ds1[0].author.did, d.identity.did);
  assert.equal(ds1[1].payload.components?.find((c) => c.componentId === modId)?.reuseTag, 'reuse', 'the signed event carries the reuse tag');
  // the event list filters by type and returns the newest
  const latest = ((await (await fetch(`${m.url}/api/passports/${encodeURIComponent(p.batteryId)}/events?type=dismantlingStep&latest=true&limit=1`, { headers: { authorization: `Bearer ${mt}` } })).json()) as { items: Ev[] }).items;
  assert.equal(latest.length, 1);
  assert.equal(latest[0].payload.components?.[0]?.componentId, modStep.componentIds[0]);
});
