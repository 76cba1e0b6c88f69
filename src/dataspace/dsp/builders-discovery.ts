/**
 * Discovery documents: the `/.well-known/dspace-version` body (DSP 2025-1 Common Functionalities, "Exposure of
 * Versions") and the DSP entry of a participant's DID document `service` list.
 */
import { defined, finish } from './build-kit.js';
import { DID_CONTEXT, DSP_BINDING, DSP_CONTEXT, DSP_VERSION } from './context.js';
import type { DidService, ProtocolVersion, VersionAuth, VersionResponse } from './messages.js';
import { DID_SERVICE, VERSION_RESPONSE } from './validate-messages.js';

export interface ProtocolVersionInput {
  /** Path from the connector root to `<base>`, e.g. `/api/dsp/2025-1`. */
  path: string;
  /** Defaults to `2025-1`. */
  version?: string;
  identifierType?: string;
  serviceId?: string;
  auth?: VersionAuth;
}

export function versionResponse(versions: readonly ProtocolVersionInput[]): VersionResponse {
  const protocolVersions: ProtocolVersion[] = versions.map((v) =>
    defined({
      version: v.version ?? DSP_VERSION,
      path: v.path,
      binding: DSP_BINDING,
      identifierType: v.identifierType,
      serviceId: v.serviceId,
      auth: v.auth ? defined({ protocol: v.auth.protocol, version: v.auth.version, profile: v.auth.profile }) : undefined,
    }),
  );
  return finish('VersionResponse', VERSION_RESPONSE, { protocolVersions });
}

/**
 * A DID `service` entry. The schema requires `serviceEndpoint` to end in `/catalog` (the upstream DataService
 * example contradicts it; see shared/fixtures/dsp/SOURCE.md), so the entry points at the catalog endpoint.
 */
export function didService(input: { id: string; type: 'DataService' | 'CatalogService'; serviceEndpoint: string }): DidService {
  return finish('DidService', DID_SERVICE, {
    '@context': [DSP_CONTEXT, DID_CONTEXT],
    id: input.id,
    type: input.type,
    serviceEndpoint: input.serviceEndpoint,
  });
}
