/**
 * `npm run screenshots`: the README's pictures, taken in Debian Chromium from the console and the public page of a
 * local dataspace (the same code path as `npm start`). Writes docs/screenshots/*.png at fixed viewports.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, skipWithoutChromium, startConsole } from '../test/e2e/harness.js';
import { repoRoot } from '../test/support/shared.js';

async function main() {
  if (skipWithoutChromium) throw new Error(skipWithoutChromium);
  const dir = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const world = await startConsole({ passports: 8, log: (m) => process.stderr.write(`  ${m}\n`) });
  const browser = await openBrowser();
  try {
    const m = world.ds.nodes.manufacturer;
    const first = (await m.passports.list({ limit: 1 })).items[0];
    const id = encodeURIComponent(first.batteryId);

    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: 'de-DE' });
    const pp = await phone.newPage();
    await pp.goto(`${m.url}/p/${id}?lang=de`);
    await pp.screenshot({ path: join(dir, 'public-page-de.png') });
    await phone.close();

    const desk = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await desk.newPage();
    await page.goto(`${world.consoleUrl}#/signin`);
    await page.click('[data-identity="remanufacturer"]');
    await page.waitForSelector('table, [data-testid]');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(dir, 'console-batteries.png') });
    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#/battery/manufacturer/${id}/decision`);
    await page.waitForSelector('[data-testid^="decision"]', { timeout: 30_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(dir, 'console-decision.png') });
    await desk.close();
    process.stderr.write(`wrote ${dir}/{public-page-de,console-batteries,console-decision}.png\n`);
  } finally {
    await browser.close();
    await world.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
