/** Wire shapes the console reads (the node API's JSON; see the OpenAPI document at /openapi.json of any node). */
export type Tier = 'public' | 'legitimateInterest' | 'legitimateInterestAndCommission' | 'authorities';

export interface AttributeDef {
  key: string;
  number: number;
  name: string;
  group: string;
  tier: Tier;
  behaviour: 'static' | 'dynamic';
  granularity: 'model' | 'individual';
  unit?: string;
  description: string;
  regulationRef: string;
  type: { kind: string; enum?: string[] };
}

export interface Catalogue {
  groups: { key: string; label: string }[];
  attributes: AttributeDef[];
}

export interface PassportSummary {
  passportId: string;
  batteryId: string;
  status?: string;
  chemistry: string;
  manufacturerModelId: string;
  closed: boolean;
  updatedAt: string;
  sohPct?: number | null;
  manufacturingCountry?: string | null;
  manufacturingLocality?: string | null;
  /** where the battery was last seen (latest signed event naming a place); absent below the legitimate-interest tier */
  lastLocation?: { name: string; countryCode: string; at: string } | null;
}

export interface PackNode {
  id: string;
  kind: 'pack' | 'module' | 'cell';
  serialNumber: string;
  position?: string;
  nominalCapacityAh?: number;
  nominalVoltageV?: number;
  massKg?: number;
  children: PackNode[];
}

export interface Passport {
  passportId: string;
  batteryId: string;
  status?: string;
  closed: boolean;
  closedAt?: string;
  predecessorPassportId?: string;
  successorPassportIds?: string[];
  issuer: { did: string; role: string; name: string };
  model: { manufacturerModelId: string; chemistry: string };
  attributes: Record<string, unknown>;
  attributeUpdatedAt: Record<string, string>;
  structure: PackNode;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface HistoryEvent {
  eventId: string;
  batteryId: string;
  seq: number;
  type: string;
  occurredAt: string;
  author: { did: string; role: string };
  payload: Record<string, unknown>;
  hash: string;
  recordedAt?: string;
}

export type ChainVerification =
  | { ok: true; length: number; headHash: string | null }
  | { ok: false; firstBad: { seq: number; eventId: string | null; position: number; problem: string; detail: string }; verifiedLength: number };

export interface ProcessHistoryEntry {
  at: string;
  from: string;
  to: string;
  reason: string;
}

export interface NegotiationSummary {
  id: string;
  role: 'consumer' | 'provider';
  state: string;
  counterPartyDid: string | null;
  assetId: string | null;
  agreementId: string | null;
  error: string | null;
  retryCount: number;
  history: ProcessHistoryEntry[];
}

export interface TransferSummary {
  id: string;
  role: 'consumer' | 'provider';
  state: string;
  counterPartyDid: string | null;
  error: string | null;
  history: ProcessHistoryEntry[];
}

export interface Agreement {
  id: string;
  negotiationId: string;
  role: 'consumer' | 'provider';
  assetId: string;
  providerDid: string;
  consumerDid: string;
  agreedAt: string;
}

export const TIER_LABEL: Record<Tier, string> = {
  public: 'Public',
  legitimateInterest: 'Legitimate interest',
  legitimateInterestAndCommission: 'Legitimate interest + Commission',
  authorities: 'Authorities only',
};

export const STATUSES = ['original', 'reused', 'repurposed', 'remanufactured', 'waste'] as const;
export const CHEMISTRIES = ['NMC', 'NCA', 'LFP', 'LMFP', 'LMO', 'LTO', 'NaIon', 'other'] as const;
