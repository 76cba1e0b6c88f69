import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chemistryDefaults, chemistryOcv } from '../model/chemistry.js';
import { SINGLE_CELL } from '../model/params.js';
import { advanceCell, terminalVoltage } from '../model/ecm.js';
import { seededRng, gaussian } from '../synthetic.js';
import { peakPower } from './sop.js';
import { stateOfSafety, type SafetyInputs } from './sos.js';
import { capacityFromPairs } from './soh.js';
import { ageingStep, createAgeing } from './ageing.js';
import { remainingEnergyWh } from './soe.js';
import { stateOfCertifiedEnergy } from './soce.js';

test('SoP: the predicted pulse stays inside the voltage and current limits, and the binding limit is met', () => {
  const ocv = chemistryOcv('NMC');
  const p = chemistryDefaults('NMC', 5);
  const lim = { vMinV: 3.0, vMaxV: 4.2, maxDischargeA: 50, maxChargeA: 25, socMin: 0.05, socMax: 0.95 };
  for (const soc of [0.1, 0.3, 0.5, 0.8, 0.93]) {
    for (const horizon of [2, 10, 30]) {
      const x = { soc, v1V: 0.01, v2V: 0.005, h: 0 };
      const r = peakPower(ocv, p, x, lim, horizon, SINGLE_CELL);
      // simulate the constant-current pulses on the (nonlinear) model
      for (const [i, sign] of [[r.dischargeA, 1], [r.chargeA, -1]] as const) {
        const s = { ...x };
        let vEnd = 0;
        for (let t = 0; t < horizon; t++) advanceCell(p, s, sign * i, 1);
        vEnd = terminalVoltage(ocv, p, s, sign * i);
        assert.ok(vEnd >= lim.vMinV - 0.01 && vEnd <= lim.vMaxV + 0.01, `soc ${soc} T ${horizon}: ${vEnd} V`);
      }
      assert.ok(r.dischargeA <= lim.maxDischargeA + 1e-9 && r.chargeA <= lim.maxChargeA + 1e-9);
      assert.ok(r.dischargeW >= 0 && r.chargeW >= 0);
    }
  }
  // at low SoC the voltage limit binds, at mid SoC over 2 s the current limit binds
  const low = peakPower(ocv, p, { soc: 0.1, v1V: 0, v2V: 0, h: 0 }, lim, 10, SINGLE_CELL);
  assert.ok(low.dischargeA < lim.maxDischargeA);
  const mid = peakPower(ocv, p, { soc: 0.6, v1V: 0, v2V: 0, h: 0 }, lim, 2, SINGLE_CELL);
  assert.equal(mid.dischargeA, lim.maxDischargeA);
  const longer = peakPower(ocv, p, { soc: 0.3, v1V: 0, v2V: 0, h: 0 }, lim, 30, SINGLE_CELL);
  const shorter = peakPower(ocv, p, { soc: 0.3, v1V: 0, v2V: 0, h: 0 }, lim, 2, SINGLE_CELL);
  assert.ok(longer.dischargeW <= shorter.dischargeW, 'longer pulses allow less power');
  // a pack of 96s2p scales power by the cell count
  const pack = peakPower(ocv, p, { soc: 0.3, v1V: 0, v2V: 0, h: 0 }, lim, 2, { seriesCells: 96, parallelCells: 2 });
  assert.ok(Math.abs(pack.dischargeW / shorter.dischargeW - 192) < 1e-6);
});

const nominal: SafetyInputs = {
  maxTempC: 30,
  minTempC: 25,
  tempRiseCPerMin: 0.1,
  voltageExcursionV: 0,
  resistanceGrowth: 1.1,
  cellSpreadV: 0.01,
  selfDischargePctPerMonth: 1,
  events: [],
};

test('SoS is the weakest factor and names it', () => {
  assert.equal(stateOfSafety(nominal).sos, 1);
  const hot = stateOfSafety({ ...nominal, maxTempC: 62.5 });
  assert.equal(hot.driver, 'temperature');
  assert.ok(Math.abs(hot.sos - 0.5) < 1e-9);
  const imbalance = stateOfSafety({ ...nominal, maxTempC: 50, cellSpreadV: 0.2 });
  assert.equal(imbalance.driver, 'cellImbalance');
  const crash = stateOfSafety({ ...nominal, maxTempC: 50, cellSpreadV: 0.2, events: ['crash'] });
  assert.equal(crash.driver, 'negativeEvents');
  assert.equal(crash.sos, 0.2);
  assert.equal(stateOfSafety({ ...nominal, tempRiseCPerMin: 8 }).driver, 'temperatureRise');
  assert.equal(stateOfSafety({ ...nominal, resistanceGrowth: 2.5 }).driver, 'resistanceGrowth');
  assert.equal(stateOfSafety({ ...nominal, voltageExcursionV: 0.2 }).driver, 'voltageLimits');
  assert.equal(stateOfSafety({ ...nominal, selfDischargePctPerMonth: 20 }).driver, 'selfDischarge');
});

test('capacity by RLS from noisy (ΔSoC, ΔAh) pairs is within 2 % of the truth', () => {
  const rng = seededRng(4);
  const trueAh = 47.3;
  const pairs = Array.from({ length: 30 }, () => {
    const dSoc = 0.2 + 0.6 * rng();
    return { dSoc: dSoc + 0.01 * gaussian(rng), dAh: trueAh * dSoc + 0.05 * gaussian(rng) };
  });
  const est = capacityFromPairs(pairs, 60);
  assert.ok(Math.abs(est / trueAh - 1) < 0.02, `estimate ${est}`);
});

test('cycle counting: 3 full 1C cycles of a 10 Ah battery are 3 full equivalent cycles', () => {
  const a = createAgeing();
  const cap = 10;
  for (let cycle = 0; cycle < 3; cycle++) {
    for (let s = 0; s < 3600; s++) ageingStep(a, 10, 3.6, 1, cap, 25, 25); // discharge 10 Ah
    for (let s = 0; s < 3600; s++) ageingStep(a, -10, 3.9, 1, cap, 50, 20); // charge 10 Ah while hot
  }
  // two partial 50 % discharges are one more cycle
  for (let s = 0; s < 1800; s++) ageingStep(a, 10, 3.6, 1, cap, 25, -5);
  for (let s = 0; s < 1800; s++) ageingStep(a, 10, 3.6, 1, cap, 25, -5);
  assert.ok(Math.abs(a.fullEquivalentCycles - 4) < 1e-9);
  assert.ok(Math.abs(a.dischargedAh - 40) < 1e-9 && Math.abs(a.chargedAh - 30) < 1e-9);
  assert.ok(Math.abs(a.dischargedWh - 144) < 1e-6 && Math.abs(a.chargedWh - 117) < 1e-6);
  assert.equal(a.secondsAboveHighTemp, 3 * 3600);
  assert.equal(a.secondsBelowLowTemp, 3600);
});

test('SoE and SOCE: a 100 Ah cell at 3.3 V flat holds 330 Wh; 90 % of certified energy gives SOCE 0.9', () => {
  const ocv = chemistryOcv('LFP');
  const full = remainingEnergyWh(ocv, 100, 1, { socMin: 0, socMax: 1 }, SINGLE_CELL);
  assert.ok(full > 300 && full < 340, `${full}`);
  const half = remainingEnergyWh(ocv, 100, 0.5, { socMin: 0, socMax: 1 }, SINGLE_CELL);
  assert.ok(half < full / 2 + 5 && half > full / 2 - 20);
  assert.equal(stateOfCertifiedEnergy(0.9 * full, full), 0.9);
});
