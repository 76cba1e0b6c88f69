/**
 * Compliance routes (issue 7). Writes (batch intake, lot allocation, signing) belong to this node's operator, the
 * recycler: only it can vouch for its plant's figures. Reads are open to every authenticated participant, because
 * the people who need them are outside the plant: authorities and auditors checking Art. 71 / Annex XII figures,
 * manufacturers tracing the recycled content of their lots (Art. 8). The regulatory target table is public law.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../platform/auth.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { CHEMISTRIES, LocationSchema } from '../../history/index.js';
import { COMPONENTS, type Component } from '../core/composition.js';
import type { ProcessStep } from '../core/batch.js';
import { LIFE_CYCLE_STAGES } from '../core/carbon-footprint.js';
import { CARBON_FOOTPRINT_CONCEPT, formatLegalRef, NOT_VERIFIED, REGULATION, REGULATORY_TARGETS, TABLE_AS_OF } from '../core/regulatory-targets.js';
import type { BatchInput, ComplianceService, ModelRequest, ReportKind } from '../service.js';

export interface CompliancePluginOptions {
  service: ComplianceService;
  operatorDid: () => string;
  /** Wakes the delivery loop of owed `recycled` events right after an intake. */
  wake?: () => void;
}

const PROCESS_STEPS = ['discharge', 'dismantling', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy', 'pyrometallurgy', 'direct-recycling'] as const satisfies readonly ProcessStep[];
const FATES = ['recycled', 'sent-on', 'energy-recovery', 'backfilling', 'disposal'] as const;
const EOL_ROUTES = ['reuse', 'repurpose', 'remanufacture', 'recycling-hydro', 'recycling-pyro', 'recycling-direct'] as const;

const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Kg = Type.Number({ minimum: 0, maximum: 1e7 });
const componentProps = <S extends ReturnType<typeof Type.Number>>(s: () => S) => Object.fromEntries(COMPONENTS.map((c) => [c, Type.Optional(s())])) as Record<Component, ReturnType<typeof Type.Optional<S>>>;
const Composition = Type.Object(componentProps(() => Type.Number({ minimum: 0, maximum: 1 })), { additionalProperties: false, description: 'mass fraction per component (0..1)' });
const ComponentsKg = Type.Object(componentProps(() => Type.Number({ minimum: 0, maximum: 1e7 })), { additionalProperties: false, description: 'battery-derived kg per component' });

const IntakeItem = Type.Object({
  batteryId: Text(200),
  passportId: Type.Optional(Text(200)),
  chemistry: Type.Optional(Type.Enum([...CHEMISTRIES])),
  massKg: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5000, description: 'weighed at the gate; default: the passport batteryMass' })),
  composition: Type.Optional(Composition),
  origin: Type.Optional(Type.Union([Type.Literal('post-consumer'), Type.Literal('pre-consumer')])),
  holderDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300 })),
}, { additionalProperties: false });
const Output = Type.Object({
  fractionId: Id,
  name: Text(200),
  massKg: Kg,
  inputDerivedMassKg: Type.Optional(Kg),
  componentsKg: ComponentsKg,
  fate: Type.Enum([...FATES]),
  downstreamRecycledShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
}, { additionalProperties: false });
const BatchBody = Type.Object({
  batchId: Id,
  processedOn: IsoDate,
  facility: LocationSchema,
  route: Type.Array(Type.Enum([...PROCESS_STEPS]), { minItems: 1, maxItems: 20 }),
  intake: Type.Array(IntakeItem, { minItems: 1, maxItems: 1000 }),
  outputs: Type.Array(Output, { minItems: 1, maxItems: 200 }),
}, { additionalProperties: false });

const Use = Type.Object({ lotId: Text(240), elementMassKg: Type.Number({ exclusiveMinimum: 0, maximum: 1e7 }) }, { additionalProperties: false });
const Primary = Type.Object({ element: Type.Union([Type.Literal('Co'), Type.Literal('Li'), Type.Literal('Ni'), Type.Literal('Pb')]), elementMassKg: Type.Number({ exclusiveMinimum: 0, maximum: 1e7 }) }, { additionalProperties: false });
const Contribution = Type.Object({ stage: Type.Enum([...LIFE_CYCLE_STAGES]), description: Text(300), kgCO2e: Type.Number({ minimum: -1e9, maximum: 1e9 }), source: Text(500) }, { additionalProperties: false });
const Threshold = Type.Object({ label: Text(20), maxPerKWh: Type.Number({ minimum: 0 }) }, { additionalProperties: false });
const Credit = Type.Object({ element: Type.Enum([...COMPONENTS]), recoveredKg: Kg, primaryKgCO2ePerKg: Type.Number({ minimum: 0, maximum: 1e5 }), source: Text(500) }, { additionalProperties: false });
const Route = Type.Object({ route: Type.Enum([...EOL_ROUTES]), processKgCO2e: Type.Number({ minimum: -1e9, maximum: 1e9 }), displacedNewBatteryShare: Type.Number({ minimum: 0, maximum: 1 }), materialCredits: Type.Array(Credit, { maxItems: 20 }), source: Text(500) }, { additionalProperties: false });
const EndOfLife = Type.Object({ newBatteryProductionKgCO2e: Type.Number({ minimum: 0, maximum: 1e9 }), routes: Type.Array(Route, { minItems: 1, maxItems: 10 }) }, { additionalProperties: false });
const Footprint = Type.Object({ lifetimeEnergyKWh: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }), contributions: Type.Array(Contribution, { minItems: 1, maxItems: 200 }), classThresholds: Type.Optional(Type.Array(Threshold, { maxItems: 20 })) }, { additionalProperties: false });
const modelFields = {
  placedOnMarketOn: IsoDate,
  uses: Type.Optional(Type.Array(Use, { maxItems: 1000, description: 'absent: everything allocated to the model' })),
  primary: Type.Optional(Type.Array(Primary, { maxItems: 20 })),
};
const ModelInput = Type.Object({ ...modelFields, footprint: Type.Optional(Footprint), endOfLife: Type.Optional(EndOfLife) }, { additionalProperties: false });
const ModelReportBody = Type.Object({ modelId: Text(200), ...modelFields, footprint: Type.Optional(Footprint), endOfLife: Type.Optional(EndOfLife) }, { additionalProperties: false });
const ContentBody = Type.Object({ models: Type.Array(Type.Object({ modelId: Text(200), ...modelFields }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });
const FootprintBody = Type.Object({ modelId: Text(200), lifetimeEnergyKWh: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }), contributions: Type.Array(Contribution, { minItems: 1, maxItems: 200 }), classThresholds: Type.Optional(Type.Array(Threshold, { maxItems: 20 })), endOfLife: Type.Optional(EndOfLife) }, { additionalProperties: false });
const AllocationBody = Type.Object({ modelId: Text(200), elementMassKg: Type.Number({ exclusiveMinimum: 0, maximum: 1e7 }), allocationId: Type.Optional(Id) }, { additionalProperties: false });
const SignBody = Type.Object({ kind: Type.Union([Type.Literal('batch'), Type.Literal('year'), Type.Literal('model')]), key: Text(200), input: Type.Optional(ModelInput) }, { additionalProperties: false });
const FormatQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('html')])) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Text(240) }, { additionalProperties: false });
const YearParams = Type.Object({ year: Type.String({ pattern: '^\\d{4}$' }) }, { additionalProperties: false });
const ListQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), after: Type.Optional(Id) }, { additionalProperties: false });
const LotQuery = Type.Object({ batchId: Type.Optional(Id), element: Type.Optional(Type.Enum([...COMPONENTS])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false });

// the HTML report carries no script and loads nothing: the policy says so to the browser as well
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const complianceHttp: FastifyPluginAsync<CompliancePluginOptions> = async (app, opts) => {
  const svc = opts.service;
  const operator = (req: FastifyRequest) => {
    const c = requireParticipant(req);
    if (c.did !== opts.operatorDid()) throw new Forbidden("only this node's operator, the recycler, records its batches, lots and signed reports");
    // only a recycler may author `recycled` events (history EVENT_AUTHOR_ROLES); refuse before anything is stored
    if (c.role !== 'recycler') throw new Forbidden(`this node's operator is a ${c.role}, not a recycler`);
    return c;
  };
  const send = (reply: FastifyReply, r: { contentType: string; body: string; filename: string }) => {
    reply.type(r.contentType).header('content-disposition', `inline; filename="${r.filename}"`).header('x-content-type-options', 'nosniff');
    if (r.contentType.startsWith('text/html')) reply.header('content-security-policy', HTML_CSP);
    return reply.send(r.body);
  };
  const tags = ['compliance'];

  app.post<{ Body: Static<typeof BatchBody> }>('/api/compliance/batches', { schema: { tags, summary: 'Take in a recycler batch: intake by passport, route, outputs; mass balance, efficiency, lots and recycled events in one transaction', body: BatchBody } }, async (req, reply) => {
    const c = operator(req);
    const view = await svc.intake(req.body as BatchInput, c.did);
    opts.wake?.();
    return reply.code(201).send(view);
  });

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/compliance/batches', { schema: { tags, summary: 'Recycler batches with their efficiency summary (page by `after`)', querystring: ListQuery } }, async (req) => {
    requireParticipant(req);
    return svc.listBatches(req.query);
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/compliance/batches/:id', { schema: { tags, summary: 'A batch as stored, what came from passports, its summary and the delivery status of each battery’s recycled event', params: IdParams } }, async (req) => {
    requireParticipant(req);
    const b = await svc.getBatch(req.params.id);
    if (!b) throw new NotFound(`no batch ${req.params.id}`);
    return b;
  });

  app.get<{ Querystring: Static<typeof LotQuery> }>('/api/compliance/lots', { schema: { tags, summary: 'Material lots (material passport records of recovered materials) with their allocations', querystring: LotQuery } }, async (req) => {
    requireParticipant(req);
    return { items: await svc.lots(req.query) };
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AllocationBody> }>('/api/compliance/lots/:id/allocations', { schema: { tags, summary: 'Allocate element mass of a lot to a battery model; refused beyond the lot’s mass', params: IdParams, body: AllocationBody } }, async (req, reply) => {
    operator(req);
    return reply.code(201).send(await svc.allocateLot(req.params.id, req.body.modelId, req.body.elementMassKg, req.body.allocationId));
  });

  app.post<{ Body: Static<typeof ContentBody> }>('/api/compliance/recycled-content', { schema: { tags, summary: 'Recycled content per model (Art. 8): pre-/post-consumer shares of Co, Li, Ni, Pb traced to lots', body: ContentBody } }, async (req) => {
    requireParticipant(req);
    return svc.recycledContent(req.body.models);
  });

  app.post<{ Body: Static<typeof FootprintBody> }>('/api/compliance/carbon-footprint', { schema: { tags, summary: 'Carbon footprint per kWh by life-cycle stage (Art. 7, Annex II), provisional class, CO2 avoided per end-of-life route', body: FootprintBody } }, async (req) => {
    requireParticipant(req);
    return svc.footprint(req.body);
  });

  app.get('/api/compliance/targets', { schema: { tags, summary: 'The regulatory targets used, with legal references and verification status' } }, async () => ({
    asOf: TABLE_AS_OF,
    regulation: REGULATION,
    verified: NOT_VERIFIED,
    targets: REGULATORY_TARGETS.map((t) => ({ ...t, legalRefText: formatLegalRef(t.legalRef) })),
    carbonFootprint: CARBON_FOOTPRINT_CONCEPT,
  }));

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof FormatQuery> }>('/api/compliance/reports/batch/:id', { schema: { tags, summary: 'Batch report (Annex XII Parts B and C) as JSON, CSV or HTML', params: IdParams, querystring: FormatQuery } }, async (req, reply) => {
    requireParticipant(req);
    return send(reply, await svc.report('batch', req.params.id, req.query.format ?? 'json'));
  });

  app.get<{ Params: Static<typeof YearParams>; Querystring: Static<typeof FormatQuery> }>('/api/compliance/reports/year/:year', { schema: { tags, summary: 'Year report over the balanced batches processed that year, as JSON, CSV or HTML', params: YearParams, querystring: FormatQuery } }, async (req, reply) => {
    requireParticipant(req);
    return send(reply, await svc.report('year', req.params.year, req.query.format ?? 'json'));
  });

  app.post<{ Body: Static<typeof ModelReportBody>; Querystring: Static<typeof FormatQuery> }>('/api/compliance/reports/model', { schema: { tags, summary: 'Model report: recycled content traced to lots, carbon footprint, CO2 avoided; JSON, CSV or HTML', body: ModelReportBody, querystring: FormatQuery } }, async (req, reply) => {
    requireParticipant(req);
    const { modelId, ...input } = req.body;
    return send(reply, await svc.report('model', modelId, req.query.format ?? 'json', input as ModelRequest));
  });

  app.post<{ Body: Static<typeof SignBody> }>('/api/compliance/reports/sign', { schema: { tags, summary: 'Sign a report with this node’s key (compact JWS, EdDSA) and keep it for authorities to fetch', body: SignBody } }, async (req, reply) => {
    operator(req);
    const s = await svc.signReport(req.body.kind as ReportKind, req.body.key, req.body.input as ModelRequest | undefined);
    return reply.code(201).send({ id: s.id, kind: s.kind, key: s.key, createdAt: s.createdAt, jws: s.jws });
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/compliance/reports/signed/:id', { schema: { tags, summary: 'A signed report: the report, its JWS and when it was signed', params: IdParams } }, async (req) => {
    requireParticipant(req);
    const s = await svc.getSignedReport(req.params.id);
    if (!s) throw new NotFound(`no signed report ${req.params.id}`);
    return s;
  });
};
