/** The seed's flow end to end on fresh nodes: every read over DSP, every write a signed event on the holder's node. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from './dataspace-scenario.js';

test('dataspace scenario: lives played through the participants end with linked successors and closed passports', async () => {
  const s = await runScenario({ passports: 2, seed: 7, progress: () => undefined });
  assert.deepEqual(s.failures, []);
  assert.equal(s.ok, true);
  assert.equal(s.participants.length, 9);
  assert.ok(s.negotiations.started > 0 && s.negotiations.finalized === s.negotiations.started, JSON.stringify(s.negotiations));
  assert.ok(s.transfers.started > 0 && s.transfers.completed === s.transfers.started, JSON.stringify(s.transfers));
  assert.ok(s.eventsWritten > 20);
  assert.equal(s.finalStatuses.closed, 1, 'the recycled battery’s passport is closed (Art. 77(6))');
  assert.equal(s.finalStatuses.repurposed, 2, 'the repurposed battery and its new linked passport (Art. 77(7))');
});
