/**
 * The public passport page in a phone-sized Chromium (360 × 740), opened at the URL the battery's QR code carries, in
 * English and German (by `?lang=` and by the browser's Accept-Language): locale formatting, no sideways scrolling, no
 * serious or critical axe violation (WCAG 2 A/AA), and not one attribute above the public tier (Annex XIII(1)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeScan, horizontalOverflow, openBrowser, screenshot, skipWithoutChromium, startConsole, type ConsoleWorld } from './harness.js';

// the page's globals inside page.evaluate callbacks (this file compiles without the DOM lib)
declare const document: { activeElement: { textContent: string | null } | null };

interface CatalogueDef {
  key: string;
  tier: string;
  unit?: string;
}

test('public passport page in Chromium', { skip: skipWithoutChromium }, async (t) => {
  const world: ConsoleWorld = await startConsole({ passports: 4 });
  t.after(() => world.close());
  const browser: Browser = await openBrowser();
  t.after(() => browser.close());
  const m = world.ds.nodes.manufacturer;
  const battery = (await m.passports.list({ limit: 10 })).items.find((i) => !i.closed)!.batteryId;
  const qrUrl = `${m.url}/p/${encodeURIComponent(battery)}`;
  const publicDoc = (await (await fetch(`${m.url}/api/passports/${encodeURIComponent(battery)}`)).json()) as { attributes: Record<string, unknown> };
  const catalogue = ((await (await fetch(`${m.url}/api/catalogue`)).json()) as { attributes: CatalogueDef[] }).attributes;
  const tierOf = new Map(catalogue.map((d) => [d.key, d.tier]));

  const phone = (locale: string): Promise<BrowserContext> => browser.newContext({ viewport: { width: 360, height: 740 }, locale, deviceScaleFactor: 1 });

  await t.test('the QR code carries this page', async () => {
    const svg = await (await fetch(`${m.url}/api/passports/${encodeURIComponent(battery)}/qr.svg`)).text();
    assert.match(svg, /^<svg/);
    const res = await fetch(qrUrl);
    assert.equal(res.status, 200);
  });

  for (const lang of ['en', 'de'] as const) {
    await t.test(`${lang}: public tier only, formatted, 360 px wide, axe clean`, async () => {
      const ctx = await phone(lang === 'de' ? 'de-DE' : 'en-GB');
      try {
        const page = await ctx.newPage();
        const res = await page.goto(`${qrUrl}?lang=${lang}`);
        assert.equal(res?.status(), 200);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        // exactly the attributes of the public document, each of them public in the catalogue
        const shown = (await page.locator('[data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key') as string))).sort();
        assert.deepEqual(shown, Object.keys(publicDoc.attributes).sort());
        const above = shown.filter((k) => tierOf.get(k) !== 'public');
        assert.deepEqual(above, [], 'no attribute above the public tier');
        for (const fact of ['manufacturer', 'chemistry', 'capacity', 'voltages', 'carbon', 'recycled', 'dueDiligence', 'labels']) {
          assert.equal(await page.locator(`[data-fact="${fact}"]`).count(), 1, `fact ${fact}`);
        }
        assert.match((await page.locator('[data-fact="carbon"]').innerText()).trim(), lang === 'de' ? /Klasse [A-E]/ : /class [A-E]/);
        // a decimal value with its unit, and a date, as the language writes them
        const dec = catalogue.find((d) => d.tier === 'public' && ['kg', 'V', 'kWh', 'Ah'].includes(d.unit ?? '') && typeof publicDoc.attributes[d.key] === 'number' && !Number.isInteger(publicDoc.attributes[d.key]))!;
        const v = publicDoc.attributes[dec.key] as number;
        const cell = (await page.locator(`[data-key="${dec.key}"] td`).innerText()).replace(/\s/g, ' ');
        assert.equal(cell, `${lang === 'de' ? String(v).replace('.', ',') : String(v)} ${dec.unit}`);
        const date = await page.locator('[data-key="manufacturingDate"] td').innerText();
        assert.match(date, lang === 'de' ? /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}$/ : /^\d{1,2} [A-Z][a-z]+ \d{4}$/);
        assert.equal(await page.locator('img[src$="qr.svg"]').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), true, 'the QR image loads');
        assert.ok((await horizontalOverflow(page)) <= 0, 'no sideways scrolling at 360 px');
        const violations = await axeScan(page);
        assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
        const shot = await screenshot(page, `public-page-${lang}-360`);
        t.diagnostic(`screenshot: ${shot}`);
      } finally {
        await ctx.close();
      }
    });
  }

  await t.test('German from Accept-Language alone; the language switch is a keyboard-reachable link', async () => {
    const ctx = await phone('de-DE');
    try {
      const page = await ctx.newPage();
      await page.goto(qrUrl);
      assert.equal(await page.getAttribute('html', 'lang'), 'de');
      assert.match(await page.locator('h1').innerText(), /^Batteriepass/);
      // Tab from the top: the skip link first, then the language links
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Zu den Passdaten springen');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'English');
      await page.keyboard.press('Enter');
      await page.waitForURL(/lang=en/);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
    } finally {
      await ctx.close();
    }
  });
});
