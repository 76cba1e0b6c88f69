/**
 * The web console in Chromium against a local dataspace (the code path of `npm start`: its nodes, the console gateway,
 * the built console). Signed in as each demo identity, the battery view shows exactly the attributes the node returns
 * to that role; the list's filters agree with the API; the timeline shows each event's signature status and where a
 * tampered chain breaks; the dataspace section negotiates, transfers and lists the agreement. Every view is scanned
 * with axe (no serious or critical WCAG 2 A/AA violation) and photographed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { axeScan, horizontalOverflow, openBrowser, screenshot, skipWithoutChromium, startConsole, type ConsoleWorld } from './harness.js';

// the page's globals, as used inside page.evaluate / waitForFunction callbacks (this file compiles without the DOM lib)
declare const document: {
  activeElement: { getAttribute(name: string): string | null } | null;
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
};
declare const location: { hash: string };

interface Summary {
  batteryId: string;
  chemistry: string;
  sohPct?: number | null;
  manufacturingCountry?: string | null;
}

test('web console in Chromium', { skip: skipWithoutChromium }, async (t) => {
  const world: ConsoleWorld = await startConsole({ passports: 4 });
  t.after(() => world.close());
  const browser: Browser = await openBrowser();
  t.after(() => browser.close());
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page: Page = await ctx.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  const api = async <T>(node: string, path: string, actAs?: string): Promise<T> => {
    const res = await fetch(`${world.gatewayUrl}/n/${node}${path}`, { headers: actAs ? { 'x-batteryloop-act-as': actAs } : {} });
    assert.equal(res.ok, true, `${path} as ${actAs ?? 'public'}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const go = async (hash: string) => {
    await page.goto(`${world.consoleUrl}${hash}`);
  };
  const signInAs = async (key: string) => {
    await go('#/signin');
    await page.click(`[data-identity="${key}"]`);
    await page.waitForSelector(`[data-signed-in="${key}"]`);
    await page.waitForSelector('[data-count]');
  };
  const noSeriousViolations = async (what: string) => {
    const v = await axeScan(page);
    assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`);
  };
  const all = (await api<{ items: Summary[] }>('manufacturer', '/api/passports?limit=500', 'recycler')).items;
  const battery = all.find((b) => !b.batteryId.includes('.'))!.batteryId;
  const tampered = all.filter((b) => !b.batteryId.includes('.')).at(-1)!.batteryId;
  assert.notEqual(battery, tampered);

  await t.test('sign-in lists the demo identities and works from the keyboard', async () => {
    await go('');
    await page.waitForSelector('[data-identity]');
    const shown = await page.locator('[data-identity]').evaluateAll((els) => els.map((e) => e.getAttribute('data-identity')));
    assert.deepEqual(shown, [...world.gateway.participants.map((p) => p.key), 'public']);
    await noSeriousViolations('sign-in');
    await screenshot(page, 'console-signin');
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-identity'))) === 'oem') break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-identity')), 'oem', 'Tab reaches the identities');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-signed-in="oem"]');
  });

  await t.test('each identity sees exactly the attributes its node returns to it, with their tiers', async () => {
    const catalogue = (await api<{ attributes: { key: string; tier: string }[] }>('manufacturer', '/api/catalogue')).attributes;
    const tierOf = new Map(catalogue.map((d) => [d.key, d.tier]));
    const counts: Record<string, number> = {};
    for (const who of [...world.gateway.participants.map((p) => p.key), 'public']) {
      await signInAs(who);
      await go(`#/battery/manufacturer/${encodeURIComponent(battery)}`);
      await page.waitForSelector('[data-visible-count]');
      const rows = await page.locator('[data-attr-key]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-attr-key') as string, e.getAttribute('data-attr-tier') as string]));
      const doc = await api<{ attributes: Record<string, unknown> }>('manufacturer', `/api/passports/${encodeURIComponent(battery)}`, who === 'public' ? undefined : who);
      assert.deepEqual(rows.map(([k]) => k).sort(), Object.keys(doc.attributes).sort(), `${who}: shown = returned`);
      for (const [k, tier] of rows) assert.equal(tier, tierOf.get(k), `${who}: tier of ${k}`);
      counts[who] = rows.length;
      if (who === 'public' || who === 'recycler' || who === 'authority' || who === 'manufacturer') {
        await noSeriousViolations(`battery view as ${who}`);
        await screenshot(page, `console-battery-${who}`);
      }
    }
    assert.ok(counts.public < counts.recycler && counts.recycler < counts.manufacturer, `tiers widen: ${JSON.stringify(counts)}`);
    assert.ok(counts.authority > counts.public, 'the authority sees beyond the public tier');
    t.diagnostic(`attributes shown per identity: ${JSON.stringify(counts)}`);
  });

  await t.test('battery list: filters agree with the API, errors appear next to their field', async () => {
    await signInAs('recycler');
    const expectRows = async (hashQuery: string, apiQuery: string) => {
      const want = (await api<{ items: Summary[] }>('manufacturer', `/api/passports?limit=500&${apiQuery}`, 'recycler')).items.map((i) => i.batteryId).sort();
      await page.waitForFunction((q) => location.hash.includes(q), hashQuery);
      await page.waitForFunction((n) => document.querySelector('[data-count]')?.getAttribute('data-count') === String(n) && !document.querySelector('.progress'), want.length);
      const got = (await page.locator('tr[data-battery]').evaluateAll((els) => els.map((e) => e.getAttribute('data-battery') as string))).sort();
      assert.deepEqual(got, want, `${hashQuery}`);
      return want;
    };
    assert.equal(await page.locator('tr[data-battery]').count(), all.length);
    assert.deepEqual([...new Set(await page.locator('tr[data-battery]').evaluateAll((els) => els.map((e) => e.getAttribute('data-holder'))))], ['manufacturer']);
    await noSeriousViolations('battery list');
    await screenshot(page, 'console-list');

    await page.getByLabel('Chemistry').selectOption('LFP');
    const lfp = await expectRows('chemistry=LFP', 'chemistry=LFP');
    assert.ok(lfp.length > 0 && lfp.length < all.length, 'the chemistry filter narrows the list');
    await page.getByLabel('Chemistry').selectOption('');

    const sohs = all.map((b) => b.sohPct).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
    const [lo, hi] = [sohs[1], sohs[sohs.length - 2]];
    await page.getByLabel('from').fill(String(lo));
    await page.getByLabel('to', { exact: true }).fill(String(hi));
    const mid = await expectRows(`sohMax=${hi}`, `sohMin=${lo}&sohMax=${hi}`);
    assert.ok(mid.length > 0 && mid.length < all.length, 'the SoH range narrows the list');
    for (const s of await page.locator('tr[data-battery]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-soh'))))) assert.ok(s >= lo && s <= hi);
    await page.getByLabel('from').fill('');
    await page.getByLabel('to', { exact: true }).fill('');

    const country = all.find((b) => b.manufacturingCountry)!.manufacturingCountry as string;
    await page.getByLabel(/Made in/).fill(country);
    await expectRows(`location=${country}`, `location=${country}`);
    await page.getByLabel(/Made in/).fill('');

    // where the batteries are now, from their signed events (a dismantler looking for what sits at its site)
    const seen = (await api<{ items: (Summary & { lastLocation?: { countryCode: string } | null })[] }>('manufacturer', '/api/passports?limit=500', 'recycler')).items;
    const here = seen.find((b) => b.lastLocation)?.lastLocation?.countryCode;
    assert.ok(here, 'the demo histories name locations');
    await page.getByLabel(/Where it is now/).fill(here);
    const atHere = await expectRows(`at=${here}`, `at=${here}`);
    assert.ok(atHere.length > 0);
    await page.getByLabel(/Where it is now/).fill('');

    await page.getByLabel(/Search/).fill(battery.slice(3, 9));
    const found = await expectRows(`q=${encodeURIComponent(battery.slice(3, 9))}`, `q=${encodeURIComponent(battery.slice(3, 9))}`);
    assert.ok(found.includes(battery));
    await page.getByLabel(/Search/).fill('');

    await page.getByLabel('Holder').selectOption('recycler');
    await page.waitForFunction(() => location.hash.includes('holder=recycler') && document.querySelector('[data-count]')?.getAttribute('data-count') === '0');
    await page.getByLabel('Holder').selectOption('');

    // an inverted range: the node's 400 names querystring.sohMin, shown under that input
    await page.getByLabel('from').fill('90');
    await page.getByLabel('to', { exact: true }).fill('10');
    const err = page.locator('[data-field-error="sohMin"]');
    await err.waitFor();
    assert.match(await err.innerText(), /must not exceed sohMax/);
    assert.equal(await page.getByLabel('from').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[role="alert"]').count(), 0, 'a field error is not repeated in the alert region');
    await noSeriousViolations('battery list with a field error');
    await screenshot(page, 'console-list-field-error');

    // the public may not filter by status (legitimate-interest data): the reason appears at the status filter
    await signInAs('public');
    await page.getByLabel('Status').selectOption('waste');
    await page.locator('[data-field-error="status"]').waitFor();
    assert.match(await page.locator('[data-field-error="status"]').innerText(), /not available to your access tier/);
  });

  await t.test('the list holds at 360 px', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await go('#/batteries');
    await page.waitForSelector('[data-count]');
    assert.ok((await horizontalOverflow(page)) <= 0, 'no sideways scrolling of the page (tables scroll in their own region)');
    await screenshot(page, 'console-list-360');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await t.test('timeline: every event with its author and a verified signature', async () => {
    await signInAs('recycler');
    const events = (await api<{ items: { seq: number; author: { did: string } }[] }>('manufacturer', `/api/passports/${encodeURIComponent(battery)}/events`, 'recycler')).items;
    await go(`#/battery/manufacturer/${encodeURIComponent(battery)}/history`);
    await page.waitForSelector('[data-chain="verified"]');
    const sigs = await page.locator('li[data-signature]').evaluateAll((els) => els.map((e) => e.getAttribute('data-signature')));
    assert.equal(sigs.length, events.length);
    assert.ok(sigs.every((s) => s === 'verified'));
    const authors = new Set(events.map((e) => world.gateway.participants.find((p) => p.did === e.author.did)?.name));
    for (const name of authors) assert.ok(name && (await page.getByText(`by ${name}`).count()) > 0, `author ${name} is named`);
    await noSeriousViolations('timeline');
    await screenshot(page, 'console-timeline');
  });

  await t.test('timeline: a tampered event is shown broken, and where the chain breaks', async () => {
    const db = world.ds.nodes.manufacturer.db;
    await db.query(`UPDATE history_events SET event = jsonb_set(event, '{occurredAt}', to_jsonb('2001-01-01T00:00:00.000Z'::text)) WHERE battery_id = $1 AND seq = 2`, [tampered]);
    await go(`#/battery/manufacturer/${encodeURIComponent(tampered)}/history`);
    await page.waitForSelector('[data-chain="broken"]');
    const sigs = await page.locator('li[data-signature]').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-seq')), e.getAttribute('data-signature')] as const));
    for (const [seq, sig] of sigs) assert.equal(sig, seq < 2 ? 'verified' : seq === 2 ? 'broken' : 'unverified', `event ${seq}`);
    assert.match(await page.locator('[data-chain]').innerText(), /Chain broken at event 2/);
    await noSeriousViolations('broken timeline');
    await screenshot(page, 'console-timeline-broken');
  });

  await t.test('pack → module → cell tree, opened from the keyboard', async () => {
    const doc = await api<{ structure: { children: { id: string; children: unknown[] }[] } }>('manufacturer', `/api/passports/${encodeURIComponent(battery)}`, 'recycler');
    await go(`#/battery/manufacturer/${encodeURIComponent(battery)}/structure`);
    await page.waitForSelector('[data-kind="module"]');
    assert.equal(await page.locator('[data-kind="module"]').count(), doc.structure.children.length);
    const first = doc.structure.children[0];
    await page.locator(`[data-node="${first.id}"] > details > summary`).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-node="${first.id}"] [data-kind="cell"]`);
    assert.equal(await page.locator(`[data-node="${first.id}"] [data-kind="cell"]`).count(), first.children.length);
    await noSeriousViolations('structure');
    await screenshot(page, 'console-structure');
  });

  await t.test('dataspace: fetch another participant’s data with progress, then the agreement is listed', async () => {
    await signInAs('recycler');
    await go('#/dataspace');
    await page.waitForSelector('[data-agreements]');
    await page.getByRole('button', { name: 'Browse catalog' }).click();
    await page.waitForSelector('[data-asset]');
    const asset = `urn:batteryloop:passport:${battery}:legitimateInterest`;
    // the negotiation, transfer and pull take a moment: a progress indicator names what is going on
    await Promise.all([page.waitForSelector('[role="status"].progress:has-text("Negotiating a contract")'), page.locator(`tr[data-asset="${asset}"] button`).click()]);
    await page.waitForSelector(`[data-fetched="${asset}"]`, { timeout: 40_000 });
    const agreements = (await api<{ items: { id: string; assetId: string }[] }>('recycler', '/api/dataspace/agreements', 'recycler')).items;
    assert.ok(agreements.some((a) => a.assetId === asset));
    await page.waitForFunction((n) => document.querySelector('table[data-agreements]')?.getAttribute('data-agreements') === String(n), agreements.length);
    const shown = await page.locator('tr[data-agreement]').evaluateAll((els) => els.map((e) => e.getAttribute('data-agreement')));
    assert.deepEqual(shown.sort(), agreements.map((a) => a.id).sort());
    assert.ok((await page.locator('[data-process="negotiation"][data-state="FINALIZED"]').count()) >= 1, 'the negotiation is listed with its state');
    assert.ok((await page.locator('[data-process="transfer"]').count()) >= 1, 'the transfer is listed');
    await noSeriousViolations('dataspace');
    await screenshot(page, 'console-dataspace');
  });

  await t.test('no script error on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
