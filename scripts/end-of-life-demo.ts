/**
 * `npm run eol:demo`: the end-of-life figures issue 6 closes with, measured on the demo dataspace of `npm start`.
 * - the recommended route of every demo battery with its explanation (passport + the twin's latest State of Safety
 *   from the signed snapshots in its history, as a decision on the holder sees them);
 * - the disassembly planner's time on the largest demo pack, planned down to cells (median of 5 runs);
 * - the HiGHS lot allocation on 500 returned modules: value, optimality gap and solve time.
 * Writes docs/end-of-life-demo.md and prints the same.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalDataspace } from '../src/platform/local-dataspace.js';
import { DEFAULT_FACTORS, allocateLot, generateLot, recommend, routeInputFromPassport } from '../src/circularity/decision/index.js';
import { packModelFromPassport } from '../src/circularity/disassembly/core/template.js';
import { planDisassembly } from '../src/circularity/disassembly/core/plan.js';
import { repoRoot } from '../test/support/shared.js';

const out: string[] = [];
const say = (s = '') => {
  out.push(s);
  process.stdout.write(`${s}\n`);
};
const eur = (v: number | null) => (v === null ? '–' : `${v < 0 ? '−' : ''}€${Math.abs(v).toLocaleString('en-GB', { maximumFractionDigits: 0 })}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const passports = Number(process.env.DEMO_PASSPORTS ?? 24);
  process.stderr.write(`starting the local dataspace with ${passports} demo passports…\n`);
  const ds = await startLocalDataspace({ passports, basePort: 0, config: { logLevel: 'warn' }, onProgress: (m) => process.stderr.write(`  ${m}\n`) });
  try {
    const m = ds.nodes.manufacturer;
    const date = new Date().toISOString().slice(0, 10);
    say(`# End-of-life decisions on the demo dataspace`);
    say();
    say(`Measured ${new Date().toISOString()} with \`npm run eol:demo\` (${passports} demo passports, factors as of ${DEFAULT_FACTORS.asOf}, decision date ${date}).`);
    say();
    say('## Route per demo battery');
    say();
    say('| battery | chemistry | status | SoH % [interval] | SoS (driver) | route | score | net value | CO₂ avoided | binding constraint |');
    say('|---|---|---|---|---|---|---|---|---|---|');
    const explanations: string[] = [];
    const counts = new Map<string, number>();
    let largest: { id: string; components: number; model: ReturnType<typeof packModelFromPassport> } | null = null;
    for (const id of ds.passportIds) {
      const p = await m.passports.getFull(id);
      const model = packModelFromPassport(p);
      if (!largest || model.components.length > largest.components) largest = { id: p.batteryId, components: model.components.length, model };
      if (p.status === 'waste' || p.closed) {
        say(`| ${p.batteryId} | ${p.model.chemistry} | ${p.status}${p.closed ? ' (closed)' : ''} | – | – | already recycled | – | – | – | – |`);
        counts.set('already recycled', (counts.get('already recycled') ?? 0) + 1);
        continue;
      }
      if (p.status === 'repurposed' || p.status === 'remanufactured') {
        say(`| ${p.batteryId} | ${p.model.chemistry} | ${p.status} | – | – | continued in ${p.successorPassportIds?.join(', ') ?? 'a successor passport'} | – | – | – | – |`);
        counts.set(`already ${p.status}`, (counts.get(`already ${p.status}`) ?? 0) + 1);
        continue;
      }
      const snap = (await m.history.list(id, { type: 'operationalSnapshot', latest: true, limit: 1 })).at(-1)?.event as { occurredAt: string; payload: { stateOfSafety?: { score: number; driver: string } } } | undefined;
      const twinSos = snap?.payload.stateOfSafety ? { ...snap.payload.stateOfSafety, at: snap.occurredAt } : undefined;
      const r = recommend(routeInputFromPassport(p, { decisionDate: date, ...(twinSos ? { twinSos } : {}) }, DEFAULT_FACTORS), DEFAULT_FACTORS);
      const s = r.input.soh;
      counts.set(r.route ?? 'none', (counts.get(r.route ?? 'none') ?? 0) + 1);
      say(`| ${p.batteryId} | ${p.model.chemistry} | ${p.status} | ${s.pointPct.toFixed(1)} [${s.lowPct.toFixed(1)}, ${s.highPct.toFixed(1)}] | ${r.input.sos.score.toFixed(2)} (${r.input.sos.driver}) | ${r.route ?? 'none'} | ${eur(r.scoreEur)} | ${eur(r.netValueEur)} | ${(r.co2AvoidedKg ?? 0).toFixed(0)} kg | ${r.binding.text.replace(/\|/g, '/')} |`);
      explanations.push(`- **${p.batteryId}** → ${r.route ?? 'none'}: ${r.explanation.slice(2).join(' — ').replace(/\n/g, ' ')}`);
    }
    say();
    say(`Routes: ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}.`);
    say();
    say('### Explanations (value terms, runner-up, binding constraint, nearest flip, module plan)');
    say();
    for (const e of explanations) say(e);
    say();

    if (largest) {
      const times: number[] = [];
      let plan = planDisassembly(largest.model, { depth: 'cells', robot: true });
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        plan = planDisassembly(largest.model, { depth: 'cells', robot: true });
        times.push(performance.now() - t0);
      }
      say('## Disassembly planner on the largest demo pack');
      say();
      say(`${largest.id}: ${largest.components} components, planned to cells with a robot: ${plan.steps.length} steps, makespan ${(plan.makespanS / 60).toFixed(1)} min, gap to the lower bound ${plan.gapPct.toFixed(1)} % (${plan.method}${plan.optimal ? ', proven optimal' : ''}); planner time median ${median(times).toFixed(0)} ms over 5 runs (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}).`);
      say();
    }

    process.stderr.write('allocating a lot of 500 modules with HiGHS…\n');
    const lot = generateLot(500, 1);
    const a = await allocateLot(lot, DEFAULT_FACTORS, { timeLimitS: 30, mipRelGap: 0.001 });
    const recycled = [...a.assignment.values()].filter((v) => v === null).length;
    say('## Lot allocation: 500 returned modules');
    say();
    say(`${lot.demands.length} second-life projects; MILP ${a.variables} variables, ${a.constraints} constraints. Value ${eur(a.valueEur)} (greedy baseline ${eur(a.greedyValueEur)}, recycle everything ${eur(a.allRecycleValueEur)}); ${recycled} modules to recycling. Optimality gap ${a.gapPct.toFixed(3)} % against the HiGHS dual bound (status ${a.status}); solve time ${a.solveTimeS.toFixed(2)} s.`);
    writeFileSync(join(repoRoot, 'docs', 'end-of-life-demo.md'), `${out.join('\n')}\n`);
    process.stderr.write('wrote docs/end-of-life-demo.md\n');
  } finally {
    await ds.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
