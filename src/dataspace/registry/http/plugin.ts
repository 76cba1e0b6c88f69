/**
 * Discovery registry routes in the shape of the IDTA AAS Part 2 v3 Registry and Discovery APIs as the Tractus-X
 * digital twin registry serves them: shell descriptors under `/shell-descriptors` (ids base64url-encoded in paths),
 * paged results as `{paging_metadata, result}`, and lookups by asset links under `/lookup`. Reads are open to
 * everyone and filtered by visibility; writes need an authenticated participant.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { requireParticipant } from '../../../platform/auth.js';
import { BadRequest } from '../../../platform/errors.js';
import { decodeAssetIdsParam, decodeId, encodeId, type AssetAdministrationShellDescriptor, type PageOf, type Viewer } from '../core/index.js';
import type { RegistryService } from '../service.js';
import * as S from './schemas.js';

export interface RegistryPluginOptions {
  service: RegistryService;
}

const DEFAULT_LIMIT = 100;
const TAGS = ['registry'];
const problems = { 400: S.Problem, 401: S.Problem, 403: S.Problem, 404: S.Problem, 409: S.Problem };

type Params = Static<typeof S.AasIdParams>;
type PageQ = Static<typeof S.PageQuery>;

function viewerOf(req: FastifyRequest): Viewer {
  return { did: req.caller.did };
}

function aasIdOf(params: Params): string {
  const id = decodeId(params.aasIdentifier);
  if (id === null) {
    throw new BadRequest('aasIdentifier is not a base64url-encoded (RFC 4648 §5, no padding) UTF-8 identifier', [
      { field: 'params.aasIdentifier', reason: 'not base64url-encoded UTF-8' },
    ]);
  }
  return id;
}

/** Wire → core: absent lists are empty lists (AAS makes both optional). */
function toDescriptor(b: Static<typeof S.ShellDescriptor>): AssetAdministrationShellDescriptor {
  return {
    id: b.id,
    ...(b.idShort !== undefined ? { idShort: b.idShort } : {}),
    ...(b.globalAssetId !== undefined ? { globalAssetId: b.globalAssetId } : {}),
    specificAssetIds: (b.specificAssetIds ?? []) as AssetAdministrationShellDescriptor['specificAssetIds'],
    submodelDescriptors: (b.submodelDescriptors ?? []) as AssetAdministrationShellDescriptor['submodelDescriptors'],
  };
}

function paged<T>(p: PageOf<T>): { paging_metadata: { cursor?: string }; result: T[] } {
  return { paging_metadata: p.cursor !== undefined ? { cursor: p.cursor } : {}, result: p.items };
}

function pageOf(q: PageQ): { limit: number; cursor?: string; cursorField: string } {
  return { limit: q.limit ?? DEFAULT_LIMIT, cursor: q.cursor, cursorField: 'querystring.cursor' };
}

export const registryPlugin: FastifyPluginAsync<RegistryPluginOptions> = async (app, opts) => {
  const svc = opts.service;

  app.post<{ Body: Static<typeof S.ShellDescriptor> }>('/shell-descriptors', {
    schema: {
      tags: TAGS,
      summary: 'Register a shell descriptor; the registering participant becomes its owner',
      security: [{ participantJwt: [] }],
      body: S.ShellDescriptor,
      response: { 201: S.ShellDescriptorOut, ...problems },
    },
  }, async (req, reply) => {
    const caller = requireParticipant(req);
    const d = await svc.register(caller.did, toDescriptor(req.body));
    return reply.code(201).header('location', `${req.url.split('?')[0]}/${encodeId(d.id)}`).send(d);
  });

  app.get<{ Querystring: PageQ }>('/shell-descriptors', {
    schema: {
      tags: TAGS,
      summary: 'Shell descriptors visible to the caller, in id order (cursor paging)',
      querystring: S.PageQuery,
      response: { 200: S.ShellDescriptorPage, 400: S.Problem, 401: S.Problem },
    },
  }, async (req) => paged(await svc.list(viewerOf(req), pageOf(req.query))));

  app.get<{ Params: Params }>('/shell-descriptors/:aasIdentifier', {
    schema: {
      tags: TAGS,
      summary: 'One shell descriptor; a non-owner sees only the specific asset ids addressed to it or PUBLIC_READABLE',
      params: S.AasIdParams,
      response: { 200: S.ShellDescriptorOut, 400: S.Problem, 401: S.Problem, 404: S.Problem },
    },
  }, async (req) => svc.get(viewerOf(req), aasIdOf(req.params)));

  app.put<{ Params: Params; Body: Static<typeof S.ShellDescriptor> }>('/shell-descriptors/:aasIdentifier', {
    schema: {
      tags: TAGS,
      summary: 'Replace a shell descriptor (owner only; the body id must equal the path id)',
      security: [{ participantJwt: [] }],
      params: S.AasIdParams,
      body: S.ShellDescriptor,
      response: { 204: { type: 'null', description: 'replaced' }, ...problems },
    },
  }, async (req, reply) => {
    const caller = requireParticipant(req);
    await svc.replace(caller.did, aasIdOf(req.params), toDescriptor(req.body));
    return reply.code(204).send();
  });

  app.delete<{ Params: Params }>('/shell-descriptors/:aasIdentifier', {
    schema: {
      tags: TAGS,
      summary: 'Delete a shell descriptor (owner only)',
      security: [{ participantJwt: [] }],
      params: S.AasIdParams,
      response: { 204: { type: 'null', description: 'deleted' }, ...problems },
    },
  }, async (req, reply) => {
    const caller = requireParticipant(req);
    await svc.remove(caller.did, aasIdOf(req.params));
    return reply.code(204).send();
  });

  app.get<{ Params: Params; Querystring: PageQ }>('/shell-descriptors/:aasIdentifier/submodel-descriptors', {
    schema: {
      tags: TAGS,
      summary: "The shell's submodel descriptors: which DSP asset to negotiate where, per submodel",
      params: S.AasIdParams,
      querystring: S.PageQuery,
      response: { 200: S.SubmodelDescriptorPage, 400: S.Problem, 401: S.Problem, 404: S.Problem },
    },
  }, async (req) => paged(await svc.submodelDescriptors(viewerOf(req), aasIdOf(req.params), pageOf(req.query))));

  app.post<{ Body: Static<typeof S.AssetLinks>; Querystring: PageQ }>('/lookup/shellsByAssetLink', {
    schema: {
      tags: TAGS,
      summary: 'Ids of the shells matching all given asset links, through ids visible to the caller',
      body: S.AssetLinks,
      querystring: S.PageQuery,
      response: { 200: S.ShellIdPage, 400: S.Problem, 401: S.Problem },
    },
  }, async (req) => paged(await svc.lookup(viewerOf(req), req.body, { ...pageOf(req.query), linksField: 'body' })));

  app.get<{ Querystring: Static<typeof S.LookupShellsQuery> }>('/lookup/shells', {
    schema: {
      tags: TAGS,
      summary: 'Deprecated form of POST /lookup/shellsByAssetLink: assetIds = base64url(JSON {name, value}), repeatable',
      deprecated: true,
      querystring: S.LookupShellsQuery,
      response: { 200: S.ShellIdPage, 400: S.Problem, 401: S.Problem },
    },
  }, async (req) => {
    const r = decodeAssetIdsParam(req.query.assetIds);
    if (!r.ok) throw new BadRequest(`assetIds value ${r.index} is ${r.reason}`, [{ field: `querystring.assetIds.${r.index}`, reason: r.reason }]);
    return paged(await svc.lookup(viewerOf(req), r.links, { ...pageOf(req.query), linksField: 'querystring.assetIds' }));
  });
};
