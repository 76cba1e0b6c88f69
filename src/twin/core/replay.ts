/**
 * Replay of a logged single-cell (or pack) run through the twin reducer, as `batteryloop twin replay` does it.
 * Model parameters when only capacity and an OCV table are given: the chemistry's documented defaults scaled by
 * capacity (model/chemistry.ts; chemistry guessed from the OCV plateau), with R0 identified online by the filter's
 * RLS and the other parameters Arrhenius-scaled to the run's temperature.
 */
import { guessChemistry, type Chemistry } from './model/chemistry.js';
import type { OcvTable } from './model/ocv.js';
import type { EcmParams } from './model/params.js';
import type { SocFilterConfig } from './solvers/soc-filter.js';
import { makeTwinParams, type TwinParams } from './twin-params.js';
import { createTwinState, stepTwin, type TwinOutputs } from './twin-state.js';

export interface ReplayInput {
  timeS: Float64Array;
  currentA: Float64Array;
  voltageV: Float64Array;
  tempC?: Float64Array;
}

export interface ReplayOptions {
  capacityAh: number;
  ocv: OcvTable;
  initialSoc: number;
  tempC?: number;
  chemistry?: Chemistry;
  voltageQuantStepV?: number;
  filter?: SocFilterConfig;
  /** overrides of the default cell parameters */
  cellOverrides?: Partial<EcmParams>;
  /** size of the batches fed to the reducer (the result does not depend on it) */
  batchSize?: number;
}

export interface ReplayResult {
  params: TwinParams;
  soc: Float64Array;
  socSigma: Float64Array;
  soeWh: Float64Array;
  sopDischargeW: Float64Array;
  sopChargeW: Float64Array;
  sos: Float64Array;
  last: TwinOutputs['summary'];
}

/** SoP columns of the replay output use the 10 s horizon. */
export const REPLAY_SOP_HORIZON_S = 10;

export function replayRun(x: ReplayInput, o: ReplayOptions): ReplayResult {
  const params = makeTwinParams({
    chemistry: o.chemistry ?? guessChemistry(o.ocv),
    capacityAh: o.capacityAh,
    ocv: o.ocv,
    voltageQuantStepV: o.voltageQuantStepV,
    defaultTempC: o.tempC ?? 25,
    filter: o.filter,
    cell: o.cellOverrides,
  });
  const n = x.timeS.length;
  const res: ReplayResult = {
    params,
    soc: new Float64Array(n),
    socSigma: new Float64Array(n),
    soeWh: new Float64Array(n),
    sopDischargeW: new Float64Array(n),
    sopChargeW: new Float64Array(n),
    sos: new Float64Array(n),
    last: undefined as unknown as TwinOutputs['summary'],
  };
  const hIdx = params.sopHorizonsS.indexOf(REPLAY_SOP_HORIZON_S);
  let state = createTwinState(params, { soc: o.initialSoc });
  const bs = o.batchSize ?? 3600;
  for (let a = 0; a < n; a += bs) {
    const b = Math.min(n, a + bs);
    const temps = x.tempC ? x.tempC.subarray(a, b) : undefined;
    const r = stepTwin(
      state,
      { timeS: x.timeS.subarray(a, b), packCurrentA: x.currentA.subarray(a, b), packVoltageV: x.voltageV.subarray(a, b), maxTempC: temps, minTempC: temps },
      params,
    );
    state = r.state;
    res.soc.set(r.outputs.soc, a);
    res.socSigma.set(r.outputs.socSigma, a);
    res.soeWh.set(r.outputs.soeWh, a);
    res.sopDischargeW.set(r.outputs.sopDischargeW[hIdx], a);
    res.sopChargeW.set(r.outputs.sopChargeW[hIdx], a);
    res.sos.set(r.outputs.sos, a);
    res.last = r.outputs.summary;
  }
  return res;
}
