import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchEfficiency, yearlyEfficiency } from './efficiency.js';
import { batchRecovery, yearlyRecovery } from './recovery.js';
import { exampleBatch, exampleOutputs } from './examples.js';
import { MassBalanceError } from './mass-balance.js';
import { BatchError } from './batch.js';

const close = (a: number | null, b: number, eps = 1e-6) => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('Part B efficiency counts only recycled battery-derived mass: 570 / 850 kg', () => {
  const r = batchEfficiency(exampleBatch('2026-03-15'));
  assert.equal(r.category, 'lithium-based');
  close(r.recycledKg, 570);
  close(r.assessment.valuePct, (100 * 570) / 850);
});

test('efficiency against targets by date: no target in 2025, meets 65 % in 2026, below 70 % in 2031', () => {
  assert.equal(batchEfficiency(exampleBatch('2025-06-01')).assessment.status, 'no-target-yet');
  const y2026 = batchEfficiency(exampleBatch('2026-03-15')).assessment;
  assert.equal(y2026.status, 'meets');
  assert.equal(y2026.target?.valuePct, 65);
  assert.equal(y2026.next?.valuePct, 70);
  const y2031 = batchEfficiency(exampleBatch('2031-03-15')).assessment;
  assert.equal(y2031.status, 'below');
  assert.equal(y2031.target?.valuePct, 70);
});

test('sent-on intermediates count only with the declared downstream share', () => {
  const outs = exampleOutputs();
  const g = outs.find((o) => o.fractionId === 'F-graphite')!;
  g.fate = 'sent-on';
  close(batchEfficiency(exampleBatch('2026-03-15', outs)).recycledKg, 460);
  g.downstreamRecycledShare = 0.5;
  close(batchEfficiency(exampleBatch('2026-03-15', outs)).recycledKg, 515);
});

test('efficiency refuses an unbalanced batch and a batch mixing categories', () => {
  const outs = exampleOutputs();
  outs.find((o) => o.fractionId === 'F-li')!.componentsKg.Li = 20; // intake 14.45 kg
  assert.throws(() => batchEfficiency(exampleBatch('2026-03-15', outs)), MassBalanceError);
  const mixed = exampleBatch();
  mixed.intake[1].chemistry = 'NaIon';
  assert.throws(() => batchEfficiency(mixed), BatchError);
});

test('Part C recovery per element before/after 31 Dec 2027 and 31 Dec 2031', () => {
  const byEl = (d: string, li?: number) => Object.fromEntries(batchRecovery(exampleBatch(d, exampleOutputs(li))).map((r) => [r.element, r]));
  const early = byEl('2027-06-30');
  close(early.Co.assessment.valuePct, (100 * 24.5) / 25.5);
  assert.equal(early.Co.assessment.status, 'no-target-yet');
  assert.equal(early.Co.assessment.next?.valuePct, 90);
  assert.equal(early.Pb.assessment.status, 'no-input');

  const low = byEl('2028-06-30', 10);
  close(low.Li.assessment.valuePct, (100 * 10) / 14.45);
  assert.equal(low.Li.assessment.status, 'meets'); // 69.2 % ≥ 50 %
  assert.equal(low.Co.assessment.status, 'meets'); // 96.1 % ≥ 90 %

  const late = byEl('2032-06-30', 10);
  assert.equal(late.Li.assessment.status, 'below'); // 69.2 % < 80 %
  assert.equal(late.Ni.assessment.status, 'meets'); // 95.4 % ≥ 95 %
  assert.equal(late.Cu.assessment.status, 'meets'); // 96.7 % ≥ 95 %
});

test('yearly figures are mass-weighted over the batches of that year only', () => {
  const a = exampleBatch('2028-02-01');
  const b = exampleBatch('2028-09-01', exampleOutputs(10));
  b.batchId = 'B-low-li';
  const other = exampleBatch('2029-01-10');
  const eff = yearlyEfficiency([a, b, other], 2028);
  assert.equal(eff.length, 1);
  close(eff[0].inputKg, 1700);
  close(eff[0].recycledKg, 570 + 567.5);
  assert.equal(eff[0].assessment.assessedOn, '2028-12-31');
  const li = yearlyRecovery([a, b, other], 2028).find((r) => r.element === 'Li')!;
  close(li.assessment.valuePct, (100 * 22.5) / 28.9);
});
