import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchReport, yearReport, reportToCsv, CSV_COLUMNS } from './report.js';
import { exampleBatch, exampleOutputs } from './examples.js';

/** Minimal RFC 4180 splitter for the assertions (quoted fields may contain commas). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q && ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
    else if (ch === '"') q = !q;
    else if (ch === ',' && !q) { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

test('batch report: balance row, one efficiency row, five recovery rows; CSV header and cells', () => {
  const rep = batchReport(exampleBatch('2028-03-15'), '2028-04-01T00:00:00Z');
  assert.equal(rep.balanced, true);
  assert.deepEqual(rep.rows.map((r) => `${r.metric}:${r.subject}`), [
    'mass-balance:total', 'recycling-efficiency:lithium-based',
    'material-recovery:Co', 'material-recovery:Cu', 'material-recovery:Ni', 'material-recovery:Pb', 'material-recovery:Li',
  ]);
  const lines = reportToCsv([rep]).trimEnd().split('\n');
  assert.equal(lines[0], CSV_COLUMNS.join(','));
  assert.equal(lines.length, 1 + rep.rows.length);
  const rows = lines.slice(1).map(splitCsvLine);
  for (const r of rows) assert.equal(r.length, CSV_COLUMNS.length);
  const col = (r: string[], name: (typeof CSV_COLUMNS)[number]) => r[CSV_COLUMNS.indexOf(name)];
  const eff = rows[1];
  assert.equal(col(eff, 'value_pct'), ((100 * 570) / 850).toFixed(3));
  assert.equal(col(eff, 'target_pct'), '65');
  assert.equal(col(eff, 'status'), 'meets');
  assert.equal(col(eff, 'legal_ref'), 'Regulation (EU) 2023/1542, Art. 71, Annex XII, Part B, point 2(b)');
  const co = rows[2];
  assert.equal(col(co, 'target_pct'), '90');
  assert.equal(col(co, 'next_target_pct'), '95');
  assert.equal(col(co, 'next_applies_from'), '2031-12-31');
  assert.match(col(rows[0], 'note'), /2 indicative default/);
});

test('unbalanced batch: one row naming the element, no percentages; year report excludes it', () => {
  const outs = exampleOutputs();
  outs.find((o) => o.fractionId === 'F-ni')!.componentsKg.Ni = 90;
  const bad = exampleBatch('2028-05-01', outs);
  bad.batchId = 'B-bad';
  const rep = batchReport(bad, '2028-06-01T00:00:00Z');
  assert.equal(rep.balanced, false);
  assert.equal(rep.rows.length, 1);
  assert.equal(rep.rows[0].status, 'unbalanced');
  assert.match(rep.rows[0].note, /output of Ni \(90\.000 kg\) exceeds input \(76\.500 kg\)/);
  assert.match(reportToCsv([rep]), /"[^"]*output of Ni/); // note with commas/parentheses survives CSV quoting

  const year = yearReport([exampleBatch('2028-03-15'), bad], 2028, '2029-01-05T00:00:00Z');
  assert.deepEqual(year.excludedBatches.map((b) => b.batchId), ['B-bad']);
  assert.equal(year.efficiency[0].inputKg, 850);
  assert.equal(year.rows[0].scope, 'year');
});
