import type { Migration } from '../../platform/db.js';

export const connectorMigrations: Migration[] = [
  {
    id: 'connector-001-processes',
    sql: `
-- DSP contract negotiations and transfer processes of this node, either side. The entity document is the pure
-- state-machine value (src/dataspace/core); the columns are what the outbox and the wire lookups need.
CREATE TABLE IF NOT EXISTS dsp_processes (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('negotiation', 'transfer')),
  role text NOT NULL CHECK (role IN ('consumer', 'provider')),
  state text NOT NULL,
  consumer_pid text,
  provider_pid text,
  counter_party_did text,
  next_attempt_at timestamptz,
  lease_until timestamptz,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- the wire names processes by the receiver's own pid
CREATE UNIQUE INDEX IF NOT EXISTS dsp_processes_provider_pid ON dsp_processes (kind, provider_pid) WHERE role = 'provider';
CREATE UNIQUE INDEX IF NOT EXISTS dsp_processes_consumer_pid ON dsp_processes (kind, consumer_pid) WHERE role = 'consumer';
-- the outbox claims due "-ING" processes
CREATE INDEX IF NOT EXISTS dsp_processes_due ON dsp_processes (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- contract agreements (both sides keep a copy); reused while valid instead of renegotiating
CREATE TABLE IF NOT EXISTS dsp_agreements (
  id text PRIMARY KEY,
  negotiation_id text NOT NULL,
  role text NOT NULL,
  asset_id text NOT NULL,
  provider_did text NOT NULL,
  consumer_did text NOT NULL,
  provider_address text,
  policy jsonb NOT NULL,
  agreed_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS dsp_agreements_reuse ON dsp_agreements (role, consumer_did, provider_did, asset_id);

-- short-lived data-plane tokens handed out in TransferStartMessage.dataAddress (only the hash is stored)
CREATE TABLE IF NOT EXISTS dsp_dataplane_tokens (
  token_hash text PRIMARY KEY,
  transfer_id text NOT NULL,
  asset_id text NOT NULL,
  consumer_did text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- self-issued token ids seen, to refuse a replayed DSP call token within its lifetime
CREATE TABLE IF NOT EXISTS dsp_seen_tokens (
  jti text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
`,
  },
];
