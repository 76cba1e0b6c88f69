import type { Migration } from '../../platform/db.js';

export const complianceMigrations: Migration[] = [
  {
    id: 'compliance-001-batches-lots-reports-outbox',
    sql: `
-- a recycler's batch as declared and completed from the passports (the whole RecyclerBatch in doc)
CREATE TABLE IF NOT EXISTS compliance_batches (
  batch_id text PRIMARY KEY,
  year integer NOT NULL,
  processed_on date NOT NULL,
  recycler_did text NOT NULL,
  doc jsonb NOT NULL,
  meta jsonb NOT NULL,
  summary jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS compliance_batches_year ON compliance_batches (year, processed_on);

-- material passport records of recovered materials (Art. 8 traceability); allocated_kg is the element mass already
-- promised to battery models and can never pass the lot's element mass
CREATE TABLE IF NOT EXISTS compliance_lots (
  lot_id text PRIMARY KEY,
  batch_id text NOT NULL REFERENCES compliance_batches (batch_id),
  element text NOT NULL,
  compound text NOT NULL,
  mass_kg double precision NOT NULL CHECK (mass_kg > 0),
  element_mass_kg double precision NOT NULL CHECK (element_mass_kg > 0),
  allocated_kg double precision NOT NULL DEFAULT 0 CHECK (allocated_kg >= 0),
  origin text NOT NULL CHECK (origin IN ('pre-consumer', 'post-consumer')),
  produced_on date NOT NULL,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT compliance_lots_not_overallocated CHECK (allocated_kg <= element_mass_kg * 1.000000001)
);
CREATE INDEX IF NOT EXISTS compliance_lots_batch ON compliance_lots (batch_id);
CREATE INDEX IF NOT EXISTS compliance_lots_element ON compliance_lots (element);

CREATE TABLE IF NOT EXISTS compliance_lot_allocations (
  allocation_id text PRIMARY KEY,
  lot_id text NOT NULL REFERENCES compliance_lots (lot_id),
  model_id text NOT NULL,
  element_mass_kg double precision NOT NULL CHECK (element_mass_kg > 0),
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS compliance_lot_allocations_lot ON compliance_lot_allocations (lot_id);
CREATE INDEX IF NOT EXISTS compliance_lot_allocations_model ON compliance_lot_allocations (model_id);

CREATE TABLE IF NOT EXISTS compliance_signed_reports (
  report_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('batch', 'model', 'year')),
  report_key text NOT NULL,
  report jsonb NOT NULL,
  jws text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS compliance_signed_reports_key ON compliance_signed_reports (kind, report_key);

-- the recycled event owed to each battery's passport holder; one row per battery, so a battery can be in one batch only
CREATE TABLE IF NOT EXISTS compliance_recycled_outbox (
  battery_id text PRIMARY KEY,
  batch_id text NOT NULL REFERENCES compliance_batches (batch_id),
  event_id text NOT NULL UNIQUE,
  holder_did text,
  draft jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'refused')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  seq integer,
  done_at timestamptz
);
CREATE INDEX IF NOT EXISTS compliance_recycled_outbox_due ON compliance_recycled_outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS compliance_recycled_outbox_batch ON compliance_recycled_outbox (batch_id);
`,
  },
];
