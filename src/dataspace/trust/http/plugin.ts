/** Identity routes: the node's did:web document, its participant registry, and API tokens for scripts. */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { buildDidDocument, createApiToken, hashApiToken, isDidWeb, parseEd25519PublicJwk, PARTICIPANT_ROLES } from '../../identity/index.js';
import { BadRequest, Forbidden, NotFound } from '../../../platform/errors.js';
import { requireParticipant } from '../../../platform/auth.js';
import type { NodeIdentityRecord, PgParticipantStore } from '../pg-participant-store.js';
import type { Role } from '../../../passport/index.js';

export interface IdentityPluginOptions {
  getIdentity: () => NodeIdentityRecord;
  registry: PgParticipantStore;
  now: () => Date;
}

const RoleT = Type.Union(PARTICIPANT_ROLES.filter((r) => r !== 'public').map((r) => Type.Literal(r)));
const RegisterBody = Type.Object(
  {
    did: Type.String({ maxLength: 300 }),
    role: RoleT,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    publicJwk: Type.Optional(Type.Unknown()),
    baseUrl: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://' })),
  },
  { additionalProperties: false },
);
const TokenBody = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 100 }), ttlDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 90 })) },
  { additionalProperties: false },
);

export const identityPlugin: FastifyPluginAsync<IdentityPluginOptions> = async (app, opts) => {
  app.get('/.well-known/did.json', { schema: { tags: ['identity'], summary: "This node's did:web DID document (W3C did:web)" } }, async () => {
    const id = opts.getIdentity();
    const base = (await opts.registry.get(id.did))?.baseUrl ?? undefined;
    return buildDidDocument({ did: id.did, publicJwk: id.publicJwk, role: id.role, name: id.name, serviceEndpoint: base });
  });

  app.get('/api/whoami', { schema: { tags: ['identity'], summary: 'The caller as this node sees it (role decides the access tier)' } }, async (req) => ({
    ...req.caller,
    node: { did: opts.getIdentity().did, role: opts.getIdentity().role, name: opts.getIdentity().name },
  }));

  app.get('/api/participants', { schema: { tags: ['identity'], summary: 'Participants this node trusts and the role it accepts for each', security: [{ participantJwt: [] }] } }, async (req) => {
    requireParticipant(req);
    return (await opts.registry.list()).map((p) => ({ did: p.did, role: p.role, name: p.name, baseUrl: p.baseUrl, keyPinned: p.publicJwk !== null }));
  });

  app.post<{ Body: Static<typeof RegisterBody> }>('/api/participants', {
    schema: { tags: ['identity'], summary: 'Register (or update) a trusted participant — node operator only', security: [{ participantJwt: [] }], body: RegisterBody },
  }, async (req, reply) => {
    const c = requireParticipant(req);
    if (c.did !== opts.getIdentity().did) throw new Forbidden("only this node's operator manages its participant registry");
    if (!isDidWeb(req.body.did)) throw new BadRequest('not a did:web identifier', [{ field: 'body.did', reason: 'must be did:web' }]);
    let jwk = null;
    if (req.body.publicJwk !== undefined) {
      jwk = parseEd25519PublicJwk(req.body.publicJwk);
      if (!jwk) throw new BadRequest('publicJwk is not an Ed25519 OKP public key', [{ field: 'body.publicJwk', reason: 'invalid Ed25519 JWK' }]);
    }
    await opts.registry.upsert({ did: req.body.did, role: req.body.role as Role, name: req.body.name, publicJwk: jwk, baseUrl: req.body.baseUrl ?? null });
    return reply.code(201).send({ did: req.body.did, role: req.body.role, name: req.body.name });
  });

  app.post<{ Body: Static<typeof TokenBody> }>('/api/tokens', {
    schema: { tags: ['identity'], summary: 'Create an API token for scripts, bound to the caller; the secret is shown once', security: [{ participantJwt: [] }], body: TokenBody },
  }, async (req, reply) => {
    const c = requireParticipant(req);
    const t = createApiToken(randomBytes(32));
    const expiresAt = new Date(opts.now().getTime() + (req.body.ttlDays ?? 90) * 86400_000).toISOString();
    await opts.registry.insertApiToken({ hash: t.hash, did: c.did, label: req.body.label, expiresAt });
    return reply.code(201).send({ token: t.token, id: t.hash.slice(0, 16), expiresAt });
  });

  const RevokeBody = Type.Object({ token: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
  app.post<{ Body: Static<typeof RevokeBody> }>('/api/tokens/revoke', {
    schema: { tags: ['identity'], summary: 'Revoke one of your API tokens', security: [{ participantJwt: [] }], body: RevokeBody },
  }, async (req) => {
    const c = requireParticipant(req);
    const ok = await opts.registry.revokeApiToken(hashApiToken(req.body.token), c.did);
    if (!ok) throw new NotFound('no active token of yours matches');
    return { revoked: true };
  });
};
