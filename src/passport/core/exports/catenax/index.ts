/**
 * Catena-X `io.catenax.battery.battery_pass` 6.1.0: export of a native passport (plus its Catena-X supplement),
 * import back, and the catalogue attributes the format cannot carry (fully).
 */
export { exportCatenaX, checkSupplement } from './export.js';
export { importCatenaX, type CatenaXInputFile } from './import.js';
export {
  CONCENTRATION_UNITS,
  CatenaXExportError,
  CatenaXImportError,
  type CatenaXImportOptions,
  type CatenaXImportResult,
  type CatenaXSupplement,
  type ConcentrationUnit,
  type ExportFile,
  type HeavyMetal,
  type HeavyMetalContent,
  type RecycledMetal,
} from './model.js';
export { CATENAX_FILE_NAME, CATENAX_NAMESPACE, CATENAX_SCHEMA_PATH, CATENAX_VERSION } from './values.js';

/** Catalogue keys with no place in the Catena-X battery_pass 6.1.0 document, and why. */
export const CATENAX_UNMAPPED: Readonly<Record<string, string>> = Object.freeze({
  operatorInformation: 'parties are named by BPNL only (no name, address or contact of the operator)',
  manufacturerInformation: 'the manufacturer is a BPNL (operation.manufacturer.manufacturer, from the supplement); no name, address or contact',
  manufacturingPlace: 'the site is a BPNA (from the supplement); no address',
  separateCollectionSymbol: 'no place for label graphics besides meaningOfLabels',
  cadmiumAndLeadSymbols: 'no place for chemical symbols; Cd and Pb appear as concentrations (materials.hazardous)',
  carbonFootprintLabel: 'no place for label graphics besides meaningOfLabels',
  carbonFootprintDeclarantInformation: 'carbonFootprint entries name the site by BPNA only',
  supplyChainIndices: 'no supply chain index property',
  criticalRawMaterials: 'only nickel, lithium, cobalt and lead carry a critical flag (materials.active); no list',
  batteryMaterials: 'composition entries need per-material recycled and renewable shares the catalogue does not hold; written empty',
  hazardousSubstances:
    'hazardous.other has no hazard class (required by the catalogue), so only Cd, Hg and Pb are written (as concentrations); they come back in the supplement',
  substanceImpacts: 'impactOfSubstances is a document list without hazard statements',
  sparePartSources: 'spare-part producers are BPNLs (supplement); supplier names, addresses and e-mails have no place',
  preConsumerRecycledNickelShare: 'Catena-X carries the recycled content (pre + post) only; the sum comes back in the supplement',
  preConsumerRecycledCobaltShare: 'as preConsumerRecycledNickelShare',
  preConsumerRecycledLithiumShare: 'as preConsumerRecycledNickelShare',
  preConsumerRecycledLeadShare: 'as preConsumerRecycledNickelShare',
  postConsumerRecycledNickelShare: 'as preConsumerRecycledNickelShare',
  postConsumerRecycledCobaltShare: 'as preConsumerRecycledNickelShare',
  postConsumerRecycledLithiumShare: 'as preConsumerRecycledNickelShare',
  postConsumerRecycledLeadShare: 'as preConsumerRecycledNickelShare',
  renewableContentShare: 'renewable shares exist per composition entry only (composition is written empty)',
  powerToEnergyRatio: 'no power/energy ratio property',
  cycleLifeTestCRate:
    'cycle-life testing has separate charge and discharge rates (supplement); read back as the C-rate only when both are equal',
  selfDischargeEvolution: 'no evolution-of-self-discharge property',
  temperatureInformation: 'operatingEnvironment is a document list; observed temperatures have no typed place',
  timeAboveUpperTemperatureBoundary: 'no extreme-temperature time counters',
  timeBelowLowerTemperatureBoundary: 'no extreme-temperature time counters',
  chargingTimeAboveUpperTemperatureBoundary: 'no extreme-temperature time counters',
  chargingTimeBelowLowerTemperatureBoundary: 'no extreme-temperature time counters',
  deepDischargeEvents: 'no event counters (negativeEvents is a document list)',
  overchargeEvents: 'no event counters (negativeEvents is a document list)',
});

/** Catalogue keys carried in part: the value read back differs as described. */
export const CATENAX_PARTIAL: Readonly<Record<string, string>> = Object.freeze({
  batteryCategory: 'stationary batteries are written as industrial (Catena-X has no stationary category)',
  remainingPowerCapability: 'one value (the 80 % SoC point); read back as that single point',
  dismantlingInformation: 'removal manuals travel in removalFromAppliance, the rest in dismantling; read back in that order',
  labelMeanings: 'read back grouped by subject (one symbol and meaning per subject)',
});
