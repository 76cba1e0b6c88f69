/**
 * State of safety: a 0–1 score (1 = nominal, 0 = unsafe) as the WEAKEST of explicit sub-factors, naming the factor
 * that sets it (Cabrera-Castillo et al., J. Power Sources 324 (2016) 509 define SoS as a 0–1 distance from abuse
 * conditions; taking the minimum keeps one bad factor from being averaged away).
 * Each factor maps a physical quantity linearly from 1 at its "nominal" bound to 0 at its "critical" bound:
 * - temperature: separator/SEI risk from 45 °C up, 80 °C ≈ onset of SEI decomposition (Feng et al., Energy Storage
 *   Mater. 10 (2018) 246); below −20 °C charging plates lithium.
 * - temperature rise rate: ≥ 1 °C/min under load is abnormal for an EV pack; 10 °C/min ≈ self-heating onset.
 * - voltage limit violations: worst excursion beyond the cell window this batch, 0 at 0.3 V over/under.
 * - resistance growth: 1 at ×1.3, 0 at ×3 (R doubling is the usual EoL criterion; ×3 signals damage).
 * - cell imbalance: max − min cell voltage, 1 at 30 mV, 0 at 300 mV.
 * - self-discharge: 1 at ≤ 3 %/month, 0 at 30 %/month (soft internal short).
 * - recorded events: deep discharge caps at 0.5, overcharge at 0.4, crash at 0.2 — they persist (memory of abuse).
 */

export type SafetyFactor =
  | 'temperature'
  | 'temperatureRise'
  | 'voltageLimits'
  | 'resistanceGrowth'
  | 'cellImbalance'
  | 'selfDischarge'
  | 'negativeEvents';

export type NegativeEvent = 'deepDischarge' | 'overcharge' | 'crash' | 'overTemperature';

export interface SafetyInputs {
  maxTempC: number;
  minTempC: number;
  tempRiseCPerMin: number;
  /** worst excursion beyond [vMin, vMax] of any cell, V (0 when inside) */
  voltageExcursionV: number;
  resistanceGrowth: number;
  cellSpreadV: number;
  selfDischargePctPerMonth: number;
  events: NegativeEvent[];
}

export interface SafetyScore {
  sos: number;
  driver: SafetyFactor;
  factors: Record<SafetyFactor, number>;
}

const ramp = (x: number, nominal: number, critical: number) => {
  const t = (x - nominal) / (critical - nominal);
  return t <= 0 ? 1 : t >= 1 ? 0 : 1 - t;
};

const EVENT_CAP: Record<NegativeEvent, number> = { deepDischarge: 0.5, overcharge: 0.4, crash: 0.2, overTemperature: 0.6 };

export function stateOfSafety(x: SafetyInputs): SafetyScore {
  let ev = 1;
  for (const e of x.events) ev = Math.min(ev, EVENT_CAP[e]);
  const factors: Record<SafetyFactor, number> = {
    temperature: Math.min(ramp(x.maxTempC, 45, 80), ramp(-x.minTempC, 20, 40)),
    temperatureRise: ramp(x.tempRiseCPerMin, 1, 10),
    voltageLimits: ramp(x.voltageExcursionV, 0, 0.3),
    resistanceGrowth: ramp(x.resistanceGrowth, 1.3, 3),
    cellImbalance: ramp(x.cellSpreadV, 0.03, 0.3),
    selfDischarge: ramp(x.selfDischargePctPerMonth, 3, 30),
    negativeEvents: ev,
  };
  let driver: SafetyFactor = 'temperature';
  let sos = Infinity;
  for (const k of Object.keys(factors) as SafetyFactor[]) {
    if (factors[k] < sos) {
      sos = factors[k];
      driver = k;
    }
  }
  return { sos, driver, factors };
}
