/**
 * Battery Pass Data Model v1.2 (batterypass/BatteryPassDataModel): export of a native passport as one payload
 * per aspect, import back, and the catalogue attributes the format cannot carry (fully).
 */
export { exportBatteryPass } from './export.js';
export { importBatteryPass, type BatteryPassInputFile } from './import.js';
export { BATTERYPASS_ASPECTS, BATTERYPASS_ASPECT_IDS, batteryPassFileName, batteryPassSchemaPath, type BatteryPassAspectId } from './aspects.js';
export {
  BatteryPassImportError,
  type BatteryPassExportResult,
  type BatteryPassImportOptions,
  type BatteryPassImportResult,
  type ExportFile,
  type OmittedAspect,
} from './model.js';

/** Catalogue keys with no place in any Battery Pass v1.2 aspect, and why. */
export const BATTERYPASS_UNMAPPED: Readonly<Record<string, string>> = Object.freeze({
  separateCollectionSymbol:
    'Labels 1.2.0 lists a symbol only together with its meaning (labels[]); the link reaches the file through labelMeanings[].symbolUrl',
  cadmiumAndLeadSymbols: 'Labels 1.2.0 has no chemical-symbol list; a HazardousMaterial label needs a meaning (labelMeanings)',
  carbonFootprintLabel: 'Labels 1.2.0 lists a label only together with its meaning (labelMeanings)',
  carbonFootprintDeclarantInformation: 'CarbonFootprint 1.2.0 has no declarant / model / facility block (Art. 7(1)(a)-(c))',
  criticalRawMaterials: 'MaterialComposition 1.2.0 flags listed materials (isCriticalRawMaterial) but has no list of critical raw materials',
  partNumbers: 'Circularity 1.2.0 has part numbers only per spare-part supplier (sparePartSources[].components)',
  temperatureInformation:
    'Performance 1.2.1 temperatureInformation holds the time spent at extreme temperatures (#87-90), not observed current/minimum/maximum temperatures',
  deepDischargeEvents: 'Performance 1.2.1 has no event counters (negativeEvents is a list of texts)',
  overchargeEvents: 'Performance 1.2.1 has no event counters (negativeEvents is a list of texts)',
});

/** Catalogue keys the format carries only in part: the value written back on import differs as described. */
export const BATTERYPASS_PARTIAL: Readonly<Record<string, string>> = Object.freeze({
  manufacturerInformation:
    'emailAddress is written only when it matches the upstream pattern ^[w.-]+@[w.-]+.[A-Za-z]{2,}$ (a backslash is missing), which rejects real addresses',
  operatorInformation: 'as manufacturerInformation: emailAddress is usually dropped by the broken upstream pattern',
  manufacturingPlace: 'facilityIdentifier has no upstream property (locality travels inside streetAddress as "<street>, <locality>")',
  warrantyPeriod:
    'warrentyPeriod is an xsd:gMonth "--MM" (unit month), i.e. 1..12 months only: longer warranties leave GeneralProductInformation unexportable',
  batteryMaterials:
    'massFractionPercent is not carried (recomputed from the battery mass at 0.01 % resolution); materials without a CAS number are left out',
  hazardousSubstances:
    'only substances with a CAS number in the three CLP classes upstream enumerates (acute toxicity, skin corrosion/irritation, eye damage/irritation)',
  substanceImpacts: 'only hazard statements are carried; the impact text comes back as the list of statements',
  cycleLifeReferenceTest: 'only the document link (lifetimeReferenceTest); the standard name comes back as that link',
  remainingPowerCapability: 'one point only (the 80 % SoC point when present, else the first)',
  sparePartSources: 'suppliers without a web address are left out (supplierWebAddress is required upstream)',
});
