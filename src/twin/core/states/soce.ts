/**
 * SOCE — state of certified energy, the state-of-health parameter Reg. (EU) 2023/1542 asks for EV batteries
 * (Annex VII Part A, "state of certified energy (SOCE)"; Annex XIII 4(b) makes it a battery-passport dynamic item).
 * The regulation names it without a formula; we DEFINE it as
 *   SOCE = measured usable energy / certified usable energy
 * where measured usable energy = current capacity estimate × ∫ OCV over the usable SoC window × cells (low-rate
 * energy, as in UN GTR No. 22 "in-vehicle battery durability", which uses the same ratio for its SOCE monitor), and the
 * certified usable energy is the value from the type-approval / passport (Wh).
 */
import type { OcvTable } from '../model/ocv.js';
import type { PackTopology } from '../model/params.js';
import { usableEnergyWh, type UsableWindow } from './soe.js';

export function measuredUsableEnergyWh(ocv: OcvTable, capacityAh: number, win: UsableWindow, topo: PackTopology): number {
  return usableEnergyWh(ocv, capacityAh, win, topo);
}

export function stateOfCertifiedEnergy(measuredUsableWh: number, certifiedUsableWh: number): number {
  if (!(certifiedUsableWh > 0)) throw new Error('certified usable energy must be positive');
  return measuredUsableWh / certifiedUsableWh;
}
