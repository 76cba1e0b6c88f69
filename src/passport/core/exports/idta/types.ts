/**
 * Shapes shared by the IDTA-02035 (Digital Battery Passport) value-only JSON export and import.
 */
import type { PackNode, Participant, Passport } from '../../types.js';

/** One exported document: a submodel's value-only JSON, named after its SAMM namespace. */
export interface ExportFile {
  /** SAMM namespace, e.g. `io.admin-shell.idta.batterypass.technical_data`. */
  namespace: string;
  /** SAMM model version the content conforms to, e.g. `1.0.1`. */
  version: string;
  /** `<namespace>.json`. */
  fileName: string;
  /** Value-only JSON (AAS Part 2, "ValueOnly" serialisation) of the submodel. */
  content: unknown;
}

/** A submodel that could not be exported because data its schema requires is absent from the passport. */
export interface OmittedSubmodel {
  namespace: string;
  /** Upstream payload paths (or catalogue keys) whose values are missing. */
  missing: string[];
}

export interface IdtaExportResult {
  files: ExportFile[];
  omitted: OmittedSubmodel[];
  /** Values of this passport an emitted submodel could not hold (e.g. a material without CAS number). */
  notes: string[];
}

export interface IdtaImportOptions {
  /** Envelope facts IDTA-02035 does not carry; without them neutral defaults are used and reported. */
  issuer?: Participant;
  manufacturerModelId?: string;
  structure?: PackNode;
  createdAt?: string;
}

export interface IdtaImportResult {
  passport: Passport;
  /** Non-fatal findings: data IDTA cannot carry (filled with neutral defaults) or lenient parsing. */
  warnings: string[];
  /**
   * Attributes imported only in part (key → what is missing): IDTA lacks fields the catalogue requires,
   * so these values fail catalogue validation until completed from another source.
   */
  incomplete: Record<string, string>;
}

/** Thrown by `importIdta` when input is malformed; `field` names the offending upstream path. */
export class IdtaImportError extends Error {
  constructor(
    /** `<namespace>:<PayloadPath>`, e.g. `io.admin-shell.idta.batterypass.technical_data:GeneralInformation.BatteryMass`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'IdtaImportError';
  }
}
