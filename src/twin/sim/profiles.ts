/**
 * Power and current profiles of an EV pack: road-load model (speed → wheel → battery power), auxiliary load, and the
 * charging current laws (AC constant current, DC fast charge with its taper). Pure functions of their arguments.
 *
 * Road load (Gillespie, "Fundamentals of Vehicle Dynamics", ch. 4; the coast-down form used by WLTP/EPA):
 *   F = m·k_rot·a + m·g·C_rr·cos θ + m·g·sin θ + ½·ρ·C_d·A·v²,   P_wheel = F·v.
 * Battery side: P_batt = P_wheel / η_drive when driving; when braking, a fraction (regenerative share) of the wheel
 * power comes back, capped by the pack's charge power limit; auxiliaries are added in both cases.
 * Pack current for a power demand P on a pack with source voltage E and series resistance R: P = I·(E − R·I), hence
 * I = (E − √(E² − 4RP)) / 2R (the root on the stable side of the maximum-power point).
 */
import type { Chemistry } from '../core/index.js';
import { clamp } from './random.js';

export { wltpLikeTrace, urbanTrace, motorwayTrace, tripTrace, traceDistanceM, WLTC_CLASS3 } from './drive-cycles.js';

export interface VehicleBody {
  massKg: number;
  /** equivalent mass of rotating parts (wheels, motor, gears) as a factor on the mass */
  rotatingMassFactor: number;
  cdAm2: number;
  rollingResistance: number;
  /** battery → wheel efficiency when driving (inverter, motor, gear) */
  drivetrainEff: number;
  /** share of the braking power at the wheel recovered into the pack */
  regenShare: number;
  /** peak regenerative charge power the drivetrain accepts (W) */
  regenMaxW: number;
}

/** A mid-size EV: ≈1900 kg with driver, Cd·A ≈ 0.6 m², C_rr 0.009 (low-rolling-resistance tyres). */
export const DEFAULT_BODY: VehicleBody = {
  massKg: 1900,
  rotatingMassFactor: 1.03,
  cdAm2: 0.6,
  rollingResistance: 0.009,
  drivetrainEff: 0.9,
  regenShare: 0.6,
  regenMaxW: 80_000,
};

const G = 9.81;
const AIR_DENSITY = 1.2;

/** Wheel power (W, positive = traction) for the interval from speed v0 to v1 over dtS on a slope gradeRad. */
export function wheelPowerW(body: VehicleBody, v0Mps: number, v1Mps: number, dtS: number, gradeRad = 0): number {
  const v = (v0Mps + v1Mps) / 2;
  if (v < 0.05 && v1Mps < 0.05) return 0;
  const a = (v1Mps - v0Mps) / dtS;
  const f =
    body.massKg * body.rotatingMassFactor * a +
    body.massKg * G * (body.rollingResistance * Math.cos(gradeRad) + Math.sin(gradeRad)) +
    0.5 * AIR_DENSITY * body.cdAm2 * v * v;
  return f * v;
}

/**
 * Auxiliary load (W): 0.3 kW base (electronics, pumps, lights) plus cabin heating or cooling, growing with the distance
 * of the ambient temperature from ≈20 °C and capped at 1.5 kW (a heat-pump car; resistive heating would draw more).
 */
export function auxPowerW(ambientC: number): number {
  const hvac = ambientC < 20 ? 0.045 * (20 - ambientC) : 0.035 * (ambientC - 22);
  return 1000 * (0.3 + clamp(hvac, 0, 1.2));
}

/** Battery power (W, positive = discharge) for a wheel power, auxiliaries and the regen limit of the moment. */
export function batteryPowerW(body: VehicleBody, wheelW: number, auxW: number, chargeLimitW: number): number {
  if (wheelW >= 0) return wheelW / body.drivetrainEff + auxW;
  const regen = Math.min(-wheelW * body.regenShare, body.regenMaxW, Math.max(0, chargeLimitW));
  return auxW - regen;
}

/** Pack current (A, positive = discharge) delivering power P from source voltage E through resistance R. */
export function currentForPowerA(powerW: number, sourceV: number, resistanceOhm: number): number {
  if (resistanceOhm <= 0) return powerW / sourceV;
  const disc = sourceV * sourceV - 4 * resistanceOhm * powerW;
  if (disc <= 0) return sourceV / (2 * resistanceOhm); // beyond the maximum-power point: deliver what the pack can
  return (sourceV - Math.sqrt(disc)) / (2 * resistanceOhm);
}

export type ChargeMode = 'AC' | 'DC';

export interface ChargerSpec {
  mode: ChargeMode;
  /** grid-side power (AC wallbox) or charger output power (DC) in W */
  powerW: number;
  /** on-board charger efficiency for AC (grid → pack) */
  acEfficiency?: number;
}

export const AC_11KW: ChargerSpec = { mode: 'AC', powerW: 11_000, acEfficiency: 0.92 };
export const DC_150KW: ChargerSpec = { mode: 'DC', powerW: 150_000 };

/**
 * DC fast-charge C-rate the BMS requests as a function of SoC (piecewise linear). Shapes follow published charging
 * curves of NMC and LFP cars (e.g. the Fastned/P3 charging-curve comparisons, 2020–2023): a plateau at the peak rate
 * to ≈50–60 % SoC, a taper to ≈1C at 80 % (0.8C for LFP), then a steep taper to the 100 % end.
 */
const DC_CRATE: Record<Chemistry, [number, number][]> = {
  NMC: [[0, 2], [0.5, 2], [0.8, 1], [0.9, 0.5], [1, 0.15]],
  LFP: [[0, 1.6], [0.6, 1.6], [0.8, 0.8], [0.9, 0.4], [1, 0.1]],
  LMO: [[0, 1.5], [0.5, 1.5], [0.8, 0.8], [0.9, 0.4], [1, 0.15]],
};

function interp(table: [number, number][], x: number): number {
  if (x <= table[0][0]) return table[0][1];
  for (let i = 1; i < table.length; i++) {
    if (x <= table[i][0]) {
      const [x0, y0] = table[i - 1];
      const [x1, y1] = table[i];
      return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return table[table.length - 1][1];
}

export function dcChargeCRate(chem: Chemistry, soc: number): number {
  return interp(DC_CRATE[chem], soc);
}

/**
 * Temperature derating of charge current: lithium plating risk in the cold (full rate only from ≈20 °C, a fifth of it
 * at 0 °C and below) and heat protection above 45 °C (down to 30 % at 55 °C). Typical BMS practice; cf. the charge
 * windows in EV cell datasheets (0–45 °C standard, reduced rates near the edges).
 */
export function chargeTempFactor(tempC: number): number {
  if (tempC < 20) return clamp(0.2 + (0.8 * tempC) / 20, 0.2, 1);
  if (tempC > 45) return clamp(1 - (0.7 * (tempC - 45)) / 10, 0.3, 1);
  return 1;
}

/**
 * Charge current magnitude (A, positive number) the charger and BMS agree on before the cell-voltage limit (the CV
 * phase is applied by the pack from its highest cell). AC: constant power, at most 1C. DC: the C-rate table, the
 * charger power and the temperature derating.
 */
export function chargeCurrentRequestA(c: ChargerSpec, chem: Chemistry, soc: number, ratedPackAh: number, packV: number, tempC: number): number {
  if (c.mode === 'AC') return Math.min((c.powerW * (c.acEfficiency ?? 0.92)) / packV, ratedPackAh);
  const byRate = dcChargeCRate(chem, soc) * ratedPackAh;
  return Math.min(byRate, c.powerW / packV) * chargeTempFactor(tempC);
}
