/** IDTA-02035 "Digital Battery Passport" (AAS submodel templates, parts 1-7) value-only JSON export and import. */
export type { ExportFile, IdtaExportResult, IdtaImportOptions, IdtaImportResult, OmittedSubmodel } from './types.js';
export { IdtaImportError } from './types.js';
export { IdtaExportError } from './values.js';
export { IDTA_SUBMODELS, IDTA_SUBMODEL_IDS, type IdtaSubmodelId, idtaFileName, idtaSchemaPath } from './namespaces.js';
export { IDTA_ATTRIBUTE_PATHS, IDTA_UNCARRIED } from './mapping.js';
export { exportIdta, exportIdtaWithReport } from './export.js';
export { importIdta } from './import.js';
