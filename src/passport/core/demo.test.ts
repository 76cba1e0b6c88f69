import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE } from './catalogue/index.js';
import { generateDemoPassports } from './demo.js';
import { listCells, listModules } from './structure.js';
import { validatePassport } from './validation.js';

const issuer = { did: 'did:web:cells.example.com', role: 'manufacturer' as const, name: 'Example Cells AG' };
const NOW = '2026-03-01T12:00:00Z';
const passports = generateDemoPassports({ count: 50, seed: 2026, now: NOW, issuer });

test('50 demo passports validate with zero errors and carry all 93 attributes', () => {
  assert.equal(passports.length, 50);
  for (const p of passports) {
    assert.deepEqual(validatePassport(p, { requireEvMandatory: true }), [], p.batteryId);
    assert.deepEqual(CATALOGUE.filter((d) => p.attributes[d.key] === undefined).map((d) => d.key), [], p.batteryId);
    for (const d of CATALOGUE.filter((x) => x.behaviour === 'dynamic')) assert.ok(p.attributeUpdatedAt[d.key], `${p.batteryId} ${d.key}`);
    assert.equal(p.status, 'original');
    assert.equal(p.issuer.did, issuer.did);
  }
  assert.equal(new Set(passports.map((p) => p.passportId)).size, 50);
  assert.equal(new Set(passports.map((p) => p.batteryId)).size, 50);
});

test('deterministic: same seed, same passports; different seed, different passports', () => {
  assert.deepEqual(generateDemoPassports({ count: 50, seed: 2026, now: NOW, issuer }), passports);
  const other = generateDemoPassports({ count: 5, seed: 2027, now: NOW, issuer });
  assert.notEqual(other[0].passportId, passports[0].passportId);
  assert.deepEqual(generateDemoPassports({ count: 0, seed: 1, now: NOW, issuer }), []);
  assert.throws(() => generateDemoPassports({ count: 1, seed: 1, now: 'tomorrow', issuer }), RangeError);
});

test('both chemistries appear; LFP has no nickel or cobalt anywhere', () => {
  const lfp = passports.filter((p) => p.model.chemistry === 'LFP');
  const nmc = passports.filter((p) => p.model.chemistry === 'NMC');
  assert.ok(lfp.length >= 8 && nmc.length >= 8, `mix ${lfp.length} LFP / ${nmc.length} NMC`);
  for (const p of lfp) {
    const text = JSON.stringify([p.attributes.batteryMaterials, p.attributes.criticalRawMaterials, p.attributes.hazardousSubstances]).toLowerCase();
    assert.ok(!/nickel|cobalt/.test(text), p.batteryId);
    for (const key of ['preConsumerRecycledNickelShare', 'preConsumerRecycledCobaltShare', 'postConsumerRecycledNickelShare', 'postConsumerRecycledCobaltShare']) {
      assert.equal(p.attributes[key], 0, `${p.batteryId} ${key}`);
    }
  }
  for (const p of nmc) assert.ok((p.attributes.criticalRawMaterials as string[]).includes('cobalt'));
});

test('numbers are physically consistent', () => {
  for (const p of passports) {
    const a = p.attributes as Record<string, number>;
    const stages = a.carbonFootprintRawMaterialShare + a.carbonFootprintProductionShare + a.carbonFootprintDistributionShare + a.carbonFootprintEndOfLifeShare;
    assert.ok(Math.abs(stages - 100) < 1e-6, `${p.batteryId} stage shares ${stages}`);
    // Absolute footprint = per-functional-unit value × lifetime energy (certified energy × expected cycles).
    const lifetimeT = (a.carbonFootprintPerFunctionalUnit * a.certifiedUsableEnergy * a.expectedLifetimeCycles) / 1000;
    assert.ok(Math.abs(lifetimeT - a.absoluteCarbonFootprint) / a.absoluteCarbonFootprint < 0.01, p.batteryId);
    assert.ok(a.minimumVoltage < a.nominalVoltage && a.nominalVoltage < a.maximumVoltage);
    assert.ok(a.nominalVoltage > 300 && a.nominalVoltage < 800, `${a.nominalVoltage} V`);
    assert.ok(a.remainingCapacity <= a.ratedCapacity * 1.02 && a.stateOfCertifiedEnergy <= 100);
    assert.ok(a.numberOfFullCycles <= a.expectedLifetimeCycles);
    const materialsKg = (p.attributes.batteryMaterials as { massKg: number }[]).reduce((s, m) => s + m.massKg, 0);
    assert.ok(materialsKg < a.batteryMass, 'materials weigh less than the pack');
    const modules = listModules(p.structure);
    assert.ok(modules.length >= 8 && modules.length <= 12, `${modules.length} modules`);
    const cells = listCells(p.structure);
    const cellMass = cells.reduce((s, c) => s + (c.massKg ?? 0), 0);
    assert.ok(cellMass < a.batteryMass && cellMass > a.batteryMass * 0.5, p.batteryId);
    assert.ok(p.createdAt <= p.updatedAt && p.updatedAt <= NOW);
    for (const at of Object.values(p.attributeUpdatedAt)) assert.ok(at >= p.createdAt && at <= NOW, at);
    assert.ok((p.attributes.manufacturingDate as unknown as string) <= p.createdAt.slice(0, 10));
  }
});

test('batteries of the same model share model-level values', () => {
  const byModel = new Map<string, typeof passports>();
  for (const p of passports) byModel.set(p.model.manufacturerModelId, [...(byModel.get(p.model.manufacturerModelId) ?? []), p]);
  const shared = CATALOGUE.filter((d) => d.granularity === 'model' && d.behaviour === 'static' && !['capacityFade', 'powerFade', 'roundTripEfficiencyFade', 'internalResistanceIncrease'].includes(d.key));
  let compared = 0;
  for (const group of byModel.values()) {
    for (const p of group.slice(1)) {
      for (const d of shared) assert.deepEqual(p.attributes[d.key], group[0].attributes[d.key], d.key);
      compared++;
    }
  }
  assert.ok(compared > 10);
});
