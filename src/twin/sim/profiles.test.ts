import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AC_11KW, auxPowerW, batteryPowerW, chargeCurrentRequestA, chargeTempFactor, currentForPowerA, dcChargeCRate, DEFAULT_BODY, DC_150KW, wheelPowerW } from './profiles.js';

test('road load: steady 100 km/h needs rolling + aero power of the default car', () => {
  const v = 100 / 3.6;
  const expected = (1900 * 9.81 * 0.009 + 0.5 * 1.2 * 0.6 * v * v) * v; // ≈12.4 kW
  const p = wheelPowerW(DEFAULT_BODY, v, v, 1);
  assert.ok(Math.abs(p - expected) < 1, `${p} vs ${expected}`);
  assert.ok(p > 12_000 && p < 13_000);
  // braking gives negative wheel power; only the regen share comes back, capped by the charge limit
  const brake = wheelPowerW(DEFAULT_BODY, 20, 18, 1);
  assert.ok(brake < 0);
  assert.ok(Math.abs(batteryPowerW(DEFAULT_BODY, brake, 500, 1e9) - (500 + 0.6 * brake)) < 1e-6);
  assert.equal(batteryPowerW(DEFAULT_BODY, brake, 500, 0), 500, 'full pack: no regen');
  assert.equal(wheelPowerW(DEFAULT_BODY, 0, 0, 1), 0, 'standing still draws nothing at the wheel');
});

test('auxiliary load stays within 0.3–1.5 kW and grows away from mild weather', () => {
  assert.ok(Math.abs(auxPowerW(21) - 300) < 1);
  assert.ok(auxPowerW(-10) > auxPowerW(5) && auxPowerW(5) > auxPowerW(18));
  assert.ok(auxPowerW(38) > auxPowerW(28));
  for (const t of [-30, -10, 0, 20, 35, 50]) assert.ok(auxPowerW(t) >= 300 && auxPowerW(t) <= 1500);
});

test('current for a power demand solves P = I·(E − R·I) on the stable branch', () => {
  for (const p of [-50_000, 0, 30_000, 120_000]) {
    const i = currentForPowerA(p, 380, 0.08);
    assert.ok(Math.abs(i * (380 - 0.08 * i) - p) < 1e-6, `P=${p}`);
    assert.ok(i < 380 / (2 * 0.08));
  }
  // beyond the maximum-power point the pack delivers its maximum-power current
  assert.equal(currentForPowerA(1e7, 380, 0.08), 380 / 0.16);
});

test('DC charge C-rate tapers above 80 % and with temperature; AC is constant power', () => {
  for (const chem of ['NMC', 'LFP', 'LMO'] as const) {
    let prev = Infinity;
    for (let s = 0; s <= 1; s += 0.05) {
      const c = dcChargeCRate(chem, s);
      assert.ok(c <= prev + 1e-12, `${chem} non-increasing`);
      prev = c;
    }
    assert.ok(dcChargeCRate(chem, 0.95) < 0.5 * dcChargeCRate(chem, 0.5), `${chem} tapers`);
  }
  assert.equal(chargeTempFactor(25), 1);
  assert.ok(chargeTempFactor(0) < 0.3 && chargeTempFactor(55) <= 0.31);
  const ac = chargeCurrentRequestA(AC_11KW, 'NMC', 0.5, 120, 370, 25);
  assert.ok(Math.abs(ac - (11_000 * 0.92) / 370) < 1e-9);
  const dc = chargeCurrentRequestA(DC_150KW, 'NMC', 0.3, 120, 370, 25);
  assert.equal(dc, 240, '2C of a 120 Ah pack is below the 150 kW charger limit');
});
