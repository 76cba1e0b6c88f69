/**
 * The incremental digital-twin reducer: `stepTwin(state, batch, params) → { state, outputs }`.
 *
 * The state is plain JSON (numbers, arrays, strings) so a worker can persist it between batches and resume; the
 * filter's typed arrays are rebuilt from it at the start of a batch and written back at the end. Samples are
 * pack-level (pack current, pack voltage, optional min/max cell voltage, temperatures, per-cell voltages); the filter
 * runs on the mean cell of a series×parallel pack (i_cell = I/p, V_cell = V/s).
 * Per sample: predict from the previous sample (its current held), then update with this one — so a batch boundary
 * changes nothing (the replay CLI and the ingest worker see the same numbers).
 */
import { lookup, socFromOcv } from './model/ocv.js';
import { arrheniusFactor, DEFAULT_ARRHENIUS, paramsAt, scaleToTemperature, type EcmParams } from './model/params.js';
import { createSocFilter, socFilterPredict, socFilterR0RefOhm, socFilterSetParams, socFilterUpdate, type SocFilter } from './solvers/soc-filter.js';
import { ekfBiasA, ekfHysteresis, ekfSoc, ekfSocSigma, ekfV1, ekfV2 } from './solvers/ekf.js';
import { ageingStep, createAgeing, pushTrajectory, type AgeingCounters } from './states/ageing.js';
import { capacityStep, createCapacityEstimator, resistanceGrowth, type CapacityEstimator } from './states/soh.js';
import { peakPower } from './states/sop.js';
import { remainingEnergyWh } from './states/soe.js';
import { measuredUsableEnergyWh, stateOfCertifiedEnergy } from './states/soce.js';
import { stateOfSafety, type NegativeEvent, type SafetyFactor, type SafetyScore } from './states/sos.js';
import { observeRest, createRestTracker, type RestTracker } from './states/self-discharge.js';
import type { TwinParams } from './twin-params.js';

export interface SampleBatch {
  timeS: Float64Array;
  packCurrentA: Float64Array;
  packVoltageV: Float64Array;
  minCellVoltageV?: Float64Array;
  maxCellVoltageV?: Float64Array;
  maxTempC?: Float64Array;
  minTempC?: Float64Array;
  /** per-sample cell voltages, row-major n × cellsPerSample */
  cellVoltagesV?: Float64Array;
  cellsPerSample?: number;
  events?: { index: number; kind: NegativeEvent }[];
}

export interface TwinState {
  version: 1;
  lastTimeS: number | null;
  lastCellCurrentA: number;
  lastTempC: number | null;
  filter: { ekf: number[]; r0: number[]; last: number[] };
  capacity: CapacityEstimator;
  ageing: AgeingCounters;
  rest: RestTracker;
  tempRiseCPerMin: number;
  events: NegativeEvent[];
  lastSafety: SafetyScore | null;
}

export interface TwinInit {
  soc: number;
  sigmaSoc?: number;
}

export function createTwinState(params: TwinParams, init: TwinInit): TwinState {
  const f = createSocFilter(params.filter, params.cell, {
    soc: init.soc,
    sigmaSoc: init.sigmaSoc ?? 0.5,
    // history before the first sample can leave up to ≈ R_rc·1C of polarisation
    sigmaRcV: Math.max(0.005, (params.cell.r1Ohm + params.cell.r2Ohm) * params.cell.capacityAh * 0.7),
    // current-sensor offset class: ≈2 % of the 1C current
    sigmaBiasA: 0.02 * params.cell.capacityAh,
  });
  return {
    version: 1,
    lastTimeS: null,
    lastCellCurrentA: 0,
    lastTempC: null,
    filter: { ekf: Array.from(f.ekf), r0: Array.from(f.r0), last: Array.from(f.last) },
    capacity: createCapacityEstimator(params.cell.capacityAh),
    ageing: createAgeing(),
    rest: createRestTracker(),
    tempRiseCPerMin: 0,
    events: [],
    lastSafety: null,
  };
}

export interface TwinSummary {
  capacityAh: number;
  capacityRelative: number;
  r0RefOhm: number;
  resistanceGrowth: number;
  currentBiasA: number;
  hysteresis: number;
  measuredUsableEnergyWh: number;
  soce: number | null;
  ageing: AgeingCounters;
  safety: SafetyScore | null;
}

export interface TwinOutputs {
  soc: Float64Array;
  socSigma: Float64Array;
  soeWh: Float64Array;
  /** per horizon in params.sopHorizonsS */
  sopDischargeW: Float64Array[];
  sopChargeW: Float64Array[];
  sos: Float64Array;
  sosDriver: SafetyFactor[];
  summary: TwinSummary;
}

function paramsForTemp(params: TwinParams, tempC: number): EcmParams {
  const p = params.paramTable ? paramsAt(params.paramTable, tempC) : scaleToTemperature(params.cell, params.refTempC, tempC);
  return { ...p, capacityAh: params.cell.capacityAh };
}

function deepDischargeV(params: TwinParams) {
  return params.limits.vMinV - 0.5; // below ≈2 V an LFP/NMC cell dissolves its copper collector
}

/** Processes one batch. Does not mutate `state`; returns the next state and per-sample outputs. */
export function stepTwin(state: TwinState, batch: SampleBatch, params: TwinParams): { state: TwinState; outputs: TwinOutputs } {
  const n = batch.timeS.length;
  const topo = params.topology;
  const s: TwinState = JSON.parse(JSON.stringify(state)) as TwinState;
  const f: SocFilter = createSocFilter(params.filter, params.cell, { soc: 0, sigmaSoc: 0, sigmaRcV: 0, sigmaBiasA: 0 });
  f.ekf.set(s.filter.ekf);
  f.r0.set(s.filter.r0);
  f.last.set(s.filter.last);
  const ekfCfg = { ...params.filter.ekf, quantStepV: Math.max(params.filter.ekf.quantStepV, params.voltageQuantStepV) };
  f.cfg = { ...params.filter, ekf: ekfCfg };
  const H = params.sopHorizonsS;
  const out: TwinOutputs = {
    soc: new Float64Array(n),
    socSigma: new Float64Array(n),
    soeWh: new Float64Array(n),
    sopDischargeW: H.map(() => new Float64Array(n)),
    sopChargeW: H.map(() => new Float64Array(n)),
    sos: new Float64Array(n),
    sosDriver: new Array<SafetyFactor>(n),
    summary: undefined as unknown as TwinSummary,
  };
  const eventsAt = new Map<number, NegativeEvent[]>();
  for (const e of batch.events ?? []) (eventsAt.get(e.index) ?? eventsAt.set(e.index, []).get(e.index)!).push(e.kind);
  let cachedTemp = NaN;
  let pT: EcmParams = params.cell;
  let r0Factor = 1;
  const ratedPackAh = params.cell.capacityAh * topo.parallelCells;
  let capacityAh = s.capacity.rls[2] >= 3 ? s.capacity.rls[0] : params.cell.capacityAh;

  const setFor: { p: EcmParams | null; capacityAh: number; r0Factor: number } = { p: null, capacityAh: Number.NaN, r0Factor: Number.NaN };
  // defined once, not per sample (a closure per sample costs more than the check it makes)
  const record = (e: NegativeEvent) => {
    if (!s.events.includes(e)) s.events.push(e);
  };
  for (let k = 0; k < n; k++) {
    const t = batch.timeS[k];
    const tempMax = batch.maxTempC ? batch.maxTempC[k] : params.defaultTempC;
    const tempMin = batch.minTempC ? batch.minTempC[k] : tempMax;
    const tempC = Number.isFinite(tempMax) ? (tempMax + (Number.isFinite(tempMin) ? tempMin : tempMax)) / 2 : params.defaultTempC;
    if (!(Math.abs(tempC - cachedTemp) < 0.5)) {
      cachedTemp = tempC;
      pT = paramsForTemp(params, tempC);
      r0Factor = arrheniusFactor(tempC, params.refTempC, (params.paramTable?.arrhenius ?? DEFAULT_ARRHENIUS).r0JPerMol);
    }
    // the filter's parameters change only with temperature, the capacity estimate or R0's temperature factor
    if (pT !== setFor.p || capacityAh !== setFor.capacityAh || r0Factor !== setFor.r0Factor) {
      socFilterSetParams(f, { ...pT, capacityAh }, r0Factor);
      setFor.p = pT;
      setFor.capacityAh = capacityAh;
      setFor.r0Factor = r0Factor;
    }
    const iCell = batch.packCurrentA[k] / topo.parallelCells;
    const vCell = batch.packVoltageV[k] / topo.seriesCells;
    const dt = s.lastTimeS === null ? 0 : t - s.lastTimeS;
    if (dt > 0) {
      socFilterPredict(f, s.lastCellCurrentA, dt);
      ageingStep(s.ageing, s.lastCellCurrentA * topo.parallelCells, batch.packVoltageV[k], dt, ratedPackAh, tempMax, tempMin);
      if (s.lastTempC !== null && Number.isFinite(tempMax)) {
        const rate = ((tempMax - s.lastTempC) / dt) * 60;
        s.tempRiseCPerMin += (rate - s.tempRiseCPerMin) * Math.min(1, dt / 60); // 1-min smoothing of a noisy derivative
      }
    }
    socFilterUpdate(f, params.ocv, iCell, vCell, dt > 0 ? dt : 1, r0Factor);
    const soc = ekfSoc(f.ekf);
    const sigma = ekfSocSigma(f.ekf);
    const slope = lookup(params.ocv.slopeVPerSoc, soc);
    // per-cell spread and limit excursions
    let vMinCell = batch.minCellVoltageV ? batch.minCellVoltageV[k] : vCell;
    let vMaxCell = batch.maxCellVoltageV ? batch.maxCellVoltageV[k] : vCell;
    if (batch.cellVoltagesV && batch.cellsPerSample) {
      const m = batch.cellsPerSample;
      for (let j = 0; j < m; j++) {
        const v = batch.cellVoltagesV[k * m + j];
        if (v < vMinCell) vMinCell = v;
        if (v > vMaxCell) vMaxCell = v;
      }
    }
    const excursion = Math.max(0, params.limits.vMinV - vMinCell, vMaxCell - params.limits.vMaxV);
    const reported = eventsAt.get(k);
    if (reported) for (const e of reported) record(e);
    if (vMinCell < deepDischargeV(params)) record('deepDischarge');
    if (vMaxCell > params.limits.vMaxV + 0.15) record('overcharge');
    if (tempMax > 80) record('overTemperature');
    // self-discharge from the rested voltage itself, not the filter's SoC: during a rest the filter integrates its
    // current-offset estimate, and an offset that absorbed a capacity error would read as charge lost
    const restedSoc = Math.abs(iCell) < 0.01 * params.cell.capacityAh ? socFromOcv(params.ocv, vCell, params.filter.ekf.hysteresis ? ekfHysteresis(f.ekf) : 0) : Number.NaN;
    observeRest(s.rest, t, iCell, params.cell.capacityAh, restedSoc, 0, slope, tempMax);
    // once a rest has relaxed, its voltage-read SoC anchors the capacity regression (see states/soh.ts); the charge
    // between anchors is the sensor's, held over the step like the filter's prediction
    if (capacityStep(s.capacity, t, s.lastCellCurrentA, dt, params.cell.capacityAh, restedSoc, Number.isFinite(restedSoc) ? lookup(params.ocv.slopeVPerSoc, restedSoc) : 0)) {
      if (s.capacity.rls[2] >= 3) capacityAh = Math.min(1.2 * params.cell.capacityAh, Math.max(0.5 * params.cell.capacityAh, s.capacity.rls[0]));
      pushTrajectory(s.ageing.capacityTrajectory, t, s.capacity.rls[0], 3600);
    }
    // SoP is the costliest output (a model prediction per horizon); power capability moves slowly, so a consumer
    // that keeps one value per batch (the ingest) may ask for every n-th sample — the last one is always computed
    const stride = params.sopEverySamples ?? 1;
    if (stride <= 1 || k % stride === 0 || k === n - 1) {
      const x = { soc, v1V: ekfV1(f.ekf), v2V: ekfV2(f.ekf), h: params.filter.ekf.hysteresis ? ekfHysteresis(f.ekf) : 0 };
      const pNow: EcmParams = { ...f.params };
      for (let j = 0; j < H.length; j++) {
        const r = peakPower(params.ocv, pNow, x, params.limits, H[j], topo, Math.min(0, vMinCell - vCell), Math.max(0, vMaxCell - vCell));
        out.sopDischargeW[j][k] = r.dischargeW;
        out.sopChargeW[j][k] = r.chargeW;
      }
    } else {
      for (let j = 0; j < H.length; j++) {
        out.sopDischargeW[j][k] = out.sopDischargeW[j][k - 1];
        out.sopChargeW[j][k] = out.sopChargeW[j][k - 1];
      }
    }
    const growth = resistanceGrowth(f.params.r0Ohm, tempC, params.cell.r0Ohm, params.refTempC);
    const safety = stateOfSafety({
      maxTempC: Number.isFinite(tempMax) ? tempMax : params.defaultTempC,
      minTempC: Number.isFinite(tempMin) ? tempMin : params.defaultTempC,
      tempRiseCPerMin: s.tempRiseCPerMin,
      voltageExcursionV: excursion,
      resistanceGrowth: growth,
      cellSpreadV: vMaxCell - vMinCell,
      selfDischargePctPerMonth: s.rest.selfDischargePctPerMonth,
      events: s.events,
    });
    out.soc[k] = soc;
    out.socSigma[k] = sigma;
    out.soeWh[k] = remainingEnergyWh(params.ocv, capacityAh, soc, params.window, topo);
    out.sos[k] = safety.sos;
    out.sosDriver[k] = safety.driver;
    s.lastSafety = safety;
    s.lastTimeS = t;
    s.lastCellCurrentA = iCell;
    if (Number.isFinite(tempMax)) s.lastTempC = tempMax;
  }
  const r0Ref = socFilterR0RefOhm(f);
  const growth = r0Ref / params.cell.r0Ohm;
  if (n > 0) pushTrajectory(s.ageing.resistanceTrajectory, batch.timeS[n - 1], r0Ref, 3600);
  const usable = measuredUsableEnergyWh(params.ocv, capacityAh, params.window, topo);
  s.filter = { ekf: Array.from(f.ekf), r0: Array.from(f.r0), last: Array.from(f.last) };
  out.summary = {
    capacityAh,
    capacityRelative: capacityAh / params.cell.capacityAh,
    r0RefOhm: r0Ref,
    resistanceGrowth: growth,
    currentBiasA: ekfBiasA(f.ekf) * topo.parallelCells,
    hysteresis: ekfHysteresis(f.ekf),
    measuredUsableEnergyWh: usable,
    soce: params.certifiedUsableEnergyWh ? stateOfCertifiedEnergy(usable, params.certifiedUsableEnergyWh) : null,
    ageing: s.ageing,
    safety: s.lastSafety,
  };
  return { state: s, outputs: out };
}
