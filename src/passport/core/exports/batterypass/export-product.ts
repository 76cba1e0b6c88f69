/**
 * Battery Pass v1.2 aspects GeneralProductInformation, Labels, CarbonFootprint and SupplyChainDueDiligence
 * (longlist #1-30) from a native passport. Property names are the upstream ones, typos included
 * (`warrentyPeriod`, `thirdPartyAussurances`, `supplyChainIndicies`, `CarbonFootPrint`).
 */
import type { BatteryStatus } from '../../types.js';
import { AttributeSource, GPI_EMAIL_PATTERN, type Obj, compactPassportId, dateToDateTime, isObj, joinStreet, roundSig, scale } from './values.js';

const STATUS_OUT: Record<BatteryStatus, string> = {
  original: 'Original',
  repurposed: 'Repurposed',
  reused: 'Reused',
  remanufactured: 'Remanufactured',
  waste: 'Waste',
};

/** Our label subjects → upstream `LabelingSubject` (upstream spells `CarbonFootPrint`). */
export const LABEL_SUBJECT_OUT: Record<string, string> = {
  separateCollection: 'SeparateCollection',
  hazardousMaterial: 'HazardousMaterial',
  carbonFootprint: 'CarbonFootPrint',
  extinguishingAgent: 'ExtinguishingAgent',
};

/** Catalogue share attributes → upstream `LifecycleStage` (Art. 7(1)(c) life-cycle stages). */
export const STAGE_OUT: readonly [key: string, stage: string][] = [
  ['carbonFootprintRawMaterialShare', 'RawMaterialExtraction'],
  ['carbonFootprintProductionShare', 'MainProduction'],
  ['carbonFootprintDistributionShare', 'Distribution'],
  ['carbonFootprintEndOfLifeShare', 'Recycling'],
];

function address(a: Obj): Obj {
  return {
    addressCountry: a.addressCountry,
    postalCode: a.postalCode,
    streetAddress: joinStreet(String(a.streetAddress), String(a.locality)),
  };
}

/** Annex VI Part A(1) contact block; the e-mail is written only when the upstream pattern accepts it. */
function party(src: AttributeSource, key: string): Obj {
  const v = src.needObj(key);
  if (!isObj(v.postalAddress)) return {};
  const out: Obj = { contactName: v.name, postalAddress: address(v.postalAddress), identifier: v.identifier };
  if (typeof v.emailAddress === 'string' && GPI_EMAIL_PATTERN.test(v.emailAddress)) out.emailAddress = v.emailAddress;
  if (typeof v.webAddress === 'string') out.webAddress = v.webAddress;
  return out;
}

export function generalProductInformation(src: AttributeSource): Obj {
  const p = src.p;
  const passportIdentifier = compactPassportId(p.passportId);
  if (passportIdentifier === undefined) src.cannot('batteryPassportIdentifier', 'passportId is not a urn:uuid identifier');
  const place = src.needObj('manufacturingPlace');
  const months = src.needNum('warrantyPeriod');
  // Upstream models the warranty period as xsd:gMonth ("--MM", unit month), which only holds 1..12.
  if (Number.isInteger(months) && (months < 1 || months > 12)) {
    src.cannot('warrantyPeriod', `${months} months cannot be written as the xsd:gMonth "--MM" that warrentyPeriod requires (1..12 only)`);
  }
  const puttingIntoService = src.str('puttingIntoServiceDate');
  if (puttingIntoService === undefined) src.cannot('puttingIntoServiceDate', 'missing (required by puttingIntoService)');
  const manufacturingDate = src.needStr('manufacturingDate');
  return {
    productIdentifier: p.batteryId,
    batteryPassportIdentifier: passportIdentifier ?? '',
    batteryCategory: src.needStr('batteryCategory'),
    manufacturerInformation: party(src, 'manufacturerInformation'),
    manufacturingDate: dateToDateTime(manufacturingDate),
    batteryStatus: STATUS_OUT[p.status],
    batteryMass: src.needNum('batteryMass'),
    manufacturingPlace: isObj(place) && place.streetAddress !== undefined ? address(place) : {},
    operatorInformation: party(src, 'operatorInformation'),
    puttingIntoService: dateToDateTime(puttingIntoService ?? ''),
    warrentyPeriod: `--${String(months).padStart(2, '0')}`,
  };
}

export function labels(src: AttributeSource): Obj {
  const meanings = src.needArr('labelMeanings').filter(isObj);
  return {
    declarationOfConformity: src.needStr('euDeclarationOfConformity'),
    resultOfTestReport: src.needStr('testReportResults'),
    // MultiLanguageText: our meanings are English.
    labels: meanings.map((m) => ({
      labelingSymbol: m.symbolUrl,
      labelingMeaning: { en: m.meaning },
      labelingSubject: LABEL_SUBJECT_OUT[String(m.subject)],
    })),
  };
}

export function carbonFootprint(src: AttributeSource): Obj {
  const total = src.needNum('carbonFootprintPerFunctionalUnit');
  // Upstream stage values are kg CO2e per kWh (unit kilogramperkilowatthour); we hold shares of the total in %.
  const stages = STAGE_OUT.map(([key, stage]) => ({ lifecycleStage: stage, carbonFootprint: roundSig((total * src.needNum(key)) / 100) }));
  const out: Obj = {
    batteryCarbonFootprint: total,
    carbonFootprintPerLifecycleStage: stages,
    carbonFootprintPerformanceClass: src.needStr('carbonFootprintPerformanceClass'),
    carbonFootprintStudy: src.needStr('carbonFootprintStudy'),
  };
  // Upstream absolute footprint is in kg CO2e; the catalogue holds t CO2e.
  const absolute = src.num('absoluteCarbonFootprint');
  if (absolute !== undefined) out.absoluteCarbonFootprint = scale(absolute, 1000);
  return out;
}

export function supplyChainDueDiligence(src: AttributeSource): Obj {
  const out: Obj = { supplyChainDueDiligenceReport: src.needStr('dueDiligenceReport') };
  const assurances = src.str('thirdPartyAssurances');
  if (assurances !== undefined) out.thirdPartyAussurances = assurances;
  const indices = src.num('supplyChainIndices');
  if (indices !== undefined) out.supplyChainIndicies = indices;
  return out;
}
