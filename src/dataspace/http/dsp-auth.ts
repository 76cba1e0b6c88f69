import type { FastifyRequest } from 'fastify';
import type { Claims } from '../core/index.js';
import type { DspIdentity } from '../connector/identity.js';

/** Verifies a DSP caller's self-issued token; null when absent or invalid (DSP answers such callers with 404). */
export function dspCaller(identity: DspIdentity) {
  return async (req: FastifyRequest): Promise<Claims | null> => {
    const h = req.headers.authorization;
    const token = h?.startsWith('Bearer ') ? h.slice(7) : h;
    if (!token) return null;
    const r = await identity.verify(token);
    if (!r.ok) {
      req.log.info({ reason: r.reason }, 'DSP caller rejected');
      return null;
    }
    return r.claims;
  };
}
