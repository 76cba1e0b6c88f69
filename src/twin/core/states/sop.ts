/**
 * State of power: the largest constant discharge (charge) power the pack can hold for a horizon T (2, 10, 30 s)
 * without a cell leaving [vMin, vMax], exceeding the current limit, or leaving the usable SoC window. HPPC-style,
 * evaluated on the model from the present filter state (Plett, J. Power Sources 128 (2004) 281, "High-performance
 * battery-pack power estimation using a dynamic cell model"):
 *   V(T) = OCV(soc ∓ iT/3600Q, h) − v1·a1ⁿ − v2·a2ⁿ − i·(R0 + R1(1 − a1ⁿ) + R2(1 − a2ⁿ))
 * The OCV is linearised over the pulse (secant over the SoC it moves), so V(T) is affine in i and the limit gives i in
 * closed form. The voltage along a constant-current pulse is monotonic, so its end is the binding instant. For a pack
 * the weakest cell limits: the offset of the min (max) cell from the mean is carried into the discharge (charge) limit.
 */
import { lookup, ocvV, type OcvTable } from '../model/ocv.js';
import type { EcmParams, PackTopology } from '../model/params.js';

export interface PowerLimits {
  vMinV: number;
  vMaxV: number;
  /** cell current limits, A (positive numbers) */
  maxDischargeA: number;
  maxChargeA: number;
  socMin: number;
  socMax: number;
}

export interface CellDynState {
  soc: number;
  v1V: number;
  v2V: number;
  h: number;
}

export interface SopResult {
  dischargeW: number;
  chargeW: number;
  dischargeA: number;
  chargeA: number;
}

/**
 * Peak power for horizon `horizonS`. `minCellOffsetV` (≤ 0) and `maxCellOffsetV` (≥ 0) are the spread of the weakest
 * cells around the mean cell, from the min/max cell voltage channels (0 for a single cell).
 */
export function peakPower(
  ocv: OcvTable,
  p: EcmParams,
  x: CellDynState,
  lim: PowerLimits,
  horizonS: number,
  topo: PackTopology,
  minCellOffsetV = 0,
  maxCellOffsetV = 0,
): SopResult {
  const a1 = Math.exp(-horizonS / p.tau1S);
  const a2 = Math.exp(-horizonS / p.tau2S);
  const rEff = p.r0Ohm + p.r1Ohm * (1 - a1) + p.r2Ohm * (1 - a2);
  const relax = x.v1V * a1 + x.v2V * a2;
  const qAs = 3600 * p.capacityAh;
  // the OCV is linearised over the pulse's SoC excursion; the secant is refined twice (the knees are curved)
  const solve = (sign: 1 | -1, v0: number, limit: number, iMax: number, socRoom: number) => {
    let slope = Math.max(0, lookup(ocv.slopeVPerSoc, x.soc));
    let i = 0;
    for (let it = 0; it < 3; it++) {
      const kOcv = (slope * horizonS) / qAs;
      i = (sign * (v0 - limit)) / (rEff + kOcv);
      i = Math.min(i, iMax, (socRoom * qAs) / horizonS);
      if (!(i > 0)) return { i: 0, vEnd: v0 };
      const ds = (i * horizonS) / qAs;
      const far = x.soc - sign * ds;
      slope = Math.max(slope, (sign * (lookup(ocv.midV, x.soc) - lookup(ocv.midV, far))) / ds);
    }
    const kOcv = (slope * horizonS) / qAs;
    return { i, vEnd: v0 - sign * i * (rEff + kOcv) };
  };
  // discharge: the cell moves to the lower branch under load; stay conservative with the discharge branch
  const v0d = ocvV(ocv, x.soc, Math.min(x.h, 0)) - relax + minCellOffsetV;
  const d = solve(1, v0d, lim.vMinV, lim.maxDischargeA, x.soc - lim.socMin);
  const v0c = ocvV(ocv, x.soc, Math.max(x.h, 0)) - relax + maxCellOffsetV;
  const c = solve(-1, v0c, lim.vMaxV, lim.maxChargeA, lim.socMax - x.soc);
  const iDis = d.i;
  const iCh = c.i;
  const vEndD = d.vEnd;
  const vEndC = c.vEnd;
  // the pack delivers at the mean-cell voltage; the weakest cell only sets the current
  const cells = topo.seriesCells * topo.parallelCells;
  return {
    dischargeA: iDis * topo.parallelCells,
    chargeA: iCh * topo.parallelCells,
    dischargeW: cells * iDis * (vEndD - minCellOffsetV),
    chargeW: cells * iCh * (vEndC - maxCellOffsetV),
  };
}
