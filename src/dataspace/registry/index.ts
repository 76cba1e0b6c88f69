/**
 * Public API of the discovery registry (IDTA AAS Part 2 v3 registry + discovery, Tractus-X digital twin registry
 * style): find a battery's shell by its ids, then read which node holds its passport and which DSP assets to negotiate.
 */
export * from './core/index.js';
export type { ShellDescriptorStore, StoredShellDescriptor, KeysetPage } from './ports.js';
export { registryMigrations } from './adapters/migrations.js';
export { PgShellDescriptorStore } from './adapters/pg-shell-descriptor-store.js';
export { RegistryService, type RegistryServiceDeps, type PageRequest } from './service.js';
export { registryPlugin, type RegistryPluginOptions } from './http/plugin.js';
