/** Shapes of the end-of-life decision: what goes in (a battery and its health), what comes out (routes, reasons). */

export type Chemistry = 'NMC' | 'NCA' | 'LFP' | 'LMFP' | 'LMO' | 'LTO' | 'NaIon' | 'other';
export type Material = 'lithiumCarbonate' | 'nickel' | 'cobalt' | 'manganese' | 'copper' | 'aluminium' | 'graphite';
export const MATERIALS: readonly Material[] = ['lithiumCarbonate', 'nickel', 'cobalt', 'manganese', 'copper', 'aluminium', 'graphite'];
export type RecyclingProcess = 'hydrometallurgical' | 'pyrometallurgical' | 'direct';
export const RECYCLING_PROCESSES: readonly RecyclingProcess[] = ['hydrometallurgical', 'pyrometallurgical', 'direct'];

/** Art. 3(1) of Reg. (EU) 2023/1542: re-use, repurposing, remanufacturing; recycling split by process. */
export type Route = 'reuse' | 'repurpose' | 'remanufacture' | 'recycle-hydrometallurgical' | 'recycle-pyrometallurgical' | 'recycle-direct';
export const ROUTES: readonly Route[] = ['reuse', 'repurpose', 'remanufacture', 'recycle-hydrometallurgical', 'recycle-pyrometallurgical', 'recycle-direct'];
export const recyclingRoute = (p: RecyclingProcess): Route => `recycle-${p}` as Route;

/** A number with its unit and where it comes from. */
export interface Sourced {
  value: number;
  unit: string;
  source: string;
}

export type EventType = 'accident' | 'thermalIncident' | 'mechanicalDamage' | 'waterIngress' | 'electricalFault' | 'other';
export interface NegativeEventInput {
  eventType: EventType;
  severity?: 'minor' | 'major' | 'critical';
}

export interface ModuleInput {
  id: string;
  sohPct: number;
  /** Robust lower bound of the module SoH; defaults to sohPct minus the pack's interval half-width. */
  sohLowPct?: number;
  /** Resistance increase over the initial value, %. */
  resistanceIncreasePct: number;
  ratedEnergyKWh: number;
  massKg: number;
  nominalVoltageV?: number;
}

export interface RouteInput {
  batteryId: string;
  battery: {
    chemistry: Chemistry;
    format: 'pack' | 'module';
    ratedCapacityAh: number;
    nominalVoltageV: number;
    ratedEnergyKWh: number;
    massKg: number;
  };
  soh: { pointPct: number; lowPct: number; highPct: number; source: string };
  /** State of Safety 0..1 (1 = nominal) and the factor that sets it. */
  sos: { score: number; driver: string };
  modules: ModuleInput[];
  warrantyRemainingMonths: number;
  negativeEvents: NegativeEventInput[];
  /** ISO date the decision is taken on (regulatory targets depend on it). */
  decisionDate: string;
  /** Where the inputs came from (passport attribute keys, overrides, defaults). */
  provenance: string[];
}

/** One term of a route's value and CO₂ balance; positive CO₂ is avoided (a credit), negative is emitted. */
export interface Contribution {
  factor: string;
  valueEur: number;
  co2AvoidedKg: number;
  source: string;
}

export interface RouteEvaluation {
  route: Route;
  feasible: boolean;
  /** Hard constraints that exclude the route, each with its reason and source. */
  exclusions: string[];
  /** Expected net value at the point SoH. */
  netValueEur: number;
  /** Net value at the lower end of the SoH interval (robust view). */
  netValueLowEur: number;
  /** CO₂e avoided by the route (credits minus process and transport emissions), kg. */
  co2AvoidedKg: number;
  /** Money plus CO₂ valued at the carbon price: what routes are ranked by. */
  scoreEur: number;
  contributions: Contribution[];
  /** The tightest satisfied constraint: how close the route is to being excluded. */
  nearestConstraint?: { name: string; value: number; limit: number; marginPct: number };
}
