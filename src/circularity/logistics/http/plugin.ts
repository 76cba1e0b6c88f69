/**
 * Logistics routes (issue 6): dangerous-goods classification for anyone who must hand a battery over, and the
 * carrier's shipments, whose steps are signed events in the battery's passport.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../../platform/auth.js';
import { Forbidden, HttpProblem, ValidationFailed } from '../../../platform/errors.js';
import { HandlingSchema, LocationSchema, PartySchema } from '../../../history/index.js';
import { CONTEXTS, NEGATIVE_EVENTS, PACKING_OPTIONS, PURPOSES } from '../core/dangerous-goods.js';
import { LogisticsRefusal, type LogisticsService } from '../service.js';

export interface LogisticsPluginOptions {
  service: LogisticsService;
  operatorDid: () => string;
}

const Battery = Type.Object(
  {
    stateOfSafety: Type.Number({ minimum: 0, maximum: 1, description: 'State of Safety from the twin, 0 unsafe … 1 nominal' }),
    sosDriver: Type.String({ minLength: 1, maxLength: 60 }),
    negativeEvents: Type.Array(Type.Enum([...NEGATIVE_EVENTS]), { maxItems: 20 }),
    massKg: Type.Number({ exclusiveMinimum: 0, maximum: 5000 }),
    energyWh: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5_000_000 })),
    context: Type.Enum([...CONTEXTS]),
    purpose: Type.Enum([...PURPOSES]),
    diagnosed: Type.Optional(Type.Boolean()),
    prototype: Type.Optional(Type.Boolean()),
    removableFromVehicle: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const PlanBody = Type.Object(
  {
    shipmentId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
    batteryId: Type.String({ minLength: 1, maxLength: 200 }),
    holderUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500 })),
    holderDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300 })),
    battery: Battery,
    packing: Type.Enum([...PACKING_OPTIONS]),
    consignor: PartySchema,
    consignee: PartySchema,
    origin: LocationSchema,
    destination: LocationSchema,
  },
  { additionalProperties: false },
);
const StepParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), step: Type.Union([Type.Literal('pickup'), Type.Literal('transit'), Type.Literal('deliver')]) }, { additionalProperties: false });
const StepBody = Type.Object({ location: LocationSchema, handling: HandlingSchema }, { additionalProperties: false });

function asProblem(e: unknown): never {
  if (e instanceof LogisticsRefusal) {
    if (e.status === 422) throw new ValidationFailed(e.message, [{ field: e.field, reason: e.message }]);
    throw new HttpProblem(e.status, e.status === 404 ? 'Not Found' : e.status === 409 ? 'Conflict' : e.status === 403 ? 'Forbidden' : 'Bad Gateway', e.message, [{ field: e.field, reason: e.message }]);
  }
  throw e;
}

export const logisticsPlugin: FastifyPluginAsync<LogisticsPluginOptions> = async (app, opts) => {
  const svc = opts.service;
  const operator = (req: FastifyRequest) => {
    const c = requireParticipant(req);
    if (c.did !== opts.operatorDid()) throw new Forbidden("only this node's operator runs its shipments");
  };

  app.post<{ Body: Static<typeof Battery> }>('/api/logistics/classify', { schema: { tags: ['logistics'], summary: 'ADR 2025 classification of a battery for carriage: UN number, special provisions, allowed packing, reasons', body: Battery } }, async (req) => {
    requireParticipant(req);
    return svc.classify(req.body);
  });

  app.post<{ Body: Static<typeof PlanBody> }>('/api/logistics/shipments', { schema: { tags: ['logistics'], summary: 'Plan a shipment; an unsafe packing choice is refused with the packing the classification requires', body: PlanBody } }, async (req, reply) => {
    operator(req);
    const b = req.body;
    if (!!b.holderUrl !== !!b.holderDid) throw new ValidationFailed('holderUrl and holderDid go together', [{ field: b.holderUrl ? 'body.holderDid' : 'body.holderUrl', reason: 'required with the other' }]);
    try {
      const shipment = await svc.plan({ shipmentId: b.shipmentId, batteryId: b.batteryId, holder: b.holderUrl && b.holderDid ? { url: b.holderUrl, did: b.holderDid } : null, battery: b.battery, packing: b.packing, consignor: b.consignor, consignee: b.consignee, origin: b.origin, destination: b.destination });
      return reply.code(201).send(shipment);
    } catch (e) {
      asProblem(e);
    }
  });

  const ListQuery = Type.Object({ batteryId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false });
  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/logistics/shipments', { schema: { tags: ['logistics'], summary: "This carrier's shipments, newest first (optionally of one battery)", querystring: ListQuery } }, async (req) => {
    operator(req);
    return { items: await svc.list({ batteryId: req.query.batteryId, limit: req.query.limit }) };
  });

  app.get<{ Params: { id: string } }>('/api/logistics/shipments/:id', { schema: { tags: ['logistics'], summary: 'A shipment with its classification, status and handling alerts' } }, async (req) => {
    operator(req);
    const s = await svc.get(req.params.id);
    if (!s) throw new HttpProblem(404, 'Not Found', `no shipment ${req.params.id}`);
    return s;
  });

  app.post<{ Params: Static<typeof StepParams>; Body: Static<typeof StepBody> }>('/api/logistics/shipments/:id/:step', { schema: { tags: ['logistics'], summary: 'Pick-up, in-transit report or delivery: a signed event in the passport, with handling alerts', params: StepParams, body: StepBody } }, async (req) => {
    operator(req);
    try {
      return await svc.step(req.params.id, req.params.step, req.body);
    } catch (e) {
      asProblem(e);
    }
  });
};
