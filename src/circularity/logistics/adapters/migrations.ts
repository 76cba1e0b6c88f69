import type { Migration } from '../../../platform/db.js';

export const logisticsMigrations: Migration[] = [
  {
    id: 'logistics-001-shipments',
    sql: `
-- the carrier's shipments; each step is also a signed event in the battery's passport (on its holder's node)
CREATE TABLE IF NOT EXISTS logistics_shipments (
  shipment_id text PRIMARY KEY,
  battery_id text NOT NULL,
  holder jsonb,
  doc jsonb NOT NULL,
  steps integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS logistics_shipments_battery ON logistics_shipments (battery_id);
`,
  },
];
