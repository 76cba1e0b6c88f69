import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '../../passport/index.js';
import { PARTICIPANT_ROLES } from '../../dataspace/identity/index.js';
import { EXAMPLE_PAYLOADS } from './examples.js';
import { EVENT_AUTHOR_ROLES, EVENT_TYPES, mayAuthor } from './event-types.js';
import { nextLink, prepareEvent, type PrepareEventInput } from './envelope.js';
import { validateEventPayload } from './validate.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('every event type has a valid example and a non-empty author list', () => {
  assert.equal(EVENT_TYPES.length, 14);
  for (const type of EVENT_TYPES) {
    assert.deepEqual(validateEventPayload(type, EXAMPLE_PAYLOADS[type]), [], type);
    assert.ok(EVENT_AUTHOR_ROLES[type].length > 0, type);
  }
});

test('errors name the offending field', () => {
  const snap = clone(EXAMPLE_PAYLOADS.operationalSnapshot) as Record<string, unknown>;
  snap.stateOfHealthPct = 120;
  assert.deepEqual(validateEventPayload('operationalSnapshot', snap), [{ field: 'stateOfHealthPct', reason: 'must be <= 100' }]);

  const pickup = clone(EXAMPLE_PAYLOADS.shipmentPickedUp) as { handling: Record<string, unknown> };
  delete pickup.handling.peakShockG;
  assert.deepEqual(validateEventPayload('shipmentPickedUp', pickup), [{ field: 'handling.peakShockG', reason: 'is required' }]);

  const step = clone(EXAMPLE_PAYLOADS.dismantlingStep) as { components: { condition: string }[] };
  step.components[1].condition = 'shiny';
  const errs = validateEventPayload('dismantlingStep', step);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].field, 'components.1.condition');
  assert.match(errs[0].reason, /must be one of "intact"/);

  const recycled = clone(EXAMPLE_PAYLOADS.recycled) as { recoveredMaterialsKg: Record<string, number> };
  recycled.recoveredMaterialsKg.Unobtainium = 3;
  assert.deepEqual(validateEventPayload('recycled', recycled), [{ field: 'recoveredMaterialsKg.Unobtainium', reason: 'unknown field' }]);

  const vin = { ...EXAMPLE_PAYLOADS.putIntoService, vehicleIdentificationNumber: 'WVWZZZE1ZPP01234O' };
  assert.equal(validateEventPayload('putIntoService', vin)[0].field, 'vehicleIdentificationNumber');

  assert.deepEqual(validateEventPayload('testResult', 'x'), [{ field: '(payload)', reason: 'must be object' }]);
  assert.deepEqual(validateEventPayload('exploded', {}), [{ field: 'type', reason: 'unknown event type "exploded"' }]);
  assert.deepEqual(
    validateEventPayload('operationalSnapshot', snap, 'payload').map((e) => e.field),
    ['payload.stateOfHealthPct'],
  );
});

test('several problems are all reported', () => {
  const t = clone(EXAMPLE_PAYLOADS.testResult) as Record<string, unknown>;
  t.capacityAh = -1;
  t.method = 'guess';
  delete t.facility;
  const fields = validateEventPayload('testResult', t).map((e) => e.field).sort();
  assert.deepEqual(fields, ['capacityAh', 'facility', 'method']);
});

test('cross-field rules', () => {
  const snap = clone(EXAMPLE_PAYLOADS.operationalSnapshot);
  snap.temperatures = { minC: 30, maxC: 10 };
  assert.equal(validateEventPayload('operationalSnapshot', snap)[0].field, 'temperatures.minC');
  snap.temperatures = { minC: 0, maxC: 10, meanC: 11 };
  assert.equal(validateEventPayload('operationalSnapshot', snap)[0].field, 'temperatures.meanC');

  const transit = clone(EXAMPLE_PAYLOADS.shipmentInTransit);
  transit.handling.temperatureMinC = 40;
  assert.equal(validateEventPayload('shipmentInTransit', transit)[0].field, 'handling.temperatureMinC');

  const recycled = clone(EXAMPLE_PAYLOADS.recycled);
  recycled.inputMassKg = 10;
  assert.equal(validateEventPayload('recycled', recycled)[0].field, 'recoveredMaterialsKg');

  assert.equal(validateEventPayload('statusChange', { from: 'waste', to: 'original', reason: 'x' })[0].field, 'to');
  assert.equal(validateEventPayload('statusChange', { from: 'reused', to: 'reused', reason: 'x' })[0].field, 'to');
  assert.equal(validateEventPayload('ownershipChange', { fromOwner: { name: 'A' }, toOwner: { name: 'A' }, reason: 'sale' })[0].field, 'toOwner');
});

test('author-role rules', () => {
  const only = (type: (typeof EVENT_TYPES)[number]) => PARTICIPANT_ROLES.filter((r) => mayAuthor(r, type));
  assert.deepEqual(only('testResult'), ['testingFacility']);
  assert.deepEqual(only('shipmentPickedUp'), ['logistics']);
  assert.deepEqual(only('shipmentInTransit'), ['logistics']);
  assert.deepEqual(only('shipmentDelivered'), ['logistics']);
  assert.deepEqual(only('recycled'), ['recycler']);
  assert.deepEqual(only('manufactured'), ['manufacturer']);
  assert.deepEqual(only('dismantlingStep').sort(), ['dismantler', 'recycler', 'remanufacturer']);
  assert.deepEqual(only('operationalSnapshot').sort(), ['oem', 'testingFacility']);
  for (const type of EVENT_TYPES) {
    assert.equal(mayAuthor('public', type), false, type);
    assert.equal(mayAuthor('authority', type), false, type);
  }
});

function input(type: PrepareEventInput['type'], role: Role, payload: unknown): PrepareEventInput {
  return {
    eventId: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    batteryId: 'BAT-1',
    type,
    occurredAt: '2031-05-01T10:00:00Z',
    author: { did: 'did:web:node.example', role },
    payload: payload as never,
  };
}

test('prepareEvent enforces role rules, including who owns a status transition', () => {
  const ok = prepareEvent(input('testResult', 'testingFacility', EXAMPLE_PAYLOADS.testResult), nextLink(null));
  assert.ok(ok.ok);
  assert.equal(ok.envelope.seq, 0);
  assert.equal(ok.envelope.prevHash, '0'.repeat(64));

  const wrongRole = prepareEvent(input('testResult', 'recycler', EXAMPLE_PAYLOADS.testResult), nextLink(null));
  assert.deepEqual(wrongRole.ok ? [] : wrongRole.errors, [{ field: 'author.role', reason: 'role recycler may not author testResult events' }]);

  const toWaste = { from: 'original', to: 'waste', reason: 'x' };
  assert.ok(prepareEvent(input('statusChange', 'dismantler', toWaste), nextLink(null)).ok);
  const toReman = { from: 'original', to: 'remanufactured', reason: 'x' };
  const r = prepareEvent(input('statusChange', 'dismantler', toReman), nextLink(null));
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.errors[0].reason, /does not own the transition original → remanufactured/);
});

test('prepareEvent reports envelope and payload problems together', () => {
  const bad = {
    ...input('operationalSnapshot', 'oem', { ...EXAMPLE_PAYLOADS.operationalSnapshot, stateOfChargePct: -1 }),
    eventId: 'not-a-uuid',
    occurredAt: '2031-02-30T10:00:00Z',
    author: { did: 'did:key:z6Mk', role: 'oem' as const },
  };
  const r = prepareEvent(bad, { seq: 3, prevHash: 'abc' });
  assert.equal(r.ok, false);
  assert.deepEqual((r.ok ? [] : r.errors).map((e) => e.field).sort(), ['author.did', 'eventId', 'occurredAt', 'payload.stateOfChargePct', 'prevHash']);
});

test('nextLink follows the head', () => {
  assert.deepEqual(nextLink(null), { seq: 0, prevHash: '0'.repeat(64) });
  assert.deepEqual(nextLink({ seq: 4, hash: 'ab'.repeat(32) }), { seq: 5, prevHash: 'ab'.repeat(32) });
});
