import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGEING_LAWS, ageStep, capacityFraction, cycleTempFactor, initialAgeing, resistanceFactor } from './ageing.js';

test('ageing: calendar and cycle loss magnitudes, stress acceleration, equivalent-time consistency', () => {
  const year = (chem: 'NMC' | 'LFP', tempC: number, soc: number) => {
    const a = initialAgeing(chem, 1);
    for (let d = 0; d < 365; d++) ageStep(a, chem, 86_400, tempC, soc, 0, 1);
    return 1 - capacityFraction(a);
  };
  const nmc = year('NMC', 25, 0.5);
  assert.ok(nmc > 0.02 && nmc < 0.03, `NMC calendar year ${nmc}`);
  assert.ok(year('NMC', 40, 0.5) > 2 * nmc, 'hot storage ages faster');
  assert.ok(year('NMC', 25, 1) > 1.4 * nmc, 'full storage ages faster');
  const lfp = year('LFP', 25, 0.5);
  assert.ok(lfp > 0.015 && lfp < 0.025, `LFP calendar year ${lfp}`);

  // 1000 full cycles at C/2, 25 °C, ignoring calendar time (tiny dt, big throughput per step)
  const cyc = initialAgeing('NMC', 1);
  for (let k = 0; k < 2000; k++) ageStep(cyc, 'NMC', 3600, 25, 0.5, k % 2 === 0 ? 0.5 : -0.5, 1);
  assert.ok(Math.abs(cyc.fec - 500) < 1e-6, `discharge-only FEC ${cyc.fec}`);
  assert.ok(cyc.cycLoss > 0.06 && cyc.cycLoss < 0.1, `cycle loss after 500 FEC ${cyc.cycLoss}`);
  assert.ok(resistanceFactor('NMC', cyc) > 1.1);

  // equivalent time: two half steps equal one full step at constant stress
  const a = initialAgeing('NMC', 0.9);
  const b = initialAgeing('NMC', 0.9);
  ageStep(a, 'NMC', 86_400 * 10, 30, 0.7, 0, 1);
  ageStep(b, 'NMC', 86_400 * 5, 30, 0.7, 0, 1);
  ageStep(b, 'NMC', 86_400 * 5, 30, 0.7, 0, 1);
  assert.ok(Math.abs(a.calLoss - b.calLoss) < 1e-12);
  assert.ok(Math.abs(capacityFraction(initialAgeing('LFP', 0.8)) - 0.8) < 1e-12, 'initial SoH is reproduced');
  // plating: cold fast charging hurts, cold discharge does not
  assert.ok(cycleTempFactor(5, -1.5) > 2 && cycleTempFactor(5, 1) === 1);
  assert.ok(AGEING_LAWS.LFP.kCyc25 < AGEING_LAWS.NMC.kCyc25);
});
