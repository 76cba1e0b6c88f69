/**
 * Solves a MilpModel with HiGHS (the `highs` npm package: HiGHS compiled to WebAssembly), through its persistent
 * API so that the MIP dual bound and gap can be read after the run (the one-shot `solve()` does not return them).
 */
import highsDefault, { type Highs } from 'highs';
import type { MilpModel } from '../core/allocation-model.js';

// The package ships CJS typings next to an ESM build: TypeScript (NodeNext) sees the CJS module object as the default
// import, Node's ESM loader hands over the loader function itself. Accept either.
type Loader = typeof highsDefault.default;
const anyDefault = highsDefault as unknown;
const highsLoader = (typeof anyDefault === 'function' ? anyDefault : (anyDefault as { default: Loader }).default) as Loader;

let loaded: Promise<Highs> | undefined;
export const loadHighs = (): Promise<Highs> => (loaded ??= highsLoader());

export interface MilpOptions {
  timeLimitS?: number;
  mipRelGap?: number;
  /** Feasible 0/1 vector handed to HiGHS as the first incumbent (e.g. the greedy allocation). */
  start?: readonly number[];
  /** Drop integrality: solve the LP relaxation (its optimum bounds the MILP from above). */
  relax?: boolean;
}

export interface MilpResult {
  status: string;
  objective: number;
  /** Best bound on the optimum proved by branch and bound (null for an LP). */
  mipDualBound: number | null;
  /** HiGHS's relative gap |bound − objective| / |objective| (null for an LP). */
  mipGap: number | null;
  colValue: Float64Array;
  solveTimeS: number;
  nodes: number | null;
}

export async function solveMilp(m: MilpModel, opts: MilpOptions = {}): Promise<MilpResult> {
  const highs = await loadHighs();
  const inf = highs.infinity;
  const fin = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of m.rows) {
    for (const [c, v] of r.entries) {
      indices.push(c);
      values.push(v);
    }
    starts.push(indices.length);
  }
  const integer = !opts.relax;
  const statusName = new Map(Object.entries(highs.constants.modelStatus).map(([k, v]) => [v as number, k]));
  return highs.withModel((model) => {
    model.passModel({
      numCols: m.columns.length,
      numRows: m.rows.length,
      sense: highs.constants.objectiveSense.maximize,
      offset: m.offset,
      colCost: m.columns.map((c) => c.cost),
      colLower: m.columns.map((c) => fin(c.lower)),
      colUpper: m.columns.map((c) => fin(c.upper)),
      rowLower: m.rows.map((r) => fin(r.lower)),
      rowUpper: m.rows.map((r) => fin(r.upper)),
      matrix: { format: 'csr', numRows: m.rows.length, numCols: m.columns.length, starts, indices, values },
      integrality: m.columns.map((c) => (integer && c.integer ? highs.constants.variableType.integer : highs.constants.variableType.continuous)),
    });
    model.options.set({ output_flag: false, time_limit: opts.timeLimitS ?? 30, mip_rel_gap: opts.mipRelGap ?? 1e-4 });
    if (opts.start && integer) model.setSolution({ colValue: [...opts.start] });
    const run = model.run();
    const isMip = integer && m.columns.some((c) => c.integer);
    const info = (name: string): number | null => {
      try {
        const v = model.info.get(name);
        return typeof v === 'bigint' ? Number(v) : v;
      } catch {
        return null;
      }
    };
    return {
      status: statusName.get(run.modelStatus) ?? String(run.modelStatus),
      objective: model.getObjectiveValue(),
      mipDualBound: isMip ? info('mip_dual_bound') : null,
      mipGap: isMip ? info('mip_gap') : null,
      colValue: Float64Array.from(model.getSolution().colValue),
      solveTimeS: model.getRunTime(),
      nodes: isMip ? info('mip_node_count') : null,
    };
  });
}
