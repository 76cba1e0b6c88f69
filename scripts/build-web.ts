/**
 * Builds the web console (web/ → web/dist) with Vite when the build is missing or older than any source file in web/.
 * `npm start` runs it first (prestart), and the browser tests call `buildWeb()` themselves. Concurrent callers (two
 * test files at once) take turns through a lock file, and the second one finds the build fresh.
 *
 *   tsx scripts/build-web.ts            build if stale
 *   tsx scripts/build-web.ts --force    always build
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = resolve(fileURLToPath(new URL('../web/', import.meta.url)));
export const WEB_DIST = join(WEB_ROOT, 'dist');

const SKIP = new Set(['dist', 'node_modules']);

/** Newest modification time (ms) of the console's sources: everything in web/ except its build output. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestSource(p) : st.mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or null when web/dist is up to date. */
export function staleReason(): string | null {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return 'web/dist is missing';
  const built = statSync(index).mtimeMs;
  const src = newestSource(WEB_ROOT);
  return src > built ? `sources changed since the last build (${new Date(src).toISOString()})` : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the lock; a lock whose process has died is taken over. */
async function lock(file: string, log: (m: string) => void): Promise<() => void> {
  let said = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (!said) log(`waiting for another build of the console (pid ${holder})…`);
      said = true;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export interface BuildWebOptions {
  force?: boolean;
  log?: (msg: string) => void;
}

/** Builds the console if needed; resolves to true when it built, false when web/dist was fresh. */
export async function buildWeb(o: BuildWebOptions = {}): Promise<boolean> {
  const log = o.log ?? ((m: string) => process.stdout.write(`${m}\n`));
  if (!o.force && staleReason() === null) return false;
  const release = await lock(join(WEB_ROOT, '.build.lock'), log);
  try {
    const reason = o.force ? 'forced' : staleReason();
    if (reason === null) return false;
    log(`building the web console (${reason})…`);
    const t0 = Date.now();
    const { build } = await import('vite');
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
    log(`web console built in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${WEB_DIST}`);
    return true;
  } finally {
    release();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWeb({ force: process.argv.includes('--force') }).then(
    (built) => {
      if (!built) process.stdout.write('web console is up to date (web/dist)\n');
    },
    (e: unknown) => {
      process.stderr.write(`web console build failed: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
