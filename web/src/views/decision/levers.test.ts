/**
 * The sliders read today's values from what the node answers; this checks that reading against the recommender
 * itself (the same code the node runs), and that a moved slider becomes the overrides/factors the node merges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FACTORS, mergeFactors, recommend, routeInputFromPassport } from '../../../../src/circularity/decision/index.js';
import { generateDemoPassports } from '../../../../src/passport/index.js';
import { levers, sohBase, whatIfBody } from './levers.js';
import type { Recommendation } from './types.js';

const [passport] = generateDemoPassports({ count: 1, seed: 17, now: '2026-03-01T00:00:00.000Z', issuer: { did: 'did:web:example.com', role: 'manufacturer', name: 'Cellforge' } });

function decide(overrides: Record<string, unknown> = {}, factors?: unknown): Recommendation {
  const f = factors ? mergeFactors(DEFAULT_FACTORS, factors, 'request') : DEFAULT_FACTORS;
  const input = routeInputFromPassport(passport, { decisionDate: '2026-03-01', ...overrides }, f);
  return recommend(input, f, { whatIf: true }) as unknown as Recommendation;
}

test('the SoH interval and the prices are read from the answer, not assumed', () => {
  const r = decide({ soh: { pointPct: 72, lowPct: 68, highPct: 76 } });
  assert.deepEqual(sohBase(r), { pointPct: 72, lowPct: 68, highPct: 76 });
  const ls = Object.fromEntries(levers(r).map((l) => [l.id, l]));
  assert.equal(ls.carbonPrice.base, DEFAULT_FACTORS.prices.carbonPriceEurPerTonne.value);
  // every price lever the answer mentions starts at the factor table's value
  if (ls.secondLifePrice.base !== null) assert.equal(ls.secondLifePrice.base, DEFAULT_FACTORS.prices.secondLifeEurPerKWh.value);
  if (ls.reusePrice.base !== null) assert.equal(ls.reusePrice.base, DEFAULT_FACTORS.prices.reuseEurPerKWh.value);
  assert.ok(ls.secondLifePrice.base !== null || ls.reusePrice.base !== null, 'at least one sale price is stated in the answer');
  assert.equal(ls.sohShift.base, 0);
  assert.deepEqual([ls.sohShift.min, ls.sohShift.max], [-60, 28], 'the shift keeps the interval within 0..100 %');
});

test('moving a slider sends the shifted SoH and the price as overrides the node accepts', () => {
  const r = decide({ soh: { pointPct: 72, lowPct: 68, highPct: 76 } });
  const base = { passport: { batteryId: passport.batteryId }, overrides: { soh: { pointPct: 72, lowPct: 68, highPct: 76 } } };
  assert.deepEqual(whatIfBody(base, r, {}), base, 'nothing moved: the same request');
  const b = whatIfBody(base, r, { sohShift: -10, carbonPrice: 200 });
  assert.deepEqual((b.overrides as { soh: unknown }).soh, { pointPct: 62, lowPct: 58, highPct: 66 });
  assert.deepEqual(b.factors, { prices: { carbonPriceEurPerTonne: 200 } });
  // the node's own merge accepts the factors, and the shifted decision is what the slider promised
  const shifted = decide(b.overrides as Record<string, unknown>, b.factors);
  assert.ok(shifted.explanation[0].includes('[58.0, 66.0]'), shifted.explanation[0]);
});

test('a flip the what-if analysis reports is shown on its lever and really flips the route', () => {
  const r = decide();
  const withFlips = levers(r).filter((l) => l.flips.length > 0);
  assert.ok(withFlips.length > 0, 'the demo battery has at least one lever that flips its route');
  const sl = levers(r).find((l) => l.id === 'sohShift' && l.flips.length > 0);
  if (sl) {
    const f = sl.flips[0];
    const flipped = decide(whatIfBody({}, r, { sohShift: f.value }).overrides as Record<string, unknown>);
    assert.equal(flipped.route, f.to === 'none' ? null : f.to);
  }
});
