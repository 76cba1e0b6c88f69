/**
 * The one test entry (`npm test`): finds every `*.test.ts` under src/ and test/ and runs them with node:test
 * through tsx, spec reporter on stdout, so CI can read the summary (`# tests`, `# pass`, `# fail`).
 * Storage tests also run against PostgreSQL when TEST_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
const files = [...find(join(repoRoot, 'src')), ...find(join(repoRoot, 'test'))]
  .map((f) => relative(repoRoot, f))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
console.log(`running ${files.length} test files${process.env.TEST_DATABASE_URL ? ' (storage tests also on PostgreSQL)' : ' (PGlite only: set TEST_DATABASE_URL for PostgreSQL)'}`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
