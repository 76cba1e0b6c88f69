/**
 * Builders for the Catalog Protocol documents (DSP 2025-1 Catalog Protocol and its HTTPS binding). Policies come in
 * as internal `OfferTerms`; catalog offers have no `target` of their own (the dataset is the target).
 */
import { defined, finish } from './build-kit.js';
import { dspContext } from './context.js';
import { datasetOfferToWire, type OfferTerms } from './odrl.js';
import { EMBEDDED_CHECKS, MESSAGE_CHECKS } from './validate-messages.js';
import type {
  Catalog,
  CatalogError,
  CatalogRequestMessage,
  DataService,
  Dataset,
  DatasetEntry,
  DatasetRequestMessage,
  Distribution,
  SubCatalog,
} from './wire-catalog.js';
import type { JsonValue } from './wire-policy.js';

export type CatalogOfferTerms = Omit<OfferTerms, 'target'>;

export interface DataServiceInput {
  id: string;
  /** The DSP `<base>` URL of the connector that serves the datasets. */
  endpointURL: string;
}

export interface DistributionInput {
  /** e.g. `HttpData-PULL`. */
  format: string;
  /** A DataService `@id` declared in the catalog's `service`, or the service inline. */
  accessService: string | DataServiceInput;
  /** Distribution-specific offers, if any. */
  offers?: CatalogOfferTerms[];
}

export interface DatasetInput {
  id: string;
  /** At least one (DSP 2025-1: a Dataset has 1..n `hasPolicy` offers). */
  offers: CatalogOfferTerms[];
  /** At least one. */
  distributions: DistributionInput[];
}

export interface CatalogInput {
  id: string;
  participantId: string;
  datasets?: DatasetInput[];
  catalogs?: SubCatalogInput[];
  services?: DataServiceInput[];
  distributions?: DistributionInput[];
}
export type SubCatalogInput = Omit<CatalogInput, 'participantId'> & { participantId?: string };

/** Empty lists are left out: the schemas require at least one item wherever these arrays appear. */
function list<I, O>(items: readonly I[] | undefined, f: (x: I) => O): O[] | undefined {
  return items && items.length > 0 ? items.map(f) : undefined;
}

export function dataService(input: DataServiceInput): DataService {
  return finish('DataService', EMBEDDED_CHECKS.DataService, { '@id': input.id, '@type': 'DataService', endpointURL: input.endpointURL });
}

export function distribution(input: DistributionInput): Distribution {
  const doc: Distribution = defined({
    '@type': 'Distribution' as const,
    format: input.format,
    accessService: typeof input.accessService === 'string' ? input.accessService : dataService(input.accessService),
    hasPolicy: list(input.offers, datasetOfferToWire),
  });
  return finish('Distribution', EMBEDDED_CHECKS.Distribution, doc);
}

/** A Dataset inside a Catalog's `dataset` list. */
export function datasetEntry(input: DatasetInput): DatasetEntry {
  return {
    '@id': input.id,
    '@type': 'Dataset',
    hasPolicy: input.offers.map(datasetOfferToWire),
    distribution: input.distributions.map(distribution),
  };
}

/** Reply to GET `/catalog/datasets/:id`. */
export function dataset(input: DatasetInput): Dataset {
  return finish('Dataset', MESSAGE_CHECKS.Dataset, { '@context': dspContext(), ...datasetEntry(input), '@type': 'Dataset' as const });
}

function subCatalogBody(input: SubCatalogInput): SubCatalog {
  return defined({
    '@id': input.id,
    '@type': 'Catalog' as const,
    participantId: input.participantId,
    service: list(input.services, dataService),
    dataset: list(input.datasets, datasetEntry),
    catalog: list(input.catalogs, subCatalogBody),
    distribution: list(input.distributions, distribution),
  });
}

/** Reply to POST `/catalog/request`. */
export function catalog(input: CatalogInput): Catalog {
  const doc: Catalog = { '@context': dspContext(), ...subCatalogBody(input), participantId: input.participantId };
  return finish('Catalog', MESSAGE_CHECKS.Catalog, doc);
}

export function catalogRequestMessage(input: { filter?: JsonValue[] } = {}): CatalogRequestMessage {
  const doc: CatalogRequestMessage = defined({ '@context': dspContext(), '@type': 'CatalogRequestMessage' as const, filter: input.filter });
  return finish('CatalogRequestMessage', MESSAGE_CHECKS.CatalogRequestMessage, doc);
}

export function datasetRequestMessage(input: { dataset: string }): DatasetRequestMessage {
  return finish('DatasetRequestMessage', MESSAGE_CHECKS.DatasetRequestMessage, {
    '@context': dspContext(),
    '@type': 'DatasetRequestMessage' as const,
    dataset: input.dataset,
  });
}

export function catalogError(input: { code?: string; reason?: string[] } = {}): CatalogError {
  const doc: CatalogError = defined({ '@context': dspContext(), '@type': 'CatalogError' as const, code: input.code, reason: input.reason });
  return finish('CatalogError', MESSAGE_CHECKS.CatalogError, doc);
}
