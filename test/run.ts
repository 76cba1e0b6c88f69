/**
 * The one test entry (`npm test`): finds every `*.test.ts` under src/ and test/ and runs them with node:test
 * through tsx, spec reporter on stdout, so CI can read the summary (`# tests`, `# pass`, `# fail`).
 * Storage tests also run against PostgreSQL when TEST_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { repoRoot } from './support/shared.js';

function find(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = [...find(join(repoRoot, 'src')), ...find(join(repoRoot, 'test')), ...find(join(repoRoot, 'web', 'src'))]
  .map((f) => relative(repoRoot, f))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
console.log(`running ${files.length} test files${process.env.TEST_DATABASE_URL ? ' (storage tests also on PostgreSQL)' : ' (PGlite only: set TEST_DATABASE_URL for PostgreSQL)'}`);
// spec for people on stdout; TAP into a file so the last line can state the totals plainly for CI
const tapFile = join(mkdtempSync(join(tmpdir(), 'batteryloop-test-')), 'results.tap');
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, '--test-concurrency=2', ...files], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
child.on('exit', (code, signal) => {
  let summary = '';
  try {
    const tap = readFileSync(tapFile, 'utf8');
    const n = (k: string) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
    summary = `${n('pass')} passed, ${n('fail')} failed, ${n('skipped')} skipped (${n('tests')} tests)`;
  } catch {
    summary = 'no TAP summary was written';
  }
  console.log(summary);
  process.exit(code ?? (signal ? 1 : 0));
});
