import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE } from './catalogue/index.js';
import { generateDemoPassports } from './demo.js';
import { LifecycleError, TRANSITIONS, applyInPlace, assertWritable, closePassport, deriveSuccessor, planTransition } from './lifecycle.js';
import type { BatteryStatus, Passport } from './types.js';
import { validatePassport } from './validation.js';

const issuer = { did: 'did:web:cells.example.com', role: 'manufacturer' as const, name: 'Example Cells AG' };
const reman = { did: 'did:web:reman.example.com', role: 'remanufacturer' as const, name: 'Second Life Works' };
const fresh = (): Passport => generateDemoPassports({ count: 1, seed: 5, now: '2026-01-10T09:00:00Z', issuer })[0];
const AT = '2026-01-12T10:00:00Z';
const ALL: BatteryStatus[] = ['original', 'reused', 'repurposed', 'remanufactured', 'waste'];

function withStatus(status: BatteryStatus): Passport {
  const p = fresh();
  p.status = status;
  p.attributes.batteryStatus = status;
  return p;
}

test('planTransition follows the Art. 77(6)-(7) lifecycle', () => {
  const expected: Record<BatteryStatus, Partial<Record<BatteryStatus, 'inPlace' | 'successor'>>> = {
    original: { reused: 'inPlace', repurposed: 'successor', remanufactured: 'successor', waste: 'inPlace' },
    reused: { repurposed: 'successor', remanufactured: 'successor', waste: 'inPlace' },
    repurposed: { waste: 'inPlace' },
    remanufactured: { repurposed: 'successor', waste: 'inPlace' },
    waste: {},
  };
  for (const from of ALL) {
    for (const to of ALL) {
      const plan = planTransition(withStatus(from), to);
      const want = expected[from][to];
      if (want) assert.deepEqual(plan, { kind: want }, `${from} -> ${to}`);
      else {
        assert.equal(plan.kind, 'error', `${from} -> ${to} must be refused`);
        if (plan.kind === 'error') assert.ok(plan.reason.length > 10);
      }
    }
    assert.deepEqual([...TRANSITIONS[from]].sort(), Object.keys(expected[from]).sort());
  }
  const refused = planTransition(withStatus('repurposed'), 'reused');
  assert.deepEqual(refused, { kind: 'error', reason: "a 'repurposed' battery cannot become 'reused'; allowed: waste" });
  assert.match((planTransition(withStatus('waste'), 'original') as { reason: string }).reason, /allowed: none/);
  assert.match((planTransition(fresh(), 'original') as { reason: string }).reason, /already 'original'/);
});

test('applyInPlace changes status, mirrors it in the attribute and bumps the version', () => {
  const p = fresh();
  const next = applyInPlace(p, 'reused', AT);
  assert.equal(next.status, 'reused');
  assert.equal(next.attributes.batteryStatus, 'reused');
  assert.equal(next.attributeUpdatedAt.batteryStatus, AT);
  assert.equal(next.updatedAt, AT);
  assert.equal(next.version, p.version + 1);
  assert.equal(p.status, 'original', 'input is not mutated');
  assert.deepEqual(validatePassport(next), []);
  assert.throws(() => applyInPlace(p, 'repurposed', AT), LifecycleError);
  assert.throws(() => applyInPlace(withStatus('waste'), 'reused', AT), /cannot become/);
});

test('deriveSuccessor links both passports and copies model-level data only', () => {
  const p = fresh();
  const { predecessor, successor } = deriveSuccessor(p, {
    passportId: 'urn:uuid:11111111-2222-4333-8444-555555555555',
    batteryId: 'BL-REMAN-0001',
    issuer: reman,
    status: 'remanufactured',
    at: AT,
  });
  assert.deepEqual(predecessor.successorPassportIds, ['urn:uuid:11111111-2222-4333-8444-555555555555']);
  assert.equal(predecessor.status, 'remanufactured');
  assert.equal(predecessor.closed, false);
  assert.equal(predecessor.version, p.version + 1);
  assert.equal(successor.predecessorPassportId, p.passportId);
  assert.deepEqual(successor.successorPassportIds, []);
  assert.equal(successor.status, 'remanufactured');
  assert.deepEqual(successor.issuer, reman);
  assert.equal(successor.attributes.batteryPassportIdentifier, successor.passportId);
  assert.equal(successor.attributes.batteryIdentifier, 'BL-REMAN-0001');
  assert.deepEqual(successor.structure, p.structure);
  assert.equal(successor.createdAt, AT);
  for (const def of CATALOGUE) {
    if (def.granularity === 'model') assert.deepEqual(successor.attributes[def.key], p.attributes[def.key], def.key);
  }
  assert.equal(successor.attributes.stateOfCertifiedEnergy, undefined, 'in-use data starts fresh');
  assert.equal(successor.attributes.manufacturingDate, undefined);
  assert.deepEqual(validatePassport(successor), []);
  assert.deepEqual(validatePassport(predecessor), []);

  // A remanufactured battery repurposed later gets another successor passport.
  const second = deriveSuccessor(successor, {
    passportId: 'urn:uuid:66666666-7777-4888-8999-aaaaaaaaaaaa',
    batteryId: 'BL-ESS-0001',
    issuer: reman,
    status: 'repurposed',
    at: '2027-01-01T00:00:00Z',
  });
  assert.equal(second.successor.predecessorPassportId, successor.passportId);
  assert.deepEqual(second.predecessor.successorPassportIds, [second.successor.passportId]);

  assert.throws(() => deriveSuccessor(p, { passportId: p.passportId, batteryId: 'X', issuer: reman, status: 'repurposed', at: AT }), /new passport identifier/);
  assert.throws(() => deriveSuccessor(p, { passportId: 'urn:uuid:11111111-2222-4333-8444-555555555555', batteryId: 'X', issuer: reman, status: 'waste', at: AT }), /applyInPlace/);
  assert.throws(() => deriveSuccessor(withStatus('repurposed'), { passportId: 'urn:uuid:11111111-2222-4333-8444-555555555555', batteryId: 'X', issuer: reman, status: 'remanufactured', at: AT }), LifecycleError);
});

test('closePassport makes the passport read-only with status waste', () => {
  const p = fresh();
  assert.deepEqual(assertWritable(p), { ok: true });
  const closed = closePassport(p, AT);
  assert.equal(closed.closed, true);
  assert.equal(closed.closedAt, AT);
  assert.equal(closed.status, 'waste');
  assert.equal(closed.attributes.batteryStatus, 'waste');
  assert.deepEqual(validatePassport(closed), []);

  const check = assertWritable(closed);
  assert.equal(check.ok, false);
  if (!check.ok) assert.match(check.reason, /closed .* after recycling \(Art\. 77\(6\)\) and is read-only/);
  for (const to of ALL) {
    const plan = planTransition(closed, to);
    assert.equal(plan.kind, 'error');
  }
  assert.throws(() => closePassport(closed, AT), /read-only/);
  assert.throws(() => applyInPlace(closed, 'reused', AT), /read-only/);

  const wasteFirst = closePassport(applyInPlace(p, 'waste', AT), '2026-02-01T00:00:00Z');
  assert.equal(wasteFirst.status, 'waste');
  assert.equal(wasteFirst.version, p.version + 2);
});
