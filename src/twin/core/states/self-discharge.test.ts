import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestTracker, observeRest } from './self-discharge.js';

/** A 12 h rest sampled every minute, then a drive: the SoC (read from the rested voltage) moves by `socLossPerHour`. */
function rest(socLossPerHour: number, opts: { drainA?: number; tempDriftKPerH?: number } = {}) {
  const r = createRestTracker();
  const capAh = 60;
  let soc = 0.6;
  const slope = 0.5; // V per unit SoC, a steep part of an NMC curve
  for (let t = 0; t <= 12 * 3600; t += 60) {
    observeRest(r, t, opts.drainA ?? 0, capAh, soc, 0, slope, 20 + ((opts.tempDriftKPerH ?? 0) * t) / 3600);
    soc -= (socLossPerHour / 60) + ((opts.drainA ?? 0) / 60 / 60) / capAh;
  }
  // the drive starts: this sample's SoC (from a loaded voltage) must not be used — pass a wrong one to prove it
  observeRest(r, 12 * 3600 + 60, 30, capAh, soc - 0.05, 0, slope, 20 + (opts.tempDriftKPerH ?? 0) * 12);
  return r.selfDischargePctPerMonth;
}

test('self-discharge: a healthy rest reads 0, a leaking cell reads its rate less the voltage resolution', () => {
  assert.equal(rest(0), 0);
  // 0.1 %/h = 72 %/month; over the 11.5 h after relaxing, 2 mV / 0.5 V/SoC = 0.4 % of SoC is not counted
  const leak = rest(0.001);
  assert.ok(leak > 40 && leak < 72, `leak read as ${leak} %/month`);
});

test('self-discharge: charge the current sensor saw leave (standby loads) is not self-discharge', () => {
  assert.equal(rest(0, { drainA: 0.3 }), 0);
});

test('self-discharge: a rest across a large temperature change is not compared (entropic OCV shift)', () => {
  assert.equal(rest(0.001, { tempDriftKPerH: 1 }), 0);
});
