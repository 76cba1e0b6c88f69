import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { laneCost, laneRefusal, solveAssignment, type CollectionPoint, type Hub } from './assignment.js';
import { compareScenarios, formatComparisonTable } from './comparison.js';
import { LOGISTICS_COSTS } from './config.js';
import { CENTRAL_SCENARIO, DECENTRAL_SCENARIO, DEMO_COLLECTION_POINTS, DEMO_HUBS } from './demo-network.js';
import { haversineKm } from './geo.js';
import { minCostMaxFlow } from './min-cost-flow.js';
import { STATUS_ORDER, type SafetyStatus } from './types.js';

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

test('haversine: Berlin–München ≈ 504 km great-circle', () => {
  const km = haversineKm({ latitudeDeg: 52.52, longitudeDeg: 13.405 }, { latitudeDeg: 48.1351, longitudeDeg: 11.582 });
  assert.ok(km > 500 && km < 508, `${km}`);
});

test('min-cost flow on a textbook instance: 2 supplies × 2 sinks', () => {
  // supplies 0→2 (3 units), 0→3 (2 units); costs 2→4:1, 2→5:4, 3→4:2, 3→5:1; sinks 4→1 cap 3, 5→1 cap 3
  const r = minCostMaxFlow(6, [
    { from: 0, to: 2, capacity: 3, cost: 0 }, { from: 0, to: 3, capacity: 2, cost: 0 },
    { from: 2, to: 4, capacity: 3, cost: 1 }, { from: 2, to: 5, capacity: 3, cost: 4 },
    { from: 3, to: 4, capacity: 2, cost: 2 }, { from: 3, to: 5, capacity: 2, cost: 1 },
    { from: 4, to: 1, capacity: 3, cost: 0 }, { from: 5, to: 1, capacity: 3, cost: 0 },
  ], 0, 1);
  assert.equal(r.flow, 5);
  assert.equal(r.cost, 3 * 1 + 2 * 1);
});

/** Exhaustive: every battery picks a hub or stays; best = most assigned, then least variable cost. */
function bruteForce(points: CollectionPoint[], hubs: Hub[], plant: Hub) {
  const units: { p: CollectionPoint; s: SafetyStatus }[] = [];
  for (const p of points) for (const s of STATUS_ORDER) for (let k = 0; k < p.returns[s]; k++) units.push({ p, s });
  const options = units.map(({ p, s }) => hubs.map((h, j) => {
    const c = laneCost(p.location, h, plant, s, LOGISTICS_COSTS);
    return laneRefusal(h, s, c.roadKm, LOGISTICS_COSTS) ? null : { j, cost: c.variableEur, critical: s === 'criticalDefect' };
  }).filter((o) => o !== null));
  let best = { n: -1, cost: Infinity };
  const load = hubs.map(() => 0);
  const crit = hubs.map(() => 0);
  const go = (i: number, n: number, cost: number) => {
    if (i === units.length) {
      if (n > best.n || (n === best.n && cost < best.cost - 1e-9)) best = { n, cost };
      return;
    }
    go(i + 1, n, cost);
    for (const o of options[i]) {
      const h = hubs[o.j];
      if (load[o.j] >= h.capacityBatteries) continue;
      if (o.critical && crit[o.j] >= (h.criticalCapacity ?? Infinity)) continue;
      load[o.j]++; if (o.critical) crit[o.j]++;
      go(i + 1, n + 1, cost + o.cost);
      load[o.j]--; if (o.critical) crit[o.j]--;
    }
  };
  go(0, 0, 0);
  return best;
}

const site = fc.record({ latitudeDeg: fc.double({ min: 47.5, max: 54.5, noNaN: true }), longitudeDeg: fc.double({ min: 6, max: 15, noNaN: true }) });
const statuses = fc.subarray([...STATUS_ORDER], { minLength: 1 });

test('property: the min-cost-flow assignment equals brute force on small instances (count and cost)', () => {
  let checked = 0;
  let nonTrivial = 0;
  fc.assert(fc.property(
    fc.array(fc.record({ at: site, n: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 0, max: 1 }), c: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 3 }),
    fc.array(fc.record({ at: site, cap: fc.integer({ min: 0, max: 3 }), critCap: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }), lic: statuses, rate: fc.integer({ min: 20, max: 80 }), isHub: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    (ps, hs) => {
      const points: CollectionPoint[] = ps.map((p, i) => ({ id: `p${i}`, name: `P${i}`, kind: 'dealer', location: { name: `P${i}`, countryCode: 'DE', ...p.at }, returns: { normal: p.n, damagedOrDefective: p.d, criticalDefect: p.c } }));
      const hubs: Hub[] = hs.map((h, j) => ({
        id: `h${j}`, name: `H${j}`, role: j === 0 ? 'plant' : h.isHub ? 'hub' : 'plant', location: { name: `H${j}`, countryCode: 'DE', ...h.at },
        capacityBatteries: h.cap, criticalCapacity: h.critCap, licensedFor: h.lic, handlingEurPerBattery: h.rate, fixedEurPerPeriod: 1000,
      }));
      if (points.reduce((a, p) => a + p.returns.normal + p.returns.damagedOrDefective + p.returns.criticalDefect, 0) > 6) return true;
      checked++;
      const r = solveAssignment(points, hubs, { name: 't', hubIds: hubs.map((h) => h.id), plantId: 'h0' }, LOGISTICS_COSTS);
      const bf = bruteForce(points, hubs, hubs[0]);
      const variable = r.totals.transportEur + r.totals.handlingEur + r.totals.onwardEur;
      if (bf.n > 1 && r.lanes.length > 1) nonTrivial++;
      assert.equal(r.totals.batteries, bf.n);
      assert.ok(close(variable, bf.cost), `solver ${variable} vs brute force ${bf.cost}`);
      return true;
    },
  ), { numRuns: 150 });
  // the filter must leave real instances: most runs are checked, many move several batteries over several lanes
  assert.ok(checked >= 75 && nonTrivial >= 30, `checked ${checked}, non-trivial ${nonTrivial}`);
});

const central = () => solveAssignment(DEMO_COLLECTION_POINTS, DEMO_HUBS, CENTRAL_SCENARIO, LOGISTICS_COSTS);
const decentral = () => solveAssignment(DEMO_COLLECTION_POINTS, DEMO_HUBS, DECENTRAL_SCENARIO, LOGISTICS_COSTS);

test('demo: capacities, licences, critical storage and the critical distance limit hold', () => {
  for (const r of [central(), decentral()]) {
    for (const row of r.hubs) {
      const hub = DEMO_HUBS.find((h) => h.id === row.hubId)!;
      assert.ok(row.batteries <= hub.capacityBatteries, `${hub.id} over capacity`);
      assert.ok(row.critical <= (hub.criticalCapacity ?? Infinity), `${hub.id} over critical capacity`);
    }
    for (const l of r.lanes) {
      const hub = DEMO_HUBS.find((h) => h.id === l.hubId)!;
      assert.ok(hub.licensedFor.includes(l.status), `${l.status} sent to unlicensed ${hub.id}`);
      if (l.status === 'criticalDefect') assert.ok(l.roadKm <= LOGISTICS_COSTS.maxCriticalRoadKm);
    }
    const supplied = DEMO_COLLECTION_POINTS.reduce((a, p) => a + p.returns.normal + p.returns.damagedOrDefective + p.returns.criticalDefect, 0);
    assert.equal(r.totals.batteries + r.totals.unassigned, supplied);
  }
  // Duisburg holds no critical licence: no critical lane ends there
  assert.ok(!decentral().lanes.some((l) => l.hubId === 'hub-duisburg' && l.status === 'criticalDefect'));
  // München and Freiburg lie beyond 500 km of Salzgitter: their critical packs cannot go central
  const left = central().unassigned;
  assert.deepEqual(left.map((u) => [u.pointId, u.status, u.batteries]), [['cp-freiburg', 'criticalDefect', 1], ['cp-muenchen', 'criticalDefect', 2]]);
  assert.match(left[0].reason, /beyond the 500 km limit/);
  assert.equal(decentral().totals.unassigned, 0);
});

test('demo: central vs decentral costs add up and the comparison is consistent', () => {
  const results = [central(), decentral()];
  for (const r of results) {
    const t = r.totals;
    const byLane = (f: (l: (typeof r.lanes)[number]) => number) => r.lanes.reduce((a, l) => a + f(l) * l.batteries, 0);
    assert.ok(close(t.transportEur, byLane((l) => l.transportEur)));
    assert.ok(close(t.totalEur, t.transportEur + t.handlingEur + t.onwardEur + t.fixedEur));
    assert.ok(close(t.fixedEur, r.hubs.reduce((a, h) => a + h.fixedEur, 0)));
    const co2 = t.collectionTkm * LOGISTICS_COSTS.kgCo2ePerTkm + t.onwardTkm * LOGISTICS_COSTS.onward.kgCo2ePerTkm;
    assert.ok(close(t.co2eKg, co2));
    assert.equal(r.hubs.reduce((a, h) => a + h.batteries, 0), t.batteries);
  }
  const [c, d] = results;
  assert.equal(c.totals.onwardTkm, 0);
  assert.ok(d.totals.collectionTkm < c.totals.collectionTkm, 'regional hubs shorten collection runs');
  assert.ok(d.totals.fixedEur > c.totals.fixedEur);
  const rows = compareScenarios(results);
  assert.ok(close(rows[1].eurPerBattery * rows[1].batteries, d.totals.totalEur));
  const table = formatComparisonTable(rows);
  assert.equal(table.split('\n').length, 3);
  assert.match(table, /^scenario +sites/);
});

test('the optimum beats a greedy nearest-hub plan on the demo (decentral)', () => {
  const r = decentral();
  const variable = r.totals.transportEur + r.totals.handlingEur + r.totals.onwardEur;
  // greedy: each (point, status) to its cheapest licensed hub with room, in list order
  const hubs = DECENTRAL_SCENARIO.hubIds.map((id) => DEMO_HUBS.find((h) => h.id === id)!);
  const plant = DEMO_HUBS[0];
  const room = new Map(hubs.map((h) => [h.id, h.capacityBatteries]));
  const critRoom = new Map(hubs.map((h) => [h.id, h.criticalCapacity ?? Infinity]));
  let greedy = 0;
  let moved = 0;
  for (const p of DEMO_COLLECTION_POINTS) for (const s of STATUS_ORDER) {
    let n = p.returns[s];
    const lanes = hubs.map((h) => ({ h, c: laneCost(p.location, h, plant, s, LOGISTICS_COSTS) }))
      .filter(({ h, c }) => !laneRefusal(h, s, c.roadKm, LOGISTICS_COSTS)).sort((a, b) => a.c.variableEur - b.c.variableEur);
    for (const { h, c } of lanes) {
      const k = Math.min(n, room.get(h.id)!, s === 'criticalDefect' ? critRoom.get(h.id)! : Infinity);
      room.set(h.id, room.get(h.id)! - k);
      if (s === 'criticalDefect') critRoom.set(h.id, critRoom.get(h.id)! - k);
      greedy += k * c.variableEur; moved += k; n -= k;
    }
  }
  assert.ok(moved <= r.totals.batteries);
  if (moved === r.totals.batteries) assert.ok(variable <= greedy + 1e-6, `optimum ${variable} > greedy ${greedy}`);
});
