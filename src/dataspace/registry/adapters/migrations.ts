import type { Migration } from '../../../platform/db.js';

/**
 * Discovery registry tables. Ids are prefixed `dtr-` because `registry-001-participants` already names the
 * participant trust list's migration (dataspace/trust), and migration ids are global.
 */
export const registryMigrations: Migration[] = [
  {
    id: 'dtr-001-shell-descriptors',
    sql: `
-- one row per AAS shell descriptor; doc is the descriptor exactly as registered (AAS Part 2 v3 shape)
CREATE TABLE IF NOT EXISTS shell_descriptors (
  aas_id text PRIMARY KEY,
  owner_did text NOT NULL,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS shell_descriptors_owner ON shell_descriptors (owner_did, aas_id);
-- the searchable ids of each shell: one row per specific asset id (subject = DID, PUBLIC_READABLE or NULL for owner
-- only) and one 'global' row for the globalAssetId; rewritten with the descriptor, so never out of step
CREATE TABLE IF NOT EXISTS shell_asset_links (
  aas_id text NOT NULL REFERENCES shell_descriptors (aas_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('specific', 'global')),
  name text NOT NULL,
  value text NOT NULL,
  subject text
);
-- lookups start from (name, value): a battery id is selective, the shell id list is not
CREATE INDEX IF NOT EXISTS shell_asset_links_name_value ON shell_asset_links (name, value);
CREATE INDEX IF NOT EXISTS shell_asset_links_aas ON shell_asset_links (aas_id, kind, subject);
`,
  },
];
