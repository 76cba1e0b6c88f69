/**
 * Import of IDTA-02035 value-only JSON: malformed input is rejected with the offending field named;
 * the upstream example payloads' habits are read leniently; envelope facts IDTA lacks come from options.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonAnyEncoding, sharedPath, skipWithoutShared } from '../../../../../test/support/shared.js';
import { IDTA_SUBMODELS, IdtaImportError, type IdtaSubmodelId, exportIdta, idtaFileName, importIdta } from './index.js';
import type { ExportFile } from './types.js';
import { demoPassports } from './idta-test-passports.js';

const [passport] = demoPassports(1, 77);
const files = exportIdta(passport);
const ns = (id: IdtaSubmodelId) => IDTA_SUBMODELS[id].namespace;

/** The exported files with one submodel's content changed by `edit` (deep copy). */
function withEdit(id: IdtaSubmodelId, edit: (c: any) => void): ExportFile[] {
  const copy = structuredClone(files);
  const f = copy.find((x) => x.namespace === ns(id));
  assert.ok(f, `no ${id} file`);
  edit(f.content);
  return copy;
}

function rejects(input: Parameters<typeof importIdta>[0], field: string, reason: RegExp): void {
  assert.throws(
    () => importIdta(input),
    (e: unknown) => {
      assert.ok(e instanceof IdtaImportError, `expected IdtaImportError, got ${String(e)}`);
      assert.equal(e.field, field);
      assert.match(e.reason, reason);
      assert.ok(e.message.includes(field));
      return true;
    },
  );
}

test('rejects malformed submodels, naming the field', () => {
  const tech = ns('technicalData');
  rejects(
    withEdit('technicalData', (c) => delete c.TechnicalPropertyAreas.CapacityEnergyVoltage.RatedCapacity),
    `${tech}:TechnicalPropertyAreas.CapacityEnergyVoltage.RatedCapacity`,
    /required value is missing/,
  );
  rejects(
    withEdit('technicalData', (c) => (c.GeneralInformation.BatteryMass = 'heavy')),
    `${tech}:GeneralInformation.BatteryMass`,
    /expected a finite number, got string "heavy"/,
  );
  rejects(
    withEdit('technicalData', (c) => (c.GeneralInformation.WarrantyInformation.WarrantyPeriod = '8 years')),
    `${tech}:GeneralInformation.WarrantyInformation.WarrantyPeriod`,
    /ISO 8601 duration/,
  );
  rejects(
    withEdit('technicalData', (c) => (c.TechnicalPropertyAreas.PowerCapability.OriginalPowerCapability[1] = 42)),
    `${tech}:TechnicalPropertyAreas.PowerCapability.OriginalPowerCapability[1]`,
    /expected an object, got number 42/,
  );
  const plate = ns('nameplate');
  rejects(withEdit('nameplate', (c) => (c.LifeCycleStage = 'second-life')), `${plate}:LifeCycleStage`, /must be one of original, re-used/);
  rejects(withEdit('nameplate', (c) => (c.DateOfManufacture = '2024-02-30')), `${plate}:DateOfManufacture`, /calendar date/);
  rejects(withEdit('nameplate', (c) => (c.ManufacturerName = 'Maker')), `${plate}:ManufacturerName`, /multi-language text array/);
  rejects(
    withEdit('productCondition', (c) => (c.StateOfCharge.LastUpdate = 'yesterday')),
    `${ns('productCondition')}:StateOfCharge.LastUpdate`,
    /ISO 8601 date-time/,
  );
  rejects(
    withEdit('materialComposition', (c) => (c.HazardousSubstances[0].HazardousSubstanceIdentifier = '21324403')),
    `${ns('materialComposition')}:HazardousSubstances[0].HazardousSubstanceIdentifier`,
    /CAS registry number/,
  );
  rejects(
    withEdit('circularity', (c) => (c.RecycledContentInformation[0].RecycledMaterial = 'Copper')),
    `${ns('circularity')}:RecycledContentInformation[0].RecycledMaterial`,
    /must be one of Nickel, Cobalt, Lithium, Lead/,
  );
  rejects(withEdit('circularity', (c) => (c.SafetyMeasures = [])), `${ns('circularity')}:SafetyMeasures`, /expected an object, got an array/);
  rejects(
    withEdit('handover', (c) => (c.Documents[0].DocumentVersions = [])),
    `${ns('handover')}:Documents[0].DocumentVersions`,
    /at least one DocumentVersion/,
  );
  rejects(withEdit('carbonFootprint', () => undefined).map((f) => (f.namespace === ns('carbonFootprint') ? { ...f, content: 'x' } : f)), `${ns('carbonFootprint')}:`, /expected a JSON object/);
});

test('rejects well-formed values the catalogue does not accept, naming the IDTA field', () => {
  rejects(
    withEdit('nameplate', (c) => (c.AddressInformation.NationalCode = [{ en: 'Germany' }])),
    `${ns('nameplate')}:AddressInformation`,
    /manufacturerInformation: postalAddress\.addressCountry/,
  );
  rejects(
    withEdit('technicalData', (c) => (c.TechnicalPropertyAreas.PowerCapability.MaximumPermittedBatteryPower = 1.797693e38)),
    `${ns('technicalData')}:TechnicalPropertyAreas.PowerCapability.MaximumPermittedBatteryPower`,
    /maximumPermittedPower/,
  );
});

test('rejects input without identifiers or with identifiers our passports cannot hold', () => {
  const onlyTech = files.filter((f) => f.namespace === ns('technicalData'));
  rejects(onlyTech, `${ns('dppMetadata')}:digitalProductPassportId`, /no passport identifier/);
  rejects(
    withEdit('dppMetadata', (c) => (c.digitalProductPassportId = 'https://www.example.org/dpp/1234545')),
    `${ns('dppMetadata')}:digitalProductPassportId`,
    /urn:uuid/,
  );
  rejects(withEdit('dppMetadata', (c) => (c.economicOperatorId = 'gxx:ppp456789')), `${ns('dppMetadata')}:economicOperatorId`, /did:web/);
  rejects([...files, files[0]], 'files[8]', /second file for io\.admin-shell\.idta\.batterypass\.digital_nameplate/);
  rejects([{ content: {} } as unknown as ExportFile], 'files[0].namespace', /namespace/);
  rejects('nameplate.json' as unknown as ExportFile[], 'files', /array of export files/);
});

test('accepts a map keyed by file name or namespace and reports unknown entries', () => {
  const map: Record<string, unknown> = { 'io.example.unrelated.json': {} };
  files.forEach((f, i) => (map[i % 2 === 0 ? f.fileName : f.namespace] = f.content));
  const { passport: back, warnings } = importIdta(map);
  assert.deepEqual(exportIdta(back), files);
  assert.ok(warnings.some((w) => w.includes('"io.example.unrelated.json" is not an IDTA-02035 submodel')));
  assert.equal(idtaFileName(ns('circularity')), 'io.admin-shell.idta.batterypass.circularity.json');
});

test('envelope facts IDTA does not carry come from options', () => {
  const issuer = { did: 'did:web:reman.batteryloop.example', role: 'remanufacturer', name: 'ReCell GmbH' } as const;
  const createdAt = '2025-01-01T00:00:00.000Z';
  const { passport: back, warnings } = importIdta(files, {
    issuer: { ...issuer },
    manufacturerModelId: passport.model.manufacturerModelId,
    structure: passport.structure,
    createdAt,
  });
  assert.deepEqual(back.issuer, issuer);
  assert.equal(back.model.manufacturerModelId, passport.model.manufacturerModelId);
  assert.deepEqual(back.structure, passport.structure);
  assert.equal(back.createdAt, createdAt);
  assert.ok(!warnings.some((w) => w.startsWith('issuer:') || w.startsWith('model.manufacturerModelId')));
});

test('document references without Handover Documentation are reported, not guessed', () => {
  const { passport: back, warnings } = importIdta(files.filter((f) => f.namespace !== ns('handover')));
  assert.equal(back.attributes.euDeclarationOfConformity, undefined);
  assert.equal(back.attributes.dueDiligenceReport, undefined);
  assert.ok(warnings.some((w) => w.includes('EUDeclarationOfConformity[0]') && w.includes('no Handover Documentation file supplied')));
});

test('reads the upstream IDTA example payloads leniently', { skip: skipWithoutShared }, () => {
  const example = (id: IdtaSubmodelId) => {
    const s = IDTA_SUBMODELS[id];
    return readJsonAnyEncoding(sharedPath(`fixtures/idta-batterypass/${s.namespace}/${s.version}/gen/${s.schemaName}.json`));
  };
  // Upstream Product Condition and Carbon Footprint examples with our identifiers and nameplate.
  const withExamples = (footprint: unknown) =>
    files
      .filter((f) => f.namespace !== ns('productCondition') && f.namespace !== ns('carbonFootprint'))
      .concat(
        { ...IDTA_SUBMODELS.productCondition, fileName: idtaFileName(ns('productCondition')), content: example('productCondition') },
        { ...IDTA_SUBMODELS.carbonFootprint, fileName: idtaFileName(ns('carbonFootprint')), content: footprint },
      );
  // "B+" is no Art. 7(2) performance class (A-G) in our catalogue.
  rejects(withExamples(example('carbonFootprint')), `${ns('carbonFootprint')}:ProductCarbonFootprints[0].PerformanceClass`, /must be one of A, B/);
  const footprint = example('carbonFootprint') as { ProductCarbonFootprints: { PerformanceClass: string }[] };
  footprint.ProductCarbonFootprints[0].PerformanceClass = 'B';
  const { passport: back, warnings } = importIdta(withExamples(footprint));
  assert.equal(back.attributes.numberOfFullCycles, 600);
  assert.equal(back.attributeUpdatedAt.numberOfFullCycles, '2000-01-01T14:23:00Z');
  assert.deepEqual(back.attributes.negativeEvents, [{ eventType: 'other', occurredAt: '2000-01-01T14:23:00Z', description: 'overcharged' }]);
  // 17.2 kg CO2e per 5 pieces → 3.44 kg = 0.00344 t per battery.
  assert.equal(back.attributes.absoluteCarbonFootprint, 0.00344);
  assert.equal(back.attributes.carbonFootprintPerFunctionalUnit, undefined);
  assert.ok(warnings.some((w) => w.includes('StateOfCharge.LastUpdate: date-time without zone; read as UTC')));
  assert.ok(warnings.some((w) => w.includes('LifeCyclePhases: single string where the schema declares an array')));
  assert.ok(!warnings.some((w) => /: version .* read as/.test(w)));
  assert.ok(warnings.some((w) => w.includes('InformationOnAccidents') && w.includes('no catalogue attribute')));

  // The upstream nameplate example writes multi-language values as objects; accepted with a warning.
  const mlObject = withEdit('nameplate', (c) => (c.ManufacturerName = { de: 'Muster AG' }));
  const read = importIdta(mlObject);
  assert.equal((read.passport.attributes.manufacturerInformation as { name: string }).name, 'Muster AG');
  assert.ok(read.warnings.some((w) => w.includes('ManufacturerName: multi-language value written as an object')));
  assert.ok(read.warnings.some((w) => w.includes("no English text; used the 'de' text")));
});
