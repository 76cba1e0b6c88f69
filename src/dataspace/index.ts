/**
 * The dataspace domain's public face for other domains: participant identity (did:web, keys, tokens) and the
 * types of its trust services. The composition root (src/platform/node.ts) wires the connector itself.
 */
export * from './identity/index.js';
export type { DidKeyResolver } from './trust/key-resolver.js';
export type { NodeIdentityRecord, PgParticipantStore, RegisteredParticipant } from './trust/pg-participant-store.js';
