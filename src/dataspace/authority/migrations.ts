import type { Migration } from '../../platform/db.js';

export const authorityMigrations: Migration[] = [
  {
    id: 'authority-001-credentials',
    sql: `
-- credentials this node issued as dataspace authority; status_index is the bit in its StatusList2021
CREATE TABLE IF NOT EXISTS authority_credentials (
  id text PRIMARY KEY,
  subject_did text NOT NULL,
  type text NOT NULL,
  status_index integer NOT NULL UNIQUE,
  revoked boolean NOT NULL DEFAULT false,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
-- a sequence hands out status-list bits, so concurrent issuance never collides
CREATE SEQUENCE IF NOT EXISTS authority_status_index_seq MINVALUE 0 START 0;
CREATE INDEX IF NOT EXISTS authority_credentials_subject ON authority_credentials (subject_did);
`,
  },
];
