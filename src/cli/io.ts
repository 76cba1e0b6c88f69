/** Small file helpers for the CLI: JSON in/out with errors a user can act on. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class CliError extends Error {}

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

export function writeInto(dir: string, name: string, value: unknown): string {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new CliError(`refusing unsafe file name ${name}`);
  const p = join(dir, name);
  writeJsonFile(p, value);
  return p;
}

export const say = (m: string) => process.stdout.write(`${m}\n`);
export const warn = (m: string) => process.stderr.write(`${m}\n`);
