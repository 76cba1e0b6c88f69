/**
 * Handling-condition alerts at a handover: temperature window, temperature rise since the previous handover, peak
 * shock and state of charge, against the limits of the battery's current status (config.ts HANDLING_LIMITS).
 * A critical alert escalates the safety status the next event carries: heat points to a battery liable to react
 * dangerously (SP 376 → criticalDefect), a hard shock to mechanical damage (→ damagedOrDefective). Status never
 * goes down during a shipment — only a new assessment at the destination can clear it.
 */
import { HANDLING_LIMITS, type HandlingLimits } from './config.js';
import { worse, type Handling, type SafetyStatus } from './types.js';

export type HandlingQuantity = 'temperatureMinC' | 'temperatureMaxC' | 'temperatureRiseK' | 'peakShockG' | 'stateOfChargePct';

export interface HandlingAlert {
  level: 'warning' | 'critical';
  quantity: HandlingQuantity;
  value: number;
  limit: number;
  reason: string;
  /** the status this alert implies (at least the current one) */
  impliedStatus: SafetyStatus;
}

export interface HandlingEvaluation {
  alerts: HandlingAlert[];
  status: SafetyStatus;
}

export function evaluateHandling(
  status: SafetyStatus,
  h: Handling,
  previous?: Handling,
  limits: Record<SafetyStatus, HandlingLimits> = HANDLING_LIMITS,
): HandlingEvaluation {
  const l = limits[status];
  const alerts: HandlingAlert[] = [];
  const add = (level: HandlingAlert['level'], quantity: HandlingQuantity, value: number, limit: number, reason: string, implied: SafetyStatus = status) =>
    alerts.push({ level, quantity, value, limit, reason, impliedStatus: worse(status, implied) });

  if (h.temperatureMaxC > l.tempCriticalMaxC) {
    add('critical', 'temperatureMaxC', h.temperatureMaxC, l.tempCriticalMaxC, `maximum ${h.temperatureMaxC} °C above ${l.tempCriticalMaxC} °C for a ${status} battery: possible self-heating, treat as liable to react dangerously (SP 376)`, 'criticalDefect');
  } else if (h.temperatureMaxC > l.tempWarnMaxC) {
    add('warning', 'temperatureMaxC', h.temperatureMaxC, l.tempWarnMaxC, `maximum ${h.temperatureMaxC} °C above the ${l.tempWarnMaxC} °C handling limit for a ${status} battery`);
  }
  if (h.temperatureMinC < l.tempWarnMinC) {
    add('warning', 'temperatureMinC', h.temperatureMinC, l.tempWarnMinC, `minimum ${h.temperatureMinC} °C below ${l.tempWarnMinC} °C: do not charge before warming up (lithium plating)`);
  }
  if (previous) {
    const riseK = h.temperatureMaxC - previous.temperatureMaxC;
    if (riseK > l.tempRiseCriticalK) {
      add('critical', 'temperatureRiseK', riseK, l.tempRiseCriticalK, `maximum temperature rose ${riseK.toFixed(1)} K since the last handover (limit ${l.tempRiseCriticalK} K): possible self-heating`, 'criticalDefect');
    }
  }
  if (h.peakShockG > l.peakShockCriticalG) {
    add('critical', 'peakShockG', h.peakShockG, l.peakShockCriticalG, `peak shock ${h.peakShockG} g above ${l.peakShockCriticalG} g: possible mechanical damage (SP 376), inspect before further handling`, 'damagedOrDefective');
  } else if (h.peakShockG > l.peakShockWarnG) {
    add('warning', 'peakShockG', h.peakShockG, l.peakShockWarnG, `peak shock ${h.peakShockG} g above the ${l.peakShockWarnG} g handling limit`);
  }
  if (h.stateOfChargePct !== undefined && h.stateOfChargePct > l.socWarnMaxPct) {
    add('warning', 'stateOfChargePct', h.stateOfChargePct, l.socWarnMaxPct, `state of charge ${h.stateOfChargePct} % above ${l.socWarnMaxPct} % at handover: discharge before the next leg lowers the energy a fault can release`);
  }
  const next = alerts.reduce<SafetyStatus>((s, a) => worse(s, a.impliedStatus), status);
  return { alerts, status: next };
}
