/** Authority routes: credential issuance to admitted participants, revocation, and the public status list. */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../platform/auth.js';
import { Forbidden } from '../../platform/errors.js';
import type { DataspaceAuthority } from './service.js';

export interface AuthorityPluginOptions {
  authority: DataspaceAuthority;
  operatorDid: () => string;
}

const RevokeBody = Type.Object({ subjectDid: Type.String({ minLength: 8, maxLength: 300 }) }, { additionalProperties: false });

export const authorityPlugin: FastifyPluginAsync<AuthorityPluginOptions> = async (app, opts) => {
  app.post('/api/authority/credentials', {
    schema: { tags: ['authority'], summary: 'Issue membership and role credentials (VC-JWT) to the calling participant', security: [{ participantJwt: [] }] },
  }, async (req, reply) => {
    const c = requireParticipant(req);
    return reply.code(201).send({ credentials: await opts.authority.issueFor(c.did) });
  });

  app.post<{ Body: Static<typeof RevokeBody> }>('/api/authority/revocations', {
    schema: { tags: ['authority'], summary: "Revoke all of a participant's credentials (operator only)", security: [{ participantJwt: [] }], body: RevokeBody },
  }, async (req) => {
    const c = requireParticipant(req);
    if (c.did !== opts.operatorDid()) throw new Forbidden("only the authority's operator revokes credentials");
    return { revoked: await opts.authority.revokeAll(req.body.subjectDid) };
  });

  app.get('/credentials/status/1', { schema: { tags: ['authority'], summary: 'StatusList2021 credential (JWT) for revocation checks' } }, async (_req, reply) =>
    reply.type('application/jwt').send(await opts.authority.statusListCredential()),
  );
};
