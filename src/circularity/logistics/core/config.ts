/**
 * Editable, dated parameters of reverse logistics. Everything here is a POLICY or a COST ASSUMPTION, not a rule of
 * ADR: ADR 2025 fixes UN numbers, special provisions and packing instructions (see `dangerous-goods.ts`), but it sets
 * no numeric State-of-Safety thresholds, no temperature/shock/SoC limits for road carriage of lithium batteries and no
 * maximum distance. Change the values here (and their `asOf`) instead of editing the code.
 */
import type { SafetyStatus } from './types.js';

/** Thresholds turning the twin's State of Safety (0–1, Cabrera-Castillo et al. 2016 style, see twin/core/states/sos.ts)
 * into the SP 376 status. SP 376 NOTE: the assessment must rest on safety criteria of the cell/battery/product
 * manufacturer or of a technical expert — these thresholds are Battery Loop's decision support for that expert. */
export const CLASSIFICATION_POLICY = {
  asOf: '2025-06-01',
  /** below this (measured factor driving the score) a battery counts as damaged/defective ("defective for safety reasons") */
  damagedBelowSos: 0.6,
  /** at or below this (measured factor) a battery counts as liable to dangerous evolution of heat → P911/LP906 */
  criticalAtOrBelowSos: 0.2,
  /** thermal drivers flag a battery as critical already below this score: self-heating and soft internal shorts are
   * the precursors of thermal runaway (Feng et al., Energy Storage Mater. 10 (2018) 246) */
  criticalThermalBelowSos: 0.4,
  thermalDrivers: ['temperature', 'temperatureRise', 'selfDischarge'] as readonly string[],
} as const;

export interface HandlingLimits {
  /** a warning outside [tempWarnMinC, tempWarnMaxC]; a critical alert above tempCriticalMaxC */
  tempWarnMinC: number;
  tempWarnMaxC: number;
  tempCriticalMaxC: number;
  /** a rise of the maximum temperature between two handovers above this counts as possible self-heating (critical) */
  tempRiseCriticalK: number;
  peakShockWarnG: number;
  peakShockCriticalG: number;
  /** highest state of charge at handover before a warning (100 = no policy) */
  socWarnMaxPct: number;
}

/**
 * Handling limits per status (carrier policy, asOf 2025-06-01). Temperatures follow the usual Li-ion storage window
 * (−20…45 °C) narrowed for damaged packs; shock limits sit well below the 50 g half-sine shock of UN Manual of Tests
 * and Criteria 38.3.4.4 (test T4, large cells/batteries) that the type passed; the 30 % SoC echoes the air-transport
 * limit of IATA DGR PI 965 for UN 3480 — road carriage under ADR has no SoC limit, so this is a conservative choice.
 */
export const HANDLING_LIMITS: Record<SafetyStatus, HandlingLimits> = {
  normal: { tempWarnMinC: -20, tempWarnMaxC: 45, tempCriticalMaxC: 60, tempRiseCriticalK: 15, peakShockWarnG: 5, peakShockCriticalG: 25, socWarnMaxPct: 100 },
  damagedOrDefective: { tempWarnMinC: 0, tempWarnMaxC: 35, tempCriticalMaxC: 50, tempRiseCriticalK: 10, peakShockWarnG: 3, peakShockCriticalG: 10, socWarnMaxPct: 30 },
  criticalDefect: { tempWarnMinC: 0, tempWarnMaxC: 30, tempCriticalMaxC: 40, tempRiseCriticalK: 5, peakShockWarnG: 2, peakShockCriticalG: 5, socWarnMaxPct: 30 },
};

export interface LogisticsCostConfig {
  asOf: string;
  sources: string[];
  /** road distance = great-circle distance × roadFactor */
  roadFactor: number;
  /** full cost of a 40 t articulated truck per km (driver, fuel, toll, depreciation) */
  truckEurPerKm: number;
  /** batteries sharing one truck in collection runs (partial loads, milk runs); 1 = dedicated vehicle */
  batteriesPerTruck: Record<SafetyStatus, number>;
  /** gross mass / battery mass: packaging (crates, LP904/LP906 large packagings with insulation) */
  grossMassFactor: Record<SafetyStatus, number>;
  /** mean battery mass of the demo returns */
  batteryMassKg: number;
  /** well-to-wheel intensity of collection runs */
  kgCo2ePerTkm: number;
  /** handling cost at the receiving site = hub rate × multiplier (discharge, inspection, quarantine storage) */
  handlingMultiplier: Record<SafetyStatus, number>;
  /** no critical battery travels further than this by road (carrier policy: short time in transit, not an ADR rule) */
  maxCriticalRoadKm: number;
  /** decentral hubs discharge and dismantle packs to modules; the modules go on to the plant in full truckloads */
  onward: { massFraction: number; payloadT: number; kgCo2ePerTkm: number };
}

export const LOGISTICS_COSTS: LogisticsCostConfig = {
  asOf: '2025-06-01',
  sources: [
    'GLEC Framework v3.0 (Smart Freight Centre, 2023): default WTW intensities of 34–40 t articulated diesel trucks lie around 0.06–0.10 kg CO2e/t·km depending on load factor; 0.08 used for partial-load collection runs, 0.06 for full onward loads',
    'ISO 14083:2023 (replaces EN 16258:2012): t·km allocation of vehicle emissions; replace the defaults with carrier-specific values when available',
    'Truck cost ≈ 1.8 €/km: order of magnitude of German 40 t full-cost rates incl. toll (assumption; use the carrier tariff)',
    'Batteries per truck, packaging mass factors and handling multipliers: Battery Loop assumptions for EV packs of ~450 kg',
  ],
  roadFactor: 1.3,
  truckEurPerKm: 1.8,
  batteriesPerTruck: { normal: 20, damagedOrDefective: 8, criticalDefect: 1 },
  grossMassFactor: { normal: 1.15, damagedOrDefective: 1.4, criticalDefect: 1.8 },
  batteryMassKg: 450,
  kgCo2ePerTkm: 0.08,
  handlingMultiplier: { normal: 1, damagedOrDefective: 2.5, criticalDefect: 6 },
  maxCriticalRoadKm: 500,
  // ~60 % of an EV pack's mass is in its modules (housing, BMS, cabling and cooling stay at the hub) — assumption
  onward: { massFraction: 0.6, payloadT: 20, kgCo2ePerTkm: 0.06 },
};
