/**
 * Issue 6 figure:
 * - disassembly_plan_200_components_ms: wall time to plan a 204-component pack (8 modules x 18 cells plus pack
 *   parts, demo NMC passport resized) to cell depth with operator + robot; median of 5 runs after one warm-up.
 *   The detail carries the plan's makespan, lower bound and optimality gap, and an exact-vs-heuristic check on a
 *   small pack (1 module).
 */
import { generateDemoPassports } from '../src/passport/index.js';
import { packModelFromPassport, planDisassembly } from '../src/circularity/disassembly/core/index.js';
import { resizedPassport } from '../src/circularity/disassembly/core/synthetic.js';
import { median } from './load.js';
import type { Figure } from './passport.js';

export async function benchDisassembly(log: (m: string) => void): Promise<Figure[]> {
  const [base] = generateDemoPassports({ count: 2, seed: 1, now: new Date().toISOString(), issuer: { did: 'did:web:bench.example', role: 'manufacturer', name: 'Bench' } }).slice(1);
  const model = packModelFromPassport(resizedPassport(base, 8, 18));
  planDisassembly(model, { depth: 'cells' });
  const times: number[] = [];
  let plan = planDisassembly(model, { depth: 'cells' });
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    plan = planDisassembly(model, { depth: 'cells' });
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  const small = packModelFromPassport(resizedPassport(base, 1, 4));
  const exact = planDisassembly(small, { depth: 'modules' });
  const heur = planDisassembly(small, { depth: 'modules', exactMaxTasks: 0 });
  log(`disassembly: ${model.components.length} components, ${plan.search.tasks} tasks planned in ${ms.toFixed(0)} ms (median of 5), ` +
    `makespan ${plan.makespanS.toFixed(0)} s, bound ${plan.lowerBoundS.toFixed(0)} s, gap ${plan.gapPct.toFixed(1)} %; ` +
    `small pack exact ${exact.makespanS} s (${exact.method}) vs heuristic ${heur.makespanS} s`);
  return [{
    name: 'disassembly_plan_200_components_ms',
    backend: 'cpu',
    value: ms,
    goal: '<= 1000',
    detail: {
      components: model.components.length,
      tasks: plan.search.tasks,
      makespanS: plan.makespanS,
      lowerBoundS: plan.lowerBoundS,
      gapPct: plan.gapPct,
      heuristicEvaluations: plan.search.heuristicEvaluations,
      smallExactMakespanS: exact.makespanS,
      smallHeuristicMakespanS: heur.makespanS,
      smallExactProven: exact.optimal ? 1 : 0,
    },
  }];
}
