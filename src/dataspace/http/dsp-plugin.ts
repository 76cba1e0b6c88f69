/**
 * Dataspace Protocol 2025-1 HTTPS binding: catalog and contract negotiation, provider endpoints and consumer
 * callbacks. Plain JSON with the DSP context. Errors use the DSP error shapes (the one place with its own handler,
 * as DSP prescribes them): unknown or unauthorised → 404, invalid message or transition → 400.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  catalogError,
  contractNegotiation,
  contractNegotiationError,
  errorReasons,
  offerFromWire,
  agreementFromWire,
  parseMessage,
  versionResponse,
  type DspMessageType,
} from '../dsp/index.js';
import { negotiationWireState } from '../core/index.js';
import type { CatalogService } from '../connector/catalog.js';
import { dspCaller } from './dsp-auth.js';
import { ProtocolRefusal, type NegotiationService, type Neg } from '../connector/negotiations.js';
import type { DspIdentity } from '../connector/identity.js';

export interface DspPluginOptions {
  identity: DspIdentity;
  catalog: CatalogService;
  negotiations: NegotiationService;
  /** Path of the versioned DSP base below the node root, e.g. `/dsp/2025-1`; consumer callbacks are at `<base>/callback`. */
  basePath: string;
}

type Ids = { consumerPid?: string; providerPid?: string };

function negotiationError(reply: FastifyReply, status: number, ids: Ids, code: string, reason: string[]) {
  return reply
    .code(status)
    .type('application/json')
    .send(contractNegotiationError({ consumerPid: ids.consumerPid ?? 'unknown', providerPid: ids.providerPid ?? 'unknown', code, reason }));
}

function stateBody(n: Neg) {
  return contractNegotiation({ consumerPid: n.consumerPid as string, providerPid: n.providerPid as string, state: negotiationWireState(n) ?? 'REQUESTED' });
}

export const dspPlugin: FastifyPluginAsync<DspPluginOptions> = async (app, opts) => {
  const base = opts.basePath;

  app.get('/.well-known/dspace-version', { schema: { tags: ['dataspace'], summary: 'DSP version discovery (unauthenticated)' } }, async () =>
    versionResponse([{ path: base, identifierType: 'did:web', auth: { protocol: 'DCP', version: '1.0', profile: ['vc11-sl2021/jwt'] } }]),
  );

  const callerOf = dspCaller(opts.identity);

  function parsed<K extends DspMessageType>(type: K, req: FastifyRequest) {
    return parseMessage(type, req.body);
  }

  // ---- catalog (provider) ----
  app.post(`${base}/catalog/request`, { schema: { tags: ['dataspace'], summary: 'DSP CatalogRequestMessage → Catalog' } }, async (req, reply) => {
    const claims = await callerOf(req);
    if (!claims) return reply.code(404).send(catalogError({ code: 'NOT_FOUND', reason: ['unknown or unauthorised'] }));
    const m = parsed('CatalogRequestMessage', req);
    if (!m.ok) return reply.code(400).send(catalogError({ code: 'BAD_REQUEST', reason: errorReasons(m.errors) }));
    if (m.message.filter && m.message.filter.length > 0) return reply.code(400).send(catalogError({ code: 'FILTER_NOT_SUPPORTED', reason: ['catalog filters are not supported'] }));
    const q = req.query as { cursor?: string };
    const r = await opts.catalog.catalogFor(claims, 100, q.cursor);
    if (r.nextCursor) reply.header('link', `<${base}/catalog/request?cursor=${encodeURIComponent(r.nextCursor)}>; rel="next"`);
    return r.catalog;
  });

  app.get<{ Params: { id: string } }>(`${base}/catalog/datasets/:id`, { schema: { tags: ['dataspace'], summary: 'DSP dataset by id' } }, async (req, reply) => {
    const claims = await callerOf(req);
    const d = claims ? await opts.catalog.datasetFor(claims, req.params.id) : null;
    if (!d) return reply.code(404).send(catalogError({ code: 'NOT_FOUND', reason: ['unknown dataset'] }));
    return d;
  });

  // ---- negotiation: provider side ----
  app.post(`${base}/negotiations/request`, { schema: { tags: ['dataspace'], summary: 'Initial ContractRequestMessage (201)' } }, async (req, reply) => {
    const claims = await callerOf(req);
    const body = req.body as Ids;
    if (!claims) return negotiationError(reply, 404, body ?? {}, 'NOT_FOUND', ['unknown or unauthorised']);
    const m = parsed('ContractRequestMessage', req);
    if (!m.ok) return negotiationError(reply, 400, body ?? {}, 'BAD_REQUEST', errorReasons(m.errors));
    if (m.message.providerPid !== undefined || !m.message.callbackAddress) return negotiationError(reply, 400, m.message, 'BAD_REQUEST', ['an initial request carries callbackAddress and no providerPid']);
    const offer = offerFromWire(m.message.offer);
    if (!offer.ok) return negotiationError(reply, 400, m.message, 'BAD_REQUEST', errorReasons(offer.errors));
    try {
      const n = await opts.negotiations.receiveInitialRequest(claims, { consumerPid: m.message.consumerPid, offer: offer.value, callbackAddress: m.message.callbackAddress });
      return reply.code(201).send(stateBody(n));
    } catch (e) {
      if (e instanceof ProtocolRefusal) return negotiationError(reply, e.status === 409 ? 400 : e.status, m.message, e.code, [e.message]);
      throw e;
    }
  });

  // provider-initiated negotiation: the initial ContractOfferMessage arrives at the consumer's callback base
  app.post(`${base}/callback/negotiations/offers`, { schema: { tags: ['dataspace'], summary: 'Initial ContractOfferMessage from a provider (201)' } }, async (req, reply) => {
    const claims = await callerOf(req);
    const body = (req.body ?? {}) as Ids;
    if (!claims) return negotiationError(reply, 404, body, 'NOT_FOUND', ['unknown or unauthorised']);
    const m = parsed('ContractOfferMessage', req);
    if (!m.ok) return negotiationError(reply, 400, body, 'BAD_REQUEST', errorReasons(m.errors));
    if (m.message.consumerPid !== undefined || !m.message.callbackAddress) return negotiationError(reply, 400, m.message, 'BAD_REQUEST', ['an initial offer carries callbackAddress and no consumerPid']);
    const offer = offerFromWire(m.message.offer);
    if (!offer.ok) return negotiationError(reply, 400, m.message, 'BAD_REQUEST', errorReasons(offer.errors));
    try {
      const n = await opts.negotiations.receiveInitialOffer(claims, { providerPid: m.message.providerPid, offer: offer.value, callbackAddress: m.message.callbackAddress });
      return reply.code(201).send(stateBody(n));
    } catch (e) {
      if (e instanceof ProtocolRefusal) return negotiationError(reply, e.status === 409 ? 400 : e.status, m.message, e.code, [e.message]);
      throw e;
    }
  });

  const receive = (role: 'consumer' | 'provider', path: string, type: DspMessageType, toMsg: (m: Record<string, unknown>) => object | { error: string }) =>
    // consumer callbacks live under their own base (the callbackAddress we send), so both sides can share paths
    app.post<{ Params: { pid: string } }>(`${role === 'consumer' ? `${base}/callback` : base}${path}`, { schema: { tags: ['dataspace'], summary: `DSP ${type} (${role} side)` } }, async (req, reply) => {
      const claims = await callerOf(req);
      const body = (req.body ?? {}) as Ids;
      if (!claims) return negotiationError(reply, 404, body, 'NOT_FOUND', ['unknown or unauthorised']);
      const m = parseMessage(type, req.body);
      if (!m.ok) return negotiationError(reply, 400, body, 'BAD_REQUEST', errorReasons(m.errors));
      const msg = m.message as unknown as Record<string, unknown>;
      const ownPid = req.params.pid;
      if ((role === 'provider' ? msg.providerPid : msg.consumerPid) !== ownPid) return negotiationError(reply, 400, body, 'BAD_REQUEST', ['the process id in the path and the body differ']);
      const converted = toMsg(msg);
      if ('error' in converted) return negotiationError(reply, 400, body, 'BAD_REQUEST', [converted.error]);
      try {
        const n = await opts.negotiations.receive(role, ownPid, claims, { ...(converted as object), sender: role === 'provider' ? 'consumer' : 'provider', consumerPid: msg.consumerPid as string, providerPid: msg.providerPid as string } as never);
        return reply.code(200).send(stateBody(n));
      } catch (e) {
        if (e instanceof ProtocolRefusal) return negotiationError(reply, e.status === 409 ? 400 : e.status, body, e.code, [e.message]);
        throw e;
      }
    });

  const event = (m: Record<string, unknown>) => ({ kind: m.eventType === 'ACCEPTED' ? 'accepted' : 'finalized' });
  const termination = (m: Record<string, unknown>) => ({ kind: 'termination', code: m.code, reason: m.reason });
  receive('provider', '/negotiations/:pid/request', 'ContractRequestMessage', (m) => {
    const o = offerFromWire(m.offer);
    return o.ok ? { kind: 'request', offer: o.value } : { error: errorReasons(o.errors).join('; ') };
  });
  receive('provider', '/negotiations/:pid/events', 'ContractNegotiationEventMessage', event);
  receive('provider', '/negotiations/:pid/agreement/verification', 'ContractAgreementVerificationMessage', () => ({ kind: 'verification' }));
  receive('provider', '/negotiations/:pid/termination', 'ContractNegotiationTerminationMessage', termination);

  // ---- negotiation: consumer callbacks ----
  receive('consumer', '/negotiations/:pid/offers', 'ContractOfferMessage', (m) => {
    const o = offerFromWire(m.offer);
    return o.ok ? { kind: 'offer', offer: o.value } : { error: errorReasons(o.errors).join('; ') };
  });
  receive('consumer', '/negotiations/:pid/agreement', 'ContractAgreementMessage', (m) => {
    const a = agreementFromWire(m.agreement);
    return a.ok ? { kind: 'agreement', agreement: a.value } : { error: errorReasons(a.errors).join('; ') };
  });
  receive('consumer', '/negotiations/:pid/events', 'ContractNegotiationEventMessage', event);
  receive('consumer', '/negotiations/:pid/termination', 'ContractNegotiationTerminationMessage', termination);

  for (const role of ['provider', 'consumer'] as const) {
    app.get<{ Params: { pid: string } }>(`${role === 'consumer' ? `${base}/callback` : base}/negotiations/:pid`, { schema: { tags: ['dataspace'], summary: `Negotiation state (${role} side)` } }, async (req, reply) => {
      const claims = await callerOf(req);
      const n = claims ? await opts.negotiations.byPid(role, req.params.pid) : null;
      const ids = role === 'provider' ? { providerPid: req.params.pid } : { consumerPid: req.params.pid };
      if (!n || !claims || n.counterPartyDid !== claims.did) return negotiationError(reply, 404, ids, 'NOT_FOUND', ['no such negotiation']);
      return stateBody(n);
    });
  }
};
