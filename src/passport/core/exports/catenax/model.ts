/**
 * Shapes of the Catena-X `io.catenax.battery.battery_pass` 6.1.0 export (eclipse-tractusx/sldt-semantic-models).
 *
 * Catena-X requires facts the Battery Pass longlist (and so our catalogue) does not hold: Business Partner Numbers
 * (BPNL/BPNA) instead of DIDs, the QR-code position, the passport's availability period and backup, fire class,
 * cycle-life test conditions, and cadmium/mercury/lead concentrations even when they are below the Art. 13(5)
 * thresholds. They are passed in as a typed `CatenaXSupplement` (never invented); import returns them again, so
 * `exportCatenaX(import.passport, import.supplement)` reproduces the original document.
 */
import type { PackNode, Participant, Passport } from '../../types.js';

/** One exported document; identical in shape to the IDTA exporter's `ExportFile` (the lead unifies them). */
export interface ExportFile {
  namespace: string;
  version: string;
  fileName: string;
  content: unknown;
}

export const CONCENTRATION_UNITS = [
  'unit:partPerMillion',
  'unit:percent',
  'unit:percentVolume',
  'unit:partPerThousand',
  'unit:partPerTrillionUs',
  'unit:partPerBillionUs',
] as const;
export type ConcentrationUnit = (typeof CONCENTRATION_UNITS)[number];

export interface HeavyMetalContent {
  concentration: number;
  unit: ConcentrationUnit;
  /** Where in the battery the substance is (ESPR Art. 7(5)(b)), e.g. "not present above detection limit" or "terminals". */
  location: string;
}

export type HeavyMetal = 'cadmium' | 'mercury' | 'lead';
export type RecycledMetal = 'nickel' | 'cobalt' | 'lithium' | 'lead';

export interface CatenaXSupplement {
  /** BPNL of the passport owner / economic operator (metadata.economicOperatorId). */
  economicOperatorBpnl: string;
  /** BPNL of the manufacturer (operation.manufacturer.manufacturer). */
  manufacturerBpnl: string;
  /** BPNA of the manufacturing site (operation.manufacturer.facility, carbonFootprint[].manufacturingPlant). */
  manufacturingSiteBpna: string;
  /** BPNLs of spare-part producers (handling.content.producer); an empty list states that none is known in the network. */
  sparePartProducerBpnls: string[];
  /** ESPR Art. 8(2)(c): position of the QR code on the battery (identification.dataCarrier.carrierLayout). */
  dataCarrierLayout: string;
  /** ESPR Art. 8(2)(h): YYYY-MM-DD until which the passport stays available (metadata.expirationDate). */
  passportExpirationDate: string;
  /** ESPR Annex III(kb): reference to the passport's backup copy (metadata.backupReference). */
  backupReference: string;
  /** Fire class(es) the extinguishing agents are rated for, e.g. "A, B, C" (safety.usableExtinguishAgent[].fireClass). */
  fireClass: string;
  /** Depth of discharge of the rated round-trip efficiency test, % (performance.rated.roundTripEfficiency). */
  roundTripEfficiencyDepthOfDischargePercent: number;
  /** Annex IV Part B(1)-(3): cycle-life test conditions (performance.rated.lifetime.cycleLifeTesting). */
  cycleLifeTest: { temperatureDegC: number; depthOfDischargePercent: number; chargeRateC: number; dischargeRateC: number };
  /** Cadmium, mercury and lead content; used unless the passport's hazardousSubstances lists the metal by CAS number. */
  heavyMetals: Record<HeavyMetal, HeavyMetalContent>;
  /**
   * Recycled content per metal in % (materials.active.*.recycled), used only when the passport lacks the
   * pre-/post-consumer split it is otherwise computed from (Catena-X carries the sum only).
   */
  recycledContentPercent?: Partial<Record<RecycledMetal, number>>;
}

/** The passport or supplement lacks data the Catena-X schema requires; `missing` names each gap. */
export class CatenaXExportError extends Error {
  constructor(readonly missing: string[]) {
    super(`Catena-X battery_pass 6.1.0 needs data the passport does not hold: ${missing.join('; ')}`);
    this.name = 'CatenaXExportError';
  }
}

/** Malformed input: `field` is the JSON path in the Catena-X document (or `files` / `envelope.*`). */
export class CatenaXImportError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'CatenaXImportError';
  }
}

export interface CatenaXImportOptions {
  /** Envelope facts Catena-X does not carry (the issuer's DID and name; precise times; the pack tree). */
  envelope?: {
    issuer?: Participant;
    createdAt?: string;
    updatedAt?: string;
    structure?: PackNode;
  };
}

export interface CatenaXImportResult {
  passport: Passport;
  /** Catena-X facts outside the catalogue, ready to pass back to `exportCatenaX`. */
  supplement: CatenaXSupplement;
  warnings: string[];
}
