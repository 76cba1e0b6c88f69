/**
 * Model-level demo values (same for every battery of a design): identification, labels, carbon
 * footprint, due diligence, composition, circularity and the declared performance figures.
 * Numbers are consistent with the design: energy from capacity × voltage, materials from cell mass,
 * LFP without nickel or cobalt, carbon footprint shares adding up to 100 %.
 */
import type { AttributeValue, Participant } from '../types.js';
import { type PackDesign, type PackFigures, packFigures } from './designs.js';
import { type Rng, round } from './prng.js';
import { materialsFor } from './materials.js';

export interface Site {
  streetAddress: string;
  postalCode: string;
  locality: string;
  addressCountry: string;
}

/** Fictitious sites in real towns. */
const PLANTS: readonly Site[] = [
  { streetAddress: 'Zellenring 12', postalCode: '38442', locality: 'Wolfsburg', addressCountry: 'DE' },
  { streetAddress: 'Akkumulátor utca 4', postalCode: '4031', locality: 'Debrecen', addressCountry: 'HU' },
  { streetAddress: 'Ulica Baterii 7', postalCode: '55-040', locality: 'Kobierzyce', addressCountry: 'PL' },
  { streetAddress: 'Batterivägen 3', postalCode: '931 36', locality: 'Skellefteå', addressCountry: 'SE' },
];

const SUPPLIERS: readonly (Site & { supplierName: string; domain: string })[] = [
  { supplierName: 'Ersatzteilwerk Nord GmbH', domain: 'ersatzteilwerk-nord.example', streetAddress: 'Hafenstraße 21', postalCode: '28197', locality: 'Bremen', addressCountry: 'DE' },
  { supplierName: 'Pièces Batterie Service SAS', domain: 'pieces-batterie.example', streetAddress: '5 rue des Accumulateurs', postalCode: '59000', locality: 'Lille', addressCountry: 'FR' },
];

export interface ModelFacts {
  figures: PackFigures;
  certifiedUsableEnergyKWh: number;
  expectedLifetimeCycles: number;
  originalPowerAt80W: number;
  originalPowerAt20W: number;
  initialRoundTripEfficiencyPercent: number;
  initialSelfDischargePercentPerMonth: number;
  idleLowerDegC: number;
  idleUpperDegC: number;
}

/** Host name behind a did:web identifier, used to build plausible document links. */
export function hostOf(did: string): string {
  const m = /^did:web:([^:]+)/.exec(did);
  return m ? decodeURIComponent(m[1]) : 'batteryloop.example';
}

export function modelData(d: PackDesign, issuer: Participant, rng: Rng): { attributes: Record<string, AttributeValue>; facts: ModelFacts } {
  const f = packFigures(d);
  const host = hostOf(issuer.did);
  const mailDomain = /\.[A-Za-z]{2,}$/.test(host.replace(/:\d+$/, '')) ? host.replace(/:\d+$/, '') : 'batteryloop.example';
  const docs = `https://${host}/docs/${d.modelId}`;
  const plant = rng.pick(PLANTS);
  const lfp = d.chemistry === 'LFP';

  const certifiedUsableEnergyKWh = round(f.energyKWh * rng.range(0.94, 0.97), 1);
  const expectedLifetimeCycles = lfp ? rng.int(30, 60) * 100 : rng.int(15, 30) * 100;
  const originalPowerAt80W = Math.round((f.energyKWh * 1000 * d.peakCRate) / 100) * 100;
  const originalPowerAt20W = Math.round((originalPowerAt80W * rng.range(0.6, 0.7)) / 100) * 100;
  const maximumPermittedPowerW = Math.round((originalPowerAt80W * 1.05) / 1000) * 1000;
  const initialRte = round(lfp ? rng.range(95, 97.5) : rng.range(93, 96), 1);
  const initialSelfDischarge = round(lfp ? rng.range(1, 2.5) : rng.range(1.5, 3), 2);
  const idleLowerDegC = lfp ? rng.pick([-30, -20]) : rng.pick([-40, -30]);
  const idleUpperDegC = rng.pick([45, 50, 55, 60]);

  // Carbon footprint: intensity per kWh of capacity (LFP lower), spread over the Art. 7 life-cycle stages;
  // the functional unit is one kWh delivered over the service life (Annex II).
  const kgPerKWhCapacity = lfp ? rng.range(50, 75) : rng.range(65, 95);
  const absoluteKg = kgPerKWhCapacity * f.energyKWh;
  const perFunctionalUnit = round(absoluteKg / (certifiedUsableEnergyKWh * expectedLifetimeCycles), 4);
  const stages = [rng.range(62, 76), rng.range(18, 30), rng.range(0.5, 2), rng.range(1, 5)];
  const stageTotal = stages.reduce((a, b) => a + b, 0);
  const [raw, production, distribution] = stages.slice(0, 3).map((s) => round((s / stageTotal) * 100, 1));
  const endOfLife = round(100 - raw - production - distribution, 1);
  const performanceClass = kgPerKWhCapacity < 60 ? 'A' : kgPerKWhCapacity < 75 ? 'B' : kgPerKWhCapacity < 90 ? 'C' : 'D';

  const composition = materialsFor(d, f);
  const share = (lo: number, hi: number) => round(rng.range(lo, hi), 1);
  const partPrefix = d.modelId.replace(/^BLX-/, 'BLP-');
  const parts = [
    { partName: 'Battery module', partNumber: `${partPrefix}-MOD` },
    { partName: `${d.cell.format[0].toUpperCase()}${d.cell.format.slice(1)} cell`, partNumber: `${partPrefix}-CEL` },
    { partName: 'Battery management system', partNumber: `${partPrefix}-BMS` },
    { partName: 'Cooling plate', partNumber: `${partPrefix}-CLP` },
    { partName: 'High-voltage junction box', partNumber: `${partPrefix}-HVJ` },
  ];

  const attributes: Record<string, AttributeValue> = {
    manufacturerInformation: {
      identifier: issuer.did,
      name: issuer.name,
      postalAddress: { ...plant },
      emailAddress: `battery-passport@${mailDomain}`,
      webAddress: `https://${host}/`,
    },
    manufacturingPlace: { facilityIdentifier: `${plant.addressCountry}-${plant.postalCode.replace(/\s/g, '')}-CELL`, ...plant },
    warrantyPeriod: rng.pick([96, 120]),
    batteryCategory: 'ev',
    batteryMass: f.packMassKg,

    separateCollectionSymbol: `${docs}/symbols/separate-collection.svg`,
    cadmiumAndLeadSymbols: [],
    carbonFootprintLabel: `${docs}/labels/carbon-footprint-class-${performanceClass}.svg`,
    labelMeanings: [
      { subject: 'separateCollection', symbolUrl: `${docs}/symbols/separate-collection.svg`, meaning: 'Do not dispose of with household waste; hand in at a collection point for waste batteries.' },
      { subject: 'carbonFootprint', symbolUrl: `${docs}/labels/carbon-footprint-class-${performanceClass}.svg`, meaning: `Carbon footprint performance class ${performanceClass} of this battery model.` },
      { subject: 'extinguishingAgent', symbolUrl: `${docs}/symbols/extinguishing-agent.svg`, meaning: 'Fight fires with large amounts of water to cool the pack.' },
    ],
    euDeclarationOfConformity: `${docs}/eu-declaration-of-conformity.pdf`,
    testReportResults: `${docs}/test-reports.pdf`,

    carbonFootprintPerFunctionalUnit: perFunctionalUnit,
    carbonFootprintRawMaterialShare: raw,
    carbonFootprintProductionShare: production,
    carbonFootprintDistributionShare: distribution,
    carbonFootprintEndOfLifeShare: endOfLife,
    carbonFootprintPerformanceClass: performanceClass,
    carbonFootprintStudy: `${docs}/carbon-footprint-study.pdf`,
    carbonFootprintDeclarantInformation: {
      manufacturerIdentifier: issuer.did,
      manufacturerName: issuer.name,
      batteryModelIdentifier: d.modelId,
      manufacturingFacilityLocation: `${plant.locality}, ${plant.addressCountry}`,
    },
    absoluteCarbonFootprint: round(absoluteKg / 1000, 2),

    dueDiligenceReport: `${docs}/due-diligence-report.pdf`,
    thirdPartyAssurances: `${docs}/due-diligence-assurance.pdf`,
    supplyChainIndices: share(40, 85),

    batteryChemistry: { shortName: d.chemistry, clearName: d.chemistryName },
    criticalRawMaterials: composition.criticalRawMaterials,
    batteryMaterials: composition.batteryMaterials,
    hazardousSubstances: composition.hazardousSubstances,
    substanceImpacts: composition.substanceImpacts,

    dismantlingInformation: [
      { documentType: 'dismantlingManual', mimeType: 'application/pdf', url: `${docs}/dismantling-manual.pdf` },
      { documentType: 'removalManual', mimeType: 'application/pdf', url: `${docs}/removal-manual.pdf` },
      { documentType: 'billOfMaterial', mimeType: 'text/csv', url: `${docs}/bill-of-material.csv` },
      { documentType: 'model3D', mimeType: 'model/step', url: `${docs}/pack.step` },
    ],
    partNumbers: parts,
    sparePartSources: SUPPLIERS.map((s, i) => ({
      supplierName: s.supplierName,
      postalAddress: { streetAddress: s.streetAddress, postalCode: s.postalCode, locality: s.locality, addressCountry: s.addressCountry },
      emailAddress: `parts@${s.domain}`,
      webAddress: `https://${s.domain}/`,
      components: i === 0 ? parts.slice(0, 3) : parts.slice(2),
    })),
    safetyMeasures: `${docs}/safety-instructions.pdf`,
    // Li-ion batteries contain no lead; LFP cathodes contain no nickel or cobalt.
    preConsumerRecycledNickelShare: lfp ? 0 : share(2, 8),
    preConsumerRecycledCobaltShare: lfp ? 0 : share(3, 12),
    preConsumerRecycledLithiumShare: share(1, 5),
    preConsumerRecycledLeadShare: 0,
    postConsumerRecycledNickelShare: lfp ? 0 : share(1, 6),
    postConsumerRecycledCobaltShare: lfp ? 0 : share(2, 10),
    postConsumerRecycledLithiumShare: share(0, 4),
    postConsumerRecycledLeadShare: 0,
    renewableContentShare: share(0, 12),
    wastePreventionInformation: `${docs}/end-user/waste-prevention.pdf`,
    separateCollectionInformation: `${docs}/end-user/separate-collection.pdf`,
    endOfLifeInformation: `${docs}/end-user/collection-second-life-treatment.pdf`,

    ratedCapacity: f.ratedCapacityAh,
    certifiedUsableEnergy: certifiedUsableEnergyKWh,
    minimumVoltage: f.minimumVoltageV,
    maximumVoltage: f.maximumVoltageV,
    nominalVoltage: f.nominalVoltageV,
    originalPowerCapability: [
      { atSocPercent: 80, powerW: originalPowerAt80W },
      { atSocPercent: 20, powerW: originalPowerAt20W },
    ],
    maximumPermittedPower: maximumPermittedPowerW,
    powerToEnergyRatio: round(maximumPermittedPowerW / (f.energyKWh * 1000), 2),
    initialRoundTripEfficiency: initialRte,
    roundTripEfficiencyAt50PercentCycleLife: round(initialRte - rng.range(1.5, 3), 1),
    initialSelfDischargeRate: initialSelfDischarge,
    initialInternalResistance: initialResistances(d),
    expectedLifetimeYears: lfp ? rng.int(12, 20) : rng.int(10, 15),
    expectedLifetimeCycles,
    cycleLifeReferenceTest: {
      standard: rng.pick(['IEC 62660-1:2018 cycle life test', 'ISO 12405-4:2018 cycle life test']),
      documentUrl: `${docs}/cycle-life-test.pdf`,
    },
    cycleLifeTestCRate: lfp ? rng.pick([0.5, 1]) : rng.pick([0.33, 1]),
    capacityThresholdForExhaustion: rng.pick([60, 65, 70, 75, 80]),
    idleTemperatureLowerBoundary: idleLowerDegC,
    idleTemperatureUpperBoundary: idleUpperDegC,
  };
  return {
    attributes,
    facts: {
      figures: f,
      certifiedUsableEnergyKWh,
      expectedLifetimeCycles,
      originalPowerAt80W,
      originalPowerAt20W,
      initialRoundTripEfficiencyPercent: initialRte,
      initialSelfDischargePercentPerMonth: initialSelfDischarge,
      idleLowerDegC,
      idleUpperDegC,
    },
  };
}

/** Series resistance of cells plus busbar/connector contributions (about 0.2 mΩ per series connection). */
function initialResistances(d: PackDesign): AttributeValue {
  const seriesPerModule = d.seriesCount / d.moduleCount;
  const cell = d.cell.resistanceOhm;
  const perSeries = cell / d.parallelCount + 0.0002;
  return [
    { component: 'pack', resistanceOhm: round(perSeries * d.seriesCount + 0.01, 5) },
    { component: 'module', resistanceOhm: round(perSeries * seriesPerModule, 5) },
    { component: 'cell', resistanceOhm: round(cell, 6) },
  ];
}
