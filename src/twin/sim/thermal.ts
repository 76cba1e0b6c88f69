/**
 * Ambient temperature and the lumped thermal model of the pack.
 *
 * Ambient: annual cosine (coldest around 15 January) + daily cosine (coldest ≈04:00, warmest ≈16:00 local) + weather,
 * an AR(1) anomaly with a ≈3-day correlation time — the usual first-order description of daily temperature
 * anomalies (e.g. Benth & Šaltytė-Benth, J. Appl. Prob. 2007).
 *
 * Pack: one lumped mass, m·c_p·dT/dt = Q_gen + G_amb·(T_amb − T) + G_cool·(T_coolant − T), with Q_gen the
 * irreversible ECM heat I·(OCV − V) (Joule + polarisation; Bernardi et al., J. Electrochem. Soc. 132 (1985) 5, without
 * the small entropic term). G_amb is natural convection when parked and higher with air flow when driving; G_cool is the
 * liquid loop with its chiller, on while the car is awake and the pack is warm. For constant inputs over a step the ODE
 * is solved exactly, so any step length is stable.
 * Sensors: the hottest cell sits above the mean by an amount proportional to the (smoothed) heat rate, the coldest
 * below it, near the cold plate — typical spreads of a few kelvin at several kW.
 */
import { clamp, normal, type Rng } from './random.js';

export type Climate = 'north' | 'central' | 'south';

export interface ClimateSpec {
  meanC: number;
  seasonAmpC: number;
  dayAmpC: number;
  weatherSigmaC: number;
  utcOffsetH: number;
}

/** Rough monthly-mean shapes of Stockholm, Frankfurt and Seville. */
export const CLIMATES: Record<Climate, ClimateSpec> = {
  north: { meanC: 7, seasonAmpC: 10, dayAmpC: 4, weatherSigmaC: 3.5, utcOffsetH: 1 },
  central: { meanC: 10.5, seasonAmpC: 9, dayAmpC: 5, weatherSigmaC: 3, utcOffsetH: 1 },
  south: { meanC: 19, seasonAmpC: 8, dayAmpC: 7.5, weatherSigmaC: 2.5, utcOffsetH: 1 },
};

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;
const WEATHER_TAU_H = 72;

/** Local hour of day (0–24) and day of year (0–365) at epochMs. */
export function localTime(epochMs: number, utcOffsetH: number): { hour: number; dayOfYear: number } {
  const local = epochMs + utcOffsetH * 3_600_000;
  const hour = ((local % DAY_MS) + DAY_MS) % DAY_MS / 3_600_000;
  const start = Date.UTC(new Date(local).getUTCFullYear(), 0, 1);
  return { hour, dayOfYear: (local - start) / DAY_MS };
}

/** Deterministic part of the ambient temperature (no weather anomaly). */
export function climateTempC(c: ClimateSpec, epochMs: number): number {
  const { hour, dayOfYear } = localTime(epochMs, c.utcOffsetH);
  const season = -c.seasonAmpC * Math.cos((2 * Math.PI * (dayOfYear - 15)) / YEAR_DAYS);
  const day = -c.dayAmpC * Math.cos((2 * Math.PI * (hour - 4)) / 24);
  return c.meanC + season + day;
}

/** Advances the weather anomaly by dtS (exact AR(1) discretisation of an Ornstein–Uhlenbeck process). */
export function weatherStep(anomalyC: number, c: ClimateSpec, dtS: number, rng: Rng): number {
  const rho = Math.exp(-dtS / (WEATHER_TAU_H * 3600));
  return rho * anomalyC + normal(rng, 0, c.weatherSigmaC * Math.sqrt(1 - rho * rho));
}

export interface ThermalSpec {
  heatCapacityJPerK: number;
  parkedWPerK: number;
  drivingWPerK: number;
  coolingWPerK: number;
  coolantC: number;
  /** the loop starts cooling above this pack temperature */
  coolOnAboveC: number;
  /** hottest-sensor rise per kW of heat (K/kW) and coldest-sensor drop per kW */
  hotSpotKPerKw: number;
  coldSpotKPerKw: number;
}

/** Thermal spec of a pack of the given energy: ≈160 Wh/kg at pack level, c_p ≈ 1000 J/(kg·K). */
export function thermalSpecFor(packEnergyWh: number, coolingWPerK = 250): ThermalSpec {
  const massKg = packEnergyWh / 160;
  return {
    heatCapacityJPerK: massKg * 1000,
    parkedWPerK: Math.sqrt(massKg),
    drivingWPerK: 2.5 * Math.sqrt(massKg),
    coolingWPerK,
    coolantC: 22,
    coolOnAboveC: 32,
    hotSpotKPerKw: 1.0,
    coldSpotKPerKw: 0.4,
  };
}

/** New pack temperature after dtS with heat heatW, ambient ambientC; `awake` = driving or charging (loop running). */
export function thermalStep(tempC: number, heatW: number, ambientC: number, awake: boolean, driving: boolean, dtS: number, s: ThermalSpec): number {
  const gAmb = driving ? s.drivingWPerK : s.parkedWPerK;
  const gCool = awake && tempC > s.coolOnAboveC ? s.coolingWPerK : 0;
  const g = gAmb + gCool;
  const steady = (heatW + gAmb * ambientC + gCool * s.coolantC) / g;
  return steady + (tempC - steady) * Math.exp((-g * dtS) / s.heatCapacityJPerK);
}

/** Smoothed heat for the sensor spread (a few minutes of thermal lag between cell core and sensor). */
export function smoothHeatW(prevW: number, heatW: number, dtS: number, tauS = 180): number {
  const a = Math.exp(-dtS / tauS);
  return a * prevW + (1 - a) * heatW;
}

/** Hottest and coldest sensor readings. */
export function sensorSpread(tempC: number, smoothedHeatW: number, s: ThermalSpec): { minC: number; maxC: number } {
  const kw = clamp(smoothedHeatW, 0, 50_000) / 1000;
  return { minC: tempC - 0.3 - s.coldSpotKPerKw * kw, maxC: tempC + 0.4 + s.hotSpotKPerKw * kw };
}
