/**
 * A realistic lot of returned EV modules and a handful of second-life projects, from a seed. Module types follow the
 * demo pack designs (src/passport/core/demo/designs.ts): NMC 811 8S3P pouch, NMC 622 12S2P prismatic, LFP 14S and 12S
 * prismatic. Returned-module SoH is bimodal: most packs come back at 75–90 %, a tail of early failures at 60–75 %.
 */
import type { Demand, Lot, LotModule } from './lot.js';

/** mulberry32: small, fast, seedable; good enough for synthetic data. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODULE_TYPES = [
  { code: 'N811', chemistry: 'NMC', voltageV: 29.2, energyKWh: 6.83, massKg: 40.6, cRate: 2, share: 0.3 },
  { code: 'N622', chemistry: 'NMC', voltageV: 44.2, energyKWh: 10.6, massKg: 62.0, cRate: 1.5, share: 0.3 },
  { code: 'LFP14', chemistry: 'LFP', voltageV: 44.8, energyKWh: 6.72, massKg: 46.1, cRate: 1, share: 0.25 },
  { code: 'LFP12', chemistry: 'LFP', voltageV: 38.4, energyKWh: 6.64, massKg: 45.0, cRate: 1, share: 0.15 },
] as const;

const round1 = (v: number) => Math.round(v * 10) / 10;

function normal(rng: () => number, mean: number, sd: number): number {
  const u = Math.max(1e-12, rng());
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export function generateModules(n: number, rng: () => number): LotModule[] {
  const out: LotModule[] = [];
  for (let i = 0; i < n; i++) {
    let r = rng();
    let type: (typeof MODULE_TYPES)[number] = MODULE_TYPES[0];
    for (const t of MODULE_TYPES) {
      if (r < t.share) {
        type = t;
        break;
      }
      r -= t.share;
    }
    const soh = Math.max(55, Math.min(97, rng() < 0.75 ? normal(rng, 83, 5) : normal(rng, 68, 5)));
    const low = soh - (2 + 4 * rng());
    // Power fades faster than capacity (resistance growth); usable power scales with SoH squared as a simple proxy.
    const powerKW = round1(type.energyKWh * type.cRate * (soh / 100) ** 2);
    out.push({ id: `${type.code}-${String(i + 1).padStart(4, '0')}`, chemistry: type.chemistry, ratedEnergyKWh: type.energyKWh, sohPct: round1(soh), sohLowPct: round1(low), nominalVoltageV: type.voltageV, powerKW, massKg: type.massKg, readyDay: Math.floor(rng() * 45) });
  }
  return out;
}

/** Projects sized for a 500-module lot and scaled linearly with the lot size. */
export function generateDemands(nModules: number, rng: () => number): Demand[] {
  const k = nModules / 500;
  const jitter = () => 0.85 + 0.3 * rng();
  const mk = (id: string, name: string, kWh: number, kW: number, chem: Demand['chemistries'], vMin: number, vMax: number, minSoh: number, day: number, eurPerKWh: number, km: number): Demand => {
    const energy = round1(kWh * k * jitter());
    return { id, name, energyKWh: energy, maxEnergyKWh: round1(energy * 1.1), powerKW: round1(kW * k), chemistries: chem, voltageMinV: vMin, voltageMaxV: vMax, minSohPct: minSoh, deliveryDay: day, contractValueEur: Math.round(energy * eurPerKWh), distanceKm: km };
  };
  return [
    mk('P1', 'PV buffer storage, Bavaria', 600, 250, ['LFP'], 36, 48, 70, 45, 85, 350),
    mk('P2', 'Fast-charging hub buffer, Utrecht', 400, 650, ['NMC', 'LFP'], 28, 46, 75, 30, 95, 500),
    mk('P3', 'Telecom backup, Tyrol', 150, 60, ['LFP'], 36, 40, 65, 60, 70, 450),
    mk('P4', 'Industrial peak shaving, Hamburg', 800, 500, ['NMC'], 40, 48, 70, 50, 75, 200),
    mk('P5', 'Home storage series', 250, 120, ['NMC', 'LFP'], 40, 50, 80, 20, 110, 300),
  ];
}

export function generateLot(nModules: number, seed: number): Lot {
  const rng = seededRng(seed);
  return { modules: generateModules(nModules, rng), demands: generateDemands(nModules, rng) };
}
