/**
 * Pack designs for demo passports: typical EV architectures (96s NMC at 400 V, 192s NMC at 800 V,
 * LFP blade and prismatic packs) and the pack → module → cell tree built from them.
 */
import type { Chemistry, PackNode } from '../types.js';
import { type Rng, round } from './prng.js';

export interface CellDesign {
  format: 'pouch' | 'prismatic' | 'blade';
  capacityAh: number;
  nominalVoltageV: number;
  minimumVoltageV: number;
  maximumVoltageV: number;
  massKg: number;
  /** AC internal resistance of a fresh cell. */
  resistanceOhm: number;
}

export interface PackDesign {
  /** Model identifier shared by all passports of this design. */
  modelId: string;
  chemistry: Extract<Chemistry, 'NMC' | 'LFP'>;
  /** Long name of the cell chemistry (active materials). */
  chemistryName: string;
  cell: CellDesign;
  seriesCount: number;
  parallelCount: number;
  moduleCount: number;
  /** Mass of cells divided by pack mass (housing, cooling, busbars and BMS make up the rest). */
  cellToPackMassRatio: number;
  /** Peak discharge C-rate of the pack at 80 % state of charge. */
  peakCRate: number;
}

const NMC811 = 'Lithium nickel manganese cobalt oxide (NMC 811) cathode, graphite anode';
const NMC622 = 'Lithium nickel manganese cobalt oxide (NMC 622) cathode, graphite anode';
const LFP = 'Lithium iron phosphate cathode, graphite anode';

export const PACK_DESIGNS: readonly PackDesign[] = [
  {
    modelId: 'BLX-N811-96S3P-82',
    chemistry: 'NMC',
    chemistryName: NMC811,
    cell: { format: 'pouch', capacityAh: 78, nominalVoltageV: 3.65, minimumVoltageV: 2.8, maximumVoltageV: 4.2, massKg: 1.05, resistanceOhm: 0.0009 },
    seriesCount: 96,
    parallelCount: 3,
    moduleCount: 12,
    cellToPackMassRatio: 0.62,
    peakCRate: 3.2,
  },
  {
    modelId: 'BLX-N622-96S2P-85',
    chemistry: 'NMC',
    chemistryName: NMC622,
    cell: { format: 'prismatic', capacityAh: 120, nominalVoltageV: 3.68, minimumVoltageV: 2.8, maximumVoltageV: 4.2, massKg: 2.0, resistanceOhm: 0.0008 },
    seriesCount: 96,
    parallelCount: 2,
    moduleCount: 8,
    cellToPackMassRatio: 0.65,
    peakCRate: 2.8,
  },
  {
    modelId: 'BLX-N811-192S2P-84',
    chemistry: 'NMC',
    chemistryName: NMC811,
    cell: { format: 'pouch', capacityAh: 60, nominalVoltageV: 3.65, minimumVoltageV: 2.8, maximumVoltageV: 4.2, massKg: 0.86, resistanceOhm: 0.0011 },
    seriesCount: 192,
    parallelCount: 2,
    moduleCount: 12,
    cellToPackMassRatio: 0.63,
    peakCRate: 3.8,
  },
  {
    modelId: 'BLX-N811-192S1P-77',
    chemistry: 'NMC',
    chemistryName: NMC811,
    cell: { format: 'prismatic', capacityAh: 110, nominalVoltageV: 3.65, minimumVoltageV: 2.8, maximumVoltageV: 4.2, massKg: 1.6, resistanceOhm: 0.0009 },
    seriesCount: 192,
    parallelCount: 1,
    moduleCount: 8,
    cellToPackMassRatio: 0.66,
    peakCRate: 3.5,
  },
  {
    // Blade packs are cell-to-pack designs; the blade arrays between cross members serve as "modules".
    modelId: 'BLX-LFPB-120S1P-53',
    chemistry: 'LFP',
    chemistryName: LFP,
    cell: { format: 'blade', capacityAh: 138, nominalVoltageV: 3.2, minimumVoltageV: 2.5, maximumVoltageV: 3.65, massKg: 2.7, resistanceOhm: 0.0004 },
    seriesCount: 120,
    parallelCount: 1,
    moduleCount: 8,
    cellToPackMassRatio: 0.76,
    peakCRate: 2.4,
  },
  {
    modelId: 'BLX-LFPB-168S1P-81',
    chemistry: 'LFP',
    chemistryName: LFP,
    cell: { format: 'blade', capacityAh: 150, nominalVoltageV: 3.2, minimumVoltageV: 2.5, maximumVoltageV: 3.65, massKg: 2.9, resistanceOhm: 0.00038 },
    seriesCount: 168,
    parallelCount: 1,
    moduleCount: 12,
    cellToPackMassRatio: 0.77,
    peakCRate: 2.6,
  },
  {
    modelId: 'BLX-LFPP-108S1P-60',
    chemistry: 'LFP',
    chemistryName: LFP,
    cell: { format: 'prismatic', capacityAh: 173, nominalVoltageV: 3.2, minimumVoltageV: 2.5, maximumVoltageV: 3.65, massKg: 3.3, resistanceOhm: 0.00035 },
    seriesCount: 108,
    parallelCount: 1,
    moduleCount: 9,
    cellToPackMassRatio: 0.68,
    peakCRate: 2.0,
  },
];

export interface PackFigures {
  cellCount: number;
  ratedCapacityAh: number;
  nominalVoltageV: number;
  minimumVoltageV: number;
  maximumVoltageV: number;
  /** Total stored energy at nominal voltage. */
  energyKWh: number;
  cellMassKg: number;
  packMassKg: number;
}

export function packFigures(d: PackDesign): PackFigures {
  const cellCount = d.seriesCount * d.parallelCount;
  const cellMassKg = cellCount * d.cell.massKg;
  return {
    cellCount,
    ratedCapacityAh: d.parallelCount * d.cell.capacityAh,
    nominalVoltageV: round(d.seriesCount * d.cell.nominalVoltageV, 1),
    minimumVoltageV: round(d.seriesCount * d.cell.minimumVoltageV, 1),
    maximumVoltageV: round(d.seriesCount * d.cell.maximumVoltageV, 1),
    energyKWh: round((d.parallelCount * d.cell.capacityAh * d.seriesCount * d.cell.nominalVoltageV) / 1000, 1),
    cellMassKg,
    packMassKg: round(cellMassKg / d.cellToPackMassRatio, 1),
  };
}

/** Pack → module → cell tree with serial numbers unique within the pack (and, by construction, across passports). */
export function buildStructure(d: PackDesign, rng: Rng, serialStem: string): PackNode {
  const f = packFigures(d);
  const seriesPerModule = d.seriesCount / d.moduleCount;
  const cellsPerModule = seriesPerModule * d.parallelCount;
  const moduleMassKg = round((cellsPerModule * d.cell.massKg) / 0.88, 2);
  const modules: PackNode[] = [];
  for (let m = 1; m <= d.moduleCount; m++) {
    const moduleId = `M${String(m).padStart(2, '0')}`;
    const cells: PackNode[] = [];
    for (let c = 1; c <= cellsPerModule; c++) {
      const s = Math.ceil(c / d.parallelCount);
      const p = ((c - 1) % d.parallelCount) + 1;
      cells.push({
        id: `${moduleId}-C${String(c).padStart(3, '0')}`,
        kind: 'cell',
        serialNumber: `CL${serialStem}${moduleId}C${String(c).padStart(3, '0')}${rng.base32(4)}`,
        position: `s${s}p${p}`,
        nominalCapacityAh: d.cell.capacityAh,
        nominalVoltageV: d.cell.nominalVoltageV,
        massKg: d.cell.massKg,
        children: [],
      });
    }
    modules.push({
      id: moduleId,
      kind: 'module',
      serialNumber: `MD${serialStem}${moduleId}${rng.base32(4)}`,
      position: `slot ${m}`,
      nominalCapacityAh: f.ratedCapacityAh,
      nominalVoltageV: round(seriesPerModule * d.cell.nominalVoltageV, 2),
      massKg: moduleMassKg,
      children: cells,
    });
  }
  return {
    id: 'PACK',
    kind: 'pack',
    serialNumber: `PK${serialStem}${rng.base32(4)}`,
    nominalCapacityAh: f.ratedCapacityAh,
    nominalVoltageV: f.nominalVoltageV,
    massKg: f.packMassKg,
    children: modules,
  };
}
