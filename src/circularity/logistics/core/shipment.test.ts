import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateEventPayload } from '../../../history/core/index.js';
import { classifyBattery, type ClassificationInput } from './dangerous-goods.js';
import { evaluateHandling } from './handling.js';
import { deliver, pickUp, planShipment, reportInTransit, type PlanInput, type Shipment, type TransitionResult } from './shipment.js';

const input = (o: Partial<ClassificationInput> = {}): ClassificationInput => ({
  stateOfSafety: 0.9, sosDriver: 'resistanceGrowth', negativeEvents: [], massKg: 350, context: 'loose', purpose: 'recycling', ...o,
});
const dealer = { name: 'EV dealer Köln', countryCode: 'DE', latitudeDeg: 50.9375, longitudeDeg: 6.9603 };
const plant = { name: 'Recycling plant Salzgitter', countryCode: 'DE', latitudeDeg: 52.1503, longitudeDeg: 10.3593 };
const plan = (o: Partial<PlanInput> = {}): PlanInput => ({
  shipmentId: 'SHP-2025-000123', classification: classifyBattery(input()), packing: 'P909',
  consignor: { name: 'EV dealer Köln' }, consignee: { name: 'Recycling plant Salzgitter', did: 'did:web:recycler.example' },
  origin: dealer, destination: plant, ...o,
});
const ok = (r: TransitionResult): Extract<TransitionResult, { ok: true }> => {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r as Extract<TransitionResult, { ok: true }>;
};
const planned = (o: Partial<PlanInput> = {}): Shipment => {
  const p = planShipment(plan(o));
  assert.ok(p.ok, p.ok ? '' : p.reason);
  return (p as { shipment: Shipment }).shipment;
};

test('planned → pickedUp → inTransit → inTransit → delivered; every payload validates against the history schemas', () => {
  let s = planned();
  const cool = { temperatureMinC: 12, temperatureMaxC: 19, peakShockG: 1.1, stateOfChargePct: 25 };
  const steps: TransitionResult[] = [];
  steps.push(pickUp(s, { location: dealer, handling: cool }));
  s = ok(steps[0]).shipment;
  steps.push(reportInTransit(s, { location: { name: 'A2 Rastplatz Lehrte', countryCode: 'DE' }, handling: { temperatureMinC: 13, temperatureMaxC: 21, peakShockG: 2.0 } }));
  s = ok(steps[1]).shipment;
  steps.push(reportInTransit(s, { location: { name: 'Braunschweig', countryCode: 'DE' }, handling: { temperatureMinC: 13, temperatureMaxC: 22, peakShockG: 1.4 } }));
  s = ok(steps[2]).shipment;
  steps.push(deliver(s, { location: plant, handling: { ...cool, stateOfChargePct: 24.5 } }));
  s = ok(steps[3]).shipment;
  assert.equal(s.state, 'delivered');
  assert.deepEqual(steps.map((r) => ok(r).event.type), ['shipmentPickedUp', 'shipmentInTransit', 'shipmentInTransit', 'shipmentDelivered']);
  for (const r of steps) {
    const { event } = ok(r);
    assert.deepEqual(validateEventPayload(event.type, event.payload), [], event.type);
    assert.equal(event.payload.safetyStatus, 'normal');
    assert.deepEqual(r.ok && r.alerts, []);
  }
  const first = ok(steps[0]).event;
  assert.ok(first.type === 'shipmentPickedUp' && first.payload.destination.name === plant.name && first.payload.consignor.name === 'EV dealer Köln');
  const last = ok(steps[3]).event;
  assert.ok(last.type === 'shipmentDelivered' && last.payload.consignee.did === 'did:web:recycler.example');
});

test('payloads of damaged and critical shipments validate too (safetyStatus from SAFETY_STATUSES)', () => {
  for (const [o, packing, status] of [
    [{ negativeEvents: ['crash'] }, 'P908', 'damagedOrDefective'],
    [{ negativeEvents: ['thermalIncident'], massKg: 30 }, 'P911', 'criticalDefect'],
  ] as const) {
    const s = planned({ classification: classifyBattery(input(o)), packing });
    const r = ok(pickUp(s, { location: dealer, handling: { temperatureMinC: 10, temperatureMaxC: 20, peakShockG: 1, stateOfChargePct: 20 } }));
    assert.equal(r.event.payload.safetyStatus, status);
    assert.deepEqual(validateEventPayload(r.event.type, r.event.payload), []);
  }
});

test('transitions out of order, min > max temperatures and a wrong delivery place are refused', () => {
  const s = planned();
  const h = { location: dealer, handling: { temperatureMinC: 10, temperatureMaxC: 20, peakShockG: 1 } };
  const early = deliver(s, h);
  assert.ok(!early.ok && /cannot deliver a shipment that is planned/.test(early.reason));
  assert.ok(!reportInTransit(s, h).ok);
  const up = ok(pickUp(s, h)).shipment;
  const twice = pickUp(up, h);
  assert.ok(!twice.ok && /cannot pickUp/.test(twice.reason));
  const inverted = reportInTransit(up, { location: dealer, handling: { temperatureMinC: 25, temperatureMaxC: 20, peakShockG: 1 } });
  assert.ok(!inverted.ok && /exceeds temperatureMaxC/.test(inverted.reason));
  const wrong = deliver(up, { location: { name: 'Hub Leipzig', countryCode: 'DE' }, handling: h.handling });
  assert.ok(!wrong.ok && /destination is "Recycling plant Salzgitter"/.test(wrong.reason));
  const done = ok(deliver(up, { location: plant, handling: h.handling })).shipment;
  assert.ok(!reportInTransit(done, h).ok);
});

test('planning refuses an unsafe packing choice with the reason', () => {
  const critical = classifyBattery(input({ stateOfSafety: 0.3, sosDriver: 'temperatureRise', negativeEvents: ['thermalIncident'], massKg: 30 }));
  const r = planShipment(plan({ classification: critical, packing: 'P908' }));
  assert.ok(!r.ok && /P911 or LP906 required/.test(r.reason));
});

test('handling alerts by status: warnings, critical heat escalates to criticalDefect and asks for repacking', () => {
  const warm = evaluateHandling('normal', { temperatureMinC: 20, temperatureMaxC: 48, peakShockG: 6 });
  assert.deepEqual(warm.alerts.map((a) => [a.level, a.quantity]), [['warning', 'temperatureMaxC'], ['warning', 'peakShockG']]);
  assert.equal(warm.status, 'normal');
  // the same 48 °C is critical for a critical battery (limit 40 °C) and SoC 45 % warns above 30 %
  const crit = evaluateHandling('criticalDefect', { temperatureMinC: 20, temperatureMaxC: 48, peakShockG: 1, stateOfChargePct: 45 });
  assert.deepEqual(crit.alerts.map((a) => [a.level, a.quantity]), [['critical', 'temperatureMaxC'], ['warning', 'stateOfChargePct']]);
  const shock = evaluateHandling('normal', { temperatureMinC: 5, temperatureMaxC: 15, peakShockG: 30 });
  assert.equal(shock.status, 'damagedOrDefective');
  assert.match(shock.alerts[0].reason, /30 g above 25 g/);
  const rise = evaluateHandling('damagedOrDefective', { temperatureMinC: 20, temperatureMaxC: 33, peakShockG: 1 }, { temperatureMinC: 15, temperatureMaxC: 20, peakShockG: 1 });
  assert.deepEqual(rise.alerts.map((a) => a.quantity), ['temperatureRiseK']);
  assert.equal(rise.status, 'criticalDefect');

  let s = planned();
  s = ok(pickUp(s, { location: dealer, handling: { temperatureMinC: 12, temperatureMaxC: 18, peakShockG: 1 } })).shipment;
  const hot = ok(reportInTransit(s, { location: { name: 'Hannover', countryCode: 'DE' }, handling: { temperatureMinC: 15, temperatureMaxC: 62, peakShockG: 1 } }));
  assert.equal(hot.event.payload.safetyStatus, 'criticalDefect');
  assert.equal(hot.shipment.safetyStatus, 'criticalDefect');
  assert.match(hot.shipment.repackRequired ?? '', /P909 no longer fits.*P911 or LP906/);
  assert.deepEqual(validateEventPayload(hot.event.type, hot.event.payload), []);
  // status never goes back down within the shipment
  const calm = ok(deliver(hot.shipment, { location: plant, handling: { temperatureMinC: 15, temperatureMaxC: 25, peakShockG: 1 } }));
  assert.equal(calm.event.payload.safetyStatus, 'criticalDefect');
});
