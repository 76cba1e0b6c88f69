/**
 * Load generation for HTTP figures: autocannon in a child process, so the server under test keeps its own core on a
 * 2-core machine and both sides of every ratio see the same generator.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '../test/support/shared.js';

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export function autocannon(url: string, opts: { connections?: number; durationS?: number } = {}): Promise<LoadResult> {
  const bin = resolve(repoRoot, 'node_modules/autocannon/autocannon.js');
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [bin, '-c', String(opts.connections ?? 10), '-d', String(opts.durationS ?? 4), '-j', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
      ok({ reqPerSec: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    });
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
