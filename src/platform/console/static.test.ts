/** Serving the built console: content types, cache headers, SPA fallback, and nothing outside the build directory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { registerProblemHandler } from '../errors.js';
import { consoleStaticPlugin } from './static.js';

test('console static files', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-console-'));
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'assets', 'index-AbC123xy.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'index-Zz9_8-7q.css'), 'body{}');
  writeFileSync(join(dist, 'logo.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the build');
  const app = Fastify({ logger: false });
  registerProblemHandler(app);
  await app.register(consoleStaticPlugin, { root: dist });
  t.after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const get = (url: string) => app.inject({ method: 'GET', url });

  await t.test('index.html at /console/ and for any route without an extension, revalidated every time', async () => {
    for (const url of ['/console/', '/console/batteries', '/console/battery/manufacturer/BL-1']) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /<title>console/);
    }
    const bare = await get('/console');
    assert.equal(bare.statusCode, 301);
    assert.equal(bare.headers.location, '/console/');
  });

  await t.test('hashed assets are immutable, other files revalidated; types by extension', async () => {
    const js = await get('/console/assets/index-AbC123xy.js');
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const css = await get('/console/assets/index-Zz9_8-7q.css');
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const svg = await get('/console/logo.svg');
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
    assert.equal(svg.headers['cache-control'], 'no-cache');
    assert.equal(svg.headers['x-content-type-options'], 'nosniff');
  });

  await t.test('a missing file is a 404, and no path leaves the build directory', async () => {
    const missing = await get('/console/assets/gone-12345678.js');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.headers['content-type'] as string, /problem\+json/);
    for (const url of ['/console/..%2fsecret.txt', '/console/%2e%2e/secret.txt', '/console/assets/..%2f..%2fsecret.txt', '/console/%00.txt']) {
      const res = await get(url);
      assert.notEqual(res.body, 'outside the build', url);
      assert.equal(res.statusCode, 404, url);
    }
  });

  await t.test('without a build the console says how to make one', async () => {
    const bare = Fastify({ logger: false });
    registerProblemHandler(bare);
    await bare.register(consoleStaticPlugin, { root: join(dir, 'nothing-here') });
    const res = await bare.inject({ method: 'GET', url: '/console/' });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().detail, /build:web/);
    await bare.close();
  });
});
