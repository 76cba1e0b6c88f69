/**
 * What a vehicle does, as a queue of activities (drive a speed trace, charge, park), planned one leg at a time from
 * the owner's habits: weekday commutes, weekend errands, occasional long trips, and charging habits that differ per
 * vehicle (home AC every night or only when low, target 80 / 90 / 100 %, fast-charging share). Habit ranges follow
 * European EV-use surveys in spirit (most charging at home overnight, commutes of 10–40 km, a few long trips a month;
 * e.g. the JRC "EV charging behaviour" analyses) — they are plausible settings, not fitted statistics.
 * Rare abuse: an owner who leaves the car unplugged for weeks with the telematics' standby drain (deep discharge when
 * the state of charge was already low).
 */
import { tripTrace, urbanTrace } from './drive-cycles.js';
import { AC_11KW, type ChargerSpec } from './profiles.js';
import { chance, pickOne, uniform, type Rng } from './random.js';
import { localTime } from './thermal.js';

export type Place = 'home' | 'work' | 'away';

export type Activity =
  /** untilMs = null: resolved at start to the next departure from home */
  | { kind: 'park'; untilMs: number | null; durationS?: number; standbyW: number }
  | { kind: 'drive'; trace: Float64Array; index: number; to: Place }
  /** onlyBelowSoc: skipped when the SoC is already at or above it when the activity starts */
  | { kind: 'charge'; charger: ChargerSpec; targetSoc: number; onlyBelowSoc?: number };

export interface Habits {
  departHour: number;
  workHours: number;
  commuteKm: number;
  homeCharging: boolean;
  acCharger: ChargerSpec;
  /** stop AC/DC charging at this SoC */
  chargeTargetSoc: number;
  /** plug in at home when the SoC is below this on arrival (1 = every night) */
  plugInBelowSoc: number;
  /** probability that a needed charge is a DC fast charge instead of home AC */
  dcShare: number;
  dcCharger: ChargerSpec;
  dcTargetSoc: number;
  longTripProbPerDay: number;
  longTripKm: [number, number];
  errandProbWeekend: number;
  /** probability per arrival at home of leaving the car unplugged for 1–4 weeks */
  abandonProbPerDay: number;
  standbyW: number;
  /** stop at a fast charger en route when the SoC falls below this */
  enRouteDcBelowSoc: number;
}

export const DEFAULT_HABITS: Habits = {
  departHour: 7.5,
  workHours: 8.5,
  commuteKm: 20,
  homeCharging: true,
  acCharger: AC_11KW,
  chargeTargetSoc: 0.8,
  plugInBelowSoc: 0.5,
  dcShare: 0.05,
  dcCharger: { mode: 'DC', powerW: 150_000 },
  dcTargetSoc: 0.8,
  longTripProbPerDay: 0.04,
  longTripKm: [120, 400],
  errandProbWeekend: 0.6,
  abandonProbPerDay: 0.002,
  standbyW: 30,
  enRouteDcBelowSoc: 0.15,
};

/** Per-vehicle variety: some charge to 80 %, some to 100 %, some have no home charger and fast-charge. */
export function randomHabits(rng: Rng): Habits {
  const homeCharging = chance(rng, 0.8);
  const fastFan = chance(rng, 0.2);
  return {
    ...DEFAULT_HABITS,
    departHour: uniform(rng, 6.5, 9),
    workHours: uniform(rng, 7.5, 9.5),
    commuteKm: uniform(rng, 5, 45),
    homeCharging,
    acCharger: pickOne(rng, [AC_11KW, AC_11KW, { mode: 'AC', powerW: 7_400, acEfficiency: 0.92 } as ChargerSpec]),
    chargeTargetSoc: pickOne(rng, [0.8, 0.8, 0.9, 1]),
    plugInBelowSoc: pickOne(rng, [1, 0.5, 0.4, 0.3]),
    dcShare: !homeCharging ? 1 : fastFan ? uniform(rng, 0.4, 0.8) : uniform(rng, 0, 0.1),
    dcCharger: { mode: 'DC', powerW: pickOne(rng, [50_000, 150_000, 150_000, 250_000]) },
    dcTargetSoc: pickOne(rng, [0.8, 0.8, 0.85]),
    longTripProbPerDay: uniform(rng, 0.02, 0.08),
    enRouteDcBelowSoc: uniform(rng, 0.1, 0.2),
  };
}

export interface Schedule {
  habits: Habits | null;
  utcOffsetH: number;
  place: Place;
  /** what to plan when the queue runs dry: arrival at home (charge decision) or departure */
  next: 'arrive' | 'depart';
  queue: Activity[];
}

const HOUR_MS = 3_600_000;

function isWeekend(epochMs: number, utcOffsetH: number): boolean {
  const d = new Date(epochMs + utcOffsetH * HOUR_MS).getUTCDay();
  return d === 0 || d === 6;
}

/** Next departure from home after nowMs: the commute hour on weekdays, late morning on weekends (jittered). */
export function nextDepartureMs(h: Habits, utcOffsetH: number, nowMs: number, rng: Rng): number {
  const { hour } = localTime(nowMs, utcOffsetH);
  const dayStart = nowMs - hour * HOUR_MS;
  for (let d = 0; d < 3; d++) {
    const day = dayStart + d * 24 * HOUR_MS;
    const weekend = isWeekend(day + 12 * HOUR_MS, utcOffsetH);
    const at = day + (weekend ? uniform(rng, 9.5, 14) : h.departHour + uniform(rng, -0.3, 0.3)) * HOUR_MS;
    if (at > nowMs + 5 * 60_000) return Math.round(at);
  }
  return nowMs + 24 * HOUR_MS;
}

function chargeAtHome(h: Habits, soc: number, rng: Rng): Activity[] {
  const needs = soc < h.plugInBelowSoc || (!h.homeCharging && soc < 0.35);
  if (!needs) return [];
  if (!h.homeCharging || chance(rng, h.dcShare)) return [{ kind: 'charge', charger: h.dcCharger, targetSoc: h.dcTargetSoc }];
  return [{ kind: 'charge', charger: h.acCharger, targetSoc: h.chargeTargetSoc }];
}

function tripLegs(rng: Rng, km: number, stayS: number, chargeAtDestination: Activity[], to: Place): Activity[] {
  return [
    { kind: 'drive', trace: tripTrace(rng, km), index: 0, to },
    ...chargeAtDestination,
    { kind: 'park', untilMs: null, durationS: stayS, standbyW: 0 },
    { kind: 'drive', trace: tripTrace(rng, km), index: 0, to: 'home' },
  ];
}

/** Plans the next activities when the queue is empty (manual schedules just park). */
export function planNext(s: Schedule, nowMs: number, soc: number, rng: Rng): Activity[] {
  const h = s.habits;
  if (!h) return [{ kind: 'park', untilMs: Number.POSITIVE_INFINITY, standbyW: 0 }];
  if (s.next === 'arrive') {
    s.next = 'depart';
    if (chance(rng, h.abandonProbPerDay)) {
      const away: Activity = { kind: 'park', untilMs: null, durationS: uniform(rng, 7, 28) * 86_400, standbyW: h.standbyW };
      return [away, ...chargeAtHome(h, 0, rng), { kind: 'park', untilMs: null, standbyW: 0 }];
    }
    return [...chargeAtHome(h, soc, rng), { kind: 'park', untilMs: null, standbyW: 0 }];
  }
  // departing from home
  s.next = 'arrive';
  const weekend = isWeekend(nowMs, s.utcOffsetH);
  const fastTop: Activity = { kind: 'charge', charger: h.dcCharger, targetSoc: h.dcTargetSoc, onlyBelowSoc: 0.5 };
  if (chance(rng, weekend ? 3 * h.longTripProbPerDay : h.longTripProbPerDay)) {
    return tripLegs(rng, uniform(rng, h.longTripKm[0], h.longTripKm[1]), uniform(rng, 1, 4) * 3600, [fastTop], 'away');
  }
  if (weekend) {
    if (!chance(rng, h.errandProbWeekend)) {
      s.next = 'depart';
      return [{ kind: 'park', untilMs: null, standbyW: 0 }];
    }
    return [
      { kind: 'drive', trace: urbanTrace(rng, uniform(rng, 10, 35) * 60), index: 0, to: 'away' },
      { kind: 'park', untilMs: null, durationS: uniform(rng, 0.5, 2.5) * 3600, standbyW: 0 },
      { kind: 'drive', trace: urbanTrace(rng, uniform(rng, 10, 35) * 60), index: 0, to: 'home' },
    ];
  }
  return tripLegs(rng, h.commuteKm * uniform(rng, 0.9, 1.1), h.workHours * 3600, [], 'work');
}

/** Resolves an open-ended park when it starts. */
export function resolvePark(a: Extract<Activity, { kind: 'park' }>, s: Schedule, nowMs: number, rng: Rng): void {
  if (a.untilMs !== null) return;
  if (a.durationS !== undefined) a.untilMs = nowMs + Math.round(a.durationS * 1000);
  else a.untilMs = s.habits ? nextDepartureMs(s.habits, s.utcOffsetH, nowMs, rng) : Number.POSITIVE_INFINITY;
}
