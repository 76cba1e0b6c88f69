/**
 * DSP 2025-1 transfer process endpoints (provider and consumer callbacks) and the HTTP pull data plane.
 * Unknown or unauthorised → 404; invalid message or transition → 400 (TransferError).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorReasons, parseMessage, transferError, transferProcess, type DataAddressInput, type DspMessageType } from '../dsp/index.js';
import { transferWireState } from '../core/index.js';
import { ProtocolRefusal } from '../connector/negotiations.js';
import type { TransferService, Xfer } from '../connector/transfers.js';
import type { DspIdentity } from '../connector/identity.js';
import { parseAssetId, TIER_VIEW_ROLE } from '../connector/assets.js';
import { dspCaller } from './dsp-auth.js';

export interface DspTransferPluginOptions {
  identity: DspIdentity;
  transfers: TransferService;
  basePath: string;
  /** Serves the passport view a tier grants (the data behind an asset). */
  passportView: (batteryId: string, viewRole: string) => Promise<unknown | null>;
  /** A shared document's content (e.g. a signed compliance report). */
  documentData?: (documentId: string) => Promise<unknown | null>;
}

type Ids = { consumerPid?: string; providerPid?: string };
type WireAddress = { endpointType: string; endpoint?: string; endpointProperties?: { name: string; value: string }[] };

/** The wire DataAddress (`endpointProperties`) as the connector keeps it (`properties`). */
function fromWireAddress(w: WireAddress): DataAddressInput {
  return { endpointType: w.endpointType, ...(w.endpoint ? { endpoint: w.endpoint } : {}), properties: (w.endpointProperties ?? []).map((p) => ({ name: p.name, value: p.value })) };
}

function refuse(reply: FastifyReply, status: number, ids: Ids, code: string, reason: string[]) {
  return reply.code(status).type('application/json').send(transferError({ consumerPid: ids.consumerPid ?? 'unknown', providerPid: ids.providerPid ?? 'unknown', code, reason }));
}

function stateBody(t: Xfer) {
  return transferProcess({ consumerPid: t.consumerPid as string, providerPid: t.providerPid as string, state: transferWireState(t) ?? 'REQUESTED' });
}

export const dspTransferPlugin: FastifyPluginAsync<DspTransferPluginOptions> = async (app, opts) => {
  const base = opts.basePath;
  const callerOf = dspCaller(opts.identity);

  app.post(`${base}/transfers/request`, { schema: { tags: ['dataspace'], summary: 'Initial TransferRequestMessage (201)' } }, async (req, reply) => {
    const claims = await callerOf(req);
    const body = (req.body ?? {}) as Ids;
    if (!claims) return refuse(reply, 404, body, 'NOT_FOUND', ['unknown or unauthorised']);
    const m = parseMessage('TransferRequestMessage', req.body);
    if (!m.ok) return refuse(reply, 400, body, 'BAD_REQUEST', errorReasons(m.errors));
    try {
      const t = await opts.transfers.receiveInitialRequest(claims, { consumerPid: m.message.consumerPid, agreementId: m.message.agreementId, format: m.message.format, callbackAddress: m.message.callbackAddress });
      return reply.code(201).send(stateBody(t));
    } catch (e) {
      if (e instanceof ProtocolRefusal) return refuse(reply, e.status === 409 ? 400 : e.status, body, e.code, [e.message]);
      throw e;
    }
  });

  const kinds: [string, DspMessageType, string][] = [
    ['start', 'TransferStartMessage', 'start'],
    ['completion', 'TransferCompletionMessage', 'completion'],
    ['suspension', 'TransferSuspensionMessage', 'suspension'],
    ['termination', 'TransferTerminationMessage', 'termination'],
  ];
  for (const role of ['provider', 'consumer'] as const) {
    for (const [path, type, kind] of kinds) {
      app.post<{ Params: { pid: string } }>(`${role === 'consumer' ? `${base}/callback` : base}/transfers/:pid/${path}`, { schema: { tags: ['dataspace'], summary: `DSP ${type} (${role} side)` } }, async (req, reply) => {
        const claims = await callerOf(req);
        const body = (req.body ?? {}) as Ids;
        if (!claims) return refuse(reply, 404, body, 'NOT_FOUND', ['unknown or unauthorised']);
        const m = parseMessage(type, req.body);
        if (!m.ok) return refuse(reply, 400, body, 'BAD_REQUEST', errorReasons(m.errors));
        const msg = m.message as unknown as Record<string, unknown>;
        if ((role === 'provider' ? msg.providerPid : msg.consumerPid) !== req.params.pid) return refuse(reply, 400, body, 'BAD_REQUEST', ['the process id in the path and the body differ']);
        try {
          const t = await opts.transfers.receive(role, req.params.pid, claims.did, {
            kind,
            sender: role === 'provider' ? 'consumer' : 'provider',
            consumerPid: msg.consumerPid as string,
            providerPid: msg.providerPid as string,
            ...(msg.dataAddress ? { dataAddress: fromWireAddress(msg.dataAddress as WireAddress) } : {}),
            ...(msg.code ? { code: msg.code as string } : {}),
            ...(msg.reason ? { reason: msg.reason as unknown[] } : {}),
          } as never);
          return reply.code(200).send(stateBody(t));
        } catch (e) {
          if (e instanceof ProtocolRefusal) return refuse(reply, e.status === 409 ? 400 : e.status, body, e.code, [e.message]);
          throw e;
        }
      });
    }
  }

  for (const role of ['provider', 'consumer'] as const) {
    app.get<{ Params: { pid: string } }>(`${role === 'consumer' ? `${base}/callback` : base}/transfers/:pid`, { schema: { tags: ['dataspace'], summary: `Transfer state (${role} side)` } }, async (req, reply) => {
      const claims = await callerOf(req);
      const t = claims ? await opts.transfers.byPid(role, req.params.pid) : null;
      const ids = role === 'provider' ? { providerPid: req.params.pid } : { consumerPid: req.params.pid };
      if (!t || !claims || t.counterPartyDid !== claims.did) return refuse(reply, 404, ids, 'NOT_FOUND', ['no such transfer']);
      return stateBody(t);
    });
  }

  // HTTP pull data plane: the token from the TransferStartMessage dataAddress, nothing else, grants the data
  app.get<{ Params: { id: string } }>('/dataplane/:id', { schema: { tags: ['dataspace'], summary: 'Pull the data of a started transfer (bearer token from its dataAddress)' } }, async (req, reply) => {
    const h = req.headers.authorization;
    const token = h?.startsWith('Bearer ') ? h.slice(7) : '';
    const grant = token ? await opts.transfers.authorizePull(req.params.id, token) : null;
    if (!grant) return reply.code(403).type('application/problem+json').send({ type: 'https://batteryloop.dev/problems/forbidden', title: 'Forbidden', status: 403, detail: 'no valid data-plane token for this transfer (expired, revoked or not started)' });
    const asset = parseAssetId(grant.assetId);
    const data = !asset ? null : asset.kind === 'passport' ? await opts.passportView(asset.batteryId, TIER_VIEW_ROLE[asset.tier]) : ((await opts.documentData?.(asset.documentId)) ?? null);
    if (data === null) return reply.code(404).type('application/problem+json').send({ type: 'https://batteryloop.dev/problems/not-found', title: 'Not Found', status: 404, detail: 'the asset no longer exists' });
    return data;
  });
};
