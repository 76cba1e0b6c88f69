/**
 * The console's working views in Chromium against a local dataspace, each as the participant who does the work:
 * the OEM's twin charts render from telemetry and are usable by keyboard; a testing facility uploads a pulse test
 * (a 115 000-sample file draws decimated to the pixel width, then a 100 Hz test gives SoH with its interval, and a
 * refusal shows next to its field); a remanufacturer sees the route, moves a what-if slider and carries out the
 * decision (the linked passport appears on the holder); a dismantler hands another battery to the recycler and
 * records an executed disassembly step (the signed events appear on the holder); a carrier classifies, plans and
 * picks up a shipment; a recycler takes a batch in through the form and sees the mass balance and the compliance
 * charts. Every view passes axe (WCAG 2 A/AA, serious or critical) and leaves a screenshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { axeScan, openBrowser, screenshot, skipWithoutChromium, startConsole, type ConsoleWorld } from './harness.js';
import { hasShared, sharedPath } from '../support/shared.js';
import { readPulseBatCsv } from '../../src/diagnostics/adapters/pulsebat.js';
import { synthesiseFromFeatures } from '../../src/diagnostics/core/synthetic.js';
import { DEFAULT_FACTORS, recommend, routeInputFromPassport } from '../../src/circularity/decision/index.js';
import { compositionFromPassport, DEFAULT_PACK_COMPOSITION, COMPONENTS } from '../../src/compliance/index.js';
import type { Passport } from '../../src/passport/index.js';

const ACT_AS = 'x-batteryloop-act-as';

function pulseCsv(s: { timeS: readonly number[]; currentA: readonly number[]; voltageV: readonly number[] }): string {
  const lines = ['time_s,current_A,voltage_V'];
  for (let i = 0; i < s.timeS.length; i++) lines.push(`${s.timeS[i].toFixed(4)},${s.currentA[i].toFixed(5)},${s.voltageV[i].toFixed(6)}`);
  return `${lines.join('\n')}\n`;
}

test('console working views in Chromium', { skip: skipWithoutChromium, timeout: 900_000 }, async (t) => {
  const world: ConsoleWorld = await startConsole({ passports: 16 });
  t.after(() => world.close());
  const browser: Browser = await openBrowser();
  t.after(() => browser.close());
  const m = world.ds.nodes.manufacturer;
  const open = (await m.passports.list({ limit: 100 })).items.filter((i) => !i.closed && (i.status === 'original' || i.status === 'reused'));
  assert.ok(open.length >= 4, `the demo has enough batteries still in their first life (${open.length})`);
  const full = new Map<string, Passport>();
  for (const i of open) full.set(i.batteryId, await m.passports.getFull(i.batteryId));
  const used = new Set<string>();
  const take = (pred: (p: Passport) => boolean = () => true) => {
    const p = [...full.values()].find((x) => !used.has(x.batteryId) && pred(x));
    if (p) used.add(p.batteryId);
    return p;
  };
  const gw = (node: string, path: string, actAs: string, init: RequestInit = {}) =>
    fetch(`${world.gatewayUrl}/n/${node}${path}`, { ...init, headers: { [ACT_AS]: actAs, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const events = async (batteryId: string, type: string) => ((await (await gw('manufacturer', `/api/passports/${encodeURIComponent(batteryId)}/events?type=${type}`, 'manufacturer')).json()) as { items: { type: string; author: { did: string }; payload: Record<string, unknown> }[] }).items;

  async function as(key: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => t.diagnostic(`page error: ${e.message}`));
    await page.goto(`${world.consoleUrl}#/signin`);
    await page.click(`[data-identity="${key}"]`);
    return page;
  }
  const go = (page: Page, hash: string) => page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  async function axeClean(page: Page, what: string) {
    const v = await axeScan(page);
    assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`);
    t.diagnostic(`screenshot: ${await screenshot(page, `views-${what}`)}`);
  }

  await t.test('twin: charts render from telemetry, the driving factor shows, keyboard reads the points', async () => {
    const p = take()!;
    const reg = await gw('oem', '/api/twin/batteries', 'oem', { method: 'POST', body: JSON.stringify({ batteryId: p.batteryId, participant: 'oem', chemistry: 'NMC', cellCapacityAh: 60, seriesCells: 96, parallelCells: 2, initialSoc: 0.7 }) });
    assert.equal(reg.status, 201, await reg.text());
    const t0 = Date.now() - 3 * 3600_000;
    const batches = 40;
    for (let seq = 0; seq < batches; seq++) {
      const hot = seq >= batches - 3;
      const samples = Array.from({ length: 30 }, (_, k) => ({ t: t0 + (seq * 30 + k) * 1000, i: seq % 4 === 3 ? -60 : 80, u: 96 * 3.7 - seq * 0.05 - k * 0.01, uMin: 3.66, uMax: 3.7, tMin: 24, tMax: hot ? 70 + k : 26 + seq * 0.1 }));
      const r = await gw('oem', `/api/twin/batteries/${encodeURIComponent(p.batteryId)}/telemetry`, 'oem', { method: 'POST', body: JSON.stringify({ v: 1, batteryId: p.batteryId, seq, samples }) });
      assert.equal(r.status, 200, await r.text());
    }
    const page = await as('oem');
    await go(page, `#/battery/manufacturer/${encodeURIComponent(p.batteryId)}/twin`);
    for (const id of ['twin-soc', 'twin-soh', 'twin-temp', 'twin-power', 'twin-sos']) await page.waitForSelector(`[data-testid="${id}-plot"] canvas`, { timeout: 30_000 });
    assert.match(await page.locator('[data-testid="twin-soc-summary"]').innerText(), new RegExp(`^${batches} points`));
    assert.match(await page.locator('[data-testid="twin-sos-driver"]').innerText(), /temperature/, 'the overheating batches drive the State of Safety');
    await page.locator('[data-testid="twin-soc-plot"]').focus();
    await page.keyboard.press('ArrowLeft');
    const said = page.locator('[data-testid="twin-soc"] [aria-live="polite"]');
    await page.waitForFunction((el) => !!el && /SoC \d/.test(el.textContent ?? ''), await said.elementHandle());
    t.diagnostic(`keyboard read-out: ${await said.innerText()}`);
    // legend entries are keyboard buttons that hide and show their series
    const entry = page.locator('[data-testid="twin-soc"] .u-legend .u-series[role="button"]').first();
    assert.ok((await entry.count()) > 0, 'the SoC chart has a legend entry');
    assert.equal(await entry.getAttribute('aria-pressed'), 'true');
    await entry.focus();
    await page.keyboard.press('Enter');
    assert.equal(await entry.getAttribute('aria-pressed'), 'false', 'Enter hides the series');
    await page.keyboard.press(' ');
    assert.equal(await entry.getAttribute('aria-pressed'), 'true', 'Space shows it again');
    await axeClean(page, 'twin');
    await page.context().close();
  });

  await t.test('diagnostics: a 115 000-sample test draws fast; SoH with its interval; a refusal sits at its field', { skip: hasShared ? false : '../shared absent: the pulse tests are built from PulseBat rows' }, async () => {
    const p = take()!;
    const row = readPulseBatCsv(sharedPath('datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv')).find((r) => r.chem === 'LMO' && r.socPct === 30)!;
    const page = await as('testingFacility');
    await go(page, `#/battery/manufacturer/${encodeURIComponent(p.batteryId)}/diagnostics`);
    const input = page.locator('[data-testid="diag-file-input"]');
    await input.waitFor();

    // 1 kHz logging: 115 001 samples, drawn decimated to the plot's width
    const big = pulseCsv(synthesiseFromFeatures(row.u, row.qnAh, { sampleRateHz: 1000 }));
    const t1 = Date.now();
    await input.setInputFiles({ name: 'pulse-1khz.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
    await page.waitForSelector('[data-testid="diag-upload-chart-plot"] canvas');
    const summary = await page.locator('[data-testid="diag-upload-chart-summary"]').innerText();
    const drawMs = Date.now() - t1;
    assert.match(summary, /^115,001 points/);
    t.diagnostic(`1 kHz upload: ${big.length} bytes parsed and drawn in ${drawMs} ms`);
    await page.locator('[data-testid="diag-upload-chart-plot"]').focus();
    const z0 = Date.now();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Home');
    t.diagnostic(`zoom in twice, pan, reset by keyboard: ${Date.now() - z0} ms`);

    // the 100 Hz test the protocol recommends goes to the node
    await input.setInputFiles({ name: 'pulse-100hz.csv', mimeType: 'text/csv', buffer: Buffer.from(pulseCsv(synthesiseFromFeatures(row.u, row.qnAh, { sampleRateHz: 100 }))) });
    await page.selectOption('[data-testid="diag-chem"] select', row.chem);
    await page.fill('[data-testid="diag-qn"] input', '');
    await page.click('[data-testid="diag-submit"]');
    const qnError = page.locator('[data-testid="diag-qn-error"]');
    await qnError.waitFor({ timeout: 30_000 });
    t.diagnostic(`refusal next to the capacity field: ${await qnError.innerText()}`);
    await page.fill('[data-testid="diag-qn"] input', String(row.qnAh));
    await page.click('[data-testid="diag-submit"]');
    await page.waitForSelector('[data-testid="soh-value"]', { timeout: 60_000 });
    const soh = Number((await page.locator('[data-testid="soh-value"]').innerText()).replace(/[^\d.]/g, ''));
    const [lo, hi] = ((await page.locator('[data-testid="soh-interval"]').innerText()).match(/[\d.]+/g) ?? []).map(Number);
    assert.ok(lo <= soh && soh <= hi, `SoH ${soh} within [${lo}, ${hi}]`);
    assert.ok(Math.abs(soh - row.soh * 100) < 10, `SoH ${soh} % vs measured ${row.soh * 100} %`);
    assert.match(await page.locator('[data-testid="soh-grade"]').innerText(), /^[ABCD]$/);
    await page.waitForSelector('[data-testid="diag-curve-plot"] canvas');
    await page.waitForSelector('[data-testid="soh-recorded"]');
    const tr = await events(p.batteryId, 'testResult');
    assert.equal(tr.length, 1, 'the signed test result is in the passport on the holder');
    assert.equal(tr[0].author.did, world.ds.nodes.testingFacility.identity.did);
    await axeClean(page, 'diagnostics');
    await page.context().close();
  });

  await t.test('decision: route, what-if, carried out into a linked passport', async () => {
    const executable = (p: Passport) => {
      try {
        const r = recommend(routeInputFromPassport(p, { decisionDate: new Date().toISOString().slice(0, 10) }, DEFAULT_FACTORS), DEFAULT_FACTORS, { whatIf: false });
        return r.evaluations.some((e) => e.feasible && (e.route === 'repurpose' || e.route === 'remanufacture'));
      } catch {
        return false;
      }
    };
    const p = take(executable);
    assert.ok(p, 'a demo battery that may be repurposed or remanufactured');
    const page = await as('remanufacturer');
    await go(page, `#/battery/manufacturer/${encodeURIComponent(p.batteryId)}/decision`);
    await page.waitForSelector('[data-testid="route-name"]', { timeout: 60_000 });
    const today = await page.locator('[data-testid="route-name"]').innerText();
    assert.notEqual(today.trim(), '');
    assert.ok((await page.locator('[data-testid="binding-constraint"]').innerText()).length > 20);
    await page.waitForSelector('[data-testid="decision-value-chart-svg"] rect');
    // what-if: the SoH slider moved to its lowest value by keyboard
    const slider = page.locator('[data-testid="lever-sohShift"] input[type="range"]');
    await slider.focus();
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid="route-baseline"]', { timeout: 30_000 });
    await page.locator('[data-testid="whatif-busy"]').waitFor({ state: 'detached', timeout: 30_000 });
    const shifted = await page.locator('[data-testid="route-name"]').innerText();
    t.diagnostic(`route today: ${today}; with SoH shifted down: ${shifted}`);
    assert.match(shifted, /recycle/, 'a pack 60 points weaker goes to recycling');
    // carry it out
    const route = (await page.locator('[data-testid="execute-route"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).find((v) => v === 'repurpose' || v === 'remanufacture');
    assert.ok(route, 'the node offers repurpose or remanufacture for this battery');
    await page.selectOption('[data-testid="execute-route"] select', route);
    const newId = await page.locator('[data-testid="execute-new-id"] input').inputValue();
    await page.click('[data-testid="execute-submit"]');
    await page.waitForSelector('[data-testid="execute-result"]', { timeout: 60_000 });
    assert.match(await page.locator('[data-testid="execute-result"]').innerText(), new RegExp(newId.replace(/[.:]/g, '\\$&')));
    const succ = await gw('manufacturer', `/api/passports/${encodeURIComponent(newId)}`, 'manufacturer');
    assert.equal(succ.status, 200, 'the linked successor passport exists on the holder');
    await axeClean(page, 'decision');
    await page.context().close();
  });

  await t.test('decision: a recycling route hands the battery to the recycler', async () => {
    const p = take()!;
    const page = await as('dismantler');
    await go(page, `#/battery/manufacturer/${encodeURIComponent(p.batteryId)}/decision`);
    await page.waitForSelector('[data-testid="route-name"]', { timeout: 60_000 });
    const recycle = (await page.locator('[data-testid="execute-route"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).find((v) => v?.startsWith('recycle'));
    assert.ok(recycle, 'a recycling route is feasible');
    await page.selectOption('[data-testid="execute-route"] select', recycle);
    await page.locator('[data-testid="execute-recycler"] select').waitFor();
    await page.click('[data-testid="execute-submit"]');
    await page.waitForSelector('[data-testid="execute-result"]', { timeout: 60_000 });
    assert.match(await page.locator('[data-testid="execute-result"]').innerText(), /handed to Hydromet/);
    const owner = await events(p.batteryId, 'ownershipChange');
    assert.equal((owner.at(-1)?.payload.toOwner as { did?: string } | undefined)?.did, world.ds.nodes.recycler.identity.did, 'the recycler owns the battery now');
    await page.context().close();
  });

  await t.test('disassembly: ordered human/robot steps with a timeline; an executed step recorded by keyboard', async () => {
    const p = take()!;
    const page = await as('dismantler');
    await go(page, `#/battery/manufacturer/${encodeURIComponent(p.batteryId)}/disassembly`);
    await page.waitForSelector('[data-testid="disassembly-steps"] li', { timeout: 60_000 });
    const resources = await page.locator('[data-testid="disassembly-steps"] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-resource')));
    assert.ok(resources.includes('human') && resources.includes('robot'), `steps by human and robot: ${resources.join(',')}`);
    await page.waitForSelector('[data-testid="disassembly-timeline"] svg rect');
    await page.locator('[data-testid="record-open-0"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="record-submit-0"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="step-recorded-0"]', { timeout: 60_000 });
    const steps = await events(p.batteryId, 'dismantlingStep');
    assert.equal(steps.length, 1);
    assert.equal(steps[0].author.did, world.ds.nodes.dismantler.identity.did);
    assert.equal(steps[0].payload.stepIndex, 0);
    await axeClean(page, 'disassembly');
    await page.context().close();
  });

  await t.test('logistics: classified, planned and picked up; the step is a signed event with its handling data', async () => {
    const p = take()!;
    const page = await as('logistics');
    await go(page, '#/section/shipments');
    await page.locator('[data-testid="ship-battery"] input').fill(p.batteryId);
    await page.getByLabel('Mass (kg)').fill(String(p.attributes.batteryMass ?? 400));
    await page.getByLabel('State of Safety (0–1)').fill('0.45');
    await page.getByLabel('crash').check();
    await page.click('[data-testid="classify"]');
    await page.waitForSelector('[data-testid="classification"]', { timeout: 30_000 });
    assert.match(await page.locator('[data-testid="classification"]').innerText(), /UN 3480.*class 9/s);
    await page.click('[data-testid="ship-submit"]');
    const card = page.locator('[data-testid="shipment-list"] article').first();
    await card.waitFor({ timeout: 30_000 });
    assert.match(await card.locator('[data-testid="shipment-hazard"]').innerText(), /UN 3480 class 9/);
    await card.getByRole('button', { name: 'Record pick-up' }).click();
    await card.locator('[data-testid="shipment-timeline"] li', { hasText: 'picked up' }).waitFor({ timeout: 60_000 });
    const shipmentId = (await card.getAttribute('data-testid'))!.replace(/^shipment-/, '');
    const picked = (await events(p.batteryId, 'shipmentPickedUp')).filter((e) => e.payload.shipmentId === shipmentId);
    assert.equal(picked.length, 1, `one pick-up event of ${shipmentId}`);
    assert.equal(picked[0].author.did, world.ds.nodes.logistics.identity.did);
    await axeClean(page, 'logistics');
    await page.context().close();
  });

  await t.test('recycler: batch through the form, mass balance and compliance charts', async (st) => {
    const probe = await gw('recycler', '/api/compliance/targets', 'recycler');
    if (probe.status === 404) {
      st.skip('the compliance routes are not served by the nodes yet (src/compliance/http not wired into node.ts)');
      return;
    }
    const p = take()!;
    const mass = p.attributes.batteryMass as number;
    const chem = p.model.chemistry;
    // outputs stay below what either composition the recycler may use (passport materials or the chemistry default) holds
    const fromPassport = compositionFromPassport(p);
    const def = DEFAULT_PACK_COMPOSITION[chem] ?? {};
    const share = (c: string) => Math.min((fromPassport.ok ? (fromPassport.composition as Record<string, number>)[c] : undefined) ?? Infinity, (def as Record<string, number>)[c] ?? Infinity);
    const recovered = COMPONENTS.filter((c) => Number.isFinite(share(c)) && share(c) > 0 && c !== 'electrolyte' && c !== 'other');
    const batch = {
      batchId: `B-E2E-${Date.now()}`,
      processedOn: new Date().toISOString().slice(0, 10),
      route: ['discharge', 'dismantling', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy'],
      intake: [{ batteryId: p.batteryId, origin: 'post-consumer' }],
      outputs: recovered.map((c, i) => ({ fractionId: `F-${i + 1}`, name: `${c} fraction`, massKg: Math.round(mass * share(c) * 0.9 * 1000) / 1000, componentsKg: { [c]: Math.round(mass * share(c) * 0.9 * 1000) / 1000 }, fate: c === 'plastics' ? 'energy-recovery' : 'recycled' })),
    };
    const page = await as('recycler');
    await go(page, '#/section/recycling');
    const file = page.locator('[data-testid="batch-file-input"]');
    await file.waitFor();
    await file.setInputFiles({ name: 'batch.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(batch)) });
    await page.waitForSelector(`[data-testid="output-row-${batch.outputs.length - 1}"]`);
    await page.click('[data-testid="batch-submit"]');
    await page.waitForSelector('[data-testid="mass-balance-status"]', { timeout: 60_000 });
    assert.match(await page.locator('[data-testid="mass-balance-status"]').innerText(), /^balanced/);
    await page.waitForSelector('[data-testid="batch-efficiency-chart-svg"] rect');
    await page.waitForSelector('[data-testid="batch-recovery-chart-svg"] rect');
    await page.waitForSelector('[data-testid="batch-mass-balance-chart-svg"] rect');
    await page.waitForSelector('[data-testid="compliance-efficiency-chart-svg"] rect', { timeout: 30_000 });
    assert.match(await page.locator('[data-testid="batch-efficiency-chart-svg"] desc').textContent() ?? '', /efficiency \d+(\.\d)? %/);
    await axeClean(page, 'recycler');
    await page.context().close();
  });
});
