/** Response of POST /api/circularity/route (src/circularity/decision/core/recommend.ts Recommendation). */

export type Route = 'reuse' | 'repurpose' | 'remanufacture' | 'recycle-hydrometallurgical' | 'recycle-pyrometallurgical' | 'recycle-direct';

export interface Contribution {
  factor: string;
  valueEur: number;
  co2AvoidedKg: number;
  source: string;
}

export interface RouteEvaluation {
  route: Route;
  feasible: boolean;
  exclusions: string[];
  netValueEur: number;
  netValueLowEur: number;
  co2AvoidedKg: number;
  scoreEur: number;
  contributions: Contribution[];
  nearestConstraint?: { name: string; value: number; limit: number; marginPct: number };
}

export interface WhatIf {
  lever: string;
  label: string;
  from: number;
  to: number;
  unit: string;
  changePct: number | null;
  newRoute: Route | null;
  text: string;
}

export interface ModulePlanEntry {
  moduleId: string;
  action: 'keep' | 'replace' | 'repurpose' | 'recycle';
  destination: Route | null;
  reason: string;
}

export interface ModuleEvaluation {
  moduleId: string;
  sohPct: number;
  sohLowPct: number;
  resistanceIncreasePct: number;
  best: Route | null;
}

export interface Recommendation {
  batteryId: string;
  route: Route | null;
  scoreEur: number | null;
  netValueEur: number | null;
  co2AvoidedKg: number | null;
  evaluations: RouteEvaluation[];
  binding: { kind: 'exclusion' | 'margin' | 'none'; route: Route | null; text: string; scoreGivenUpEur?: number };
  whatIf: WhatIf[];
  modulePlan: { entries: ModulePlanEntry[]; summary: string };
  modules: ModuleEvaluation[];
  explanation: string[];
  factorsAsOf: string;
}

export const ROUTE_LABEL: Record<Route, string> = {
  reuse: 're-use',
  repurpose: 'repurpose',
  remanufacture: 'remanufacture',
  'recycle-hydrometallurgical': 'recycle (hydrometallurgical)',
  'recycle-pyrometallurgical': 'recycle (pyrometallurgical)',
  'recycle-direct': 'recycle (direct)',
};

export const routeLabel = (r: Route | null | undefined): string => (r ? (ROUTE_LABEL[r] ?? r) : 'none feasible');
