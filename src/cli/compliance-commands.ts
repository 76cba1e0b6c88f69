/**
 * `batteryloop compliance …`: recycler batches → mass balance, Annex XII Part B recycling efficiency and Part C material
 * recovery against the targets in force on the processing date, as a report (JSON or CSV). Offline, from files.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, readJsonFile, writeJsonFile } from './io.js';
import { batchReport, exampleBatch, reportToCsv, yearReport, type RecyclerBatch } from '../compliance/core/index.js';

export function registerComplianceCommands(program: Command): void {
  const c = program.command('compliance').description('recycler batches: mass balance, recycling efficiency (Annex XII B), material recovery (Annex XII C), reports');

  c.command('example')
    .description('write an example recycler batch file (two NMC packs, hydrometallurgy) to start from')
    .requiredOption('--out <file>', 'where to write the batches JSON (an array)')
    .action((o: { out: string }) => {
      writeJsonFile(o.out, [exampleBatch()]);
      process.stdout.write(`wrote ${o.out}\n`);
    });

  c.command('report')
    .description('per-batch reports (and a yearly one with --year) as JSON, or CSV with --csv')
    .requiredOption('--batches <file>', 'JSON array of recycler batches')
    .option('--year <yyyy>', 'also the yearly report over batches processed in that year')
    .option('--csv <file>', 'write CSV here instead of printing JSON')
    .action((o: { batches: string; year?: string; csv?: string }) => {
      const raw = readJsonFile(o.batches);
      if (!Array.isArray(raw) || raw.length === 0) throw new CliError(`${o.batches}: expected a non-empty JSON array of batches`);
      const at = new Date().toISOString();
      const reports = [];
      for (const [i, b] of (raw as RecyclerBatch[]).entries()) {
        const missing = shapeErrors(b);
        if (missing.length) throw new CliError(`${o.batches}[${i}]: ${missing.join('; ')} (see \`batteryloop compliance example\` for the format)`);
        try {
          reports.push(batchReport(b, at));
        } catch (e) {
          throw new CliError(`${o.batches}[${i}]: ${(e as Error).message}`);
        }
      }
      if (o.year) {
        const y = Number(o.year);
        if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new CliError('--year must be a year like 2028');
        try {
          reports.push(yearReport(raw as RecyclerBatch[], y, at));
        } catch (e) {
          throw new CliError(`year ${y}: ${(e as Error).message}`);
        }
      }
      if (o.csv) {
        writeFileSync(o.csv, reportToCsv(reports));
        process.stdout.write(`wrote ${o.csv} (${reports.length} reports)\n`);
      } else process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
    });
}

/** The fields a batch must have before the calculations can say anything about it. */
function shapeErrors(b: unknown): string[] {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return ['a batch must be an object'];
  const x = b as Record<string, unknown>;
  const out: string[] = [];
  for (const k of ['batchId', 'recyclerId', 'processedOn'] as const) if (typeof x[k] !== 'string' || (x[k] as string).length === 0) out.push(`${k} is required (text)`);
  if (typeof x.processedOn === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(x.processedOn)) out.push('processedOn must be an ISO date (YYYY-MM-DD)');
  for (const k of ['intake', 'route', 'outputs'] as const) if (!Array.isArray(x[k]) || (x[k] as unknown[]).length === 0) out.push(`${k} is required (non-empty array)`);
  return out;
}
