/**
 * Self-discharge from long rests: after the cell has relaxed (30 min without current) its terminal voltage is the
 * OCV, which pins the SoC where the curve is steep; the SoC (read from the OCV table, not from the filter, whose
 * current-offset state would integrate during the rest) lost over a rest of ≥ 6 h is self-discharge. Reported in %/month, smoothed over rests.
 * A soft internal short shows up here first (Feng et al., J. Power Sources 2016: ISC detection from rest-period SoC drop).
 */

export interface RestTracker {
  restStartS: number | null;
  relaxedSoc: number | null;
  relaxedAtS: number | null;
  /** cell charge drawn through the current sensor since the relaxed reading (standby loads are not self-discharge) */
  restAh?: number;
  relaxedTempC?: number | null;
  lastS?: number | null;
  /** SoC of the last resting sample (the rest ends at the first loaded sample, whose voltage is not the OCV) */
  lastRestSoc?: number | null;
  selfDischargePctPerMonth: number;
  samples: number;
}

export function createRestTracker(): RestTracker {
  return { restStartS: null, relaxedSoc: null, relaxedAtS: null, restAh: 0, relaxedTempC: null, lastS: null, selfDischargePctPerMonth: 0, samples: 0 };
}

const REST_CURRENT_C = 0.01;
const RELAX_S = 1800;
const MIN_REST_S = 6 * 3600;
const MONTH_S = 30 * 86400;
/** The OCV moves with temperature (entropic coefficient, ~0.1–0.5 mV/K): compare rests only within this band. */
const MAX_TEMP_CHANGE_K = 3;
/**
 * What a rested voltage cannot resolve: residual relaxation, the entropic shift within the band above and ADC steps
 * add up to about 2 mV, i.e. 2 mV / (dOCV/dSoC) of SoC. Only a loss beyond that counts (one-sided, so a healthy cell
 * reads 0 instead of noise; a real leak of a few %/month shows over longer or repeated rests).
 */
const RESOLUTION_V = 0.002;

/**
 * `soc` is read from the rested voltage; `tempC` may be NaN when unknown. The SoC lost over the rest, less the
 * charge the current sensor saw leave (BMS and standby loads), is the cell's own self-discharge.
 */
export function observeRest(r: RestTracker, timeS: number, cellCurrentA: number, capacityAh: number, soc: number, socSigma: number, slope: number, tempC = Number.NaN): void {
  const resting = Math.abs(cellCurrentA) < REST_CURRENT_C * capacityAh;
  const pinned = socSigma < 0.03 && Math.abs(slope) > 0.2;
  const dt = r.lastS !== null && r.lastS !== undefined ? Math.max(0, timeS - r.lastS) : 0;
  r.lastS = timeS;
  if (!resting) {
    const sameTemp = !Number.isFinite(tempC) || r.relaxedTempC === null || r.relaxedTempC === undefined || Math.abs(tempC - r.relaxedTempC) <= MAX_TEMP_CHANGE_K;
    if (r.relaxedSoc !== null && r.relaxedAtS !== null && timeS - r.relaxedAtS >= MIN_REST_S && pinned && sameTemp) {
      const endSoc = r.lastRestSoc ?? soc;
      const lost = r.relaxedSoc - endSoc - (r.restAh ?? 0) / capacityAh - RESOLUTION_V / Math.abs(slope);
      const rate = (lost * 100 * MONTH_S) / (timeS - r.relaxedAtS);
      r.samples += 1;
      r.selfDischargePctPerMonth += (Math.max(0, rate) - r.selfDischargePctPerMonth) / Math.min(r.samples, 5);
    }
    r.restStartS = null;
    r.relaxedSoc = null;
    r.relaxedAtS = null;
    r.restAh = 0;
    r.relaxedTempC = null;
    r.lastRestSoc = null;
    return;
  }
  if (r.restStartS === null) r.restStartS = timeS;
  r.lastRestSoc = soc;
  if (r.relaxedSoc !== null) r.restAh = (r.restAh ?? 0) + (cellCurrentA * dt) / 3600;
  if (r.relaxedSoc === null && timeS - r.restStartS >= RELAX_S && pinned) {
    r.relaxedSoc = soc;
    r.relaxedAtS = timeS;
    r.restAh = 0;
    r.relaxedTempC = Number.isFinite(tempC) ? tempC : null;
  }
}
