/**
 * The validation protocol of Tao et al. (Nat. Commun. 2024) as published with the data: grid rows with SoC ≤ 50 %,
 * per dataset, eight train-SoC cases; the metric is the MAPE over each held-out SoC level, averaged over levels.
 * The split is by SoC, not by cell: the same cells are in train and test, so it measures SoC generalisation only.
 */
import { mapePct } from './metrics.js';

export const PAPER_SOC_LEVELS = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] as const;

export const PAPER_CASES: readonly { name: string; trainSoc: readonly number[]; kind: 'interpolation' | 'extrapolation' }[] = [
  { name: 'case0', trainSoc: [5, 15, 25, 35, 45, 50], kind: 'interpolation' },
  { name: 'case1', trainSoc: [5, 10, 30, 40, 50], kind: 'interpolation' },
  { name: 'case2', trainSoc: [5, 25, 40, 50], kind: 'interpolation' },
  { name: 'case3', trainSoc: [5, 25, 50], kind: 'interpolation' },
  { name: 'case4', trainSoc: [35, 40, 45, 50], kind: 'extrapolation' },
  { name: 'case5', trainSoc: [20, 25, 30], kind: 'extrapolation' },
  { name: 'case6', trainSoc: [5, 10, 15, 20], kind: 'extrapolation' },
  { name: 'case7', trainSoc: [5, 10], kind: 'extrapolation' },
];

export interface SocRow {
  socPct: number;
  soh: number;
}

/** Runs one case: `fitPredict` trains on the train rows and predicts the test rows; returns MAPE averaged over SoC levels. */
export function runPaperCase<R extends SocRow>(rows: readonly R[], trainSoc: readonly number[], fitPredict: (train: R[], test: R[]) => number[]): number {
  const inScope = rows.filter((r) => r.socPct <= 50);
  const train = inScope.filter((r) => trainSoc.includes(r.socPct));
  const test = inScope.filter((r) => !trainSoc.includes(r.socPct));
  const pred = fitPredict(train, test);
  const levels = [...new Set(test.map((r) => r.socPct))].sort((a, b) => a - b);
  const perLevel = levels.map((s) => {
    const idx = test.map((r, i) => (r.socPct === s ? i : -1)).filter((i) => i >= 0);
    return mapePct(idx.map((i) => test[i].soh), idx.map((i) => pred[i]));
  });
  return perLevel.reduce((a, b) => a + b, 0) / perLevel.length;
}
