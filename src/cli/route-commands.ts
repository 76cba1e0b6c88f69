/**
 * `batteryloop route` (end-of-life recommendation for one passport) and `batteryloop lot allocate` (second-life
 * allocation of a generated lot with the HiGHS MILP). Factors come from the dated defaults, optionally overridden
 * by a JSON file.
 */
import { type Command, Option } from 'commander';
import {
  DEFAULT_FACTORS,
  type DecisionFactors,
  type Recommendation,
  type RouteInputOverrides,
  allocateLot,
  generateLot,
  mergeFactors,
  recommend,
  routeInputFromPassport,
} from '../circularity/decision/index.js';
import { existsSync } from 'node:fs';
import type { Passport } from '../passport/index.js';
import { listHolderEvents, readHolderPassport } from '../history/index.js';
import { CliError, readJsonFile, say } from './io.js';
import { loadKeyFile } from './identity-commands.js';

/**
 * The passport and the twin's latest State of Safety from the holder's node, read as the key file's participant
 * (its role's tiers; an agreement must cover the battery when the holder requires one).
 */
async function fromHolder(batteryId: string, nodeUrl: string, keyPath: string): Promise<{ passport: Passport; twinSos?: { score: number; driver: string; at: string } }> {
  const key = loadKeyFile(keyPath);
  const res = await fetch(`${nodeUrl.replace(/\/$/, '')}/.well-known/did.json`).catch((e: Error) => {
    throw new CliError(`${nodeUrl} unreachable: ${e.message}`);
  });
  if (!res.ok) throw new CliError(`${nodeUrl}/.well-known/did.json: HTTP ${res.status}`);
  const holder = { url: nodeUrl, did: ((await res.json()) as { id: string }).id };
  const reader = { did: key.did, role: key.role, privateJwk: key.privateJwk };
  const p = await readHolderPassport(holder, reader, batteryId);
  if (!p.ok) throw new CliError(`passport ${batteryId} on ${nodeUrl}: ${p.reason}`);
  const ev = await listHolderEvents(holder, reader, batteryId, { type: 'operationalSnapshot', latest: true, limit: 1 });
  const last = ev.ok ? (ev.items.at(-1) as { occurredAt: string; payload: { stateOfSafety?: { score: number; driver: string } } } | undefined) : undefined;
  return { passport: p.passport as unknown as Passport, twinSos: last?.payload.stateOfSafety ? { ...last.payload.stateOfSafety, at: last.occurredAt } : undefined };
}

function loadFactors(path: string | undefined): DecisionFactors {
  if (!path) return DEFAULT_FACTORS;
  try {
    return mergeFactors(DEFAULT_FACTORS, readJsonFile(path), path);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}

const eur = (v: number) => `${v < 0 ? '−' : ''}€${Math.abs(v).toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function printRecommendation(r: Recommendation, verbose: boolean): void {
  say(`${r.batteryId}: recommended route ${r.route ?? 'none'}${r.scoreEur !== null ? ` (score ${eur(r.scoreEur)}, net ${eur(r.netValueEur ?? 0)}, ${(r.co2AvoidedKg ?? 0).toFixed(0)} kg CO₂e avoided)` : ''}`);
  say('');
  say(`${pad('route', 28)} ${pad('ok', 3)} ${lpad('net €', 9)} ${lpad('robust €', 9)} ${lpad('CO₂ kg', 7)} ${lpad('score €', 9)}  excluded because`);
  for (const e of r.evaluations) {
    say(`${pad(e.route, 28)} ${pad(e.feasible ? 'yes' : 'no', 3)} ${lpad(e.netValueEur.toFixed(0), 9)} ${lpad(e.netValueLowEur.toFixed(0), 9)} ${lpad(e.co2AvoidedKg.toFixed(0), 7)} ${lpad(e.scoreEur.toFixed(0), 9)}  ${e.exclusions[0] ?? ''}`);
  }
  const best = r.evaluations.find((e) => e.route === r.route);
  if (best) {
    say('');
    say(`contributions to ${best.route}:`);
    for (const c of best.contributions) say(`  ${pad(c.factor, 62)} ${lpad(eur(c.valueEur), 9)} ${lpad(c.co2AvoidedKg.toFixed(0), 6)} kg${verbose ? `  [${c.source}]` : ''}`);
  }
  say('');
  say(`binding constraint: ${r.binding.text}`);
  say('what-if (smallest change that flips the choice):');
  if (r.whatIf.length === 0) say('  none of the levers flips the choice within its range');
  for (const w of r.whatIf) say(`  ${w.text}`);
  say(`module plan: ${r.modulePlan.summary}`);
  if (verbose) for (const e of r.modulePlan.entries) say(`  ${pad(e.moduleId, 8)} ${pad(e.action, 10)} ${pad(e.destination ?? '-', 28)} ${e.reason}`);
  say('');
  for (const line of r.explanation.slice(0, 2)) say(line);
}

export function registerRouteCommands(program: Command): void {
  program
    .command('route')
    .description('end-of-life decision for one battery passport: re-use, repurpose, remanufacture or recycle (hydro/pyro/direct), with reasons')
    .requiredOption('--passport <id|file>', 'native passport JSON file (e.g. from `batteryloop demo passports`), or a battery id on --node')
    .option('--node <url>', "with a battery id: the passport holder's node (the twin's latest State of Safety is read there too)")
    .option('--key <keyfile>', 'with --node: your participant key file (from `batteryloop identity init`)')
    .option('--factors <file>', 'JSON overriding the dated default factors (prices, yields, thresholds)')
    .option('--overrides <file>', 'JSON RouteInputOverrides: measured module SoH/resistance, SoH interval, SoS, negative events, decisionDate')
    .option('--date <yyyy-mm-dd>', 'decision date (regulatory targets depend on it); default: the passport update date')
    .option('--verbose', 'print the source of every contribution and the per-module plan')
    .option('--json', 'print the full recommendation as JSON')
    .action(async (o: { passport: string; node?: string; key?: string; factors?: string; overrides?: string; date?: string; verbose?: boolean; json?: boolean }) => {
      const factors = loadFactors(o.factors);
      let passport: Passport;
      let twinSos: { score: number; driver: string; at: string } | undefined;
      if (existsSync(o.passport)) passport = readJsonFile(o.passport) as Passport;
      else {
        if (!o.node || !o.key) throw new CliError(`${o.passport} is not a file: to read battery ${o.passport} from its holder give --node <url> and --key <keyfile>`);
        ({ passport, twinSos } = await fromHolder(o.passport, o.node, o.key));
      }
      if (!passport || typeof passport !== 'object' || !passport.attributes || !passport.structure) throw new CliError(`${o.passport} is not a native passport (attributes and structure expected)`);
      const overrides = (o.overrides ? readJsonFile(o.overrides) : {}) as RouteInputOverrides;
      if (twinSos && !overrides.twinSos) overrides.twinSos = twinSos;
      if (o.date) overrides.decisionDate = o.date;
      let input;
      try {
        input = routeInputFromPassport(passport, overrides, factors);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      const r = recommend(input, factors);
      if (o.json) say(JSON.stringify({ input, recommendation: r }, null, 2));
      else printRecommendation(r, Boolean(o.verbose));
    });

  const lot = program.command('lot').description('batches of returned packs and modules');
  lot
    .command('allocate')
    .description('match a generated lot of returned modules to second-life projects versus recycling with a MILP (HiGHS)')
    .addOption(new Option('--modules <n>', 'modules in the lot').default('500'))
    .addOption(new Option('--seed <s>', 'seed of the lot generator').default('1'))
    .option('--factors <file>', 'JSON overriding the dated default factors')
    .addOption(new Option('--time-limit <s>', 'solver time limit, seconds').default('30'))
    .addOption(new Option('--gap <rel>', 'relative MIP gap at which HiGHS stops').default('0.001'))
    .option('--json', 'print the result as JSON')
    .action(async (o: { modules: string; seed: string; factors?: string; timeLimit: string; gap: string; json?: boolean }) => {
      const n = Number(o.modules);
      const seed = Number(o.seed);
      const timeLimitS = Number(o.timeLimit);
      const gap = Number(o.gap);
      if (!Number.isInteger(n) || n < 1 || n > 20000) throw new CliError('--modules must be an integer from 1 to 20000');
      if (!Number.isInteger(seed)) throw new CliError('--seed must be an integer');
      if (!(timeLimitS > 0) || !(gap >= 0 && gap < 1)) throw new CliError('--time-limit must be > 0 and --gap in [0, 1)');
      const factors = loadFactors(o.factors);
      const l = generateLot(n, seed);
      const r = await allocateLot(l, factors, { timeLimitS, mipRelGap: gap });
      if (o.json) {
        say(JSON.stringify({ ...r, assignment: Object.fromEntries(r.assignment), demands: l.demands }, null, 2));
        return;
      }
      say(`lot: ${n} modules (seed ${seed}), ${l.demands.length} second-life projects; MILP ${r.variables} variables, ${r.constraints} constraints`);
      for (const d of l.demands) {
        const got = r.check.delivered.find((x) => x.demandId === d.id);
        say(`  ${d.id} ${pad(d.name, 36)} ${lpad(d.energyKWh.toFixed(0), 5)} kWh ${lpad(d.powerKW.toFixed(0), 4)} kW ${pad(d.chemistries.join('/'), 8)} ${d.voltageMinV}–${d.voltageMaxV} V  ${got ? `delivered: ${got.modules} modules, ${got.energyKWh.toFixed(0)} kWh, ${got.powerKW.toFixed(0)} kW` : 'not served'}`);
      }
      const recycled = [...r.assignment.values()].filter((v) => v === null).length;
      say(`recycled: ${recycled} modules`);
      say(`value: ${eur(r.valueEur)} (greedy baseline ${eur(r.greedyValueEur)}, recycle everything ${eur(r.allRecycleValueEur)})`);
      say(`bounds: HiGHS MIP dual bound ${r.mipDualBoundEur === null ? 'n/a' : eur(r.mipDualBoundEur)}, LP relaxation ${eur(r.lpRelaxationBoundEur)}`);
      say(`gap: ${r.gapPct.toFixed(3)} % (solver status ${r.status}, ${r.nodes ?? 0} nodes), solve time ${r.solveTimeS.toFixed(2)} s (LP ${r.lpTimeS.toFixed(3)} s)`);
      say(`independent check: ${r.check.feasible ? 'feasible' : `INFEASIBLE: ${r.check.violations.slice(0, 3).join('; ')}`}`);
    });
}
