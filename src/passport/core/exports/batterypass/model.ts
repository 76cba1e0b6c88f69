/**
 * Shapes of the Battery Pass Data Model v1.2 export (batterypass/BatteryPassDataModel, SAMM aspects
 * `io.BatteryPass.*`): one value-only JSON payload per aspect, named `<namespace>.json`.
 */
import type { BatteryStatus, Chemistry, Participant, PackNode, Passport } from '../../types.js';

/** One exported document; identical in shape to the IDTA exporter's `ExportFile` (the lead unifies them). */
export interface ExportFile {
  /** SAMM namespace of the aspect, e.g. `io.BatteryPass.Performance`. */
  namespace: string;
  /** SAMM model version the content conforms to, e.g. `1.2.1`. */
  version: string;
  /** `<namespace>.json`. */
  fileName: string;
  content: unknown;
}

/** An aspect that was not written because data its schema requires is absent or not expressible. */
export interface OmittedAspect {
  namespace: string;
  /** Catalogue keys (or envelope fields) that are missing, each with the reason. */
  missing: string[];
}

export interface BatteryPassExportResult {
  files: ExportFile[];
  omitted: OmittedAspect[];
}

/**
 * Envelope facts the Battery Pass aspects do not carry (issuer, model id, timestamps, pack tree) or carry only
 * in some aspects (identifiers in GeneralProductInformation). Values read from the files take precedence.
 */
export interface BatteryPassImportOptions {
  envelope?: {
    passportId?: string;
    batteryId?: string;
    status?: BatteryStatus;
    issuer?: Participant;
    manufacturerModelId?: string;
    /** Model chemistry when MaterialComposition is not among the files. */
    chemistry?: Chemistry;
    createdAt?: string;
    updatedAt?: string;
    version?: number;
    /** Pack tree; its root mass also completes material mass fractions when GeneralProductInformation is absent. */
    structure?: PackNode;
    predecessorPassportId?: string;
  };
}

export interface BatteryPassImportResult {
  passport: Passport;
  /** Data that was dropped or completed, each naming the upstream field. */
  warnings: string[];
}

/** Malformed input: `field` is `<namespace>:<json path>` of the offending value. */
export class BatteryPassImportError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'BatteryPassImportError';
  }
}
