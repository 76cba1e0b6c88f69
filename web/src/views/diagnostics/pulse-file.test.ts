import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curveOf, parsePulseFile, PulseFileError } from './pulse-file.js';

test('a raw pulse test with a header is read by column name, in any column order', () => {
  const f = parsePulseFile('# lab export\nvoltage_V,time_s,current_A\n3.70,0,0\n3.71,0.1,0\n3.80,0.2,10.5\n');
  assert.equal(f.kind, 'pulse');
  if (f.kind !== 'pulse') return;
  assert.deepEqual(f.timeS, [0, 0.1, 0.2]);
  assert.deepEqual(f.currentA, [0, 0, 10.5]);
  assert.deepEqual(f.voltageV, [3.7, 3.71, 3.8]);
});

test('without a header the columns are time, current, voltage; errors name the line', () => {
  const f = parsePulseFile('0;0;3.6\n0.1;1;3.7\n');
  assert.equal(f.kind, 'pulse');
  assert.throws(() => parsePulseFile('time_s,current_A,voltage_V\n0,0,3.6\n0.1,x,3.7\n'), (e: unknown) => e instanceof PulseFileError && /line 3/.test(e.message));
  assert.throws(() => parsePulseFile('0,0,3.6\n0,0,3.7\n'), /line 2: time 0 s does not increase/);
  assert.throws(() => parsePulseFile('a,b,c\n1,2,3\n2,3,4\n'), /expected columns/);
  assert.throws(() => parsePulseFile('\n\n'), /empty/);
});

test('a features row (U1..U21) is recognised with its chemistry and capacity', () => {
  const head = ['chem', 'Qn_Ah', ...Array.from({ length: 21 }, (_, i) => `U${i + 1}`)].join(',');
  const row = ['LMO', '10', ...Array.from({ length: 21 }, (_, i) => (3.6 + i / 100).toFixed(3))].join(',');
  const f = parsePulseFile(`${head}\n${row}\n`);
  assert.equal(f.kind, 'features');
  if (f.kind !== 'features') return;
  assert.equal(f.u.length, 21);
  assert.equal(f.u[20], 3.8);
  assert.equal(f.chem, 'LMO');
  assert.equal(f.nominalCapacityAh, 10);
  assert.throws(() => parsePulseFile('U1,U2\n1,2\n'), /no U3/);
});

test('the curve places the 21 features on the segments they were read from', () => {
  const seg = (kind: 'rest' | 'pulse', a: number, b: number) => {
    const timeS = [];
    for (let t = a; t <= b + 1e-9; t += 1) timeS.push(t);
    return { kind, cRate: kind === 'pulse' ? 1 : 0, startS: a, endS: b, timeS, voltageV: timeS.map((t) => 3.6 + t / 1000) };
  };
  const segments = [seg('rest', 0, 4)];
  let t = 5;
  for (let k = 0; k < 5; k++) {
    segments.push(seg('pulse', t, t + 2));
    segments.push(seg('rest', t + 3, t + 21));
    t += 22;
  }
  const u = Array.from({ length: 21 }, (_, i) => 4 + i);
  const c = curveOf(segments, u, { timeS: segments.flatMap((s) => s.timeS), currentA: segments.flatMap((s) => s.timeS.map(() => (s.kind === 'pulse' ? 5 : 0))) });
  const placed = c.features.map((v, i) => [c.x[i], v] as const).filter(([, v]) => v !== null);
  assert.equal(placed.length, 21);
  assert.deepEqual(placed[0], [4, 4], 'U1 at the end of the initial rest');
  assert.deepEqual(placed[1], [5, 5], 'U2 at the first sample of pulse 1');
  assert.deepEqual(placed[4], [26, 8], 'U5 at the end of the rest after pulse 1');
  assert.equal(c.current[c.x.indexOf(6)], 5);
  for (let i = 1; i < c.x.length; i++) assert.ok(c.x[i] > c.x[i - 1]);
});
