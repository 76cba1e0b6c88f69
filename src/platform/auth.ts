/**
 * Authentication seam. Every request gets a `caller`: the anonymous public unless it carries
 * `Authorization: Bearer <participant JWT | API token>`, which the injected `Authenticator` verifies
 * (signature against the participant's DID document, role from the node's participant registry).
 * A bad credential is a 401, never a silent downgrade to public: a client must know its token failed.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from './errors.js';

export interface Caller {
  /** did:web of the authenticated participant; null for the anonymous public. */
  did: string | null;
  /** Role name (see passport `Role`); 'public' for anonymous callers. */
  role: string;
  name?: string;
  via: 'anonymous' | 'jwt' | 'apiToken';
}

export const ANONYMOUS: Caller = Object.freeze({ did: null, role: 'public', via: 'anonymous' }) as Caller;

export interface Authenticator {
  /** Verifies a bearer credential; throws `Unauthorized` with the reason when it is not acceptable. */
  authenticate(bearer: string, audience: string): Promise<Caller>;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

export interface AuthPluginOptions {
  authenticator: Authenticator;
  /** Audience expected in participant JWTs: this node's DID. */
  audience: () => string;
  /** Path prefixes with their own authentication (the DSP endpoints carry DCP self-issued tokens). */
  skipPrefixes?: readonly string[];
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: AuthPluginOptions) => {
    app.decorateRequest('caller', null as unknown as Caller);
    app.addHook('onRequest', async (req) => {
      if (opts.skipPrefixes?.some((p) => req.url.startsWith(p))) {
        req.caller = ANONYMOUS;
        return;
      }
      const h = req.headers.authorization;
      if (h === undefined) {
        req.caller = ANONYMOUS;
        return;
      }
      const m = /^Bearer ([A-Za-z0-9._~+/=-]{10,8192})$/.exec(h);
      if (!m) throw new Unauthorized('Authorization header must be "Bearer <token>"');
      req.caller = await opts.authenticator.authenticate(m[1], opts.audience());
    });
  },
  { name: 'batteryloop-auth' },
);

/** Route guard: the caller must be an authenticated participant. */
export function requireParticipant(req: FastifyRequest): Caller & { did: string } {
  if (req.caller.did === null) throw new Unauthorized('this operation needs an authenticated participant (Bearer token)');
  return req.caller as Caller & { did: string };
}

/** Route guard: the caller's role must be one of `roles`. */
export function requireRole(req: FastifyRequest, roles: readonly string[], what: string): Caller & { did: string } {
  const c = requireParticipant(req);
  if (!roles.includes(c.role)) throw new Forbidden(`role '${c.role}' may not ${what}; allowed: ${roles.join(', ')}`);
  return c;
}
