/**
 * Connector management API: plain typed JSON (no JSON-LD), for the node's operator. Browse a provider's catalog,
 * negotiate, and read negotiations and agreements with their event log and the reason for every failure.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../platform/auth.js';
import { BadRequest, Forbidden, HttpProblem, NotFound } from '../../platform/errors.js';
import type { Connector } from '../connector/index.js';
import { DspClientError } from '../connector/client.js';
import { negotiationWireState } from '../core/index.js';
import { ProtocolRefusal, type Neg } from '../connector/negotiations.js';

export interface ManagementPluginOptions {
  connector: Connector;
  operatorDid: () => string;
}

const Provider = { providerUrl: Type.String({ pattern: '^https?://', maxLength: 500, description: "the provider's DSP base URL, e.g. http://127.0.0.1:7101/dsp/2025-1" }), providerDid: Type.String({ pattern: '^did:web:', maxLength: 300 }) };
const CatalogBody = Type.Object({ ...Provider, page: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000, description: 'the `next` URL of a previous page' })) }, { additionalProperties: false });
const NegotiateBody = Type.Object({ ...Provider, assetId: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

/** A protocol refusal of a local decision as problem+json (404 unknown, 409 not possible in this state). */
async function refusalAsProblem<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ProtocolRefusal) throw e.status === 404 ? new NotFound(e.message) : new HttpProblem(409, 'Conflict', e.message);
    throw e;
  }
}

/**
 * Waits until `done` holds for a process (the outbox and the counter-party move it), up to `timeoutMs`: re-reads it
 * after every committed change on this node, and at least every 100 ms (a replica over the same database may move it).
 */
async function settle<T>(c: Connector, get: () => Promise<T | null>, done: (x: T) => boolean, timeoutMs = 20_000): Promise<T | null> {
  const t0 = Date.now();
  let last: T | null = null;
  while (Date.now() - t0 < timeoutMs) {
    const change = c.nextChange(100); // subscribe before reading, so a change between the read and the wait is not missed
    last = await get();
    if (last && done(last)) return last;
    await change;
  }
  return last;
}

function summary(n: Neg) {
  return {
    id: n.id,
    role: n.role,
    state: n.state,
    wireState: negotiationWireState(n),
    counterPartyDid: n.counterPartyDid,
    assetId: n.assetId,
    agreementId: n.agreement?.id ?? null,
    error: n.errorDetail,
    retryCount: n.retryCount,
    history: n.history,
  };
}

export const managementPlugin: FastifyPluginAsync<ManagementPluginOptions> = async (app, opts) => {
  const c = opts.connector;
  const operator = (req: FastifyRequest) => {
    const caller = requireParticipant(req);
    if (caller.did !== opts.operatorDid()) throw new Forbidden("only this node's operator uses its connector");
  };
  const upstream = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof DspClientError) {
        if (e.status === 404) throw new NotFound(`the provider does not offer this to you (DSP 404): ${e.message}`);
        throw new HttpProblem(502, 'Bad Gateway', e.message);
      }
      if (e instanceof TypeError) throw new HttpProblem(502, 'Bad Gateway', `provider unreachable: ${e.message}`);
      throw e;
    }
  };

  app.post<{ Body: Static<typeof CatalogBody> }>('/api/dataspace/catalog', { schema: { tags: ['dataspace'], summary: "Browse a provider's catalog as this node sees it", body: CatalogBody } }, async (req) => {
    operator(req);
    if (req.body.page && !req.body.page.startsWith(`${req.body.providerUrl}/catalog/request`)) {
      throw new BadRequest('page is not a catalog page of this provider', [{ field: 'body.page', reason: `must start with ${req.body.providerUrl}/catalog/request` }]);
    }
    const { catalog: cat, next } = await upstream(() => c.client.catalogPage(req.body.providerUrl, req.body.providerDid, req.body.page));
    const datasets = ((cat as unknown as { dataset?: { '@id': string; hasPolicy: { '@id': string }[] }[] }).dataset ?? []).map((d) => ({ assetId: d['@id'], offerIds: d.hasPolicy.map((o) => o['@id']) }));
    return { participantId: cat.participantId, datasets, next };
  });

  app.post<{ Body: Static<typeof NegotiateBody> }>('/api/dataspace/negotiations', { schema: { tags: ['dataspace'], summary: 'Negotiate a contract for an asset (the offer is read from the provider)', body: NegotiateBody } }, async (req, reply) => {
    operator(req);
    const offer = await upstream(() => c.client.offerFor(req.body.providerUrl, req.body.providerDid, req.body.assetId));
    const n = await c.negotiations.request(req.body.providerDid, req.body.providerUrl, offer);
    return reply.code(201).send(summary(n));
  });

  const OfferBody = Type.Object(
    {
      consumerDid: Type.String({ pattern: '^did:web:', maxLength: 300 }),
      consumerCallbackUrl: Type.String({ pattern: '^https?://', maxLength: 500, description: "the consumer's DSP callback base, e.g. http://127.0.0.1:7107/dsp/2025-1/callback" }),
      assetId: Type.String({ minLength: 1, maxLength: 500 }),
    },
    { additionalProperties: false },
  );
  app.post<{ Body: Static<typeof OfferBody> }>('/api/dataspace/offers', { schema: { tags: ['dataspace'], summary: 'Offer one of this node’s assets to a participant first (provider-initiated negotiation)', body: OfferBody } }, async (req, reply) => {
    operator(req);
    const n = await refusalAsProblem(() => c.negotiations.offer(req.body.consumerDid, req.body.consumerCallbackUrl, req.body.assetId));
    return reply.code(201).send(summary(n));
  });

  const DecisionBody = Type.Object({ accept: Type.Boolean(), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false });
  app.post<{ Params: { id: string }; Body: Static<typeof DecisionBody> }>('/api/dataspace/negotiations/:id/decision', {
    schema: { tags: ['dataspace'], summary: "Accept a provider's offer, or terminate the negotiation with a reason", body: DecisionBody },
  }, async (req) => {
    operator(req);
    if (!req.body.accept && !req.body.reason) throw new BadRequest('a termination needs a reason', [{ field: 'body.reason', reason: 'required when accept is false' }]);
    const n = await refusalAsProblem(() => c.negotiations.decide(req.params.id, req.body.accept ? { accept: true } : { accept: false, reason: req.body.reason as string }));
    return summary(n);
  });

  app.get('/api/dataspace/negotiations', { schema: { tags: ['dataspace'], summary: 'Negotiations of this node, newest first, with their event log' } }, async (req) => {
    operator(req);
    return { items: ((await c.store.list('negotiation')) as Neg[]).map(summary) };
  });

  app.get<{ Params: { id: string } }>('/api/dataspace/negotiations/:id', { schema: { tags: ['dataspace'], summary: 'One negotiation with its event log' } }, async (req) => {
    operator(req);
    if (req.params.id.length > 200) throw new BadRequest('id too long', [{ field: 'params.id', reason: 'at most 200 characters' }]);
    const n = await c.negotiations.get(req.params.id);
    if (!n) throw new NotFound(`no negotiation ${req.params.id}`);
    return summary(n);
  });

  app.post<{ Body: Static<typeof NegotiateBody> }>('/api/dataspace/fetch', {
    schema: { tags: ['dataspace'], summary: 'Get the data of an asset: reuse a valid agreement or negotiate one, then transfer (HTTP pull) and return the data', body: NegotiateBody },
  }, async (req) => {
    operator(req);
    const me = opts.operatorDid();
    const { providerUrl, providerDid, assetId } = req.body;
    let agreement = await c.store.findConsumerAgreement(me, providerDid, assetId);
    const reusedAgreement = agreement !== null;
    let negotiationId: string | null = null;
    if (!agreement) {
      const offer = await upstream(() => c.client.offerFor(providerUrl, providerDid, assetId));
      const n = await c.negotiations.request(providerDid, providerUrl, offer);
      negotiationId = n.id;
      const done = await settle(c, () => c.negotiations.get(n.id), (x) => x.state === 'FINALIZED' || x.state === 'TERMINATED');
      if (!done || done.state !== 'FINALIZED') throw new HttpProblem(409, 'Conflict', `negotiation ${n.id} did not finish: ${done?.errorDetail ?? done?.state ?? 'timed out'}`, [], { negotiationId: n.id });
      agreement = await c.store.findConsumerAgreement(me, providerDid, assetId);
      if (!agreement) throw new HttpProblem(500, 'Internal Server Error', 'agreement missing after a finalized negotiation');
    }
    const t = await c.transfers.request(agreement);
    const started = await settle(c, () => c.transfers.get(t.id), (x) => (x.state === 'STARTED' && x.dataAddress !== null) || x.state === 'TERMINATED');
    if (!started || started.state !== 'STARTED' || !started.dataAddress?.endpoint) {
      throw new HttpProblem(409, 'Conflict', `transfer ${t.id} did not start: ${started?.errorDetail ?? started?.state ?? 'timed out'}`, [], { transferId: t.id, agreementId: agreement.id });
    }
    const token = started.dataAddress.properties?.find((p) => p.name === 'authorization')?.value ?? '';
    const res = await upstream(() => fetch(started.dataAddress!.endpoint as string, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) }));
    if (!res.ok) throw new HttpProblem(502, 'Bad Gateway', `data plane answered HTTP ${res.status}`);
    const data = await res.json();
    await c.transfers.complete(t.id);
    return { assetId, agreementId: agreement.id, reusedAgreement, negotiationId, transferId: t.id, data };
  });

  app.get('/api/dataspace/transfers', { schema: { tags: ['dataspace'], summary: 'Transfer processes of this node, newest first, with their event log' } }, async (req) => {
    operator(req);
    return {
      items: (await c.store.list('transfer')).map((t) => ({ id: t.id, role: t.role, state: t.state, counterPartyDid: t.counterPartyDid, error: t.errorDetail, history: t.history })),
    };
  });

  app.get('/api/dataspace/agreements', { schema: { tags: ['dataspace'], summary: 'Contract agreements this node holds (either side)' } }, async (req) => {
    operator(req);
    return { items: await c.store.listAgreements() };
  });
};
