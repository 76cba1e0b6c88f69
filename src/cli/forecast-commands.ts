/**
 * `batteryloop forecast …`: the returns forecast of a node's fleet twins (issue 7), read from a node over HTTP.
 * - `forecast returns`: monthly expected pack returns per site and chemistry with 80 % / 90 % intervals.
 * - `forecast hubs`: expected and P90 packs per month per hub, and the months where a hub runs out of capacity.
 * Authenticate with a participant key file (`--key`, a JWT is minted for the node's DID) or a bearer token (`--token`
 * or BATTERYLOOP_TOKEN, e.g. an API token of the node's operator).
 */
import type { Command } from 'commander';
import { CliError, say } from './io.js';
import { loadKeyFile, mintToken } from './identity-commands.js';

interface Common {
  node: string;
  key?: string;
  token?: string;
  horizonMonths: string;
  seed: string;
  json?: boolean;
}

function int(name: string, v: string, lo: number, hi: number): number {
  const x = Number(v);
  if (!/^\d+$/.test(v.trim()) || x < lo || x > hi) throw new CliError(`${name} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  return x;
}

async function bearer(o: Common): Promise<string> {
  const t = o.token ?? process.env.BATTERYLOOP_TOKEN;
  if (t) return t;
  if (!o.key) throw new CliError('give --key <keyfile> or --token <bearer> (or set BATTERYLOOP_TOKEN)');
  const res = await fetch(`${o.node.replace(/\/$/, '')}/.well-known/did.json`, { signal: AbortSignal.timeout(10_000) }).catch((e: Error) => {
    throw new CliError(`${o.node} unreachable: ${e.message}`);
  });
  if (!res.ok) throw new CliError(`${o.node}/.well-known/did.json: HTTP ${res.status}`);
  return mintToken(loadKeyFile(o.key), ((await res.json()) as { id: string }).id, 120);
}

async function getJson(o: Common, path: string, query: Record<string, string | undefined>): Promise<Record<string, unknown>> {
  const qs = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  const url = `${o.node.replace(/\/$/, '')}${path}?${qs}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${await bearer(o)}` }, signal: AbortSignal.timeout(120_000) });
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) {
    const errors = (body?.errors as { field: string; reason: string }[] | undefined)?.map((e) => `\n  ${e.field}: ${e.reason}`).join('') ?? '';
    throw new CliError(`${url}: HTTP ${res.status}${errors || ` ${String(body?.detail ?? '')}`}`);
  }
  return body ?? {};
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function withCommon(c: Command): Command {
  return c
    .requiredOption('--node <url>', 'node running the fleet twins (the OEM node), e.g. http://127.0.0.1:7102')
    .option('--key <keyfile>', 'participant key file (from `batteryloop identity init`)')
    .option('--token <bearer>', 'bearer token instead of a key file (or BATTERYLOOP_TOKEN)')
    .option('--horizon-months <n>', 'months from the current one, 1–120', '36')
    .option('--seed <n>', 'Monte Carlo seed (same seed and data, same figures)', '1')
    .option('--json', 'print the JSON answer');
}

export function registerForecastCommands(program: Command): void {
  const forecast = program.command('forecast').description('returns forecast from the fleet twins: end of first life → hub returns');

  withCommon(forecast.command('returns').description('monthly expected pack returns per site and chemistry, with 80 % / 90 % intervals'))
    .option('--site <site>', 'only this site')
    .option('--chemistry <chemistry>', 'only this chemistry (NMC, LFP, LMO)')
    .option('--per-battery', "each battery's EoL quantiles (operator only)")
    .action(async (o: Common & { site?: string; chemistry?: string; perBattery?: boolean }) => {
      const body = await getJson(o, '/api/forecast/returns', {
        horizonMonths: String(int('--horizon-months', o.horizonMonths, 1, 120)),
        seed: String(int('--seed', o.seed, 0, 2147483647)),
        site: o.site,
        chemistry: o.chemistry,
        perBattery: o.perBattery ? 'true' : undefined,
      });
      if (o.json) {
        say(JSON.stringify(body, null, 2));
        return;
      }
      type Row = { month: string; expected: number; lo80: number; hi80: number; lo90: number; hi90: number };
      type Cell = { site: string; chemistry: string; total: Omit<Row, 'month'>; months: Row[] };
      const cells = body.cells as Cell[];
      say(`returns forecast as of ${String(body.asOf)}: ${String(body.batteries)} batteries (basis ${JSON.stringify(body.basis)}), ${String(body.horizonMonths)} months from ${String(body.from)}, seed ${String(body.seed)}`);
      say('');
      say(`${'site'.padEnd(22)} ${'chemistry'.padEnd(9)} ${pad('expected', 9)} ${pad('80 %', 9)} ${pad('90 %', 9)}`);
      for (const c of cells) say(`${c.site.padEnd(22)} ${c.chemistry.padEnd(9)} ${pad(c.total.expected.toFixed(1), 9)} ${pad(`${c.total.lo80}–${c.total.hi80}`, 9)} ${pad(`${c.total.lo90}–${c.total.hi90}`, 9)}`);
      say('');
      say(`whole fleet per month:\n${'month'.padEnd(8)} ${pad('expected', 9)} ${pad('80 %', 7)} ${pad('90 %', 7)}`);
      for (const r of cells[0]?.months ?? []) say(`${r.month.padEnd(8)} ${pad(r.expected.toFixed(2), 9)} ${pad(`${r.lo80}–${r.hi80}`, 7)} ${pad(`${r.lo90}–${r.hi90}`, 7)}`);
      const per = body.perBattery as { batteryId: string; site: string; basis: string; origin: string; eolMonth: { p10: string; p50: string; p90: string } }[] | undefined;
      if (per) {
        say('');
        for (const b of per) say(`${b.batteryId.padEnd(28)} ${b.site.padEnd(16)} ${b.basis.padEnd(10)} EoL ${b.eolMonth.p10} / ${b.eolMonth.p50} / ${b.eolMonth.p90} (P10/P50/P90, age from ${b.origin})`);
      }
    });

  withCommon(forecast.command('hubs').description('expected and P90 packs per month per hub; months where a hub runs out of capacity'))
    .option('--no-baseline', "leave out the hubs' load from the network's other returns")
    .action(async (o: Common & { baseline: boolean }) => {
      const body = await getJson(o, '/api/forecast/hub-capacity', {
        horizonMonths: String(int('--horizon-months', o.horizonMonths, 1, 120)),
        seed: String(int('--seed', o.seed, 0, 2147483647)),
        baseline: o.baseline ? undefined : 'false',
      });
      if (o.json) {
        say(JSON.stringify(body, null, 2));
        return;
      }
      say(`hub needs from ${String(body.from)} for ${String(body.horizonMonths)} months (${String(body.batteries)} batteries; plan: ${String(body.plan)})`);
      for (const h of body.hubs as { hubId: string; name: string; horizonExpected: number; horizonP90: number; exceedingMonths: string[] }[]) {
        const over = h.exceedingMonths.length ? `over capacity (baseline + P90) in ${h.exceedingMonths.length} month(s): ${h.exceedingMonths.slice(0, 6).join(', ')}${h.exceedingMonths.length > 6 ? ', …' : ''}` : 'fits every month';
        say(`  ${h.hubId.padEnd(18)} expected ${h.horizonExpected.toFixed(1).padStart(7)}  P90 ${String(h.horizonP90).padStart(5)}  ${over}`);
      }
      for (const u of body.unmapped as { site: string; batteries: number; expected: number }[]) say(`  site ${u.site}: ${u.batteries} batteries, ${u.expected.toFixed(1)} expected, no hub in the plan`);
    });
}
