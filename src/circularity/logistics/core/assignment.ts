/**
 * Collection-to-hub assignment as a transportation problem solved exactly by min-cost max-flow:
 * source → (collection point, status) [supply] → hub [licence, critical distance limit, per-battery cost]
 *        → (critical gate, when the hub caps critical storage) → sink [hub capacity].
 * The hub set is the scenario (central: the plant only; decentral: regional hubs + the plant); the solver moves as
 * many batteries as the constraints allow, at minimum variable cost. Fixed hub costs are counted per open hub.
 * Transport CO₂e = t·km × intensity (ISO 14083 t·km allocation; intensities in config.ts, GLEC Framework v3).
 */
import type { LogisticsCostConfig } from './config.js';
import { roadKm, type LatLon } from './geo.js';
import { minCostMaxFlow, type FlowEdgeInput } from './min-cost-flow.js';
import { STATUS_ORDER, type Location, type SafetyStatus } from './types.js';

export type SitedLocation = Location & LatLon;

export interface CollectionPoint {
  id: string;
  name: string;
  kind: 'dealer' | 'repairShop' | 'dismantler' | 'fleet';
  location: SitedLocation;
  /** batteries returned per period, by transport safety status */
  returns: Record<SafetyStatus, number>;
}

export interface Hub {
  id: string;
  name: string;
  /** a plant recycles; a hub discharges and dismantles, then ships modules on to the plant */
  role: 'plant' | 'hub';
  location: SitedLocation;
  capacityBatteries: number;
  /** storage places for critical batteries (quarantine containers); undefined = no separate cap */
  criticalCapacity?: number;
  licensedFor: readonly SafetyStatus[];
  handlingEurPerBattery: number;
  fixedEurPerPeriod: number;
}

export interface Scenario {
  name: string;
  hubIds: readonly string[];
  /** where hubs send their output; must be a plant */
  plantId: string;
}

export interface LaneCost {
  roadKm: number;
  transportEur: number;
  handlingEur: number;
  onwardEur: number;
  collectionTkm: number;
  onwardTkm: number;
  co2eKg: number;
  variableEur: number;
}

/** Per-battery cost and emissions of one lane. */
export function laneCost(from: LatLon, hub: Hub, plant: Hub, status: SafetyStatus, cfg: LogisticsCostConfig): LaneCost {
  const km = roadKm(from, hub.location, cfg.roadFactor);
  const massT = cfg.batteryMassKg / 1000;
  const transportEur = (km * cfg.truckEurPerKm) / cfg.batteriesPerTruck[status];
  const handlingEur = hub.handlingEurPerBattery * cfg.handlingMultiplier[status];
  const collectionTkm = massT * cfg.grossMassFactor[status] * km;
  const onwardKm = hub.role === 'hub' && hub.id !== plant.id ? roadKm(hub.location, plant.location, cfg.roadFactor) : 0;
  const onwardTkm = massT * cfg.onward.massFraction * onwardKm;
  const onwardEur = onwardTkm * (cfg.truckEurPerKm / cfg.onward.payloadT);
  const co2eKg = collectionTkm * cfg.kgCo2ePerTkm + onwardTkm * cfg.onward.kgCo2ePerTkm;
  return { roadKm: km, transportEur, handlingEur, onwardEur, collectionTkm, onwardTkm, co2eKg, variableEur: transportEur + handlingEur + onwardEur };
}

/** Why a lane is closed, or null when a battery of this status may travel it. */
export function laneRefusal(hub: Hub, status: SafetyStatus, km: number, cfg: LogisticsCostConfig): string | null {
  if (!hub.licensedFor.includes(status)) return `${hub.name} is not licensed for ${status} batteries`;
  if (status === 'criticalDefect' && km > cfg.maxCriticalRoadKm) return `${hub.name} is ${km.toFixed(0)} km by road, beyond the ${cfg.maxCriticalRoadKm} km limit for critical batteries`;
  if (status === 'criticalDefect' && hub.criticalCapacity === 0) return `${hub.name} has no storage place for critical batteries`;
  return null;
}

export interface AssignedLane extends LaneCost {
  pointId: string;
  hubId: string;
  status: SafetyStatus;
  batteries: number;
}

export interface Totals {
  batteries: number;
  unassigned: number;
  collectionTkm: number;
  onwardTkm: number;
  co2eKg: number;
  transportEur: number;
  handlingEur: number;
  onwardEur: number;
  fixedEur: number;
  totalEur: number;
}

export interface AssignmentResult {
  scenario: string;
  /** lanes with flow; costs in LaneCost fields are per battery, multiply by `batteries` */
  lanes: AssignedLane[];
  unassigned: { pointId: string; status: SafetyStatus; batteries: number; reason: string }[];
  hubs: { hubId: string; batteries: number; critical: number; capacity: number; fixedEur: number }[];
  totals: Totals;
}

export function solveAssignment(points: readonly CollectionPoint[], allHubs: readonly Hub[], scenario: Scenario, cfg: LogisticsCostConfig): AssignmentResult {
  const hubs = scenario.hubIds.map((id) => {
    const h = allHubs.find((x) => x.id === id);
    if (!h) throw new Error(`scenario ${scenario.name}: unknown hub ${id}`);
    return h;
  });
  const plant = allHubs.find((h) => h.id === scenario.plantId);
  if (!plant || plant.role !== 'plant') throw new Error(`scenario ${scenario.name}: ${scenario.plantId} is not a plant`);

  // node layout: 0 source, 1 sink, then hubs, critical gates, supply nodes
  const hubNode = (j: number) => 2 + j;
  const gateNode = (j: number) => 2 + hubs.length + j;
  let next = 2 + 2 * hubs.length;
  const edges: FlowEdgeInput[] = [];
  hubs.forEach((h, j) => {
    edges.push({ from: hubNode(j), to: 1, capacity: h.capacityBatteries, cost: 0 });
    edges.push({ from: gateNode(j), to: hubNode(j), capacity: h.criticalCapacity ?? h.capacityBatteries, cost: 0 });
  });
  const laneEdges: { edge: number; lane: Omit<AssignedLane, 'batteries'> }[] = [];
  const supplies: { pointId: string; status: SafetyStatus; batteries: number; edge: number; refusals: string[] }[] = [];
  for (const p of points) {
    for (const status of STATUS_ORDER) {
      const n = p.returns[status];
      if (!(n > 0)) continue;
      const node = next++;
      supplies.push({ pointId: p.id, status, batteries: n, edge: edges.length, refusals: [] });
      edges.push({ from: 0, to: node, capacity: n, cost: 0 });
      hubs.forEach((h, j) => {
        const c = laneCost(p.location, h, plant, status, cfg);
        const refusal = laneRefusal(h, status, c.roadKm, cfg);
        if (refusal) { supplies[supplies.length - 1].refusals.push(refusal); return; }
        laneEdges.push({ edge: edges.length, lane: { pointId: p.id, hubId: h.id, status, ...c } });
        edges.push({ from: node, to: status === 'criticalDefect' ? gateNode(j) : hubNode(j), capacity: n, cost: c.variableEur });
      });
    }
  }
  const sol = minCostMaxFlow(next, edges, 0, 1);

  const lanes = laneEdges.filter((l) => sol.edgeFlows[l.edge] > 0).map((l) => ({ ...l.lane, batteries: sol.edgeFlows[l.edge] }));
  const unassigned = supplies
    .map((s) => ({ s, left: s.batteries - sol.edgeFlows[s.edge] }))
    .filter(({ left }) => left > 0)
    .map(({ s, left }) => ({
      pointId: s.pointId, status: s.status, batteries: left,
      reason: s.refusals.length === hubs.length ? s.refusals.join('; ') : `capacity of the allowed hubs is exhausted${s.refusals.length ? ` (${s.refusals.join('; ')})` : ''}`,
    }));
  const hubRows = hubs.map((h) => {
    const mine = lanes.filter((l) => l.hubId === h.id);
    return {
      hubId: h.id, capacity: h.capacityBatteries, fixedEur: h.fixedEurPerPeriod,
      batteries: mine.reduce((a, l) => a + l.batteries, 0),
      critical: mine.filter((l) => l.status === 'criticalDefect').reduce((a, l) => a + l.batteries, 0),
    };
  });
  const sum = (f: (l: AssignedLane) => number) => lanes.reduce((a, l) => a + f(l) * l.batteries, 0);
  const t = {
    batteries: lanes.reduce((a, l) => a + l.batteries, 0),
    unassigned: unassigned.reduce((a, u) => a + u.batteries, 0),
    collectionTkm: sum((l) => l.collectionTkm),
    onwardTkm: sum((l) => l.onwardTkm),
    co2eKg: sum((l) => l.co2eKg),
    transportEur: sum((l) => l.transportEur),
    handlingEur: sum((l) => l.handlingEur),
    onwardEur: sum((l) => l.onwardEur),
    fixedEur: hubs.reduce((a, h) => a + h.fixedEurPerPeriod, 0),
  };
  return { scenario: scenario.name, lanes, unassigned, hubs: hubRows, totals: { ...t, totalEur: t.transportEur + t.handlingEur + t.onwardEur + t.fixedEur } };
}
