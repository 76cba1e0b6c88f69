/**
 * The passport domain's public face: other domains, the CLI and the composition root import from here, never from
 * `passport/core/...` or its adapters directly.
 */
export * from './core/index.js';
export * from './core/exports/index.js';
export { PassportService, ISSUING_ROLES, type Actor as PassportActor } from './service.js';
export type { PassportStore, PassportListFilter, PassportSummary } from './ports.js';
