/**
 * Collected state of a Catena-X import: catalogue values (checked against the catalogue as they are read, via the
 * Battery Pass import state), envelope facts and the Catena-X supplement.
 */
import type { BatteryStatus, Chemistry } from '../../types.js';
import { ImportState } from '../batterypass/import-state.js';
import type { CatenaXSupplement, HeavyMetal, HeavyMetalContent, RecycledMetal } from './model.js';

export interface CatenaXEnvelope {
  passportId?: string;
  batteryId?: string;
  status?: BatteryStatus;
  chemistry?: Chemistry;
  manufacturerModelId?: string;
  packSerialNumber?: string;
  version?: number;
  predecessorPassportId?: string;
  issueDate?: string;
  lastModification?: string;
}

/** Supplement fields as they are found; `complete()` checks nothing required is absent. */
export interface PartialSupplement {
  economicOperatorBpnl?: string;
  manufacturerBpnl?: string;
  manufacturingSiteBpna?: string;
  sparePartProducerBpnls?: string[];
  dataCarrierLayout?: string;
  passportExpirationDate?: string;
  backupReference?: string;
  fireClass?: string;
  roundTripEfficiencyDepthOfDischargePercent?: number;
  cycleLifeTest?: CatenaXSupplement['cycleLifeTest'];
  heavyMetals: Partial<Record<HeavyMetal, HeavyMetalContent>>;
  recycledContentPercent: Partial<Record<RecycledMetal, number>>;
}

export class CatenaXImportState extends ImportState {
  readonly cx: CatenaXEnvelope = {};
  readonly sup: PartialSupplement = { heavyMetals: {}, recycledContentPercent: {} };
}
