/**
 * buildApp: one node = one Fastify instance with the domains it serves (Fastify testing guide: build apart from listen).
 * Tests and production use the same function.
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.js';
import { registerProblemHandler } from './errors.js';
import { authPlugin, type Authenticator } from './auth.js';

export interface DomainPlugin {
  name: string;
  prefix?: string;
  // each domain plugin has its own options type, checked where the domain list is built
  plugin: FastifyPluginAsync<any>;
  options?: Record<string, unknown>;
  /** OpenAPI tag description. */
  description?: string;
}

export interface BuildAppOptions {
  config: Config;
  /** Title shown in the OpenAPI document, e.g. "Battery Loop node — Cellforge GmbH (manufacturer)". */
  title: string;
  /** This node's DID (the audience of participant JWTs); a function because it follows the bound port. */
  nodeDid: () => string;
  authenticator: Authenticator;
  domains: DomainPlugin[];
  /** Path prefixes that authenticate themselves (DSP); the participant-token hook leaves them alone. */
  authSkipPrefixes?: readonly string[];
  /** pino logger options or false. */
  logger?: boolean | Record<string, unknown>;
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: opts.config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: opts.config.bodyLimitBytes,
    // ids come from QR codes and URLs; a long URL is a client error, not a crash
    routerOptions: { maxParamLength: 512 },
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' } },
  });
  registerProblemHandler(app);
  // the API speaks JSON only; a text/plain body is a client mistake (415), not a string to validate
  app.removeContentTypeParser('text/plain');
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: opts.title, version: '0.1.0', description: 'Battery Loop node API. Errors are RFC 9457 problem+json.' },
      components: {
        securitySchemes: {
          participantJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (EdDSA, did:web key)' },
        },
      },
      tags: opts.domains.map((d) => ({ name: d.name, description: d.description ?? d.name })),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { authenticator: opts.authenticator, audience: opts.nodeDid, skipPrefixes: opts.authSkipPrefixes });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  for (const d of opts.domains) await app.register(d.plugin, { ...(d.options ?? {}), prefix: d.prefix ?? '' });
  return app;
}
