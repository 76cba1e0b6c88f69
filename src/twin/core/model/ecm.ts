/**
 * Second-order equivalent circuit (R0 + R1‖C1 + R2‖C2 + OCV with hysteresis), discrete time, zero-order hold:
 *   v_j,k+1 = a_j·v_j,k + R_j(1 − a_j)·i_k,  a_j = exp(−Δt/τ_j)
 *   soc_k+1 = soc_k − i_k·Δt/(3600·Q)
 *   V_k     = OCV(soc_k, h_k) − R0·i_k − v1,k − v2,k
 * Current i > 0 is discharge (the convention of the Berkeley data and of `twin replay`).
 * A pack of s series × p parallel identical cells is the mean cell with i_cell = I/p and V_pack = s·V_cell.
 */
import { ocvV, type OcvTable } from './ocv.js';
import { hysteresisStep } from './hysteresis.js';
import type { EcmParams, PackTopology } from './params.js';

export interface CellState {
  soc: number;
  v1V: number;
  v2V: number;
  h: number;
}

/** Terminal voltage of one cell. */
export function terminalVoltage(ocv: OcvTable, p: EcmParams, x: CellState, currentA: number): number {
  return ocvV(ocv, x.soc, x.h) - p.r0Ohm * currentA - x.v1V - x.v2V;
}

/** Advances one cell by dtS under currentA (mutates x). */
export function advanceCell(p: EcmParams, x: CellState, currentA: number, dtS: number): void {
  const a1 = Math.exp(-dtS / p.tau1S);
  const a2 = Math.exp(-dtS / p.tau2S);
  x.soc -= (currentA * dtS) / (3600 * p.capacityAh);
  x.v1V = a1 * x.v1V + p.r1Ohm * (1 - a1) * currentA;
  x.v2V = a2 * x.v2V + p.r2Ohm * (1 - a2) * currentA;
  x.h = hysteresisStep(x.h, currentA, dtS, p.capacityAh, p.hysteresisSocScale);
}

/**
 * Simulates terminal voltage for a current sequence (sample k's current held until sample k+1). Returns the voltage
 * and the true SoC at each sample; used to make synthetic runs with known parameters.
 */
export function simulateCell(
  ocv: OcvTable,
  p: EcmParams,
  timeS: ArrayLike<number>,
  currentA: ArrayLike<number>,
  init: CellState,
  paramsAtStep?: (k: number) => EcmParams,
): { voltageV: Float64Array; soc: Float64Array } {
  const n = timeS.length;
  const voltageV = new Float64Array(n);
  const soc = new Float64Array(n);
  const x: CellState = { ...init };
  for (let k = 0; k < n; k++) {
    const pk = paramsAtStep ? paramsAtStep(k) : p;
    voltageV[k] = terminalVoltage(ocv, pk, x, currentA[k]);
    soc[k] = x.soc;
    if (k + 1 < n) advanceCell(pk, x, currentA[k], timeS[k + 1] - timeS[k]);
  }
  return { voltageV, soc };
}

export function cellCurrentA(packCurrentA: number, topo: PackTopology): number {
  return packCurrentA / topo.parallelCells;
}

export function cellVoltageV(packVoltageV: number, topo: PackTopology): number {
  return packVoltageV / topo.seriesCells;
}
