/**
 * Test-only: the official DSP 2025-1 JSON Schemas from `../shared/fixtures/dsp`, loaded into ONE ajv 2019-09
 * instance under their `$id`s so the cross-file `$ref`s resolve. Production code never imports this (nodes ship
 * without ../shared); the hand-written parsers are checked against these schemas in the tests instead.
 *
 * Quirk handled at load (shared/fixtures/dsp/SOURCE.md, item 1): three transfer schemas reference
 * `transfer-schema.json#definitions/...`, a fragment without the leading `/` that ajv rejects; it is rewritten to
 * `#/definitions/...` in memory. The files stay unchanged.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Ajv2019Module from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readJsonAnyEncoding, sharedPath } from '../../../../test/support/shared.js';

// ajv ships CommonJS; under NodeNext the class sits on `.default`.
const Ajv2019 = ((Ajv2019Module as unknown as { default?: unknown }).default ?? Ajv2019Module) as unknown as typeof import('ajv').default;

export const DSP_FIXTURES = sharedPath('fixtures', 'dsp');
const ID_BASE = 'https://w3id.org/dspace/2025/1/';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Repo-style relative path (`negotiation/example/x.json`) of a file under the DSP fixtures. */
export function fixtureRel(path: string): string {
  return relative(DSP_FIXTURES, path).split(sep).join('/');
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' ? v.replace('.json#definitions/', '.json#/definitions/') : rewriteRefs(v);
  }
  return out;
}

export interface DspSchemaRegistry {
  /** Validator for a schema file (`negotiation/contract-request-message-schema.json`) or a `#/definitions/X` of it. */
  validator(rel: string, definition?: string): ValidateFunction;
  /** Every schema file, relative. */
  schemaFiles: string[];
  /** Every example file, relative (`<folder>/example/<name>.json`). */
  exampleFiles: string[];
}

let registry: DspSchemaRegistry | undefined;

export function dspSchemas(): DspSchemaRegistry {
  if (registry) return registry;
  const files = walk(DSP_FIXTURES).filter((f) => f.endsWith('.json'));
  const schemaFiles = files.map(fixtureRel).filter((f) => f.endsWith('-schema.json'));
  const exampleFiles = files.map(fixtureRel).filter((f) => f.includes('/example/'));
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  for (const rel of schemaFiles) {
    const schema = rewriteRefs(readJsonAnyEncoding(join(DSP_FIXTURES, rel))) as { $id?: string };
    if (schema.$id !== ID_BASE + rel) throw new Error(`unexpected $id ${schema.$id} for ${rel}`);
    ajv.addSchema(schema as object);
  }
  const cache = new Map<string, ValidateFunction>();
  registry = {
    schemaFiles,
    exampleFiles,
    validator(rel, definition) {
      const ref = ID_BASE + rel + (definition ? `#/definitions/${definition}` : '');
      let fn = cache.get(ref);
      if (!fn) {
        fn = ajv.getSchema(ref);
        if (!fn) throw new Error(`no schema ${ref}`);
        cache.set(ref, fn);
      }
      return fn;
    },
  };
  return registry;
}

/** The upstream example → schema pairing (SOURCE.md, "Example → schema pairing"). */
export function schemaForExample(exampleRel: string): string {
  const [folder, , file] = exampleRel.split('/') as [string, string, string];
  const name = file.replace(/\.json$/, '').replace(/_initial$/, '');
  const exceptions: Record<string, string> = {
    catalog: 'catalog/catalog-schema.json',
    'nested-catalog': 'catalog/catalog-schema.json',
    dataset: 'catalog/dataset-schema.json',
    'contract-negotiation': 'negotiation/contract-negotiation-schema.json',
    'contract-agreement-message-full': 'negotiation/contract-agreement-message-schema.json',
    'transfer-process': 'transfer/transfer-process-schema.json',
    'catalogservice-did-service': 'common/did-service-schema.json',
    'dataservice-did-service': 'common/did-service-schema.json',
  };
  return exceptions[name] ?? `${folder}/${name}-schema.json`;
}

/** Schema file for each root document type our builders emit. */
export const SCHEMA_FOR_TYPE: Record<string, string> = {
  CatalogRequestMessage: 'catalog/catalog-request-message-schema.json',
  DatasetRequestMessage: 'catalog/dataset-request-message-schema.json',
  Catalog: 'catalog/catalog-schema.json',
  Dataset: 'catalog/dataset-schema.json',
  CatalogError: 'catalog/catalog-error-schema.json',
  ContractRequestMessage: 'negotiation/contract-request-message-schema.json',
  ContractOfferMessage: 'negotiation/contract-offer-message-schema.json',
  ContractAgreementMessage: 'negotiation/contract-agreement-message-schema.json',
  ContractAgreementVerificationMessage: 'negotiation/contract-agreement-verification-message-schema.json',
  ContractNegotiationEventMessage: 'negotiation/contract-negotiation-event-message-schema.json',
  ContractNegotiationTerminationMessage: 'negotiation/contract-negotiation-termination-message-schema.json',
  ContractNegotiation: 'negotiation/contract-negotiation-schema.json',
  ContractNegotiationError: 'negotiation/contract-negotiation-error-schema.json',
  TransferRequestMessage: 'transfer/transfer-request-message-schema.json',
  TransferStartMessage: 'transfer/transfer-start-message-schema.json',
  TransferSuspensionMessage: 'transfer/transfer-suspension-message-schema.json',
  TransferCompletionMessage: 'transfer/transfer-completion-message-schema.json',
  TransferTerminationMessage: 'transfer/transfer-termination-message-schema.json',
  TransferProcess: 'transfer/transfer-process-schema.json',
  TransferError: 'transfer/transfer-error-schema.json',
  VersionResponse: 'common/protocol-version-schema.json',
  DidService: 'common/did-service-schema.json',
  DataAddress: 'transfer/data-address-schema.json',
};

export function describeAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`).join('; ');
}
