/** The `batteryloop` command, run as a user runs it (a child process on bin/batteryloop.mjs). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { repoRoot } from '../../test/support/shared.js';
import { generateParticipantKeys } from '../dataspace/identity/index.js';
import { computeEventHash, nextLink, prepareEvent, signEvent, EXAMPLE_PAYLOADS, type StoredEvent } from '../history/core/index.js';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/batteryloop.mjs'), ...args], { encoding: 'utf8', cwd: repoRoot });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('demo passports → export → import with the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
  const r = cli('demo', 'passports', '--count', '3', '--out', join(dir, 'pp'));
  assert.equal(r.code, 0, r.err);
  const files = readdirSync(join(dir, 'pp'));
  assert.equal(files.length, 3);
  const ex = cli('passport', 'export', '--in', join(dir, 'pp', files[0]), '--format', 'idta', '--out', join(dir, 'idta'));
  assert.equal(ex.code, 0, ex.err);
  assert.ok(readdirSync(join(dir, 'idta')).includes('io.admin-shell.idta.batterypass.technical_data.json'));
  const im = cli('passport', 'import', '--format', 'idta', '--out', join(dir, 'back.json'), join(dir, 'idta'));
  assert.equal(im.code, 0, im.err);
  const bad = cli('passport', 'export', '--in', join(dir, 'nope.json'), '--format', 'idta', '--out', dir);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /cannot read/);
  const fmt = cli('passport', 'export', '--in', join(dir, 'pp', files[0]), '--format', 'xml', '--out', dir);
  assert.match(fmt.err, /--format must be one of/);
});

test('passport verify names the first bad event of an events file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-verify-'));
  const did = 'did:web:oem.cli.example';
  const k = generateParticipantKeys(did);
  const events: StoredEvent[] = [];
  let head: { seq: number; hash: string } | null = null;
  for (let i = 0; i < 5; i++) {
    const d = prepareEvent({ eventId: randomUUID(), batteryId: 'BL-CLI-1', type: 'operationalSnapshot', occurredAt: `2026-0${i + 1}-01T00:00:00Z`, author: { did, role: 'oem' }, payload: EXAMPLE_PAYLOADS.operationalSnapshot as never }, nextLink(head));
    assert.ok(d.ok);
    const s = await signEvent(d.envelope, k.privateJwk);
    const hash = computeEventHash(s);
    events.push({ ...s, hash });
    head = { seq: s.seq, hash };
  }
  writeFileSync(join(dir, 'keys.json'), JSON.stringify({ [did]: k.publicJwk }));
  writeFileSync(join(dir, 'good.json'), JSON.stringify({ items: events }));
  const ok = cli('passport', 'verify', '--events', join(dir, 'good.json'), '--keys', join(dir, 'keys.json'));
  assert.equal(ok.code, 0, ok.err + ok.out);
  assert.match(ok.out, /OK: 5 events/);
  const tampered = structuredClone(events);
  (tampered[2].payload as { stateOfHealthPct: number }).stateOfHealthPct = 99;
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ items: tampered }));
  const bad = cli('passport', 'verify', '--events', join(dir, 'bad.json'), '--keys', join(dir, 'keys.json'));
  assert.equal(bad.code, 2);
  assert.match(bad.out, /BROKEN at seq 2 .*altered/);
  const swapped = [events[0], events[2], events[1], events[3], events[4]];
  writeFileSync(join(dir, 'swapped.json'), JSON.stringify(swapped));
  const sw = cli('passport', 'verify', '--events', join(dir, 'swapped.json'), '--keys', join(dir, 'keys.json'));
  assert.equal(sw.code, 2);
  assert.match(sw.out, /reordered/);
});
