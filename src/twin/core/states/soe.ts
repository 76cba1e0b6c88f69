/**
 * State of energy: energy the battery can still deliver down to the bottom of its usable window, at low rate:
 *   E = s·p·Q_cell·∫_{soc_min}^{soc} OCV_mid(σ) dσ   (Wh; s series, p parallel cells)
 * The integral is O(1) from the OCV table's cumulative sum. Rate losses are left to SoP; this is the "energy in the
 * tank" used for range and for the passport's remaining-energy figure.
 */
import { ocvIntegral, type OcvTable } from '../model/ocv.js';
import type { PackTopology } from '../model/params.js';

export interface UsableWindow {
  socMin: number;
  socMax: number;
}

export function remainingEnergyWh(ocv: OcvTable, capacityAh: number, soc: number, win: UsableWindow, topo: PackTopology): number {
  const hi = Math.min(Math.max(soc, win.socMin), win.socMax);
  return topo.seriesCells * topo.parallelCells * capacityAh * ocvIntegral(ocv, win.socMin, hi);
}

/** Energy of a full usable window at low rate (Wh): the denominator of SoE in percent and the basis of SOCE. */
export function usableEnergyWh(ocv: OcvTable, capacityAh: number, win: UsableWindow, topo: PackTopology): number {
  return topo.seriesCells * topo.parallelCells * capacityAh * ocvIntegral(ocv, win.socMin, win.socMax);
}
