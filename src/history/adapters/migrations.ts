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

`,
  },
  {
    id: 'history-002-append-function',
    sql: `
-- The append fast path as one call: PL/pgSQL keeps the plans of its statements for the session, so an append is one
-- round trip and no re-planning. It refuses (returns false) unless the passport exists and is open, the chain head is
-- the one the author signed against and the event id is new; the caller then takes the full path that names why.
CREATE OR REPLACE FUNCTION bl_append_event(p_battery text, p_seq integer, p_event_id text, p_type text,
  p_at timestamptz, p_author text, p_hash text, p_event jsonb, p_prev text)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  v_closed boolean;
  v_seq integer;
  v_hash text;
BEGIN
  SELECT closed INTO v_closed FROM passports WHERE battery_id = p_battery;
  IF v_closed IS DISTINCT FROM false THEN
    RETURN false;
  END IF;
  SELECT seq, hash INTO v_seq, v_hash FROM history_heads WHERE battery_id = p_battery;
  IF COALESCE(v_seq, -1) + 1 <> p_seq OR COALESCE(v_hash, repeat('0', 64)) <> p_prev THEN
    RETURN false;
  END IF;
  -- under concurrency the (battery, seq) key decides: the loser inserts nothing and reports false
  INSERT INTO history_events (battery_id, seq, event_id, type, occurred_at, author_did, hash, event)
  VALUES (p_battery, p_seq, p_event_id, p_type, p_at, p_author, p_hash, p_event)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO history_heads (battery_id, seq, hash) VALUES (p_battery, p_seq, p_hash)
  ON CONFLICT (battery_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
  RETURN true;
END
$fn$;
`,
  },
];
