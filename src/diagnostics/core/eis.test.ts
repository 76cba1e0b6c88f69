import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasShared, sharedPath } from '../../../test/support/shared.js';
import { loadEisArtifact } from '../adapters/files.js';
import { readNrelEisCsv } from '../adapters/nrel-eis.js';
import { atFrequency, predictSohFromEis } from './eis.js';
import { maePct } from './metrics.js';

const artifact = loadEisArtifact();

test('impedance is interpolated in log-frequency and refused outside the measured band', () => {
  const f = [1000, 100, 10, 1];
  const z = [1, 2, 3, 4];
  assert.equal(atFrequency(f, z, 100), 2);
  assert.ok(Math.abs(atFrequency(f, z, Math.sqrt(10 * 100))! - 2.5) < 1e-12);
  assert.equal(atFrequency(f, z, 0.01), null);
  assert.equal(atFrequency(f, z, 1040), 1); // within 5 % of the band edge
});

test('EIS artifact reproduces its recorded test MAE on the isTest cells (measured 2.18 %, bound 2.5 %)', { skip: hasShared ? false : '../shared absent: NREL EIS data needed' }, () => {
  const test = readNrelEisCsv(sharedPath('datasets', 'nrel-denso-eis', 'data.csv')).filter((r) => r.isTest);
  const p = test.map((r) => predictSohFromEis(artifact, r));
  const ok = p.flatMap((x, i) => (x.ok ? [{ x, y: test[i].q }] : []));
  assert.equal(ok.length, test.length);
  const mae = maePct(ok.map((o) => o.y), ok.map((o) => o.x.sohPred));
  assert.ok(mae < 2.5, `MAE ${mae}`);
  assert.ok(Math.abs(mae - artifact.metrics.testMaePct) < 1e-6);
});

test('EIS refusals: missing frequency, temperature far outside −10…25 °C', () => {
  const spectrum = { tempC: 25, freqsHz: [1000, 100, 10, 1], zRealOhm: [0.0012, 0.0014, 0.0016, 0.0019], zImagOhm: [0.0001, -0.0001, -0.0002, -0.0003] };
  const inBand = predictSohFromEis(artifact, spectrum);
  assert.ok(inBand.ok || inBand.code === 'out-of-range');
  const noLowF = predictSohFromEis(artifact, { ...spectrum, freqsHz: [1000, 500, 200, 100], zRealOhm: spectrum.zRealOhm, zImagOhm: spectrum.zImagOhm });
  assert.ok(!noLowF.ok && noLowF.code === 'missing-feature');
  if (artifact.model.params.useTemperature) {
    const hot = predictSohFromEis(artifact, { ...spectrum, tempC: 60 });
    assert.ok(!hot.ok && hot.code === 'out-of-range', JSON.stringify(hot));
  }
});
