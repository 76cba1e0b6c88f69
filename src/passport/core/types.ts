/**
 * Native battery passport: the one shape every node stores and every export is derived from.
 * Attribute keys are our own correctly-spelled camelCase names from the catalogue
 * (`catalogue.ts`); exporters map them to upstream spellings (Battery Pass 1.2, IDTA-02035, Catena-X).
 */

/** Art. 77 / Annex XIII access tiers. */
export type AccessTier =
  | 'public' // Annex XIII(1): accessible to the general public
  | 'legitimateInterest' // Annex XIII(2)+(4): persons with a legitimate interest (repair, reuse, recycling)
  | 'legitimateInterestAndCommission' // Annex XIII(2)+(4) also for notified bodies, MSAs and the Commission
  | 'authorities'; // Annex XIII(3): notified bodies, market surveillance authorities, the Commission only

export type Role =
  | 'manufacturer'
  | 'oem'
  | 'logistics'
  | 'dismantler'
  | 'testingFacility'
  | 'remanufacturer'
  | 'recycler'
  | 'authority'
  | 'public';

/** Art. 3 definitions (re-use, repurposing, remanufacturing, waste) and Art. 77(7): status of the battery the passport describes. */
export type BatteryStatus = 'original' | 'reused' | 'repurposed' | 'remanufactured' | 'waste';

export type Chemistry = 'NMC' | 'NCA' | 'LFP' | 'LMFP' | 'LMO' | 'LTO' | 'NaIon' | 'other';

export interface PackNode {
  /** Identifier unique within the pack (e.g. "M03" or "M03-C07"). */
  id: string;
  kind: 'pack' | 'module' | 'cell';
  serialNumber: string;
  /** Physical position label in the parent (slot / row), if known. */
  position?: string;
  /** Nominal capacity of this node in ampere-hours, if known. */
  nominalCapacityAh?: number;
  /** Nominal voltage of this node in volts, if known. */
  nominalVoltageV?: number;
  /** Mass of this node in kilograms, if known. */
  massKg?: number;
  children: PackNode[];
}

export interface Participant {
  /** did:web identifier of the participant. */
  did: string;
  role: Role;
  name: string;
}

/** Any JSON value an attribute can hold. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export interface PassportProfiles {
  catenax?: import('./exports/catenax/model.js').CatenaXSupplement;
}

export interface Passport {
  schemaVersion: 'batteryloop.passport/1';
  /** Unique passport identifier (Art. 77(3): linked to the unique battery identifier). urn:uuid:... */
  passportId: string;
  /** Unique battery identifier (Art. 38(6)); stable across the QR code and the history chain. */
  batteryId: string;
  status: BatteryStatus;
  /** Art. 77(6): the passport ceases to exist (read-only here) once the battery is recycled. */
  closed: boolean;
  closedAt?: string;
  /** Art. 77(7): passport of the battery this one was repurposed/remanufactured from. */
  predecessorPassportId?: string;
  successorPassportIds: string[];
  /** Economic operator responsible for the passport (Art. 77(4)). */
  issuer: Participant;
  model: {
    manufacturerModelId: string;
    chemistry: Chemistry;
  };
  /** Catalogue key → value. Only keys in the catalogue are allowed. */
  attributes: Record<string, AttributeValue>;
  /** Catalogue key → ISO 8601 time of the last update (required for dynamic attributes). */
  attributeUpdatedAt: Record<string, string>;
  structure: PackNode;
  /**
   * Facts a dataspace profile requires beyond the 93 catalogue attributes, kept beside the passport so its exports
   * are complete (e.g. Catena-X BPN numbers, passport expiry and backup reference, cycle-life test conditions).
   */
  profiles?: PassportProfiles;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency version, incremented on every write. */
  version: number;
}
