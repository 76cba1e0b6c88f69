import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorkLoop } from './loop.js';

test('the work loop drains work without waiting, idles, wakes on demand and stops cleanly', async () => {
  let queue = 5;
  let ticks = 0;
  const loop = startWorkLoop({
    name: 't',
    idleWaitMs: 10_000,
    tick: async () => {
      ticks++;
      if (queue > 0) {
        queue--;
        return 1;
      }
      return 0;
    },
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(queue, 0, 'busy passes run back to back');
  const idleTicks = ticks;
  queue = 2;
  loop.wake();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(queue, 0, 'wake() ends the idle wait');
  assert.ok(ticks > idleTicks);
  const t0 = Date.now();
  await loop.stop();
  assert.ok(Date.now() - t0 < 1000, 'stop does not wait out the idle period');
});

test('errors back off and are reported, the loop keeps running', async () => {
  const errors: unknown[] = [];
  let n = 0;
  const loop = startWorkLoop({ name: 'e', idleWaitMs: 5, errorWaitMs: 5, onError: (e) => errors.push(e), tick: async () => { n++; if (n < 3) throw new Error('boom'); return 0; } });
  await new Promise((r) => setTimeout(r, 60));
  await loop.stop();
  assert.equal(errors.length, 2);
  assert.ok(n >= 3);
});

test('a wake during a running tick is not lost: the loop passes again instead of sleeping', async () => {
  let work = 0;
  let release: (() => void) | null = null;
  let ticks = 0;
  const loop = startWorkLoop({
    name: 'race',
    idleWaitMs: 60_000,
    tick: async () => {
      ticks++;
      const seen = work; // looks for work first, like a SELECT that runs before another request commits
      if (ticks === 1) await new Promise<void>((r) => (release = r));
      if (seen > 0) {
        work = 0;
        return 1;
      }
      return 0;
    },
  });
  await new Promise((r) => setTimeout(r, 20));
  work = 1; // committed after the first tick looked…
  loop.wake(); // …and announced while that tick still runs
  release!();
  await new Promise((r) => setTimeout(r, 50));
  const left = work;
  await loop.stop();
  assert.equal(left, 0, 'the new work was handled without waiting out the 60 s idle period');
});
