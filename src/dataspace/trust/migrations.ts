import type { Migration } from '../../platform/db.js';

export const trustMigrations: Migration[] = [
  {
    id: 'registry-001-participants',
    sql: `
-- this node's own participant identity; one row. The private key stays in this node's store only.
CREATE TABLE IF NOT EXISTS node_identity (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  did text NOT NULL,
  role text NOT NULL,
  name text NOT NULL,
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL
);
-- participants this node trusts, with the role it accepts for each (the role claim in a token must match).
CREATE TABLE IF NOT EXISTS participants (
  did text PRIMARY KEY,
  role text NOT NULL,
  name text NOT NULL,
  -- key pinned at registration; when null the key is resolved from the did:web document
  public_jwk jsonb,
  base_url text,
  registered_at timestamptz NOT NULL DEFAULT now()
);
-- long-lived script tokens: only the SHA-256 of the secret is stored
CREATE TABLE IF NOT EXISTS api_tokens (
  token_hash text PRIMARY KEY,
  did text NOT NULL,
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
`,
  },
];
