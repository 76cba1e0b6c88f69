import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateDemoPassports } from '../../../passport/index.js';
import { DEFAULT_FACTORS, type DecisionFactors } from './factors.js';
import { evaluatePack } from './evaluate.js';
import { routeInputFromPassport } from './passport-input.js';
import { decideRoute, recommend } from './recommend.js';
import type { RouteInput } from './types.js';
import { LEVERS } from './what-if.js';

/** A 12-module NMC pack (80.6 kWh, 500 kg) with uniform modules unless given. */
function pack(sohPct: number, over: Partial<RouteInput> = {}, moduleSoh?: number[], moduleR?: number[]): RouteInput {
  const n = 12;
  return {
    batteryId: 'T-1',
    battery: { chemistry: 'NMC', format: 'pack', ratedCapacityAh: 234, nominalVoltageV: 350.4, ratedEnergyKWh: 82, massKg: 500 },
    soh: { pointPct: sohPct, lowPct: sohPct - 5, highPct: sohPct + 5, source: 'test' },
    sos: { score: 1, driver: 'none' },
    modules: Array.from({ length: n }, (_, i) => ({ id: `M${i + 1}`, sohPct: moduleSoh?.[i] ?? sohPct, resistanceIncreasePct: moduleR?.[i] ?? 10, ratedEnergyKWh: 82 / n, massKg: 500 / n })),
    warrantyRemainingMonths: 0,
    negativeEvents: [],
    decisionDate: '2025-06-30',
    provenance: [],
    ...over,
  };
}

const feasible = (x: RouteInput, f: DecisionFactors = DEFAULT_FACTORS) => evaluatePack(x, f).filter((e) => e.feasible).map((e) => e.route);

test('critical State of Safety leaves only recycling, each exclusion says why', () => {
  const x = pack(92, { sos: { score: 0.2, driver: 'negativeEvent:accident(critical)' } });
  const evals = evaluatePack(x, DEFAULT_FACTORS);
  for (const e of evals) {
    if (e.route.startsWith('recycle-')) assert.equal(e.feasible, true, `${e.route} should stay feasible`);
    else {
      assert.equal(e.feasible, false, `${e.route} must be excluded`);
      assert.match(e.exclusions.join(' '), /State of Safety 0\.2 < 0\.3/);
    }
  }
  const r = recommend(x, DEFAULT_FACTORS, { whatIf: false });
  assert.match(String(r.route), /^recycle-/);
  assert.equal(r.binding.kind, 'exclusion');
  // Damaged battery: transport at ADR SP 376 rates appears in the recycling balance.
  assert.ok(r.evaluations[0].contributions.some((c) => /damaged\/defective/.test(c.factor)));
});

test('thermal incident excludes everything but recycling, and direct recycling too', () => {
  const x = pack(95, { negativeEvents: [{ eventType: 'thermalIncident', severity: 'minor' }] });
  assert.deepEqual(feasible(x).sort(), ['recycle-hydrometallurgical', 'recycle-pyrometallurgical']);
  const direct = evaluatePack(x, DEFAULT_FACTORS).find((e) => e.route === 'recycle-direct');
  assert.match(direct?.exclusions.join(' ') ?? '', /cathode crystal structure/);
});

test('a healthy balanced pack is re-used; robust SoH below 80 % forbids re-use; Annex XII lithium target bites from 2028', () => {
  assert.equal(decideRoute(pack(92), DEFAULT_FACTORS), 'reuse');
  // point 83 %, interval low 78 %: the robust rule uses the low end.
  const x = pack(83);
  assert.ok(!feasible(x).includes('reuse'));
  assert.match(evaluatePack(x, DEFAULT_FACTORS).find((e) => e.route === 'reuse')?.exclusions[0] ?? '', /SoH \(interval low\) 78 < 80/);
  assert.ok(feasible(pack(60)).includes('recycle-pyrometallurgical'));
  const later = evaluatePack(pack(60, { decisionDate: '2028-01-15' }), DEFAULT_FACTORS).find((e) => e.route === 'recycle-pyrometallurgical');
  assert.equal(later?.feasible, false);
  assert.match(later?.exclusions[0] ?? '', /lithium yield 0 < 0\.5/);
});

const withSecondLife = (p: number): DecisionFactors => {
  const f = structuredClone(DEFAULT_FACTORS);
  f.prices.secondLifeEurPerKWh.value = p;
  return f;
};
const withMetals = (k: number): DecisionFactors => {
  const f = structuredClone(DEFAULT_FACTORS);
  for (const m of Object.values(f.metalPriceEurPerKg)) m.value *= k;
  return f;
};

test('monotone: a higher second-life price never makes repurposing less attractive', () => {
  fc.assert(
    fc.property(fc.double({ min: 55, max: 99, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }), (soh, p1, p2) => {
      const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
      const x = pack(soh);
      const v = (p: number) => evaluatePack(x, withSecondLife(p)).find((e) => e.route === 'repurpose')?.scoreEur ?? NaN;
      assert.ok(v(hi) >= v(lo) - 1e-9);
      if (decideRoute(x, withSecondLife(lo)) === 'repurpose') assert.equal(decideRoute(x, withSecondLife(hi)), 'repurpose');
    }),
    { numRuns: 60 },
  );
});

test('monotone: higher metal prices never make recycling less attractive', () => {
  fc.assert(
    fc.property(fc.double({ min: 40, max: 99, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.constantFrom('NMC', 'LFP', 'NCA'), (soh, k1, k2, chem) => {
      const [lo, hi] = k1 <= k2 ? [k1, k2] : [k2, k1];
      const x = pack(soh, { battery: { ...pack(soh).battery, chemistry: chem as 'NMC' } });
      const recycled = (k: number) => evaluatePack(x, withMetals(k)).filter((e) => e.route.startsWith('recycle-'));
      const a = recycled(lo);
      const b = recycled(hi);
      a.forEach((e, i) => assert.ok(b[i].scoreEur >= e.scoreEur - 1e-9, `${e.route} fell with metal prices`));
      if (decideRoute(x, withMetals(lo))?.startsWith('recycle-')) assert.match(String(decideRoute(x, withMetals(hi))), /^recycle-/);
    }),
    { numRuns: 60 },
  );
});

test('what-if flips really flip when applied', () => {
  const cases = [pack(92), pack(84), pack(72), pack(84, {}, [90, 90, 91, 89, 70, 90, 92, 90, 91, 90, 74, 90], [10, 10, 10, 10, 80, 10, 10, 10, 10, 10, 20, 10])];
  let checked = 0;
  for (const x of cases) {
    const r = recommend(x, DEFAULT_FACTORS);
    assert.ok(r.whatIf.length > 0, `no what-if for ${r.route}`);
    for (const w of r.whatIf) {
      const lever = LEVERS.find((l) => l.id === w.lever);
      assert.ok(lever);
      const { input, factors } = lever.apply(x, DEFAULT_FACTORS, w.to);
      const flipped = decideRoute(input, factors);
      assert.notEqual(flipped, r.route, w.text);
      assert.equal(flipped, w.newRoute, w.text);
      // Just short of the flip (on today's side), the choice is unchanged.
      const back = lever.apply(x, DEFAULT_FACTORS, w.from + (w.to - w.from) * 0.98);
      assert.equal(decideRoute(back.input, back.factors), r.route, `before ${w.text}`);
      checked++;
    }
  }
  assert.ok(checked >= 8);
});

test('mixed pack: module plan keeps the strong modules and replaces the weak ones', () => {
  const soh = [90, 90, 91, 89, 66, 90, 92, 90, 91, 90, 74, 90];
  const r = recommend(pack(66, {}, soh, [10, 10, 10, 10, 90, 10, 10, 10, 10, 10, 20, 10]), DEFAULT_FACTORS, { whatIf: false });
  assert.equal(r.route, 'remanufacture');
  const by = new Map(r.modulePlan.entries.map((e) => [e.moduleId, e]));
  for (const [i, s] of soh.entries()) {
    const e = by.get(`M${i + 1}`);
    if (s >= 85) assert.equal(e?.action, 'keep', `M${i + 1}`);
    else assert.equal(e?.action, 'replace', `M${i + 1}`);
  }
  assert.equal(by.get('M11')?.destination, 'repurpose');
  assert.match(String(by.get('M5')?.destination), /^recycle-/);
  // The remanufactured pack is limited by its weakest kept module (89 %), not the spare grade.
  const reman = r.evaluations.find((e) => e.route === 'remanufacture');
  assert.match(reman?.contributions[0].factor ?? '', /at 89\.0 % SoH/);
});

test('routeInputFromPassport reads the catalogue keys and the structure', () => {
  const [p] = generateDemoPassports({ count: 1, seed: 3, now: '2025-06-01T00:00:00Z', issuer: { did: 'did:web:t.example', role: 'manufacturer', name: 'T' } });
  const x = routeInputFromPassport(p, { decisionDate: '2025-06-30' });
  const a = p.attributes;
  assert.equal(x.battery.ratedEnergyKWh, ((a.ratedCapacity as number) * (a.nominalVoltage as number)) / 1000);
  assert.equal(x.battery.massKg, a.batteryMass);
  assert.equal(x.soh.pointPct, a.stateOfCertifiedEnergy);
  assert.equal(x.soh.lowPct, (a.stateOfCertifiedEnergy as number) - 5);
  assert.equal(x.modules.length, p.structure.children.length);
  const measured = routeInputFromPassport(p, { modules: [{ id: x.modules[0].id, sohPct: 70 }], soh: { pointPct: 75 } });
  assert.equal(measured.modules[0].sohPct, 70);
  assert.equal(measured.soh.lowPct, 70);
  assert.throws(() => routeInputFromPassport(p, { modules: [{ id: 'nope', sohPct: 70 }] }), /unknown module/);
  const burnt = routeInputFromPassport(p, { negativeEvents: [{ eventType: 'thermalIncident', severity: 'major' }] });
  assert.ok(burnt.sos.score <= 0.2);
  assert.match(String(recommend(burnt, DEFAULT_FACTORS, { whatIf: false }).route), /^recycle-/);
});
