import type { Command } from 'commander';
import { generateDemoPassports } from '../passport/index.js';
import { CliError, say, writeInto } from './io.js';

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('demo data');
  demo
    .command('passports')
    .description("write the demo generator's native passports as files (<passportId>.json)")
    .requiredOption('--count <n>', 'how many passports')
    .requiredOption('--out <dir>', 'output directory')
    .option('--seed <n>', 'seed of the deterministic generator', '20270218')
    .option('--issuer <did>', 'issuer DID', 'did:web:passports.cellforge.example')
    .action((o: { count: string; out: string; seed: string; issuer: string }) => {
      const count = Number(o.count);
      if (!Number.isInteger(count) || count < 1 || count > 100000) throw new CliError('--count must be an integer from 1 to 100000');
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new CliError('--seed must be an integer');
      const list = generateDemoPassports({ count, seed, now: new Date().toISOString(), issuer: { did: o.issuer, role: 'manufacturer', name: 'Cellforge Batteries GmbH' } });
      for (const [i, p] of list.entries()) {
        writeInto(o.out, `${p.batteryId}.json`, p);
        if ((i + 1) % 500 === 0) say(`${i + 1}/${count}`);
      }
      say(`wrote ${list.length} passports to ${o.out}`);
    });
}
