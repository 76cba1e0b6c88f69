/**
 * `npm run bench [-- --json] [--repeats N]`: every figure as a ratio against a ceiling measured in the same run,
 * medians over repeated runs, on PGlite and (when reachable) PostgreSQL. Not a test: machines are shared and noisy.
 */
import pg from 'pg';
import { benchAppend, benchPublicGet, type Figure } from './passport.js';
import { benchDsp } from './dataspace.js';
import { benchEkf } from './ekf.js';
import { benchTelemetry } from './telemetry.js';
import { benchDisassembly } from './disassembly.js';
import { benchSoh } from './soh.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const repeats = Number(args[args.indexOf('--repeats') + 1] ?? 0) || 5;
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (m: string) => (json ? process.stderr : process.stdout).write(`${m}\n`);

async function postgresReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const backends: ('pglite' | 'postgres')[] = ['pglite'];
  if (await postgresReachable(pgUrl)) backends.push('postgres');
  else log(`PostgreSQL not reachable at ${pgUrl}: PGlite figures only`);
  const figures: Figure[] = [];
  for (const b of backends) {
    log(`passport_public_get_vs_bare_http on ${b} (${repeats} runs)…`);
    figures.push(await benchPublicGet(b, pgUrl, repeats, log));
    log(`passport_public_get_uncached_vs_bare_http on ${b} (${repeats} runs)…`);
    figures.push(await benchPublicGet(b, pgUrl, repeats, log, { uncached: true }));
    log(`event_append_vs_raw_insert on ${b} (${repeats} runs)…`);
    figures.push(await benchAppend(b, pgUrl, repeats, 1000, log));
  }
  for (const b of backends) {
    log(`dsp negotiate+transfer between two nodes on ${b}…`);
    figures.push(...(await benchDsp(b, pgUrl, 100, [10, 25, 50], log)));
  }
  log('telemetry over MQTT through the estimators vs the raw broker…');
  figures.push(...(await benchTelemetry({ repeats, log })));
  log('disassembly planning of a 200-component pack…');
  figures.push(...(await benchDisassembly(log)));
  log('rapid SoH inference from a pulse test…');
  figures.push(...(await benchSoh(repeats, log)));
  log('ekf step, TypeScript vs C (gcc -O2)…');
  figures.push(...(await benchEkf(repeats, log)));
  if (json) {
    process.stdout.write(JSON.stringify({ repeats, figures }, null, 2) + '\n');
    return;
  }
  log('');
  log(`${'figure'.padEnd(44)}${'backend'.padEnd(10)}      median  goal     details (medians)`);
  for (const f of figures) {
    const det = Object.entries(f.detail).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(1)}`).join(' ');
    log(`${f.name.padEnd(44)}${f.backend.padEnd(10)}${(Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(3)).padStart(12)}  ${(f.goal ?? '').padEnd(8)} ${det}`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
