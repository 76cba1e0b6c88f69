import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applicableTarget, nextTarget, REGULATORY_TARGETS, NOT_VERIFIED, VERIFICATION_SOURCES, formatLegalRef } from './regulatory-targets.js';

test('every target has a legal reference, a date and a verified note', () => {
  for (const t of REGULATORY_TARGETS) {
    assert.match(t.appliesFrom, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(t.legalRef.article.startsWith('Art.'));
    assert.ok(t.verified === NOT_VERIFIED || Object.values(VERIFICATION_SOURCES).includes(t.verified as never), `${t.id}: a known verification note`);
  }
  // what could not be confirmed is said, entry by entry
  assert.deepEqual(REGULATORY_TARGETS.filter((t) => t.verified === NOT_VERIFIED).map((t) => t.id).sort(), ['rc-Pb-2036-08-18', 'rec-Co-2031-12-31', 'rec-Cu-2031-12-31', 'rec-Ni-2031-12-31', 'rec-Pb-2031-12-31']);
  assert.equal(new Set(REGULATORY_TARGETS.map((t) => t.id)).size, REGULATORY_TARGETS.length);
});

test('lithium-based Part B: none before 31 Dec 2025, 65 % then, 70 % from 31 Dec 2030', () => {
  assert.equal(applicableTarget('recycling-efficiency', 'lithium-based', '2025-12-30'), null);
  assert.equal(nextTarget('recycling-efficiency', 'lithium-based', '2025-12-30')?.valuePct, 65);
  assert.equal(applicableTarget('recycling-efficiency', 'lithium-based', '2025-12-31')?.valuePct, 65);
  assert.equal(applicableTarget('recycling-efficiency', 'lithium-based', '2030-12-30')?.valuePct, 65);
  assert.equal(applicableTarget('recycling-efficiency', 'lithium-based', '2030-12-31')?.valuePct, 70);
  assert.equal(nextTarget('recycling-efficiency', 'lithium-based', '2031-01-01'), null);
});

test('Part C Li 50 % from 31 Dec 2027 and 80 % from 31 Dec 2031; Co 90/95', () => {
  assert.equal(applicableTarget('material-recovery', 'Li', '2027-12-30'), null);
  assert.equal(applicableTarget('material-recovery', 'Li', '2028-01-01')?.valuePct, 50);
  assert.equal(applicableTarget('material-recovery', 'Li', '2032-01-01')?.valuePct, 80);
  assert.equal(applicableTarget('material-recovery', 'Co', '2028-01-01')?.valuePct, 90);
  assert.equal(applicableTarget('material-recovery', 'Co', '2031-12-31')?.valuePct, 95);
  assert.equal(formatLegalRef(applicableTarget('material-recovery', 'Co', '2031-12-31')!.legalRef),
    'Regulation (EU) 2023/1542, Art. 71, Annex XII, Part C, point 3');
});

test('Art. 8 recycled-content minimums from 18 Aug 2031 and 18 Aug 2036', () => {
  assert.equal(applicableTarget('recycled-content', 'Co', '2031-08-17'), null);
  assert.equal(applicableTarget('recycled-content', 'Co', '2031-08-18')?.valuePct, 16);
  assert.equal(applicableTarget('recycled-content', 'Ni', '2036-08-18')?.valuePct, 15);
  assert.equal(applicableTarget('recycled-content', 'Pb', '2040-01-01')?.valuePct, 85);
  assert.throws(() => applicableTarget('recycled-content', 'Co', '18/08/2031'), RangeError);
});
