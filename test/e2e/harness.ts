/**
 * Browser test harness: the local dataspace as `npm start` runs it (its own ports, no vehicle fleet), the console
 * gateway serving the built web console, Debian's Chromium driven by playwright-core (never a downloaded browser),
 * axe-core for accessibility scans and screenshots under test-results/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalDataspace, type LocalDataspace } from '../../src/platform/local-dataspace.js';
import { startConsoleGateway, type ConsoleGateway } from '../../src/platform/console/gateway.js';
import { buildWeb, WEB_DIST } from '../../scripts/build-web.js';
import { repoRoot } from '../support/shared.js';

// the page's globals inside page.evaluate callbacks (this file compiles without the DOM lib)
declare const window: object;
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

export const CHROMIUM = '/usr/bin/chromium';

/** node:test `skip` value: a reason when Debian's Chromium is not installed (apt-get install chromium), else false. */
export const skipWithoutChromium: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium): browser tests skipped`;

export interface ConsoleWorld {
  consoleUrl: string;
  gatewayUrl: string;
  ds: LocalDataspace;
  gateway: ConsoleGateway;
  close(): Promise<void>;
}

export interface StartConsoleOptions {
  passports?: number;
  seed?: number;
  log?: (msg: string) => void;
}

/** Builds the console if needed, starts a local dataspace on free ports and the gateway in front of it. */
export async function startConsole(o: StartConsoleOptions = {}): Promise<ConsoleWorld> {
  const log = o.log ?? (() => undefined);
  await buildWeb({ log });
  const ds = await startLocalDataspace({ passports: o.passports ?? 4, seed: o.seed, basePort: 0, config: { logLevel: 'warn' }, logger: false, onProgress: log });
  try {
    const gateway = await startConsoleGateway({ nodes: ds.nodes, port: 0, webDist: WEB_DIST });
    return {
      consoleUrl: gateway.consoleUrl,
      gatewayUrl: gateway.url,
      ds,
      gateway,
      async close() {
        await gateway.close();
        await ds.close();
      },
    };
  } catch (e) {
    await ds.close();
    throw e;
  }
}

export function openBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** WCAG 2 A/AA rules that fail with impact serious or critical on the page as it is now. */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = (await page.evaluate(async () => {
    const axe = (window as { axe?: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe!;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact as string, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'screenshots');

/** Saves a full-page screenshot as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Whether the page scrolls sideways at its current viewport width (a layout that breaks on a narrow phone). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
