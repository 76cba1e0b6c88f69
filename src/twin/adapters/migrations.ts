import type { Migration } from '../../platform/db.js';

export const twinMigrations: Migration[] = [
  {
    id: 'twin-001-state',
    sql: `
-- one row per battery this node runs a twin for: its parameters, the estimator state and the reorder gate, all
-- written in the transaction that applies a telemetry batch, so a worker that dies loses nothing it acknowledged
CREATE TABLE IF NOT EXISTS twin_batteries (
  battery_id text PRIMARY KEY,
  participant text NOT NULL,
  params jsonb NOT NULL,
  holder jsonb,
  origin_ms double precision,
  state jsonb NOT NULL,
  gate jsonb NOT NULL,
  latest jsonb,
  snapshot_ms double precision,
  alert_level text,
  samples bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
-- one point per applied batch: the downsampled series the console charts
CREATE TABLE IF NOT EXISTS twin_points (
  battery_id text NOT NULL,
  seq integer NOT NULL,
  t_ms double precision NOT NULL,
  point jsonb NOT NULL,
  PRIMARY KEY (battery_id, seq)
);
CREATE INDEX IF NOT EXISTS twin_points_time ON twin_points (battery_id, t_ms);
-- passport snapshots, safety alerts and webhook calls owed to others, retried until delivered
CREATE TABLE IF NOT EXISTS twin_outbox (
  id text PRIMARY KEY,
  battery_id text NOT NULL,
  kind text NOT NULL,
  body jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  done_at timestamptz
);
CREATE INDEX IF NOT EXISTS twin_outbox_due ON twin_outbox (next_attempt_at) WHERE done_at IS NULL;
CREATE TABLE IF NOT EXISTS twin_webhooks (
  id text PRIMARY KEY,
  url text NOT NULL,
  min_level text NOT NULL,
  created_at timestamptz NOT NULL
);
`,
  },
];
