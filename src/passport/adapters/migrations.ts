import type { Migration } from '../../platform/db.js';

export const passportMigrations: Migration[] = [
  {
    id: 'passport-001-passports',
    sql: `
CREATE TABLE IF NOT EXISTS passports (
  passport_id text PRIMARY KEY,
  battery_id text NOT NULL UNIQUE,
  status text NOT NULL,
  chemistry text NOT NULL,
  model_id text NOT NULL,
  closed boolean NOT NULL DEFAULT false,
  version integer NOT NULL,
  doc jsonb NOT NULL,
  -- the public tier rendered once per write: the public GET (QR scans) is the hottest path and needs no filtering work
  public_json text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- list filters: status/chemistry with newest first, keyset pagination on (updated_at, passport_id)
CREATE INDEX IF NOT EXISTS passports_status_chemistry_updated ON passports (status, chemistry, updated_at DESC, passport_id);
CREATE INDEX IF NOT EXISTS passports_updated ON passports (updated_at DESC, passport_id);
`,
  },
];
