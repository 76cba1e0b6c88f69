/**
 * Battery Pass Data Model v1.2 export: one value-only JSON payload per aspect. An aspect whose schema requires
 * data the passport does not hold (or cannot express upstream) is omitted and reported, never padded.
 */
import type { Passport } from '../../types.js';
import { BATTERYPASS_ASPECTS, type BatteryPassAspectId, batteryPassFileName } from './aspects.js';
import { carbonFootprint, generalProductInformation, labels, supplyChainDueDiligence } from './export-product.js';
import { circularity, materialComposition } from './export-circularity.js';
import { performance } from './export-performance.js';
import type { BatteryPassExportResult, ExportFile } from './model.js';
import { AttributeSource, type Obj } from './values.js';

const BUILDERS: Record<BatteryPassAspectId, (src: AttributeSource) => Obj> = {
  generalProductInformation,
  labels,
  carbonFootprint,
  supplyChainDueDiligence,
  materialComposition,
  circularity,
  performance,
};

export function exportBatteryPass(p: Passport): BatteryPassExportResult {
  const result: BatteryPassExportResult = { files: [], omitted: [] };
  for (const [id, build] of Object.entries(BUILDERS) as [BatteryPassAspectId, (src: AttributeSource) => Obj][]) {
    const aspect = BATTERYPASS_ASPECTS[id];
    const src = new AttributeSource(p);
    const content = build(src);
    if (src.missing.length > 0) {
      result.omitted.push({ namespace: aspect.namespace, missing: src.missing });
      continue;
    }
    const file: ExportFile = {
      namespace: aspect.namespace,
      version: aspect.version,
      fileName: batteryPassFileName(aspect.namespace),
      content,
    };
    result.files.push(file);
  }
  return result;
}
