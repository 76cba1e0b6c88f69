import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lotsFromBatch, primaryLot, LotError } from './material-lots.js';
import { recycledContent, RecycledContentError } from './recycled-content.js';
import { exampleBatch } from './examples.js';

const batch = exampleBatch('2031-03-01');
const recycled = lotsFromBatch(batch, [
  { fractionId: 'F-co', element: 'Co', compound: 'CoSO4·7H2O', massKg: 117, lotId: 'LOT-CO-1' },
  { fractionId: 'F-ni', element: 'Ni', compound: 'NiSO4·6H2O', massKg: 327, lotId: 'LOT-NI-1' },
  { fractionId: 'F-li', element: 'Li', compound: 'Li2CO3', massKg: 66.56, lotId: 'LOT-LI-1' },
], '2031-03-20');
const scrapCo = { ...primaryLot('LOT-CO-SCRAP', 'Co', 'CoSO4·7H2O', 20, 4, '2031-04-01'), origin: 'pre-consumer' as const, sourceBatchId: 'B-scrap', process: 'hydro' as const };
const lots = [
  ...recycled,
  scrapCo,
  primaryLot('LOT-CO-MINE', 'Co', 'Co(OH)2', 500, 300, '2031-01-01'),
  primaryLot('LOT-NI-MINE', 'Ni', 'NiSO4·6H2O', 5000, 1000, '2031-01-01'),
  primaryLot('LOT-LI-MINE', 'Li', 'Li2CO3', 1000, 187.8, '2031-01-01'),
];

test('lots from a batch carry element mass, origin, process and the passports they came from', () => {
  const co = recycled[0];
  assert.equal(co.elementMassKg, 24.5);
  assert.equal(co.origin, 'post-consumer');
  assert.equal(co.process, 'hydro');
  assert.equal(co.sourceBatchId, batch.batchId);
  assert.deepEqual(co.sourcePassportIds, ['urn:uuid:pp-0001', 'urn:uuid:pp-0002']);
  assert.throws(() => lotsFromBatch(batch, [{ fractionId: 'F-plastics', element: 'plastics', compound: 'PP', massKg: 40, lotId: 'x' }], '2031-03-20'), LotError);
  assert.throws(() => lotsFromBatch(batch, [
    { fractionId: 'F-co', element: 'Co', compound: 'a', massKg: 117, lotId: 'a' },
    { fractionId: 'F-co', element: 'Co', compound: 'b', massKg: 117, lotId: 'b' },
  ], '2031-03-20'), /already issued/);
});

test('recycled content per element with pre/post-consumer split, traced to lots, against Art. 8 on the market date', () => {
  const [r] = recycledContent([{
    modelId: 'MODEL-X',
    placedOnMarketOn: '2031-09-01',
    uses: [
      { lotId: 'LOT-CO-1', elementMassKg: 20 },
      { lotId: 'LOT-CO-SCRAP', elementMassKg: 4 },
      { lotId: 'LOT-CO-MINE', elementMassKg: 126 },
      { lotId: 'LOT-NI-1', elementMassKg: 30 },
      { lotId: 'LOT-NI-MINE', elementMassKg: 570 },
      { lotId: 'LOT-LI-1', elementMassKg: 5 },
      { lotId: 'LOT-LI-MINE', elementMassKg: 95 },
    ],
  }], lots);
  const s = Object.fromEntries(r.shares.map((x) => [x.element, x]));
  assert.equal(s.Co.totalKg, 150);
  assert.ok(Math.abs(s.Co.postConsumerPct! - (100 * 20) / 150) < 1e-9);
  assert.ok(Math.abs(s.Co.preConsumerPct! - (100 * 4) / 150) < 1e-9);
  assert.equal(s.Co.assessment.valuePct, 16); // (20+4)/150 = exactly the 16 % minimum
  assert.equal(s.Co.assessment.status, 'meets');
  assert.deepEqual(s.Co.recycledLots.map((l) => [l.lotId, l.sourceBatchId, l.origin]), [
    ['LOT-CO-1', batch.batchId, 'post-consumer'],
    ['LOT-CO-SCRAP', 'B-scrap', 'pre-consumer'],
  ]);
  assert.equal(s.Ni.assessment.valuePct, 5);
  assert.equal(s.Ni.assessment.status, 'below'); // 5 % < 6 %
  assert.equal(s.Li.assessment.valuePct, 5);
  assert.equal(s.Li.assessment.status, 'below'); // 5 % < 6 %
  assert.equal(s.Pb.assessment.status, 'no-input');
});

test('before 18 Aug 2031 there is no minimum yet; the 2036 step shows as next', () => {
  const [r] = recycledContent([{ modelId: 'M', placedOnMarketOn: '2030-01-01', uses: [{ lotId: 'LOT-CO-1', elementMassKg: 10 }] }], lots);
  const co = r.shares.find((x) => x.element === 'Co')!;
  assert.equal(co.assessment.valuePct, 100);
  assert.equal(co.assessment.status, 'no-target-yet');
  assert.equal(co.assessment.next?.valuePct, 16);
});

test('a lot cannot be drawn beyond its element mass, across models', () => {
  assert.throws(
    () => recycledContent([
      { modelId: 'A', placedOnMarketOn: '2032-01-01', uses: [{ lotId: 'LOT-CO-1', elementMassKg: 20 }] },
      { modelId: 'B', placedOnMarketOn: '2032-01-01', uses: [{ lotId: 'LOT-CO-1', elementMassKg: 5 }] },
    ], lots),
    (e: unknown) => e instanceof RecycledContentError && /LOT-CO-1: 25\.000 kg of Co drawn, lot holds 24\.500 kg/.test(e.message),
  );
  assert.throws(() => recycledContent([{ modelId: 'A', placedOnMarketOn: '2032-01-01', uses: [{ lotId: 'NOPE', elementMassKg: 1 }] }], lots), /unknown lot NOPE/);
});
