/**
 * Twin routes: register a battery's twin, read its latest estimates, series and outbox, add alert webhooks, and an
 * HTTP ingest of the same versioned telemetry payload MQTT carries (for gateways without MQTT, and for tests).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../platform/auth.js';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { parseTelemetry } from '../core/telemetry.js';
import type { TwinService } from '../service.js';

export interface TwinPluginOptions {
  service: TwinService;
  operatorDid: () => string;
  now: () => Date;
}

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9:._~%-]+$' }) }, { additionalProperties: false });
const Register = Type.Object(
  {
    batteryId: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9:._~%-]+$' }),
    participant: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$', description: 'the publishing participant key (MQTT topic segment)' }),
    chemistry: Type.Union([Type.Literal('NMC'), Type.Literal('LFP'), Type.Literal('LMO')]),
    cellCapacityAh: Type.Number({ exclusiveMinimum: 0, maximum: 2000 }),
    seriesCells: Type.Integer({ minimum: 1, maximum: 1000 }),
    parallelCells: Type.Integer({ minimum: 1, maximum: 100 }),
    certifiedUsableEnergyKwh: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5000 })),
    initialSoc: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    holderUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500 })),
    holderDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300 })),
  },
  { additionalProperties: false },
);
const SeriesQuery = Type.Object({ fromMs: Type.Optional(Type.Number()), toMs: Type.Optional(Type.Number()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) }, { additionalProperties: false });
const Webhook = Type.Object({ url: Type.String({ pattern: '^https?://', maxLength: 500 }), minLevel: Type.Optional(Type.Union([Type.Literal('warning'), Type.Literal('critical')])) }, { additionalProperties: false });

export const twinPlugin: FastifyPluginAsync<TwinPluginOptions> = async (app, opts) => {
  const svc = opts.service;
  const operator = (req: FastifyRequest) => {
    const c = requireParticipant(req);
    if (c.did !== opts.operatorDid()) throw new Forbidden("only this node's operator manages its twins");
  };

  app.post<{ Body: Static<typeof Register> }>('/api/twin/batteries', { schema: { tags: ['twin'], summary: "Run a digital twin for a battery (pack topology and cell chemistry)", body: Register } }, async (req, reply) => {
    operator(req);
    const b = req.body;
    if (!!b.holderUrl !== !!b.holderDid) throw new ValidationFailed('holderUrl and holderDid go together', [{ field: b.holderUrl ? 'body.holderDid' : 'body.holderUrl', reason: 'required with the other' }]);
    const row = await svc.register({
      batteryId: b.batteryId,
      participant: b.participant,
      initialSoc: b.initialSoc,
      holder: b.holderUrl && b.holderDid ? { url: b.holderUrl, did: b.holderDid } : null,
      params: { chemistry: b.chemistry, capacityAh: b.cellCapacityAh, topology: { seriesCells: b.seriesCells, parallelCells: b.parallelCells }, certifiedUsableEnergyWh: b.certifiedUsableEnergyKwh ? b.certifiedUsableEnergyKwh * 1000 : undefined },
    });
    return reply.code(201).send(row);
  });

  app.get('/api/twin/batteries', { schema: { tags: ['twin'], summary: 'Twins on this node with their latest estimates' } }, async (req) => {
    operator(req);
    return { items: await svc.list() };
  });

  app.get<{ Params: Static<typeof Id> }>('/api/twin/batteries/:id', { schema: { tags: ['twin'], summary: "A twin's latest estimates and what it still owes the passport and webhooks", params: Id } }, async (req) => {
    operator(req);
    const row = await svc.get(req.params.id);
    if (!row) throw new NotFound(`no twin for battery ${req.params.id}`);
    return { ...row, outbox: await svc.outbox(req.params.id) };
  });

  app.get<{ Params: Static<typeof Id>; Querystring: Static<typeof SeriesQuery> }>('/api/twin/batteries/:id/series', { schema: { tags: ['twin'], summary: 'One point per applied telemetry batch (SoC, σ, SoE, SoP 10 s, SoS and driver, SoH, current, voltage, temperature)', params: Id, querystring: SeriesQuery } }, async (req) => {
    operator(req);
    const q = req.query;
    return { items: await svc.series(req.params.id, q.fromMs ?? 0, q.toMs ?? Number.MAX_SAFE_INTEGER, q.limit ?? 10_000) };
  });

  app.post<{ Body: Static<typeof Webhook> }>('/api/twin/webhooks', { schema: { tags: ['twin'], summary: 'Call a URL with each State-of-Safety alert (retried until it answers 2xx)', body: Webhook } }, async (req, reply) => {
    operator(req);
    return reply.code(201).send(await svc.addWebhook(req.body.url, req.body.minLevel ?? 'warning'));
  });

  app.post<{ Params: Static<typeof Id> }>('/api/twin/batteries/:id/telemetry', { bodyLimit: 6 * 1024 * 1024, schema: { tags: ['twin'], summary: 'Ingest one telemetry batch (payload v1, as on MQTT) over HTTP', params: Id } }, async (req) => {
    const caller = requireParticipant(req);
    const row = await svc.get(req.params.id);
    if (!row) throw new NotFound(`no twin for battery ${req.params.id}`);
    if (caller.did !== opts.operatorDid()) throw new Forbidden('telemetry comes from the vehicle gateway of this node');
    // the same parser and field names as on MQTT (Fastify already refused bodies that are not JSON)
    const parsed = parseTelemetry(Buffer.from(JSON.stringify(req.body ?? null)), req.params.id, { nowMs: opts.now().getTime() });
    if (!parsed.ok) throw new ValidationFailed('telemetry payload rejected', parsed.errors.map((e) => ({ field: `body${e.field.startsWith('/') ? e.field : `/${e.field}`}`, reason: e.reason })));
    const r = await svc.apply({ participant: row.participant, batteryId: row.batteryId }, parsed.batch);
    if (r.status === 'rejected') throw new ValidationFailed(r.reason, [{ field: 'body/seq', reason: r.reason }]);
    return r;
  });
};
