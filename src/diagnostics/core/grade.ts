/**
 * Second-life grades from SoH. The 70–80 % band is where EV packs usually end their first life (automotive warranties
 * guarantee 70 % capacity, e.g. 8 years/160 000 km; USABC end-of-life criterion 80 %; Reg. (EU) 2023/1542 Annex VII
 * asks for remaining capacity as the state-of-health parameter). We grade on the conservative end of the interval
 * (`sohLow`) so a grade is only given when the battery is above the threshold with the stated coverage:
 *  - A ≥ 0.80: still at or above first-life end-of-life; re-use in a vehicle or demanding stationary use;
 *  - B 0.70–0.80: inside the end-of-first-life band; second-life stationary storage;
 *  - C 0.60–0.70: below the band; low-duty second life after module-level sorting;
 *  - D < 0.60: recycling (material recovery).
 */

export type SohGrade = 'A' | 'B' | 'C' | 'D';

export const GRADE_THRESHOLDS: readonly { grade: SohGrade; minSoh: number; use: string }[] = [
  { grade: 'A', minSoh: 0.8, use: 'at or above first-life end-of-life: vehicle re-use or demanding stationary use' },
  { grade: 'B', minSoh: 0.7, use: 'end-of-first-life band 70–80 %: second-life stationary storage' },
  { grade: 'C', minSoh: 0.6, use: 'below the band: low-duty second life after module sorting' },
  { grade: 'D', minSoh: -Infinity, use: 'recycling (material recovery)' },
];

export function gradeFor(sohLow: number): SohGrade {
  for (const t of GRADE_THRESHOLDS) if (sohLow >= t.minSoh) return t.grade;
  return 'D';
}

/** Nominal cell voltage per chemistry (V), for remaining energy = SoH · Qn · Vnom (datasheet typicals). */
export const NOMINAL_VOLTAGE_V: Readonly<Record<string, number>> = {
  NMC: 3.65,
  LMO: 3.7,
  LFP: 3.2,
};
