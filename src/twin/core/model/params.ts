/**
 * 2-RC equivalent-circuit parameters and their temperature dependence.
 *
 * Parameters are data, kept apart from the model equations (ecm.ts) and the solvers (PyBaMM's split of model,
 * parameter set and solver). Between tabulated temperatures, log R is interpolated linearly in 1/T (Arrhenius-linear);
 * outside the table, or with no table, R is scaled by exp(Ea/R_gas·(1/T − 1/T_ref)). Time constants are kept fixed
 * (capacitances scale inversely) — a simplification; the fast RC mostly follows charge-transfer kinetics.
 */

export interface EcmParams {
  capacityAh: number;
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
  r2Ohm: number;
  tau2S: number;
  /** charge throughput, as a fraction of capacity, over which the hysteresis state relaxes by 1/e */
  hysteresisSocScale: number;
}

/** Activation energies (J/mol). Ohmic: electrolyte conductivity ≈ 15–25 kJ/mol; charge transfer ≈ 40–60 kJ/mol;
 *  solid diffusion ≈ 30–40 kJ/mol (Waag et al., Appl. Energy 102 (2013) 885; Ecker et al., J. Power Sources 215 (2012)). */
export interface ArrheniusEnergies {
  r0JPerMol: number;
  r1JPerMol: number;
  r2JPerMol: number;
}

export const DEFAULT_ARRHENIUS: ArrheniusEnergies = { r0JPerMol: 20000, r1JPerMol: 50000, r2JPerMol: 35000 };

const R_GAS = 8.314462618;
const KELVIN = 273.15;

export function arrheniusFactor(tempC: number, refTempC: number, eaJPerMol: number): number {
  return Math.exp((eaJPerMol / R_GAS) * (1 / (tempC + KELVIN) - 1 / (refTempC + KELVIN)));
}

/** Parameters at tempC from parameters known at refTempC, Arrhenius scaling of the resistances. */
export function scaleToTemperature(p: EcmParams, refTempC: number, tempC: number, ea: ArrheniusEnergies = DEFAULT_ARRHENIUS): EcmParams {
  return {
    ...p,
    r0Ohm: p.r0Ohm * arrheniusFactor(tempC, refTempC, ea.r0JPerMol),
    r1Ohm: p.r1Ohm * arrheniusFactor(tempC, refTempC, ea.r1JPerMol),
    r2Ohm: p.r2Ohm * arrheniusFactor(tempC, refTempC, ea.r2JPerMol),
  };
}

/** Parameters measured at several temperatures (ascending), e.g. from `cell fit` at each chamber temperature. */
export interface EcmParamTable {
  tempsC: number[];
  params: EcmParams[];
  arrhenius?: ArrheniusEnergies;
}

export function paramsAt(table: EcmParamTable, tempC: number): EcmParams {
  const { tempsC, params } = table;
  if (tempsC.length === 0 || tempsC.length !== params.length) throw new Error('parameter table needs one parameter set per temperature');
  const ea = table.arrhenius ?? DEFAULT_ARRHENIUS;
  if (tempC <= tempsC[0]) return scaleToTemperature(params[0], tempsC[0], tempC, ea);
  const last = tempsC.length - 1;
  if (tempC >= tempsC[last]) return scaleToTemperature(params[last], tempsC[last], tempC, ea);
  let i = 0;
  while (tempsC[i + 1] < tempC) i++;
  const invT = 1 / (tempC + KELVIN);
  const a = 1 / (tempsC[i] + KELVIN);
  const b = 1 / (tempsC[i + 1] + KELVIN);
  const w = (invT - a) / (b - a);
  const p = params[i];
  const q = params[i + 1];
  const logLerp = (x: number, y: number) => Math.exp((1 - w) * Math.log(x) + w * Math.log(y));
  const lerp = (x: number, y: number) => (1 - w) * x + w * y;
  return {
    capacityAh: lerp(p.capacityAh, q.capacityAh),
    r0Ohm: logLerp(p.r0Ohm, q.r0Ohm),
    r1Ohm: logLerp(p.r1Ohm, q.r1Ohm),
    tau1S: lerp(p.tau1S, q.tau1S),
    r2Ohm: logLerp(p.r2Ohm, q.r2Ohm),
    tau2S: lerp(p.tau2S, q.tau2S),
    hysteresisSocScale: lerp(p.hysteresisSocScale, q.hysteresisSocScale),
  };
}

/** Pack topology: the filter runs on the mean cell (pack current / parallel, pack voltage / series). */
export interface PackTopology {
  seriesCells: number;
  parallelCells: number;
}

export const SINGLE_CELL: PackTopology = { seriesCells: 1, parallelCells: 1 };
