/**
 * The HTML report: charts, tables and legal references are there, user text is escaped, an unbalanced batch says so,
 * and (when a Chromium is installed) axe-core finds no WCAG 2.1 A/AA violation and nothing overflows at 360 px.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { renderReportHtml } from './html-report.js';
import { batchDocument, yearDocument } from './report-document.js';
import { modelDocument } from './model-report.js';
import { exampleBatch, exampleOutputs } from './examples.js';
import { lotsFromBatch } from './material-lots.js';
import { lotSpecsFor } from './intake.js';
import { primaryLot } from './material-lots.js';
import { NOT_VERIFIED, REGULATORY_TARGETS } from './regulatory-targets.js';

const GENERATED = '2028-04-01T00:00:00Z';

function modelDoc() {
  const batch = exampleBatch('2028-03-15');
  const lots = [...lotsFromBatch(batch, lotSpecsFor(batch), batch.processedOn), primaryLot('P-Co', 'Co', 'CoSO4·7H2O', 300, 63, '2031-01-01'), primaryLot('P-Ni', 'Ni', 'NiSO4·6H2O', 500, 110, '2031-01-01')];
  const co = lots.find((l) => l.element === 'Co' && l.sourceBatchId)!;
  const ni = lots.find((l) => l.element === 'Ni' && l.sourceBatchId)!;
  return modelDocument({
    modelId: 'CF-NMC-75',
    placedOnMarketOn: '2031-09-01',
    uses: [{ lotId: co.lotId, elementMassKg: 12 }, { lotId: 'P-Co', elementMassKg: 48 }, { lotId: ni.lotId, elementMassKg: 10 }, { lotId: 'P-Ni', elementMassKg: 100 }],
    footprint: {
      lifetimeEnergyKWh: 150_000,
      contributions: [
        { stage: 'raw-material-acquisition-and-pre-processing', description: 'cathode materials', kgCO2e: 4200, source: 'supplier EPD 2030' },
        { stage: 'main-product-production', description: 'cells and pack', kgCO2e: 2500, source: 'plant LCA 2030' },
        { stage: 'distribution', description: 'sea and road', kgCO2e: 150, source: 'GLEC v3' },
        { stage: 'end-of-life-and-recycling', description: 'recycling credit', kgCO2e: -300, source: 'recycler EPD' },
      ],
      classThresholds: [{ label: 'A', maxPerKWh: 0.04 }, { label: 'B', maxPerKWh: 0.06 }],
    },
    endOfLife: { newBatteryProductionKgCO2e: 6700, routes: [
      { route: 'repurpose', processKgCO2e: 300, displacedNewBatteryShare: 0.6, materialCredits: [], source: 'study' },
      { route: 'recycling-hydro', processKgCO2e: 900, displacedNewBatteryShare: 0, materialCredits: [{ element: 'Ni', recoveredKg: 40, primaryKgCO2ePerKg: 13, source: 'ecoinvent 3.10' }], source: 'study' },
    ] },
  }, lots, GENERATED);
}

test('batch report HTML: three charts (efficiency vs target, recovery per element, mass in/out), captions, legal references', () => {
  const html = renderReportHtml(batchDocument(exampleBatch('2028-03-15'), GENERATED));
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.doesNotMatch(html, /<script|<link|src="http|href="http/i, 'self-contained, no script');
  const svgs = html.match(/<svg role="img" aria-label="[^"]+"/g) ?? [];
  assert.equal(svgs.length, 3);
  assert.match(svgs[0], /Recycling efficiency of batch B-2028-03-15: lithium-based 67\.1 % against a target of 65 %/);
  assert.match(svgs[1], /Material recovery .* Co 96\.1 % \(target 90 %\)/);
  assert.match(svgs[2], /Mass in and out per component/);
  assert.match(html, /stroke="#b3261e" stroke-width="2" stroke-dasharray="4 3"/, 'a target line is drawn');
  assert.equal((html.match(/<caption /g) ?? []).length, (html.match(/<table>/g) ?? []).length, 'every table has a caption');
  assert.match(html, /Regulation \(EU\) 2023\/1542, Art\. 71, Annex XII, Part B, point 2\(b\)/);
  assert.match(html, /Regulation \(EU\) 2023\/1542, Art\. 71, Annex XII, Part C, point 2/);
  assert.match(html, /No value was checked against the Official Journal text/);
  // the Part C 2031 step shows as next target, and its value is flagged as not confirmed by any source if so
  const co2031 = REGULATORY_TARGETS.find((t) => t.id === 'rec-Co-2031-12-31')!;
  assert.match(html, /rec-Co-2031-12-31/);
  if (co2031.verified === NOT_VERIFIED) assert.match(html, /Not confirmed by any source: <strong>[^<]*Co 95 % from 2031-12-31/);
});

test('year report lists batches left out; an unbalanced batch report names the element and shows no percentages', () => {
  const outs = exampleOutputs();
  outs.find((o) => o.fractionId === 'F-ni')!.componentsKg.Ni = 90;
  const bad = { ...exampleBatch('2028-05-01', outs), batchId: 'B-<bad>' };
  const html = renderReportHtml(batchDocument(bad, GENERATED));
  assert.match(html, /The batch does not balance/);
  assert.match(html, /output of Ni \(90\.000 kg\) exceeds input/);
  assert.doesNotMatch(html, /Recycling efficiency \(Annex XII Part B\)/);
  assert.match(html, /B-&lt;bad&gt;/, 'ids are escaped');
  assert.doesNotMatch(html, /B-<bad>/);
  const year = renderReportHtml(yearDocument([exampleBatch('2028-03-15'), bad], 2028, GENERATED));
  assert.match(year, /Batches left out/);
  assert.match(year, /<th scope="row">B-&lt;bad&gt;<\/th>/);
});

test('model report HTML: recycled content (pre/post vs Art. 8), lots traced, footprint per stage, provisional class, CO2 avoided', () => {
  const doc = modelDoc();
  const html = renderReportHtml(doc);
  assert.equal((html.match(/<svg role="img"/g) ?? []).length, 3);
  assert.match(html, /Recycled content of model CF-NMC-75: Co 0\.0 % pre-consumer and 20\.0 % post-consumer/);
  assert.match(html, /Regulation \(EU\) 2023\/1542, Art\. 8\(2\)/);
  assert.match(html, /LOT-B-2028-03-15-F-co-Co/);
  assert.match(html, /Performance class: <strong>B<\/strong> \(provisional/);
  assert.match(html, /0\.044 kg CO2e per kWh/);
  assert.match(html, /Regulation \(EU\) 2023\/1542, Art\. 7\(2\), Annex II/);
  assert.match(html, /CO2 avoided per end-of-life route: recycling-hydro -380 kg CO2e, repurpose 3720 kg CO2e|CO2 avoided per end-of-life route: repurpose 3720 kg CO2e, recycling-hydro -380 kg CO2e/);
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

test('axe-core: no WCAG 2.1 A/AA violations, no horizontal page scroll at 360 px', { skip: CHROMIUM ? false : 'no Chromium installed', timeout: 120_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    for (const [name, html] of [['batch', renderReportHtml(batchDocument(exampleBatch('2028-03-15'), GENERATED))], ['model', renderReportHtml(modelDoc())]] as const) {
      await page.setContent(html);
      await page.addScriptTag({ content: axe });
      // runs in the page; typed through globalThis because this project compiles without the DOM library
      const result = await page.evaluate(async () => {
        const g = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
        const r = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(result, [], `${name} report violations`);
      const widths = await page.evaluate(() => {
        const g = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
        return { doc: g.document.documentElement.scrollWidth, view: g.innerWidth };
      });
      assert.ok(widths.doc <= widths.view, `${name} report: page ${widths.doc} px wide in a ${widths.view} px viewport`);
    }
  } finally {
    await browser.close();
  }
});
