import type { Command } from 'commander';
import { runScenario } from './dataspace-scenario.js';
import { CliError, say, warn } from './io.js';

export function registerDataspaceCommands(program: Command): void {
  const ds = program.command('dataspace').description('the federated dataspace');
  ds.command('scenario')
    .description('play the demo batteries’ lives through fresh nodes over DSP and signed events; non-zero exit on any failure')
    .option('--passports <n>', 'demo passports', '6')
    .option('--seed <n>', 'seed', '20270218')
    .option('--json', 'print one JSON summary')
    .action(async (o: { passports: string; seed: string; json?: boolean }) => {
      const n = Number(o.passports);
      if (!Number.isInteger(n) || n < 1 || n > 200) throw new CliError('--passports must be 1..200');
      const s = await runScenario({ passports: n, seed: Number(o.seed), progress: (m) => warn(m) });
      if (o.json) say(JSON.stringify(s, null, 2));
      else {
        say(`${s.ok ? 'OK' : 'FAILED'}: ${s.passports} passports, ${s.eventsWritten} signed events, negotiations ${s.negotiations.finalized}/${s.negotiations.started} finalized, transfers ${s.transfers.completed}/${s.transfers.started} completed, ${s.agreementsReused} agreements reused, ${s.wallTimeMs} ms`);
        for (const f of s.failures) say(`  ${f}`);
      }
      if (!s.ok) process.exitCode = 1;
    });
}
