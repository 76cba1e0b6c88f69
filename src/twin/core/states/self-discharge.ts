/**
 * Self-discharge from long rests: after the cell has relaxed (30 min without current), the filter's SoC is pinned by
 * the OCV where the curve is steep; the SoC lost over a rest of ≥ 6 h, without current, is self-discharge (plus the
 * sensor's quiescent offset, which the filter's bias state already removes). Reported in %/month, smoothed over rests.
 * A soft internal short shows up here first (Feng et al., J. Power Sources 2016: ISC detection from rest-period SoC drop).
 */

export interface RestTracker {
  restStartS: number | null;
  relaxedSoc: number | null;
  relaxedAtS: number | null;
  selfDischargePctPerMonth: number;
  samples: number;
}

export function createRestTracker(): RestTracker {
  return { restStartS: null, relaxedSoc: null, relaxedAtS: null, selfDischargePctPerMonth: 0, samples: 0 };
}

const REST_CURRENT_C = 0.01;
const RELAX_S = 1800;
const MIN_REST_S = 6 * 3600;
const MONTH_S = 30 * 86400;

export function observeRest(r: RestTracker, timeS: number, cellCurrentA: number, capacityAh: number, soc: number, socSigma: number, slope: number): void {
  const resting = Math.abs(cellCurrentA) < REST_CURRENT_C * capacityAh;
  const pinned = socSigma < 0.03 && Math.abs(slope) > 0.2;
  if (!resting) {
    if (r.relaxedSoc !== null && r.relaxedAtS !== null && timeS - r.relaxedAtS >= MIN_REST_S && pinned) {
      const rate = ((r.relaxedSoc - soc) * 100 * MONTH_S) / (timeS - r.relaxedAtS);
      r.samples += 1;
      r.selfDischargePctPerMonth += (Math.max(0, rate) - r.selfDischargePctPerMonth) / Math.min(r.samples, 5);
    }
    r.restStartS = null;
    r.relaxedSoc = null;
    r.relaxedAtS = null;
    return;
  }
  if (r.restStartS === null) r.restStartS = timeS;
  if (r.relaxedSoc === null && timeS - r.restStartS >= RELAX_S && pinned) {
    r.relaxedSoc = soc;
    r.relaxedAtS = timeS;
  }
}
