/**
 * Route decisions (issue 6): the recommended end-of-life route of a battery with its value/CO₂ breakdown, binding
 * constraint, what-ifs and module plan; and carrying out a repurpose/remanufacture decision, which is the
 * remanufacturer's signed event on the passport holder's node and creates the linked successor passport there
 * (Art. 77(7)).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../../platform/auth.js';
import { nameBasedUuid } from '../../../platform/ids.js';
import { Forbidden, HttpProblem, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { Passport } from '../../../passport/index.js';
import { DEFAULT_FACTORS, mergeFactors, recommend, routeInputFromPassport, type RouteInputOverrides } from '../index.js';

type Append = (batteryId: string, draft: { eventId: string; type: string; occurredAt: string; payload: unknown }, holder: { url: string; did: string } | null) => Promise<{ ok: true; seq: number } | { ok: false; status: number; reason: string }>;

export interface DecisionPluginOptions {
  operatorDid: () => string;
  localPassport: (batteryId: string) => Promise<Passport | null>;
  append: Append;
  now: () => Date;
}

const RouteBody = Type.Object(
  {
    batteryId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    passport: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'a passport document (e.g. received over the dataspace)' })),
    overrides: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'measurements that replace passport values: soh, sos, modules, negativeEvents, decisionDate, warrantyRemainingMonths' })),
    factors: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'overrides of the dated factor table (prices, yields, CO₂ factors)' })),
  },
  { additionalProperties: false },
);
const ExecuteBody = Type.Object(
  {
    batteryId: Type.String({ minLength: 1, maxLength: 200 }),
    route: Type.Union([Type.Literal('repurpose'), Type.Literal('remanufacture')]),
    newPassportId: Type.String({ minLength: 1, maxLength: 200 }),
    stateOfHealthPct: Type.Number({ minimum: 0, maximum: 100 }),
    newApplication: Type.Optional(Type.Union([Type.Literal('stationaryStorage'), Type.Literal('industrial'), Type.Literal('lightMeansOfTransport'), Type.Literal('electricVehicle'), Type.Literal('other')])),
    replacedComponentIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 500 })),
    holderUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500 })),
    holderDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const decisionPlugin: FastifyPluginAsync<DecisionPluginOptions> = async (app, opts) => {
  const operator = (req: FastifyRequest) => {
    const c = requireParticipant(req);
    if (c.did !== opts.operatorDid()) throw new Forbidden("only this node's operator carries out its decisions");
  };

  app.post<{ Body: Static<typeof RouteBody> }>('/api/circularity/route', { schema: { tags: ['circularity'], summary: 'Recommended end-of-life route with value/CO₂ per factor, binding constraint, what-ifs and module plan', body: RouteBody } }, async (req) => {
    requireParticipant(req);
    const b = req.body;
    if ((b.batteryId ? 1 : 0) + (b.passport ? 1 : 0) !== 1) throw new ValidationFailed('send exactly one of batteryId or passport', [{ field: 'body', reason: 'exactly one of batteryId, passport' }]);
    const passport = b.batteryId ? await opts.localPassport(b.batteryId) : (b.passport as unknown as Passport);
    if (!passport) throw new NotFound(`no passport for battery ${b.batteryId} on this node: send the passport document instead`);
    let factors = DEFAULT_FACTORS;
    if (b.factors) {
      try {
        factors = mergeFactors(DEFAULT_FACTORS, b.factors, 'request');
      } catch (e) {
        throw new ValidationFailed(`factors: ${(e as Error).message}`, [{ field: 'body.factors', reason: (e as Error).message }]);
      }
    }
    try {
      const input = routeInputFromPassport(passport, { decisionDate: opts.now().toISOString().slice(0, 10), ...(b.overrides as RouteInputOverrides | undefined) }, factors);
      return recommend(input, factors, { whatIf: true });
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError || (e as Error).name === 'Error') {
        throw new ValidationFailed(`no decision for this input: ${(e as Error).message}`, [{ field: b.overrides ? 'body.overrides' : b.batteryId ? 'body.batteryId' : 'body.passport', reason: (e as Error).message }]);
      }
      throw e;
    }
  });

  app.post<{ Body: Static<typeof ExecuteBody> }>('/api/circularity/route/execute', { schema: { tags: ['circularity'], summary: 'Carry out repurpose/remanufacture: the signed event that creates the linked successor passport on the holder (Art. 77(7))', body: ExecuteBody } }, async (req, reply) => {
    operator(req);
    const b = req.body;
    if (!!b.holderUrl !== !!b.holderDid) throw new ValidationFailed('holderUrl and holderDid go together', [{ field: b.holderUrl ? 'body.holderDid' : 'body.holderUrl', reason: 'required with the other' }]);
    const payload = b.route === 'repurpose'
      ? { newPassportId: b.newPassportId, newApplication: b.newApplication ?? 'stationaryStorage', stateOfHealthPct: b.stateOfHealthPct }
      : { newPassportId: b.newPassportId, replacedComponentIds: b.replacedComponentIds ?? [], stateOfHealthPct: b.stateOfHealthPct };
    const eventId = nameBasedUuid(`${b.batteryId}|${b.route}|${b.newPassportId}`);
    const r = await opts.append(b.batteryId, { eventId, type: b.route === 'repurpose' ? 'repurposed' : 'remanufactured', occurredAt: opts.now().toISOString(), payload }, b.holderUrl && b.holderDid ? { url: b.holderUrl, did: b.holderDid } : null);
    if (!r.ok) throw new HttpProblem(r.status >= 400 && r.status < 500 ? r.status : 502, 'Not carried out', `the ${b.route} event was not recorded: ${r.reason}`);
    return reply.code(201).send({ batteryId: b.batteryId, route: b.route, newPassportId: b.newPassportId, seq: r.seq });
  });
};
