import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { hasShared, sharedPath } from '../../test/support/shared.js';
import { parseCsv, formatCsv } from '../diagnostics/adapters/csv.js';
import { readPulseBatCsv } from '../diagnostics/adapters/pulsebat.js';
import { synthesiseFromFeatures } from '../diagnostics/core/synthetic.js';
import { CliError } from './io.js';
import { predictCsv, registerSohCommands } from './soh-commands.js';

const dir = mkdtempSync(join(tmpdir(), 'soh-cli-'));
const skip = hasShared ? false : '../shared absent: real PulseBat rows are needed for the CLI round trip';

function program(): Command {
  const p = new Command();
  p.exitOverride();
  registerSohCommands(p);
  return p;
}

async function run(args: string[]): Promise<string> {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program().parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test('soh predict keeps row order, adds soh_pred/low/high and explains refused rows', { skip }, async () => {
  const rows = readPulseBatCsv(sharedPath('datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv'));
  const picked = [rows[0], rows[700], rows[2000], rows[3000]];
  const header = ['sample', 'chem', 'Qn_Ah', ...Array.from({ length: 21 }, (_, i) => `U${i + 1}`)];
  const body = picked.map((r, i) => [`s${i}`, r.chem, String(r.qnAh), ...r.u.map(String)]);
  body.splice(2, 0, ['bad-chem', 'NCA', '21', ...picked[0].u.map(String)]);
  body.push(['missing', 'NMC', '21', ...picked[0].u.slice(0, 20).map(String), '']);
  const inPath = join(dir, 'in.csv');
  const outPath = join(dir, 'out.csv');
  writeFileSync(inPath, formatCsv(header, body));
  const said = await run(['soh', 'predict', '--in', inPath, '--out', outPath]);
  assert.match(said, /4 of 6 rows predicted, 2 refused/);
  const out = parseCsv(readFileSync(outPath, 'utf8'));
  assert.deepEqual(out.header, [...header, 'soh_pred', 'soh_low', 'soh_high', 'soh_error']);
  assert.deepEqual(out.rows.map((r) => r[0]), ['s0', 's1', 'bad-chem', 's2', 's3', 'missing']);
  const col = (n: string) => out.header.indexOf(n);
  for (const [i, r] of [0, 1, 3, 4].map((k, j) => [k, picked[j]] as const)) {
    const pred = Number(out.rows[i][col('soh_pred')]);
    assert.ok(Math.abs(pred - r.soh) < 0.1, `row ${i}: ${pred} vs ${r.soh}`);
    assert.ok(Number(out.rows[i][col('soh_low')]) < pred && pred < Number(out.rows[i][col('soh_high')]));
    assert.equal(out.rows[i][col('soh_error')], '');
  }
  assert.equal(out.rows[2][col('soh_pred')], '');
  assert.match(out.rows[2][col('soh_error')], /unknown-chemistry/);
  assert.match(out.rows[5][col('soh_error')], /missing-feature: .*U21/);
});

test('soh predict: unreadable input or missing columns is a user error', () => {
  assert.throws(() => predictCsv(join(dir, 'nope.csv'), join(dir, 'x.csv')), CliError);
  const p = join(dir, 'cols.csv');
  writeFileSync(p, 'chem,Qn_Ah,U1\nNMC,21,3.6\n');
  assert.throws(() => predictCsv(p, join(dir, 'x.csv')), (e: Error) => e instanceof CliError && /U2/.test(e.message));
});

test('soh pulse prints the prediction for a raw time series, and a refusal as JSON', { skip }, async () => {
  const r = readPulseBatCsv(sharedPath('datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv')).find((x) => x.chem === 'LMO')!;
  const ts = synthesiseFromFeatures(r.u, r.qnAh);
  const path = join(dir, 'pulse.csv');
  writeFileSync(path, formatCsv(['time_s', 'current_A', 'voltage_V'], ts.timeS.map((t, i) => [t.toFixed(2), ts.currentA[i].toFixed(4), ts.voltageV[i].toFixed(5)])));
  const res = JSON.parse(await run(['soh', 'pulse', '--in', path, '--chem', 'LMO', '--qn-ah', String(r.qnAh)]));
  assert.equal(res.ok, true);
  assert.ok(Math.abs(res.sohPred - r.soh) < 0.1);
  assert.equal(res.u.length, 21);
  assert.ok(['A', 'B', 'C', 'D'].includes(res.grade));
  const refused = JSON.parse(await run(['soh', 'pulse', '--in', path, '--chem', 'LMO', '--qn-ah', String(2 * r.qnAh)]));
  assert.equal(refused.ok, false);
  assert.equal(refused.code, 'wrong-amplitude');
});

test('soh pulse: a non-positive --qn-ah is a user error', async () => {
  await assert.rejects(run(['soh', 'pulse', '--in', 'x.csv', '--chem', 'NMC', '--qn-ah', '0']), CliError);
});
