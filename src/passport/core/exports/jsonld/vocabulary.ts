/**
 * IRIs of the JSON-LD passport. Ontology terms come from the EMMO domain-battery / domain-electrochemistry
 * modules as published in BattINFO's JSON-LD contexts (BattINFO 0.7.0, domain-battery 0.20.2,
 * domain-electrochemistry 0.37.2), from BattINFO's record vocabulary, and from BVCO 0.4.3. Every such IRI is
 * checked against those sources by the tests. Terms without an ontology counterpart use Battery Loop's own
 * vocabulary `https://w3id.org/batteryloop/vocab#`.
 */
import type { Chemistry, PackNode } from '../../types.js';

export const PREFIXES = {
  battery: 'https://w3id.org/emmo/domain/battery#',
  electrochemistry: 'https://w3id.org/emmo/domain/electrochemistry#',
  emmo: 'https://w3id.org/emmo#',
  battinfo: 'https://w3id.org/battinfo/',
  bvco: 'https://bvco.ontology.link/',
  /** Battery Loop vocabulary: terms with no BattINFO / EMMO / BVCO counterpart. */
  blv: 'https://w3id.org/batteryloop/vocab#',
  qudt: 'http://qudt.org/schema/qudt/',
  qudtUnit: 'http://qudt.org/vocab/unit/',
  schema: 'https://schema.org/',
  dcterms: 'http://purl.org/dc/terms/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

/** Catalogue keys whose quantity or concept has an EMMO / BattINFO term (compact IRIs over PREFIXES). */
export const ONTOLOGY_ATTRIBUTE_IRIS: Readonly<Record<string, string>> = {
  batteryMass: 'emmo:EMMO_ed4af7ae_63a2_497e_bb88_2309619ea405', // Mass
  ratedCapacity: 'electrochemistry:electrochemistry_9b3b4668_0795_4a35_9965_2af383497a26', // RatedCapacity
  capacityFade: 'electrochemistry:electrochemistry_e3d3d21c_cb9a_498c_bdb0_63c964f0d3c6', // CapacityFade
  certifiedUsableEnergy: 'electrochemistry:electrochemistry_da215d1a_196a_465f_9de8_89f6fbb76982', // RatedEnergy
  stateOfCharge: 'electrochemistry:electrochemistry_8b2aaa50_bbe1_45da_8778_8898326246a2', // StateOfCharge
  minimumVoltage: 'electrochemistry:electrochemistry_534dd59c_904c_45d9_8550_ae9d2eb6bbc9', // LowerVoltageLimit
  maximumVoltage: 'electrochemistry:electrochemistry_6dcd5baf_58cd_43f5_a692_51508e036c88', // UpperVoltageLimit
  nominalVoltage: 'electrochemistry:electrochemistry_639b844a_e801_436b_985d_28926129ead6', // NominalVoltage
  originalPowerCapability: 'battinfo:powerCapability',
  maximumPermittedPower: 'electrochemistry:electrochemistry_4e6c4e9d_64cb_4c24_a0f3_5b4146ebbeb0', // MaximumPower
  powerToEnergyRatio: 'battinfo:powerEnergyRatio',
  initialRoundTripEfficiency: 'electrochemistry:electrochemistry_c413d29a_b814_4d88_8db0_0fd0171cff11', // RoundTripEnergyEfficiency
  roundTripEfficiencyAt50PercentCycleLife: 'battinfo:roundTripEnergyEfficiency50Pct',
  initialSelfDischargeRate: 'electrochemistry:electrochemistry_c3e97d58_1854_4c23_bb42_d2972172865e', // SelfDischargeRate
  initialInternalResistance: 'electrochemistry:electrochemistry_9bf40017_3f58_4030_ada7_cb37a3dfda2d', // InternalResistance
  expectedLifetimeYears: 'electrochemistry:electrochemistry_743c71a3_b80c_42e3_92fa_13a67b8167df', // CalendarLife
  expectedLifetimeCycles: 'electrochemistry:electrochemistry_ae782b14_88ce_4cdd_9418_12aca00be937', // CycleLife
  cycleLifeTestCRate: 'electrochemistry:electrochemistry_e1fd84eb_acdb_4b2c_b90c_e899d552a3ee', // CRate
  capacityThresholdForExhaustion: 'battinfo:capacityThresholdExhaustion',
  idleTemperatureLowerBoundary: 'electrochemistry:electrochemistry_0ddfd57a_d338_4690_be45_b26884ed6302', // MinimumStorageTemperature
  idleTemperatureUpperBoundary: 'electrochemistry:electrochemistry_0ea4d188_9701_4699_a5ca_812a98a9afa7', // MaximumStorageTemperature
  manufacturingDate: 'schema:productionDate',
  manufacturerInformation: 'schema:manufacturer',
};

/** Envelope and structure terms with an ontology counterpart. */
export const ONTOLOGY_TERMS = {
  Battery: 'battery:battery_74ed2670_657d_4f0b_b0a6_3f13bc2e9c17',
  BatteryPack: 'battery:battery_be3b35a7_75a3_4be0_9265_beb178ea7b00',
  BatteryModule: 'battery:battery_9acfeea6_ca7f_4b97_9844_c38edf6387ec',
  BatteryCell: 'battery:battery_68ed592a_7924_45d0_a108_94d6275d57f0',
  LithiumIonNickelManganeseCobaltOxideBattery: 'battery:battery_834095fa_f684_4368_a7ce_853579a1362a',
  LithiumIonNickelCobaltAluminiumOxideBattery: 'battery:battery_217e44ed_efd9_4b9e_9cb4_1f7488d996b2',
  LithiumIonIronPhosphateBattery: 'battery:battery_04a4e5a4_e6fd_43af_b1ca_4a16d5f8886c',
  LithiumIonManganeseIronPhosphateBattery: 'battery:battery_c429bb30_50d6_4cec_ae7e_279f59c36ccd',
  LithiumIonManganeseOxideBattery: 'battery:battery_45804eeb_fba3_49dd_ae79_6b4e958d6e09',
  LithiumIonTitanateBattery: 'battery:battery_fd811dc3_8c37_4741_a099_78e26e4110ef',
  SodiumIonBattery: 'battery:battery_42329a95_03fe_4ec1_83cb_b7e8ed52f68a',
  /** BVCO: a battery that reached the end of its (first) life; added as a type when the status is waste. */
  SpentElectricBattery: 'bvco:BVCO_12664712_cdf1_43c9_b102_1691db16d37f',
  /** Node terms of the pack tree. */
  nominalCapacity: 'electrochemistry:electrochemistry_8abde9d0_84f6_4b4f_a87e_86028a397100', // NominalCapacity
  mass: 'emmo:EMMO_ed4af7ae_63a2_497e_bb88_2309619ea405', // Mass
  hasPart: 'emmo:EMMO_17e27c22_37e1_468c_9dd7_95e137f73e7f', // hasPart (EMMO, also used by BVCO)
  chemistry: 'battinfo:chemistry',
} as const;

/** Chemistry code → EMMO battery class (the generic Battery class for `other`). */
export const CHEMISTRY_CLASS: Record<Chemistry, keyof typeof ONTOLOGY_TERMS> = {
  NMC: 'LithiumIonNickelManganeseCobaltOxideBattery',
  NCA: 'LithiumIonNickelCobaltAluminiumOxideBattery',
  LFP: 'LithiumIonIronPhosphateBattery',
  LMFP: 'LithiumIonManganeseIronPhosphateBattery',
  LMO: 'LithiumIonManganeseOxideBattery',
  LTO: 'LithiumIonTitanateBattery',
  NaIon: 'SodiumIonBattery',
  other: 'Battery',
};

export const NODE_CLASS: Record<PackNode['kind'], 'BatteryPack' | 'BatteryModule' | 'BatteryCell'> = {
  pack: 'BatteryPack',
  module: 'BatteryModule',
  cell: 'BatteryCell',
};

/**
 * Catalogue units → QUDT unit IRIs. Where no QUDT unit could be confirmed the unit is minted in our vocabulary.
 * W/Wh and A/Ah are both reciprocal hours.
 */
export const UNIT_IRIS: Readonly<Record<string, string>> = {
  kg: 'qudtUnit:KiloGM',
  Ah: 'qudtUnit:A-HR',
  V: 'qudtUnit:V',
  W: 'qudtUnit:W',
  kWh: 'qudtUnit:KiloW-HR',
  Ohm: 'qudtUnit:OHM',
  '%': 'qudtUnit:PERCENT',
  degC: 'qudtUnit:DEG_C',
  min: 'qudtUnit:MIN',
  a: 'qudtUnit:YR',
  mo: 'qudtUnit:MO',
  tCO2e: 'qudtUnit:TONNE',
  'kgCO2e/kWh': 'qudtUnit:KiloGM-PER-KiloW-HR',
  'W/Wh': 'qudtUnit:PER-HR',
  'A/Ah': 'qudtUnit:PER-HR',
  '%/mo': 'blv:PercentPerMonth',
};
