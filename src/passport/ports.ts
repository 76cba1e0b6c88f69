/** Interfaces the passport domain needs from the outside world (EDC: spi apart from implementations). */
import type { BatteryStatus, Chemistry, Passport } from './core/types.js';
import type { Queryable } from '../platform/db.js';

export interface PassportListFilter {
  status?: BatteryStatus;
  chemistry?: Chemistry;
  /** Substring of battery id, passport id or model id. */
  q?: string;
  /**
   * State of health range in percent, on the state of certified energy (#57, Annex VII Part A: the EV SoH figure).
   * A passport without that value never matches a range.
   */
  sohMinPct?: number;
  sohMaxPct?: number;
  /**
   * Where the battery was last seen (the latest signed event naming a location): an ISO 3166-1 alpha-2 country
   * code (exact) or the start of the site's name (case-insensitive). Legitimate-interest data.
   */
  at?: string;
  /**
   * Place the battery was made (#5 manufacturing place, Annex XIII(1)(a)): an ISO 3166-1 alpha-2 country code
   * (exact) or the start of the town's name (case-insensitive).
   */
  location?: string;
  limit: number;
  /** Opaque keyset cursor from the previous page. */
  cursor?: string;
}

export interface PassportSummary {
  passportId: string;
  batteryId: string;
  status: BatteryStatus;
  chemistry: Chemistry;
  manufacturerModelId: string;
  closed: boolean;
  updatedAt: string;
  /** State of certified energy (#57) in percent, null when the passport has none. Legitimate-interest data. */
  sohPct: number | null;
  /** Manufacturing place (#5): country code and town, null when absent. Public data. */
  manufacturingCountry: string | null;
  manufacturingLocality: string | null;
  /** Last known location from the signed history (site, country, event time); legitimate-interest data. */
  lastLocation: { name: string; countryCode: string; at: string } | null;
}

export interface PassportStore {
  /** Inserts a new passport; returns false when the passport or battery id already exists. */
  insert(p: Passport, publicJson: string, q?: Queryable): Promise<boolean>;
  /** Replaces a passport if its stored version equals `expectedVersion`; returns false on a version conflict. */
  update(p: Passport, publicJson: string, expectedVersion: number, q?: Queryable): Promise<boolean>;
  /** Looks up by passport id or battery id; `forUpdate` locks the row inside a transaction. */
  get(id: string, q?: Queryable, forUpdate?: boolean): Promise<Passport | null>;
  /** Existence and closed flag only (the hot append path must not load the whole document). */
  getState(batteryId: string, q?: Queryable): Promise<{ closed: boolean; status: BatteryStatus } | null>;
  /** The precomputed public-tier JSON (served as-is on the hot public path). */
  getPublicJson(id: string): Promise<string | null>;
  list(filter: PassportListFilter): Promise<{ items: PassportSummary[]; nextCursor?: string }>;
  /** Records where the battery was seen at `at`, unless a later sighting is recorded already. */
  setLastLocation(batteryId: string, loc: { name: string; countryCode: string }, at: string, q?: Queryable): Promise<void>;
  count(): Promise<number>;
}
