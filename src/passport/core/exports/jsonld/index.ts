/**
 * JSON-LD passport (`batteryloop.passport.jsonld`): the whole native passport as linked data with an inline
 * context mapping terms to EMMO / BattINFO / BVCO IRIs where they exist, QUDT units for quantities, and the
 * Battery Loop vocabulary (https://w3id.org/batteryloop/vocab#) otherwise.
 */
export { exportJsonLd, buildJsonLd, JSONLD_FILE_NAME, JSONLD_NAMESPACE, JSONLD_VERSION, type ExportFile } from './export.js';
export { importJsonLd, JsonLdImportError, type JsonLdImportResult, type JsonLdInputFile } from './import.js';
export { JSONLD_CONTEXT, ontologyTermIris } from './context.js';
export { expandToStatements, parseContext, JsonLdShapeError } from './expand.js';
export { ONTOLOGY_ATTRIBUTE_IRIS, ONTOLOGY_TERMS, PREFIXES, UNIT_IRIS } from './vocabulary.js';

/**
 * Catalogue keys the JSON-LD document cannot carry: none. Every attribute is written under its own term (an
 * ontology IRI or our vocabulary), structured values as JSON literals (`@type: @json`), so import is lossless.
 */
export const JSONLD_UNMAPPED: Readonly<Record<string, string>> = Object.freeze({});
