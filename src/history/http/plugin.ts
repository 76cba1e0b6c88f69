/** History routes: append (signed event or operator draft), list, head and chain verification. */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../platform/auth.js';
import { BadRequest, Forbidden } from '../../platform/errors.js';
import type { HistoryService } from '../service.js';
import { EVENT_TYPES } from '../core/index.js';
import type { Role } from '../../passport/index.js';

export interface HistoryPluginOptions {
  service: HistoryService;
}

const Problem = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))) }, { additionalProperties: true });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9:._~%-]+$' }) }, { additionalProperties: false });
const AppendBody = Type.Union([
  Type.Object({ event: Type.Object({}, { additionalProperties: true, description: 'a complete event signed by its author (detached JWS)' }) }, { additionalProperties: false }),
  Type.Object(
    {
      draft: Type.Object(
        {
          eventId: Type.String({ format: 'uuid' }),
          type: Type.String({ maxLength: 50 }),
          occurredAt: Type.String({ maxLength: 40 }),
          payload: Type.Object({}, { additionalProperties: true }),
        },
        { additionalProperties: false, description: "unsigned event from this node's operator; the node signs it" },
      ),
    },
    { additionalProperties: false },
  ),
]);
const ListQuery = Type.Object(
  {
    afterSeq: Type.Optional(Type.Integer({ minimum: -1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    type: Type.Optional(Type.Enum([...EVENT_TYPES], { description: 'only events of this type' })),
    latest: Type.Optional(Type.Boolean({ description: 'the newest `limit` events (still in chain order)' })),
  },
  { additionalProperties: false },
);
const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 410: Problem, 422: Problem };

export const historyPlugin: FastifyPluginAsync<HistoryPluginOptions> = async (app, opts) => {
  const svc = opts.service;
  const actor = (req: { caller: { did: string | null; role: string; name?: string } }) => ({ did: req.caller.did, role: req.caller.role as Role, name: req.caller.name });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AppendBody> }>('/api/passports/:id/events', {
    schema: {
      tags: ['history'],
      summary: 'Append a lifecycle event (idempotent on eventId; 409 with the head when the chain moved)',
      security: [{ participantJwt: [] }],
      params: IdParams,
      body: AppendBody,
      response: problems,
    },
  }, async (req, reply) => {
    requireParticipant(req);
    const body = req.body as { event?: unknown; draft?: { eventId: string; type: string; occurredAt: string; payload: unknown } };
    const r = body.event !== undefined ? await svc.appendSigned(actor(req), req.params.id, body.event) : await svc.appendDraft(actor(req), req.params.id, body.draft as never);
    return reply.code(r.duplicate ? 200 : 201).send(r);
  });

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ListQuery> }>('/api/passports/:id/events', {
    schema: {
      tags: ['history'],
      summary: 'The battery’s signed lifecycle events in chain order (participants only: events carry legitimate-interest data)',
      security: [{ participantJwt: [] }],
      params: IdParams,
      querystring: ListQuery,
      response: { 401: Problem, 404: Problem },
    },
  }, async (req) => {
    const c = requireParticipant(req);
    if (c.role === 'public') throw new Forbidden('the public tier does not include the lifecycle history');
    const rows = await svc.list(req.params.id, req.query);
    return { items: rows.map((r) => ({ ...r.event, hash: r.hash, recordedAt: r.recordedAt })) };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/passports/:id/events/head', {
    schema: { tags: ['history'], summary: 'Current chain head (seq, hash) to sign the next event against', params: IdParams, response: { 404: Problem } },
  }, async (req) => {
    const h = await svc.head(req.params.id);
    return { seq: h?.seq ?? -1, hash: h?.hash ?? '0'.repeat(64), nextSeq: (h?.seq ?? -1) + 1 };
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/passports/:id/events/verify', {
    schema: { tags: ['history'], summary: 'Verify every signature, hash and link; names the first bad event (altered, reordered, removed, wrong key)', params: IdParams, response: { 404: Problem } },
  }, async (req) => {
    if (req.params.id.length === 0) throw new BadRequest('id required', [{ field: 'params.id', reason: 'required' }]);
    return svc.verify(req.params.id);
  });
};
