import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  assessStatus, checkPackingChoice, classifyBattery, NEGATIVE_EVENTS, type ClassificationInput,
} from './dangerous-goods.js';
import { severity } from './types.js';

const pack = (o: Partial<ClassificationInput>): ClassificationInput => ({
  stateOfSafety: 0.92, sosDriver: 'resistanceGrowth', negativeEvents: [], massKg: 350, context: 'loose', purpose: 'recycling', ...o,
});
const refs = (c: ReturnType<typeof classifyBattery>) => c.reasons.map((r) => r.ref);

test('normal EV pack for recycling: UN 3480, SP 377, P909 preferred (≤ 400 kg), large pack to LP903 / P903 (2)', () => {
  const c = classifyBattery(pack({}));
  assert.equal(c.unNumber, 'UN 3480');
  assert.equal(c.class, '9');
  assert.equal(c.status, 'normal');
  assert.deepEqual(c.specialProvisions, ['SP 377', 'SP 230']);
  assert.deepEqual(c.allowedPacking, ['P909', 'P903', 'LP903']);
  assert.equal(c.preferredPacking, 'P909');
  assert.deepEqual(c.packageMarks, ['LITHIUM BATTERIES FOR RECYCLING']);
  const big = classifyBattery(pack({ massKg: 450, purpose: 'disposal' }));
  assert.deepEqual(big.allowedPacking, ['LP903', 'P903']);
  assert.deepEqual(big.packageMarks, ['LITHIUM BATTERIES FOR DISPOSAL']);
  assert.ok(refs(big).includes('ADR 1.2.1') && refs(big).includes('P903 (2)'));
});

test('crash-damaged pack: SP 376, P908/LP904, LP904 only above 400 kg; SP 230 excluded', () => {
  // the twin caps SoS at 0.2 after a crash with driver negativeEvents: the event decides, not the 0.2 threshold
  const c = classifyBattery(pack({ stateOfSafety: 0.2, sosDriver: 'negativeEvents', negativeEvents: ['crash'], massKg: 250 }));
  assert.equal(c.status, 'damagedOrDefective');
  assert.deepEqual(c.specialProvisions, ['SP 376']);
  assert.deepEqual(c.allowedPacking, ['P908', 'LP904']);
  assert.deepEqual(c.packageMarks, ['DAMAGED/DEFECTIVE LITHIUM ION BATTERIES']);
  assert.ok(refs(c).includes('SP 377') && refs(c).includes('SP 230'));
  const big = classifyBattery(pack({ stateOfSafety: 0.2, sosDriver: 'negativeEvents', negativeEvents: ['crash'], massKg: 450 }));
  assert.deepEqual(big.allowedPacking, ['LP904']);
});

test('thermal runaway risk: critical, P911/LP906 only', () => {
  const module = classifyBattery(pack({ stateOfSafety: 0.3, sosDriver: 'temperatureRise', negativeEvents: ['thermalIncident'], massKg: 30 }));
  assert.equal(module.status, 'criticalDefect');
  assert.deepEqual(module.allowedPacking, ['P911', 'LP906']);
  const packCls = classifyBattery(pack({ stateOfSafety: 0.3, sosDriver: 'temperatureRise', negativeEvents: ['thermalIncident'], massKg: 450 }));
  assert.deepEqual(packCls.allowedPacking, ['LP906']);
});

test('status table of SoS, driver and events', () => {
  const cases: [Partial<ClassificationInput>, string][] = [
    [{ stateOfSafety: 0.15, sosDriver: 'cellImbalance' }, 'criticalDefect'],
    [{ stateOfSafety: 0.35, sosDriver: 'cellImbalance' }, 'damagedOrDefective'],
    [{ stateOfSafety: 0.35, sosDriver: 'temperature' }, 'criticalDefect'],
    [{ stateOfSafety: 0.35, sosDriver: 'selfDischarge' }, 'criticalDefect'],
    [{ stateOfSafety: 0.59, sosDriver: 'voltageLimits' }, 'damagedOrDefective'],
    [{ stateOfSafety: 0.6, sosDriver: 'voltageLimits' }, 'normal'],
    [{ stateOfSafety: 0.5, sosDriver: 'negativeEvents', negativeEvents: ['deepDischarge'] }, 'damagedOrDefective'],
    [{ stateOfSafety: 0.9, negativeEvents: ['swelling'] }, 'damagedOrDefective'],
    [{ stateOfSafety: 0.9, negativeEvents: ['leakage'] }, 'damagedOrDefective'],
    [{ stateOfSafety: 0.9, diagnosed: false }, 'damagedOrDefective'],
    [{ stateOfSafety: 0.9, negativeEvents: ['thermalIncident'] }, 'criticalDefect'],
  ];
  for (const [input, status] of cases) assert.equal(classifyBattery(pack(input)).status, status, JSON.stringify(input));
});

test('equipment and vehicle contexts: UN 3481, and UN 3556 for a lithium-ion vehicle (ADR 2025 SP 388, not UN 3171)', () => {
  assert.equal(classifyBattery(pack({ context: 'containedInEquipment' })).unNumber, 'UN 3481');
  assert.match(classifyBattery(pack({ context: 'packedWithEquipment' })).properShippingName, /PACKED WITH EQUIPMENT/);
  const car = classifyBattery(pack({ context: 'inVehicle', massKg: 1800 }));
  assert.equal(car.unNumber, 'UN 3556');
  assert.equal(car.properShippingName, 'VEHICLE, LITHIUM ION BATTERY POWERED');
  assert.deepEqual(car.specialProvisions, ['SP 388', 'SP 666']);
  assert.deepEqual(car.allowedPacking, ['vehicleAsLoad']);
  const crashed = classifyBattery(pack({ context: 'inVehicle', negativeEvents: ['crash'] }));
  assert.equal(crashed.requiresBatteryRemoval, true);
  assert.deepEqual(crashed.allowedPacking, []);
  const asLoad = checkPackingChoice(crashed, 'vehicleAsLoad');
  assert.ok(!asLoad.ok && /must leave the vehicle/.test(asLoad.reason) && /SP 667 \(b\)\(ii\)/.test(asLoad.reason));
  const stuck = classifyBattery(pack({ context: 'inVehicle', negativeEvents: ['crash'], removableFromVehicle: false }));
  assert.deepEqual(stuck.allowedPacking, ['vehicleAsLoad']);
  assert.ok(stuck.specialProvisions.includes('SP 667'));
});

test('reuse and prototypes: SP 230 with P903/LP903; SP 310 with P910/LP905', () => {
  const reuse = classifyBattery(pack({ purpose: 'reuse' }));
  assert.deepEqual(reuse.allowedPacking, ['P903', 'LP903']);
  assert.ok(reuse.specialProvisions.includes('SP 230'));
  assert.ok(!reuse.allowedPacking.includes('P909'));
  const proto = classifyBattery(pack({ prototype: true }));
  assert.deepEqual(proto.specialProvisions, ['SP 310']);
  assert.deepEqual(proto.allowedPacking, ['P910', 'LP905']);
});

test('unsafe packing choices are refused with the reason and the required instruction', () => {
  const critical = classifyBattery(pack({ stateOfSafety: 0.3, sosDriver: 'temperatureRise', negativeEvents: ['thermalIncident'], massKg: 30 }));
  const r1 = checkPackingChoice(critical, 'P908');
  assert.equal(r1.ok, false);
  if (!r1.ok) {
    assert.match(r1.reason, /P908 refused: battery classified critical/);
    assert.match(r1.reason, /P911 or LP906 required/);
  }
  assert.deepEqual(checkPackingChoice(critical, 'P911'), { ok: true });
  const damaged = classifyBattery(pack({ negativeEvents: ['crash'], stateOfSafety: 0.2, sosDriver: 'negativeEvents' }));
  const r2 = checkPackingChoice(damaged, 'P909');
  assert.ok(!r2.ok && /SP 377/.test(r2.reason) && /P908 or LP904 required/.test(r2.reason));
  const bigDamaged = classifyBattery(pack({ negativeEvents: ['leakage'], massKg: 480 }));
  const r3 = checkPackingChoice(bigDamaged, 'P908');
  assert.ok(!r3.ok && /LP904 required/.test(r3.reason));
  const normal = classifyBattery(pack({}));
  const r4 = checkPackingChoice(normal, 'P911');
  assert.ok(!r4.ok && /classified normal/.test(r4.reason));
});

test('property: a lower State of Safety or an extra negative event never makes the status less severe', () => {
  const drivers = ['temperature', 'temperatureRise', 'voltageLimits', 'resistanceGrowth', 'cellImbalance', 'selfDischarge', 'negativeEvents'];
  fc.assert(fc.property(
    fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...drivers),
    fc.subarray([...NEGATIVE_EVENTS]), fc.constantFrom(...NEGATIVE_EVENTS),
    (a, b, driver, events, extra) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const sHi = assessStatus(pack({ stateOfSafety: hi, sosDriver: driver, negativeEvents: events })).status;
      const sLo = assessStatus(pack({ stateOfSafety: lo, sosDriver: driver, negativeEvents: events })).status;
      const sMore = assessStatus(pack({ stateOfSafety: hi, sosDriver: driver, negativeEvents: [...events, extra] })).status;
      return severity(sLo) >= severity(sHi) && severity(sMore) >= severity(sHi);
    },
  ), { numRuns: 500 });
});
