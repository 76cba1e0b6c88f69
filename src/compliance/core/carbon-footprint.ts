/**
 * Carbon footprint per functional unit, Art. 7 and Annex II of Regulation (EU) 2023/1542: kg CO2e per kWh of total
 * energy the battery provides over its service life, split by the Annex II life-cycle stages (the use stage is
 * excluded there). Every contribution carries its source so a declaration can be audited.
 *
 * Performance classes (Art. 7(2)): the delegated act fixing class thresholds is NOT adopted at the time of writing,
 * so thresholds are an input here and any class computed is provisional.
 */
import { CARBON_FOOTPRINT_CONCEPT } from './regulatory-targets.js';
import type { Component } from './composition.js';

export type LifeCycleStage = (typeof CARBON_FOOTPRINT_CONCEPT.lifeCycleStages)[number];
export const LIFE_CYCLE_STAGES: readonly LifeCycleStage[] = CARBON_FOOTPRINT_CONCEPT.lifeCycleStages;

export interface FootprintContribution {
  stage: LifeCycleStage;
  description: string;
  kgCO2e: number;
  /** Where the number comes from (LCA study, supplier EPD, database and version). Required. */
  source: string;
}

export interface FootprintInput {
  modelId: string;
  /** Functional unit denominator: total energy over service life (capacity × cycles × DoD × efficiency, Annex II). */
  lifetimeEnergyKWh: number;
  contributions: FootprintContribution[];
}

export interface FootprintResult {
  modelId: string;
  totalKgCO2e: number;
  perKWh: number;
  byStage: { stage: LifeCycleStage; kgCO2e: number; perKWh: number; sharePct: number; sources: string[] }[];
}

export class FootprintError extends Error {
  override name = 'FootprintError';
}

export function carbonFootprint(input: FootprintInput): FootprintResult {
  if (!(input.lifetimeEnergyKWh > 0)) throw new FootprintError(`${input.modelId}: lifetimeEnergyKWh must be > 0`);
  const byStage = LIFE_CYCLE_STAGES.map((stage) => ({ stage, kgCO2e: 0, perKWh: 0, sharePct: 0, sources: [] as string[] }));
  for (const c of input.contributions) {
    const s = byStage.find((b) => b.stage === c.stage);
    if (!s) throw new FootprintError(`${input.modelId}: unknown life-cycle stage "${c.stage}" (use stage is excluded by Annex II)`);
    if (!c.source || !c.source.trim()) throw new FootprintError(`${input.modelId}: contribution "${c.description}" has no source`);
    // End-of-life credits may be negative; anything else negative is a data error.
    if (!Number.isFinite(c.kgCO2e) || (c.kgCO2e < 0 && c.stage !== 'end-of-life-and-recycling')) {
      throw new FootprintError(`${input.modelId}: contribution "${c.description}" has invalid kgCO2e ${c.kgCO2e}`);
    }
    s.kgCO2e += c.kgCO2e;
    if (!s.sources.includes(c.source)) s.sources.push(c.source);
  }
  const totalKgCO2e = byStage.reduce((a, s) => a + s.kgCO2e, 0);
  for (const s of byStage) {
    s.perKWh = s.kgCO2e / input.lifetimeEnergyKWh;
    s.sharePct = totalKgCO2e !== 0 ? (100 * s.kgCO2e) / totalKgCO2e : 0;
  }
  return { modelId: input.modelId, totalKgCO2e, perKWh: totalKgCO2e / input.lifetimeEnergyKWh, byStage };
}

export interface PerformanceClassThreshold {
  label: string;
  /** Upper bound (inclusive) of the class, kg CO2e per kWh. */
  maxPerKWh: number;
}

export interface PerformanceClassResult {
  label: string | null;
  provisional: true;
  note: string;
}

/** First (best) class whose upper bound the footprint does not exceed; null if above all bounds. */
export function performanceClass(perKWh: number, thresholds: readonly PerformanceClassThreshold[]): PerformanceClassResult {
  if (thresholds.length === 0) throw new FootprintError('no class thresholds given');
  const sorted = [...thresholds].sort((a, b) => a.maxPerKWh - b.maxPerKWh);
  const hit = sorted.find((t) => perKWh <= t.maxPerKWh);
  return { label: hit ? hit.label : null, provisional: true, note: CARBON_FOOTPRINT_CONCEPT.classThresholdsStatus };
}

export type EolRoute = 'reuse' | 'repurpose' | 'remanufacture' | 'recycling-hydro' | 'recycling-pyro' | 'recycling-direct';

export interface MaterialCredit {
  element: Component;
  recoveredKg: number;
  /** Primary production footprint one recovered kg replaces; the secondary route's own emissions sit in processKgCO2e. */
  primaryKgCO2ePerKg: number;
  source: string;
}

export interface EolRouteInput {
  route: EolRoute;
  /** Emissions of the route itself (transport, testing, process energy, reagents). */
  processKgCO2e: number;
  /** Share (0..1) of a new battery's production footprint displaced (second life replaces a new stationary pack). */
  displacedNewBatteryShare: number;
  materialCredits: MaterialCredit[];
  source: string;
}

export interface EolRouteResult {
  route: EolRoute;
  avoidedKgCO2e: number;
  displacedKgCO2e: number;
  creditsKgCO2e: number;
  processKgCO2e: number;
}

/**
 * CO2 avoided by each end-of-life route against building the equivalent new battery / primary materials:
 *   avoided = share × newBatteryProductionKgCO2e + Σ recoveredKg × primaryKgCO2ePerKg − processKgCO2e.
 * Positive = net saving. Routes are compared on the same battery; results are sorted best first.
 */
export function avoidedByRoute(newBatteryProductionKgCO2e: number, routes: readonly EolRouteInput[]): EolRouteResult[] {
  if (!(newBatteryProductionKgCO2e >= 0)) throw new FootprintError('newBatteryProductionKgCO2e must be ≥ 0');
  return routes
    .map((r) => {
      if (!(r.displacedNewBatteryShare >= 0 && r.displacedNewBatteryShare <= 1)) {
        throw new FootprintError(`route ${r.route}: displacedNewBatteryShare must be in [0, 1]`);
      }
      const displacedKgCO2e = r.displacedNewBatteryShare * newBatteryProductionKgCO2e;
      const creditsKgCO2e = r.materialCredits.reduce((s, c) => s + c.recoveredKg * c.primaryKgCO2ePerKg, 0);
      return { route: r.route, displacedKgCO2e, creditsKgCO2e, processKgCO2e: r.processKgCO2e, avoidedKgCO2e: displacedKgCO2e + creditsKgCO2e - r.processKgCO2e };
    })
    .sort((a, b) => b.avoidedKgCO2e - a.avoidedKgCO2e);
}
