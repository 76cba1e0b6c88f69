/**
 * Catalog protocol wire types (DSP 2025-1 Catalog Protocol; `catalog/*-schema.json`).
 */
import type { DatasetOffer, JsonValue } from './wire-policy.js';

/** POST `<base>/catalog/request`. `filter` is implementation-specific; an unsupported filter is answered with 400. */
export interface CatalogRequestMessage {
  '@context': string[];
  '@type': 'CatalogRequestMessage';
  filter?: JsonValue[];
}

/** The abstract form of GET `<base>/catalog/datasets/:id`. */
export interface DatasetRequestMessage {
  '@context': string[];
  '@type': 'DatasetRequestMessage';
  dataset: string;
}

export interface DataService {
  '@id': string;
  '@type': 'DataService';
  endpointURL: string;
  endpointDescription?: string;
  servesDataset?: DatasetEntry[];
}

export interface Distribution {
  '@type'?: 'Distribution';
  /** e.g. `HttpData-PULL`; a TransferRequestMessage's `format` must name one of these. */
  format: string;
  /** The DataService `@id`, or the service inline. */
  accessService: string | DataService;
  hasPolicy?: DatasetOffer[];
}

/** A Dataset as it appears inside a Catalog (no `@context`). */
export interface DatasetEntry {
  '@id': string;
  '@type'?: 'Dataset';
  hasPolicy: DatasetOffer[];
  distribution: Distribution[];
}

/** A Dataset as a response document (GET `/catalog/datasets/:id`). */
export interface Dataset extends DatasetEntry {
  '@context': string[];
  '@type': 'Dataset';
}

/** A Catalog nested in another Catalog. A Catalog must not carry `hasPolicy` (`catalog-schema.json`). */
export interface SubCatalog {
  '@id': string;
  '@type': 'Catalog';
  participantId?: string;
  dataset?: DatasetEntry[];
  catalog?: SubCatalog[];
  service?: DataService[];
  distribution?: Distribution[];
}

/** The root Catalog returned by POST `/catalog/request`. */
export interface Catalog extends SubCatalog {
  '@context': string[];
  participantId: string;
}

export interface CatalogError {
  '@context': string[];
  '@type': 'CatalogError';
  code?: string;
  reason?: JsonValue[];
}
