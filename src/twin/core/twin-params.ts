/**
 * Everything the reducer needs that is configuration, not state: OCV table, cell parameters (at a reference
 * temperature or as a per-temperature table), pack topology, limits and the filter tuning.
 */
import { CELL_LIMITS_V, chemistryDefaults, chemistryOcv, type Chemistry } from './model/chemistry.js';
import type { OcvTable } from './model/ocv.js';
import { SINGLE_CELL, type EcmParamTable, type EcmParams, type PackTopology } from './model/params.js';
import { TWIN_FILTER, type SocFilterConfig } from './solvers/soc-filter.js';
import type { PowerLimits } from './states/sop.js';
import type { UsableWindow } from './states/soe.js';

export interface TwinParams {
  chemistry: Chemistry;
  ocv: OcvTable;
  /** cell parameters at refTempC (rated capacity = capacityAh at beginning of life) */
  cell: EcmParams;
  refTempC: number;
  /** measured parameters per temperature; when absent, `cell` is Arrhenius-scaled */
  paramTable?: EcmParamTable;
  topology: PackTopology;
  limits: PowerLimits;
  window: UsableWindow;
  /** certified usable energy of the pack (Wh), for SOCE */
  certifiedUsableEnergyWh?: number;
  filter: SocFilterConfig;
  /** ADC step of the voltage channel per cell (V), widens the measurement noise by q²/12 */
  voltageQuantStepV: number;
  /** temperature used when a batch carries none */
  defaultTempC: number;
  sopHorizonsS: number[];
  /** compute SoP every n-th sample (and the last of each batch), holding the value between; default 1 = every sample */
  sopEverySamples?: number;
}

export interface TwinParamsInput {
  chemistry: Chemistry;
  capacityAh: number;
  ocv?: OcvTable;
  cell?: Partial<EcmParams>;
  topology?: PackTopology;
  certifiedUsableEnergyWh?: number;
  voltageQuantStepV?: number;
  defaultTempC?: number;
  filter?: SocFilterConfig;
  paramTable?: EcmParamTable;
}

/** Chemistry defaults scaled by capacity (see model/chemistry.ts), overridable field by field. */
export function makeTwinParams(x: TwinParamsInput): TwinParams {
  const cell = { ...chemistryDefaults(x.chemistry, x.capacityAh), ...(x.cell ?? {}) };
  const v = CELL_LIMITS_V[x.chemistry];
  return {
    chemistry: x.chemistry,
    ocv: x.ocv ?? chemistryOcv(x.chemistry),
    cell,
    refTempC: 25,
    paramTable: x.paramTable,
    topology: x.topology ?? SINGLE_CELL,
    // 2C continuous discharge and 1C charge: datasheet class of EV cells
    limits: { vMinV: v.vMinV, vMaxV: v.vMaxV, maxDischargeA: 2 * x.capacityAh, maxChargeA: x.capacityAh, socMin: 0, socMax: 1 },
    window: { socMin: 0, socMax: 1 },
    certifiedUsableEnergyWh: x.certifiedUsableEnergyWh,
    filter: x.filter ?? TWIN_FILTER,
    voltageQuantStepV: x.voltageQuantStepV ?? 0,
    defaultTempC: x.defaultTempC ?? 25,
    sopHorizonsS: [2, 10, 30],
  };
}
