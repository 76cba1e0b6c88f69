/** `batteryloop logistics …` in process (the lead registers the command in main.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { registerLogisticsCommands } from './logistics-commands.js';

async function run(...args: string[]): Promise<{ out: string; code: number | undefined }> {
  const program = new Command().exitOverride();
  registerLogisticsCommands(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const before = process.exitCode;
  process.stdout.write = ((s: string) => { chunks.push(String(s)); return true; }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'batteryloop', ...args]);
  } finally {
    process.stdout.write = write;
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = before;
  return { out: chunks.join(''), code };
}

test('logistics classify prints the classification JSON', async () => {
  const r = await run('logistics', 'classify', '--sos', '0.3', '--driver', 'temperatureRise', '--events', 'thermalIncident', '--mass-kg', '450', '--purpose', 'recycling');
  const c = JSON.parse(r.out);
  assert.equal(c.unNumber, 'UN 3480');
  assert.equal(c.status, 'criticalDefect');
  assert.deepEqual(c.allowedPacking, ['LP906']);
  const v = JSON.parse((await run('logistics', 'classify', '--sos', '0.9', '--driver', 'resistanceGrowth', '--mass-kg', '450', '--in-vehicle')).out);
  assert.equal(v.unNumber, 'UN 3556');
});

test('logistics classify --packing refuses an unsafe choice with exit code 2', async () => {
  const r = await run('logistics', 'classify', '--sos', '0.3', '--driver', 'temperatureRise', '--events', 'thermalIncident', '--mass-kg', '30', '--packing', 'P908');
  assert.equal(r.code, 2);
  const j = JSON.parse(r.out);
  assert.equal(j.packingCheck.ok, false);
  assert.match(j.packingCheck.reason, /P911 or LP906 required/);
  await assert.rejects(run('logistics', 'classify', '--sos', '1.4', '--mass-kg', '30'), /--sos must be a number in \[0, 1\]/);
  await assert.rejects(run('logistics', 'classify', '--sos', '0.5', '--mass-kg', '30', '--events', 'meltdown'), /--events must be one of/);
});

test('logistics assign prints both scenarios and the comparison table', async () => {
  const r = await run('logistics', 'assign', '--scenario', 'both');
  assert.match(r.out, /scenario central:/);
  assert.match(r.out, /scenario decentral:/);
  assert.match(r.out, /UNASSIGNED 2 criticalDefect at Fleet depot München/);
  const table = r.out.split('\n').filter((l) => /^(central|decentral) +\d/.test(l));
  assert.equal(table.length, 2);
  const j = JSON.parse((await run('logistics', 'assign', '--scenario', 'decentral', '--json')).out);
  assert.equal(j.results.length, 1);
  assert.equal(j.comparison[0].unassigned, 0);
});
