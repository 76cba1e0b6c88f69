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
  {
    id: 'passport-002-list-filters',
    sql: `
-- list filters beyond status/chemistry (the console's battery list): state of health (#57 state of certified energy)
-- and manufacturing place (#5), copied out of the document on every write so the filters use plain b-tree indexes
ALTER TABLE passports ADD COLUMN IF NOT EXISTS soh_pct double precision;
ALTER TABLE passports ADD COLUMN IF NOT EXISTS place_country text;
ALTER TABLE passports ADD COLUMN IF NOT EXISTS place_locality text;
UPDATE passports SET
  soh_pct = CASE WHEN jsonb_typeof(doc->'attributes'->'stateOfCertifiedEnergy') = 'number'
    THEN (doc->'attributes'->>'stateOfCertifiedEnergy')::double precision END,
  place_country = upper(doc->'attributes'->'manufacturingPlace'->>'addressCountry'),
  place_locality = doc->'attributes'->'manufacturingPlace'->>'locality';
CREATE INDEX IF NOT EXISTS passports_soh ON passports (soh_pct);
CREATE INDEX IF NOT EXISTS passports_place_country ON passports (place_country);
-- case-insensitive prefix search on the town: text_pattern_ops lets LIKE 'x%' use the index under any collation
CREATE INDEX IF NOT EXISTS passports_place_locality ON passports (lower(place_locality) text_pattern_ops);
`,
  },
  {
    id: 'passport-003-last-location',
    sql: `
-- where the battery was last seen: the location of its latest signed event that names one (manufactured facility,
-- put into service, shipment pick-up / transit / delivery, recycling facility), so a dismantler can list what sits at
-- its site. Set by the history's append transaction, never by a document write.
ALTER TABLE passports ADD COLUMN IF NOT EXISTS last_site text;
ALTER TABLE passports ADD COLUMN IF NOT EXISTS last_country text;
ALTER TABLE passports ADD COLUMN IF NOT EXISTS last_seen_at timestamptz;
CREATE INDEX IF NOT EXISTS passports_last_country ON passports (last_country);
CREATE INDEX IF NOT EXISTS passports_last_site ON passports (lower(last_site) text_pattern_ops);
`,
  },
];
