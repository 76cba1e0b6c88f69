/**
 * Route decisions (issue 6): the recommended end-of-life route of a battery with its value/CO₂ breakdown, binding
 * constraint, what-ifs and module plan; and carrying it out on the passport holder's node with this operator's
 * signed events: repurpose/remanufacture create the linked successor passport (Art. 77(7)); recycle marks the
 * battery waste (Art. 2(47)) and hands its ownership to the recycler, whose `recycled` event later closes the
 * passport (Art. 77(6)).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../../platform/auth.js';
import { nameBasedUuid } from '../../../platform/ids.js';
import { Forbidden, HttpProblem, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { Passport } from '../../../passport/index.js';
import { DEFAULT_FACTORS, mergeFactors, recommend, routeInputFromPassport, type RouteInputOverrides } from '../index.js';

type Append = (batteryId: string, draft: { eventId: string; type: string; occurredAt: string; payload: unknown }, holder: { url: string; did: string } | null) => Promise<{ ok: true; seq: number } | { ok: false; status: number; reason: string }>;

type Holder = { url: string; did: string };
export interface DecisionPluginOptions {
  operatorDid: () => string;
  operatorName: () => string;
  localPassport: (batteryId: string) => Promise<Passport | null>;
  append: Append;
  now: () => Date;
  /** The State of Safety of the battery's latest operational snapshot (the OEM twin's), here or on the holder. */
  latestTwinSos?: (batteryId: string, holder: Holder | null) => Promise<{ score: number; driver: string; at: string } | null>;
  /** The battery's current status as the holder shows it to this operator (null when it is not known). */
  holderStatus?: (batteryId: string, holder: Holder | null) => Promise<string | null>;
}

const RouteBody = Type.Object(
  {
    batteryId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    passport: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'a passport document (e.g. received over the dataspace)' })),
    overrides: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'measurements that replace passport values: soh, sos, modules, negativeEvents, decisionDate, warrantyRemainingMonths' })),
    factors: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'overrides of the dated factor table (prices, yields, CO₂ factors)' })),
    holderUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500, description: "the passport holder's node, to read the twin's latest State of Safety there" })),
    holderDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300 })),
  },
  { additionalProperties: false },
);
const ExecuteBody = Type.Object(
  {
    batteryId: Type.String({ minLength: 1, maxLength: 200 }),
    route: Type.Union([Type.Literal('repurpose'), Type.Literal('remanufacture'), Type.Literal('recycle')]),
    newPassportId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'repurpose/remanufacture: the successor passport' })),
    stateOfHealthPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'repurpose/remanufacture' })),
    recyclerDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300, description: 'recycle: the recycler taking the battery over' })),
    recyclerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
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
    if (!!b.holderUrl !== !!b.holderDid) throw new ValidationFailed('holderUrl and holderDid go together', [{ field: b.holderUrl ? 'body.holderDid' : 'body.holderUrl', reason: 'required with the other' }]);
    const twinSos = opts.latestTwinSos ? await opts.latestTwinSos(passport.batteryId, b.holderUrl && b.holderDid ? { url: b.holderUrl, did: b.holderDid } : null).catch(() => null) : null;
    try {
      const input = routeInputFromPassport(passport, { decisionDate: opts.now().toISOString().slice(0, 10), ...(twinSos ? { twinSos } : {}), ...(b.overrides as RouteInputOverrides | undefined) }, factors);
      return recommend(input, factors, { whatIf: true });
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError || (e as Error).name === 'Error') {
        throw new ValidationFailed(`no decision for this input: ${(e as Error).message}`, [{ field: b.overrides ? 'body.overrides' : b.batteryId ? 'body.batteryId' : 'body.passport', reason: (e as Error).message }]);
      }
      throw e;
    }
  });

  app.post<{ Body: Static<typeof ExecuteBody> }>('/api/circularity/route/execute', { schema: { tags: ['circularity'], summary: 'Carry out a route on the holder: repurpose/remanufacture create the linked successor passport (Art. 77(7)); recycle marks it waste and hands it to the recycler', body: ExecuteBody } }, async (req, reply) => {
    operator(req);
    const b = req.body;
    if (!!b.holderUrl !== !!b.holderDid) throw new ValidationFailed('holderUrl and holderDid go together', [{ field: b.holderUrl ? 'body.holderDid' : 'body.holderUrl', reason: 'required with the other' }]);
    const holder = b.holderUrl && b.holderDid ? { url: b.holderUrl, did: b.holderDid } : null;
    const at = opts.now().toISOString();
    if (b.route === 'recycle') return reply.code(201).send(await handOverToRecycler(b, holder, at));
    const missing = [!b.newPassportId && 'body.newPassportId', b.stateOfHealthPct === undefined && 'body.stateOfHealthPct'].filter((x): x is string => !!x);
    if (missing.length) throw new ValidationFailed(`${b.route} needs ${missing.join(' and ')}`, missing.map((field) => ({ field, reason: `required for ${b.route}` })));
    const payload = b.route === 'repurpose'
      ? { newPassportId: b.newPassportId, newApplication: b.newApplication ?? 'stationaryStorage', stateOfHealthPct: b.stateOfHealthPct }
      : { newPassportId: b.newPassportId, replacedComponentIds: b.replacedComponentIds ?? [], stateOfHealthPct: b.stateOfHealthPct };
    const eventId = nameBasedUuid(`${b.batteryId}|${b.route}|${b.newPassportId}`);
    const r = await opts.append(b.batteryId, { eventId, type: b.route === 'repurpose' ? 'repurposed' : 'remanufactured', occurredAt: at, payload }, holder);
    if (!r.ok) throw new HttpProblem(r.status >= 400 && r.status < 500 ? r.status : 502, 'Not carried out', `the ${b.route} event was not recorded: ${r.reason}`);
    return reply.code(201).send({ batteryId: b.batteryId, route: b.route, newPassportId: b.newPassportId, seq: r.seq });
  });

  /**
   * Recycling handover: a statusChange to waste (unless the battery already is waste) and an ownershipChange to the
   * recycler, both signed by this operator on the holder's node. Event ids are name-based, so repeating the call
   * after a partial failure completes the handover without writing anything twice.
   */
  async function handOverToRecycler(b: Static<typeof ExecuteBody>, holder: Holder | null, at: string) {
    if (!b.recyclerDid) throw new ValidationFailed('recycle needs the recycler', [{ field: 'body.recyclerDid', reason: 'required for recycle' }]);
    if (b.recyclerDid === opts.operatorDid()) throw new ValidationFailed('the recycler must be another participant', [{ field: 'body.recyclerDid', reason: "is this node's own operator" }]);
    const status = opts.holderStatus ? await opts.holderStatus(b.batteryId, holder) : null;
    if (status === null) throw new NotFound(`battery ${b.batteryId} is not readable ${holder ? `on ${holder.url}` : 'on this node: give holderUrl and holderDid'}`);
    const seqs: number[] = [];
    const reason = b.reason ?? 'end-of-life route decision: recycle';
    if (status !== 'waste') {
      const r = await opts.append(b.batteryId, { eventId: nameBasedUuid(`${b.batteryId}|recycle|status|${b.recyclerDid}`), type: 'statusChange', occurredAt: at, payload: { from: status, to: 'waste', reason } }, holder);
      if (!r.ok) throw new HttpProblem(r.status >= 400 && r.status < 500 ? r.status : 502, 'Not carried out', `the battery was not marked waste: ${r.reason}`);
      seqs.push(r.seq);
    }
    const toOwner = { name: b.recyclerName ?? b.recyclerDid, did: b.recyclerDid };
    const r = await opts.append(b.batteryId, { eventId: nameBasedUuid(`${b.batteryId}|recycle|owner|${b.recyclerDid}`), type: 'ownershipChange', occurredAt: at, payload: { fromOwner: { name: opts.operatorName(), did: opts.operatorDid() }, toOwner, reason: 'endOfLifeTakeBack' } }, holder);
    if (!r.ok) throw new HttpProblem(r.status >= 400 && r.status < 500 ? r.status : 502, 'Not carried out', `the battery is waste but the handover to ${toOwner.name} was not recorded (repeat the call): ${r.reason}`);
    seqs.push(r.seq);
    return { batteryId: b.batteryId, route: 'recycle' as const, recyclerDid: b.recyclerDid, previousStatus: status, seqs };
  }
};
