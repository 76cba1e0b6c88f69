/**
 * Demo returns network: collection points and hubs in real German cities (city-centre coordinates, WGS 84). Site
 * names, capacities, return volumes and costs are illustrative — they describe no company's actual operations.
 * One period = one year of EV-pack returns.
 */
import type { CollectionPoint, Hub, Scenario } from './assignment.js';

const de = (name: string, latitudeDeg: number, longitudeDeg: number) => ({ name, countryCode: 'DE', latitudeDeg, longitudeDeg });
const r = (normal: number, damagedOrDefective: number, criticalDefect: number) => ({ normal, damagedOrDefective, criticalDefect });

export const DEMO_COLLECTION_POINTS: readonly CollectionPoint[] = [
  { id: 'cp-berlin', name: 'EV dealer Berlin', kind: 'dealer', location: de('Berlin', 52.52, 13.405), returns: r(220, 14, 2) },
  { id: 'cp-hamburg', name: 'Repair shop Hamburg', kind: 'repairShop', location: de('Hamburg', 53.5511, 9.9937), returns: r(160, 12, 1) },
  { id: 'cp-bremen', name: 'Repair shop Bremen', kind: 'repairShop', location: de('Bremen', 53.0793, 8.8017), returns: r(70, 5, 0) },
  { id: 'cp-rostock', name: 'Dismantler Rostock', kind: 'dismantler', location: de('Rostock', 54.0924, 12.0991), returns: r(40, 9, 1) },
  { id: 'cp-hannover', name: 'Fleet depot Hannover', kind: 'fleet', location: de('Hannover', 52.3759, 9.732), returns: r(120, 6, 0) },
  { id: 'cp-dortmund', name: 'Dismantler Dortmund', kind: 'dismantler', location: de('Dortmund', 51.5136, 7.4653), returns: r(90, 18, 2) },
  { id: 'cp-duesseldorf', name: 'Fleet depot Düsseldorf', kind: 'fleet', location: de('Düsseldorf', 51.2277, 6.7735), returns: r(150, 8, 1) },
  { id: 'cp-koeln', name: 'EV dealer Köln', kind: 'dealer', location: de('Köln', 50.9375, 6.9603), returns: r(180, 10, 1) },
  { id: 'cp-frankfurt', name: 'EV dealer Frankfurt am Main', kind: 'dealer', location: de('Frankfurt am Main', 50.1109, 8.6821), returns: r(170, 11, 1) },
  { id: 'cp-mannheim', name: 'Repair shop Mannheim', kind: 'repairShop', location: de('Mannheim', 49.4875, 8.466), returns: r(80, 6, 1) },
  { id: 'cp-freiburg', name: 'Repair shop Freiburg', kind: 'repairShop', location: de('Freiburg im Breisgau', 47.999, 7.8421), returns: r(60, 5, 1) },
  { id: 'cp-ludwigsburg', name: 'Fleet depot Ludwigsburg', kind: 'fleet', location: de('Ludwigsburg', 48.8975, 9.1916), returns: r(140, 7, 1) },
  { id: 'cp-nuernberg', name: 'EV dealer Nürnberg', kind: 'dealer', location: de('Nürnberg', 49.4521, 11.0767), returns: r(110, 7, 1) },
  { id: 'cp-muenchen', name: 'Fleet depot München', kind: 'fleet', location: de('München', 48.1351, 11.582), returns: r(240, 15, 2) },
  { id: 'cp-dresden', name: 'Dismantler Dresden', kind: 'dismantler', location: de('Dresden', 51.0504, 13.7373), returns: r(60, 12, 2) },
];

export const DEMO_HUBS: readonly Hub[] = [
  {
    id: 'plant-salzgitter', name: 'Recycling plant Salzgitter', role: 'plant', location: de('Salzgitter', 52.1503, 10.3593),
    capacityBatteries: 3000, criticalCapacity: 40, licensedFor: ['normal', 'damagedOrDefective', 'criticalDefect'],
    handlingEurPerBattery: 60, fixedEurPerPeriod: 1_500_000,
  },
  {
    id: 'hub-duisburg', name: 'Hub Duisburg', role: 'hub', location: de('Duisburg', 51.4344, 6.7623),
    capacityBatteries: 700, criticalCapacity: 0, licensedFor: ['normal', 'damagedOrDefective'],
    handlingEurPerBattery: 45, fixedEurPerPeriod: 180_000,
  },
  {
    id: 'hub-leipzig', name: 'Hub Leipzig', role: 'hub', location: de('Leipzig', 51.3397, 12.3731),
    capacityBatteries: 500, criticalCapacity: 10, licensedFor: ['normal', 'damagedOrDefective', 'criticalDefect'],
    handlingEurPerBattery: 45, fixedEurPerPeriod: 160_000,
  },
  {
    id: 'hub-stuttgart', name: 'Hub Stuttgart', role: 'hub', location: de('Stuttgart', 48.7758, 9.1829),
    capacityBatteries: 700, criticalCapacity: 12, licensedFor: ['normal', 'damagedOrDefective', 'criticalDefect'],
    handlingEurPerBattery: 45, fixedEurPerPeriod: 180_000,
  },
];

export const CENTRAL_SCENARIO: Scenario = { name: 'central', hubIds: ['plant-salzgitter'], plantId: 'plant-salzgitter' };
export const DECENTRAL_SCENARIO: Scenario = {
  name: 'decentral', hubIds: ['plant-salzgitter', 'hub-duisburg', 'hub-leipzig', 'hub-stuttgart'], plantId: 'plant-salzgitter',
};
