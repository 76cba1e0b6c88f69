/**
 * Grouped K-fold: every row of a group (a physical cell) lands in the same fold, so validation measures performance
 * on cells the model has never seen — the situation of a testing lab. Groups are shuffled with a seeded RNG and
 * dealt greedily to the fold with the fewest rows so folds stay balanced when cells have different row counts.
 */
import type { Rng } from './types.js';

export function groupedFolds(groups: readonly string[], k: number, rng: Rng): number[] {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const keys = [...sizes.keys()].sort();
  for (let a = keys.length - 1; a > 0; a--) {
    const b = Math.floor(rng() * (a + 1));
    [keys[a], keys[b]] = [keys[b], keys[a]];
  }
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const g of keys) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f] < load[best]) best = f;
    foldOf.set(g, best);
    load[best] += sizes.get(g)!;
  }
  return groups.map((g) => foldOf.get(g)!);
}
