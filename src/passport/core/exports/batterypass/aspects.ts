/**
 * The seven Battery Pass v1.2 aspects (batterypass/BatteryPassDataModel, snapshot 4c96de2). Every aspect is at
 * 1.2.0 except Performance, whose newest published folder is 1.2.1; the versions are those of the generated
 * JSON schemas each exported file conforms to.
 */

export const BATTERYPASS_ASPECTS = {
  generalProductInformation: {
    namespace: 'io.BatteryPass.GeneralProductInformation',
    version: '1.2.0',
    schemaFile: 'GeneralProductInformation-schema.json',
  },
  labels: { namespace: 'io.BatteryPass.Labels', version: '1.2.0', schemaFile: 'Labeling-schema.json' },
  carbonFootprint: {
    namespace: 'io.BatteryPass.CarbonFootprint',
    version: '1.2.0',
    schemaFile: 'CarbonFootprintForBatteries-schema.json',
  },
  supplyChainDueDiligence: {
    namespace: 'io.BatteryPass.SupplyChainDueDiligence',
    version: '1.2.0',
    schemaFile: 'SupplyChainDueDiligence-schema.json',
  },
  materialComposition: {
    namespace: 'io.BatteryPass.MaterialComposition',
    version: '1.2.0',
    schemaFile: 'MaterialComposition-schema.json',
  },
  circularity: { namespace: 'io.BatteryPass.Circularity', version: '1.2.0', schemaFile: 'Circularity-schema.json' },
  /** The generated schema of this aspect is named `.schema` (draft-04 JSON Schema despite the extension). */
  performance: {
    namespace: 'io.BatteryPass.Performance',
    version: '1.2.1',
    schemaFile: 'PerformanceAndDurability.schema',
  },
} as const;

export type BatteryPassAspectId = keyof typeof BATTERYPASS_ASPECTS;
export const BATTERYPASS_ASPECT_IDS = Object.keys(BATTERYPASS_ASPECTS) as BatteryPassAspectId[];

export function batteryPassFileName(namespace: string): string {
  return `${namespace}.json`;
}

/** Schema path relative to the shared fixtures directory (used by the conformance tests). */
export function batteryPassSchemaPath(id: BatteryPassAspectId): string {
  const a = BATTERYPASS_ASPECTS[id];
  return `fixtures/batterypass/BatteryPass/${a.namespace}/${a.version}/gen/${a.schemaFile}`;
}
