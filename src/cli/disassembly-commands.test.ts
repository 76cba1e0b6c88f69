import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { generateDemoPassports } from '../passport/index.js';
import { CliError } from './io.js';
import { registerDisassemblyCommands } from './disassembly-commands.js';

const dir = mkdtempSync(join(tmpdir(), 'disassembly-cli-'));
const [passport] = generateDemoPassports({ count: 1, seed: 9, now: '2031-01-01T00:00:00Z', issuer: { did: 'did:web:m.example', role: 'manufacturer', name: 'M' } });
const passportPath = join(dir, 'passport.json');
writeFileSync(passportPath, JSON.stringify(passport));

async function run(args: string[]): Promise<string> {
  const p = new Command();
  p.exitOverride();
  registerDisassemblyCommands(p);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await p.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test('disassembly plan prints an ordered human/robot step list with timeline and totals', async () => {
  const out = await run(['disassembly', 'plan', '--passport', passportPath]);
  assert.match(out, /operator \+ robot/);
  assert.match(out, /robot +\S+ +deEnergise/);
  assert.match(out, /human .*removeCoolingPlate/);
  assert.match(out, /timeline 0 …/);
  assert.match(out, /makespan \d+ s .*(optimal|gap ≤ [\d.]+ %)/);
  assert.match(out, /cost EUR \d+\.\d\d \(labour/);
});

test('disassembly plan --json to cells without a robot; model round trip through --model', async () => {
  const plan = JSON.parse(await run(['disassembly', 'plan', '--passport', passportPath, '--depth', 'cells', '--robot', 'off', '--json']));
  assert.equal(plan.depth, 'cells');
  assert.ok(plan.steps.every((s: { resource: string }) => s.resource === 'human'));
  assert.ok(plan.steps.some((s: { step: string }) => s.step === 'removeCell'));
  const modelPath = join(dir, 'model.json');
  await run(['disassembly', 'model', '--passport', passportPath, '--out', modelPath]);
  const fromModel = JSON.parse(await run(['disassembly', 'plan', '--model', modelPath, '--depth', 'cells', '--robot', 'off', '--json']));
  assert.equal(fromModel.makespanS, plan.makespanS);
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  model.tasks[2].tool = 'hammer';
  writeFileSync(modelPath, JSON.stringify(model));
  await assert.rejects(run(['disassembly', 'plan', '--model', modelPath]), (e: unknown) => e instanceof CliError && /tasks\[2\]\.tool/.test((e as Error).message));
});
