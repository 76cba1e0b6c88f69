/**
 * IDTA-02035 "Digital Battery Passport" submodels (parts 1-7) and the IDTA DPP metadata, as SAMM namespaces.
 * Versions are those of the published value-only JSON schemas in admin-shell-io/smt-semantic-models
 * (snapshot 47929ba); each file we emit conforms to exactly that version.
 */

export const IDTA_SUBMODELS = {
  /** IDTA-02035-1 Digital Nameplate. */
  nameplate: { namespace: 'io.admin-shell.idta.batterypass.digital_nameplate', version: '1.0.0', schemaName: 'NameplateBattery' },
  /** IDTA-02035-2 Handover Documentation (holds the documents the other parts reference by identifier). */
  handover: {
    namespace: 'io.admin-shell.idta.batterypass.handover_documentation',
    version: '1.0.0',
    schemaName: 'HandoverDocumentationBattery',
  },
  /** IDTA-02035-3 Carbon Footprint. */
  carbonFootprint: {
    namespace: 'io.admin-shell.idta.batterypass.carbon_footprint',
    version: '1.0.0',
    schemaName: 'CarbonFootprintBattery',
  },
  /** IDTA-02035-4 Technical Data. */
  technicalData: { namespace: 'io.admin-shell.idta.batterypass.technical_data', version: '1.0.1', schemaName: 'TechnicalDataBattery' },
  /** IDTA-02035-5 Product Condition (dynamic data, each with LastUpdate). */
  productCondition: {
    namespace: 'io.admin-shell.idta.batterypass.product_condition',
    version: '1.0.1',
    schemaName: 'ProductConditionBattery',
  },
  /** IDTA-02035-6 Material Composition. */
  materialComposition: {
    namespace: 'io.admin-shell.idta.batterypass.material_composition',
    version: '1.0.1',
    schemaName: 'MaterialCompositionBattery',
  },
  /** IDTA-02035-7 Circularity. */
  circularity: { namespace: 'io.admin-shell.idta.batterypass.circularity', version: '1.0.0', schemaName: 'CircularityBattery' },
  /** IDTA DPP metadata (EN 18223 passport-level metadata). */
  dppMetadata: { namespace: 'io.admin-shell.idta.dpp.dpp_metadata', version: '1.0.0', schemaName: 'DppMetadata' },
} as const;

export type IdtaSubmodelId = keyof typeof IDTA_SUBMODELS;

export const IDTA_SUBMODEL_IDS = Object.keys(IDTA_SUBMODELS) as IdtaSubmodelId[];

export function idtaFileName(namespace: string): string {
  return `${namespace}.json`;
}

/** Path of the submodel's JSON schema relative to the shared fixtures directory (used by conformance tests). */
export function idtaSchemaPath(id: IdtaSubmodelId): string {
  const s = IDTA_SUBMODELS[id];
  return `fixtures/idta-batterypass/${s.namespace}/${s.version}/gen/${s.schemaName}-schema.json`;
}
