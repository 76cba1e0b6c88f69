import type { Migration } from '../../platform/db.js';

export const historyMigrations: Migration[] = [
  {
    id: 'history-001-events',
    sql: `
CREATE TABLE IF NOT EXISTS history_heads (
  battery_id text PRIMARY KEY,
  seq integer NOT NULL,
  hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS history_events (
  battery_id text NOT NULL,
  seq integer NOT NULL,
  -- client-supplied idempotency key: a retried append finds its event instead of writing a second one
  event_id text NOT NULL UNIQUE,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  author_did text NOT NULL,
  hash text NOT NULL,
  event jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- second guard against a forked chain: one event per (battery, seq)
  PRIMARY KEY (battery_id, seq)
);
CREATE INDEX IF NOT EXISTS history_events_type ON history_events (type, occurred_at);
`,
  },
];
