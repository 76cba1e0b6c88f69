/**
 * The console gateway of the LOCAL DEMO dataspace (`npm start`). DEMO ONLY: it holds every demo participant's private
 * key in-process and signs access tokens for whichever identity a browser names, so anyone who reaches it can act as
 * any participant. It therefore binds to loopback only and is never part of a production node (a real participant
 * signs its own tokens, e.g. `batteryloop identity token`).
 *
 * It serves the web console under /console/, lists the participants (`GET /api/console/participants`) and forwards
 * `/n/<participant>/<path>` (any method, body and query as they are) to that participant's node. With the header
 * `x-batteryloop-act-as: <participant>` it adds `Authorization: Bearer <JWT>` signed by that participant for the
 * target node (audience = the target's DID, 60 s lifetime), exactly as local-dataspace.ts calls nodes; without it the
 * call is anonymous and the node answers with the public tier.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { signAccessToken, type Ed25519PrivateJwk } from '../../dataspace/identity/index.js';
import type { Role } from '../../passport/index.js';
import { HttpProblem, registerProblemHandler } from '../errors.js';
import { consoleStaticPlugin } from './static.js';

/** What the gateway needs of a running node (a NodeHandle has all of it). */
export interface GatewayNode {
  name: string;
  url: string;
  identity: { did: string; role: Role; name: string; privateJwk: Ed25519PrivateJwk };
  config: { bodyLimitBytes: number };
}

export interface ConsoleParticipant {
  key: string;
  name: string;
  role: string;
  did: string;
  url: string;
}

export interface ConsoleGatewayOptions {
  /** The local dataspace's nodes by participant key (LocalDataspace.nodes). */
  nodes: Record<string, GatewayNode>;
  /** Port to try; 0 = any free port. A taken port falls back to a free one unless `exactPort`. */
  port?: number;
  exactPort?: boolean;
  /** Loopback address to bind (default 127.0.0.1); anything else is refused, see the header comment. */
  host?: string;
  /** The built console (web/dist); without it only the API and the forwarding are served. */
  webDist?: string;
  /** Lifetime of the minted tokens; short, because each is minted for one forwarded request. */
  tokenTtlSeconds?: number;
  logger?: boolean | Record<string, unknown>;
  /** Upper bound for one forwarded request (a dataspace fetch negotiates and transfers: tens of seconds). */
  upstreamTimeoutMs?: number;
}

export interface ConsoleGateway {
  url: string;
  consoleUrl: string;
  app: FastifyInstance;
  participants: ConsoleParticipant[];
  close(): Promise<void>;
}

export const ACT_AS_HEADER = 'x-batteryloop-act-as';

/** Request headers a node may need; everything else (cookies, the browser's own authorization, hop-by-hop) stays here. */
const FORWARD_REQUEST = ['accept', 'accept-language', 'content-type', 'if-none-match', 'if-modified-since'];
const FORWARD_RESPONSE = ['content-type', 'content-language', 'cache-control', 'vary', 'etag', 'last-modified', 'content-disposition', 'retry-after'];

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function notFoundField(field: string, detail: string, known: string[]): HttpProblem {
  return new HttpProblem(404, 'Not Found', detail, [{ field, reason: `unknown participant; known: ${known.join(', ')}` }]);
}

export async function startConsoleGateway(o: ConsoleGatewayOptions): Promise<ConsoleGateway> {
  const host = o.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`the console gateway signs tokens for every demo participant and binds to loopback only, not ${host}`);
  const nodes = o.nodes;
  const keys = Object.keys(nodes);
  // the nodes' largest per-route limit (a 1 kHz pulse test to /api/diagnostics/soh) must pass through
  const bodyLimit = Math.max(12 * 1_048_576, ...Object.values(nodes).map((n) => n.config.bodyLimitBytes));
  const ttl = o.tokenTtlSeconds ?? 60;
  const timeoutMs = o.upstreamTimeoutMs ?? 120_000;
  const participants: ConsoleParticipant[] = Object.entries(nodes).map(([key, n]) => ({ key, name: n.identity.name, role: n.identity.role, did: n.identity.did, url: n.url }));

  const app = Fastify({ logger: o.logger ?? false, bodyLimit, routerOptions: { maxParamLength: 512 } });
  registerProblemHandler(app);
  // bodies pass through untouched (JSON, form data, binary): the node parses and validates them
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  app.get('/', async (_req, reply) => reply.redirect('/console/', 302));
  app.get('/api/console/participants', async () => ({ items: participants }));
  if (o.webDist) await app.register(consoleStaticPlugin, { root: o.webDist, basePath: '/console' });

  const forward = async (req: FastifyRequest<{ Params: { key: string } }>, reply: import('fastify').FastifyReply) => {
    const target = nodes[req.params.key];
    if (!target) throw notFoundField('params.key', `no participant '${req.params.key}' in this dataspace`, keys);
    const headers: Record<string, string> = {};
    for (const h of FORWARD_REQUEST) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const actAs = req.headers[ACT_AS_HEADER];
    if (actAs !== undefined) {
      const key = Array.isArray(actAs) ? actAs[0] : actAs;
      const actor = nodes[key];
      if (!actor) throw notFoundField(`headers.${ACT_AS_HEADER}`, `cannot act as '${key}': no such participant`, keys);
      const token = await signAccessToken({ did: actor.identity.did, role: actor.identity.role, privateJwk: actor.identity.privateJwk, audience: target.identity.did, now: new Date(), ttlSeconds: ttl });
      headers.authorization = `Bearer ${token}`;
    }
    // the path and query exactly as the browser sent them, minus the `/n/<key>` prefix
    const rest = /^\/n\/[^/?#]*(.*)$/.exec(req.url)?.[1] ?? '';
    const path = rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
    const body = req.body instanceof Buffer && req.method !== 'GET' && req.method !== 'HEAD' ? req.body : undefined;
    let res: Response;
    try {
      res = await fetch(`${target.url}${path}`, { method: req.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError';
      throw new HttpProblem(timedOut ? 504 : 502, timedOut ? 'Gateway Timeout' : 'Bad Gateway', `${target.name} ${timedOut ? 'did not answer in time' : `is not reachable: ${(e as Error).message}`}`, [
        { field: 'params.key', reason: timedOut ? 'node timed out' : 'node unreachable' },
      ]);
    }
    reply.code(res.status);
    for (const h of FORWARD_RESPONSE) {
      const v = res.headers.get(h);
      if (v !== null) reply.header(h, v);
    }
    const location = res.headers.get('location');
    // a node's own absolute path is on this gateway under the node's prefix
    if (location !== null) reply.header('location', location.startsWith('/') ? `/n/${encodeURIComponent(req.params.key)}${location}` : location);
    const buf = Buffer.from(await res.arrayBuffer());
    return res.status === 204 || res.status === 304 ? reply.send() : reply.send(buf);
  };
  app.route<{ Params: { key: string } }>({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], url: '/n/:key', handler: forward });
  app.route<{ Params: { key: string } }>({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], url: '/n/:key/*', handler: forward });

  const listen = (port: number) => app.listen({ host, port });
  try {
    await listen(o.port ?? 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || o.exactPort || !o.port) {
      await app.close();
      throw e;
    }
    await listen(0);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (o.port ?? 0);
  const url = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  return { url, consoleUrl: `${url}/console/`, app, participants, close: () => app.close() };
}
