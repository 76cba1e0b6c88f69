/**
 * Disassembly routes (issue 6): plan a pack's disassembly (human/robot, interlocked, with time, cost and the gap to
 * a lower bound) and record executed steps as the dismantler's signed `dismantlingStep` events in the passport.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../../platform/auth.js';
import { nameBasedUuid } from '../../../platform/ids.js';
import { Forbidden, HttpProblem, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { Passport } from '../../../passport/index.js';
import { packModelFromPassport } from '../core/template.js';
import { planDisassembly } from '../core/plan.js';
import { toDismantlingStepPayload, StepRecordError, type ExecutedStep } from '../core/events.js';
import { validatePackModel } from '../core/validate-model.js';

type Append = (batteryId: string, draft: { eventId: string; type: string; occurredAt: string; payload: unknown }, holder: { url: string; did: string } | null) => Promise<{ ok: true; seq: number } | { ok: false; status: number; reason: string }>;

export interface DisassemblyPluginOptions {
  operatorDid: () => string;
  /** The passport when this node holds it (full view for the node's own use). */
  localPassport: (batteryId: string) => Promise<Passport | null>;
  append: Append;
  now: () => Date;
}

const PlanBody = Type.Object(
  {
    batteryId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a passport this node holds' })),
    passport: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'a passport document (e.g. received over the dataspace)' })),
    model: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'your own pack model (batteryloop.packModel/1)' })),
    depth: Type.Optional(Type.Union([Type.Literal('modules'), Type.Literal('cells')])),
    robot: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Condition = Type.Union([Type.Literal('intact'), Type.Literal('minorDamage'), Type.Literal('majorDamage'), Type.Literal('destroyed')]);
const StepBody = Type.Object(
  {
    batteryId: Type.String({ minLength: 1, maxLength: 200 }),
    holderUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500 })),
    holderDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300 })),
    step: Type.Object(
      {
        planned: Type.Object({ step: Type.String({ minLength: 1, maxLength: 100 }), taskId: Type.String({ minLength: 1, maxLength: 200 }), componentIds: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }) }, { additionalProperties: false }),
        stepIndex: Type.Integer({ minimum: 0, maximum: 100_000 }),
        actor: Type.Object({ kind: Type.Union([Type.Literal('human'), Type.Literal('robot')]), id: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        durationS: Type.Number({ minimum: 0, maximum: 86_400 }),
        deviations: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 }),
        conditions: Type.Record(Type.String({ maxLength: 200 }), Condition),
        reuseTags: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.Union([Type.Literal('reuse'), Type.Literal('remanufacture')]), { description: 'components set aside for re-use or remanufacturing (intact / minor damage only)' })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const disassemblyPlugin: FastifyPluginAsync<DisassemblyPluginOptions> = async (app, opts) => {
  const operator = (req: FastifyRequest) => {
    const c = requireParticipant(req);
    if (c.did !== opts.operatorDid()) throw new Forbidden("only this node's operator plans and records its disassembly");
  };

  app.post<{ Body: Static<typeof PlanBody> }>('/api/disassembly/plan', { schema: { tags: ['disassembly'], summary: 'Plan a disassembly to modules or cells: ordered human/robot steps, timeline, time, cost, gap to the lower bound', body: PlanBody } }, async (req) => {
    requireParticipant(req);
    const b = req.body;
    if ([b.batteryId, b.passport, b.model].filter((x) => x !== undefined).length !== 1) {
      throw new ValidationFailed('send exactly one of batteryId, passport or model', [{ field: 'body', reason: 'exactly one of batteryId, passport, model' }]);
    }
    let model;
    if (b.model) {
      const v = validatePackModel(b.model);
      if (!v.ok) throw new ValidationFailed('pack model is invalid', v.errors.map((e: { field: string; reason: string }) => ({ field: `body.model.${e.field}`, reason: e.reason })));
      model = v.model;
    } else {
      const passport = b.batteryId ? await opts.localPassport(b.batteryId) : (b.passport as unknown as Passport);
      if (!passport) throw new NotFound(`no passport for battery ${b.batteryId} on this node: send the passport document instead`);
      try {
        model = packModelFromPassport(passport);
      } catch (e) {
        throw new ValidationFailed(`no pack model from this passport: ${(e as Error).message}`, [{ field: b.batteryId ? 'body.batteryId' : 'body.passport', reason: (e as Error).message }]);
      }
    }
    return planDisassembly(model, { depth: b.depth ?? 'modules', robot: b.robot ?? true });
  });

  app.post<{ Body: Static<typeof StepBody> }>('/api/disassembly/steps', { schema: { tags: ['disassembly'], summary: "Record an executed step as this dismantler's signed dismantlingStep event in the passport", body: StepBody } }, async (req, reply) => {
    operator(req);
    const b = req.body;
    if (!!b.holderUrl !== !!b.holderDid) throw new ValidationFailed('holderUrl and holderDid go together', [{ field: b.holderUrl ? 'body.holderDid' : 'body.holderUrl', reason: 'required with the other' }]);
    let payload;
    try {
      payload = toDismantlingStepPayload(b.step as unknown as ExecutedStep);
    } catch (e) {
      if (e instanceof StepRecordError) throw new ValidationFailed(e.message, [{ field: 'body.step', reason: e.message }]);
      throw e;
    }
    const eventId = nameBasedUuid(`${b.batteryId}|${b.step.planned.taskId}|${b.step.stepIndex}`);
    const r = await opts.append(b.batteryId, { eventId, type: 'dismantlingStep', occurredAt: opts.now().toISOString(), payload }, b.holderUrl && b.holderDid ? { url: b.holderUrl, did: b.holderDid } : null);
    if (!r.ok) throw new HttpProblem(r.status >= 400 && r.status < 500 ? r.status : 502, 'Not recorded', `the step was not recorded in the passport: ${r.reason}`);
    return reply.code(201).send({ batteryId: b.batteryId, seq: r.seq, payload });
  });
};
