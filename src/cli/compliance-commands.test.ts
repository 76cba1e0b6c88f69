import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerComplianceCommands } from './compliance-commands.js';

async function run(args: string[]): Promise<void> {
  const p = new Command().exitOverride();
  registerComplianceCommands(p);
  await p.parseAsync(['node', 'batteryloop', ...args]);
}

test('compliance CLI: example batch → CSV report with the targets in force; a malformed batch is named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-compliance-'));
  const batches = join(dir, 'batches.json');
  const out = join(dir, 'report.csv');
  await run(['compliance', 'example', '--out', batches]);
  await run(['compliance', 'report', '--batches', batches, '--year', '2026', '--csv', out]);
  const csv = readFileSync(out, 'utf8').trim().split('\n');
  assert.match(csv[0], /^scope,scope_id,category,metric,subject/);
  const eff = csv.find((l) => l.startsWith('batch,') && l.includes('recycling-efficiency'));
  assert.ok(eff && /,65,2025-12-31,meets,70,2030-12-31,/.test(eff), eff);
  assert.ok(csv.some((l) => l.startsWith('year,2026,')));
  writeFileSync(batches, JSON.stringify([{ batchId: 'B1' }]));
  await assert.rejects(run(['compliance', 'report', '--batches', batches]), /\[0\]: recyclerId is required.*intake is required/);
});
