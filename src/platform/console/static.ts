/**
 * Serves the built web console (web/dist) under a prefix, `/console/` by default: files by their path, anything else
 * without a file extension falls back to index.html (the console routes in the browser). Hashed build assets
 * (`assets/<name>-<hash>.<ext>`) never change under their name, so they are cached for a year; index.html is
 * revalidated on every load so a new build is picked up at once (RFC 9111 §5.2.2).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { NotFound } from '../errors.js';

export interface ConsoleStaticOptions {
  /** The build output directory (web/dist). */
  root: string;
  /** URL prefix without trailing slash; default `/console`. */
  basePath?: string;
}

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Vite names built assets `<name>-<8+ char hash>.<ext>` under assets/. */
const HASHED = /^assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/** The file under `root` for a URL path, or null when the path leaves the root or names no file. */
async function fileFor(root: string, rel: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const p = resolve(root, `.${sep}${decoded}`);
  if (p !== root && !p.startsWith(root + sep)) return null;
  try {
    return (await stat(p)).isFile() ? p : null;
  } catch {
    return null;
  }
}

export const consoleStaticPlugin: FastifyPluginAsync<ConsoleStaticOptions> = async (app, opts) => {
  const root = resolve(opts.root);
  const base = opts.basePath ?? '/console';
  const send = async (reply: FastifyReply, file: string, rel: string) => {
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const cache = HASHED.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return reply.type(type).header('cache-control', cache).header('x-content-type-options', 'nosniff').send(await readFile(file));
  };
  const index = async (reply: FastifyReply) => {
    const file = await fileFor(root, 'index.html');
    if (!file) throw new NotFound(`the web console is not built (no ${join(root, 'index.html')}): run npm run build:web`);
    return send(reply, file, 'index.html');
  };

  app.get(base, { schema: { hide: true } }, async (_req, reply) => reply.redirect(`${base}/`, 301));
  app.get(`${base}/`, { schema: { hide: true } }, async (_req, reply) => index(reply));
  app.get<{ Params: { '*': string } }>(`${base}/*`, { schema: { hide: true } }, async (req, reply) => {
    const rel = req.params['*'].split('?')[0];
    const file = await fileFor(root, rel);
    if (file) return send(reply, file, rel);
    // a missing file with an extension is a broken link, not a console route
    if (extname(rel) !== '') throw new NotFound(`no file ${base}/${rel}`);
    return index(reply);
  });
};
