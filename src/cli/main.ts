/**
 * The `batteryloop` command. Offline commands (export/import, demo files, keys, tokens, verifying an events file)
 * call the same pure core as the HTTP API; online commands talk to a node.
 */
import { Command, Option } from 'commander';
import { registerPassportCommands } from './passport-commands.js';
import { registerDemoCommands } from './demo-commands.js';
import { registerIdentityCommands } from './identity-commands.js';
import { registerDataspaceCommands } from './dataspace-commands.js';
import { registerTwinCommands } from './twin-commands.js';
import { registerSohCommands } from './soh-commands.js';
import { registerLogisticsCommands } from './logistics-commands.js';
import { registerDisassemblyCommands } from './disassembly-commands.js';
import { registerRouteCommands } from './route-commands.js';
import { registerForecastCommands } from './forecast-commands.js';
import { registerComplianceCommands } from './compliance-commands.js';

const program = new Command();
program
  .name('batteryloop')
  .description('Battery Loop: EU battery passports (Reg. 2023/1542) in a federated dataspace')
  .version('0.1.0')
  .showHelpAfterError();

registerPassportCommands(program);
registerDemoCommands(program);
registerIdentityCommands(program);
registerDataspaceCommands(program);
registerTwinCommands(program);
registerSohCommands(program);
registerLogisticsCommands(program);
registerDisassemblyCommands(program);
registerRouteCommands(program);
registerComplianceCommands(program);
registerForecastCommands(program);

program
  .command('start')
  .description('run the local dataspace (one node per demo participant, embedded PGlite) — same as npm start')
  .addOption(new Option('--passports <n>', 'demo passports').default('24'))
  .action(async (o: { passports: string }) => {
    process.env.DEMO_PASSPORTS = o.passports;
    await import('../platform/start-local.js');
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
});
