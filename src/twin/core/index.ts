/** Public API of the pure digital-twin core: model, parameters, solvers, states and the incremental reducer. */
export { buildOcvTable, ocvV, lookup, ocvIntegral, socFromOcv, secantSlope, type OcvTable, type OcvPoints } from './model/ocv.js';
export { chemistryOcv, chemistryDefaults, guessChemistry, CELL_LIMITS_V, type Chemistry } from './model/chemistry.js';
export {
  arrheniusFactor,
  scaleToTemperature,
  paramsAt,
  DEFAULT_ARRHENIUS,
  SINGLE_CELL,
  type EcmParams,
  type EcmParamTable,
  type ArrheniusEnergies,
  type PackTopology,
} from './model/params.js';
export { simulateCell, advanceCell, terminalVoltage, type CellState } from './model/ecm.js';
export { hysteresisStep, hysteresisDecay } from './model/hysteresis.js';
export { createEkf, ekfStep, ekfUpdate, ekfPredict, ekfSoc, ekfSocSigma, ekfBiasA, EKF_WORKSPACE, type EkfConfig, type EkfInit } from './solvers/ekf.js';
export { createRls, rlsUpdate, type RlsState } from './solvers/rls.js';
export { coulombCount, coulombStep } from './solvers/coulomb.js';
export {
  createSocFilter,
  socFilterStep,
  socFilterUpdate,
  socFilterPredict,
  socFilterR0RefOhm,
  TWIN_FILTER,
  PLAIN_EKF,
  type SocFilter,
  type SocFilterConfig,
} from './solvers/soc-filter.js';
export { remainingEnergyWh, usableEnergyWh, type UsableWindow } from './states/soe.js';
export { peakPower, type PowerLimits, type SopResult } from './states/sop.js';
export { capacityFromPairs, capacityObserve, capacityAccumulate, capacityAnchor, createCapacityEstimator, resistanceGrowth, capacityFade } from './states/soh.js';
export { stateOfCertifiedEnergy, measuredUsableEnergyWh } from './states/soce.js';
export { stateOfSafety, type SafetyFactor, type SafetyInputs, type SafetyScore, type NegativeEvent } from './states/sos.js';
export { createAgeing, ageingStep, type AgeingCounters } from './states/ageing.js';
export { fitCell, type FitResult, type PulseData, type FitOptions } from './fit.js';
export { makeTwinParams, type TwinParams, type TwinParamsInput } from './twin-params.js';
export { createTwinState, stepTwin, type TwinState, type SampleBatch, type TwinOutputs, type TwinSummary, type TwinInit } from './twin-state.js';
