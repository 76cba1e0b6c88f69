/**
 * Catena-X `io.catenax.battery.battery_pass` 6.1.0 export: one document per passport. Every gap (catalogue value
 * or supplement fact the schema requires) is collected and reported at once; nothing is padded with placeholders.
 */
import type { Passport } from '../../types.js';
import { characteristics, commercial, conformity, handling, identification, metadata, operation, safety, sources, specVersion } from './export-general.js';
import { materials, sustainability } from './export-materials.js';
import { performance } from './export-performance.js';
import { CONCENTRATION_UNITS, CatenaXExportError, type CatenaXSupplement, type ExportFile } from './model.js';
import { AttributeSource, BPNA_PATTERN, BPNL_PATTERN, CATENAX_FILE_NAME, CATENAX_NAMESPACE, CATENAX_VERSION, type Obj } from './values.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reasons the supplement cannot be written (wrong BPN format, empty text, non-finite numbers). */
export function checkSupplement(sup: CatenaXSupplement | undefined): string[] {
  if (sup === undefined) return ['supplement: missing (Catena-X needs BPNs, passport availability and test conditions the catalogue does not hold)'];
  const out: string[] = [];
  const text = (field: string, v: unknown) => {
    if (typeof v !== 'string' || v.trim() === '') out.push(`supplement.${field}: must be a non-empty string`);
  };
  const num = (field: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) out.push(`supplement.${field}: must be a finite number`);
  };
  if (!BPNL_PATTERN.test(String(sup.economicOperatorBpnl))) out.push('supplement.economicOperatorBpnl: must be a BPNL (BPNL + 12 characters)');
  if (!BPNL_PATTERN.test(String(sup.manufacturerBpnl))) out.push('supplement.manufacturerBpnl: must be a BPNL (BPNL + 12 characters)');
  if (!BPNA_PATTERN.test(String(sup.manufacturingSiteBpna))) out.push('supplement.manufacturingSiteBpna: must be a BPNA (BPNA + 12 characters)');
  if (!Array.isArray(sup.sparePartProducerBpnls)) out.push('supplement.sparePartProducerBpnls: must be a list of BPNLs');
  else sup.sparePartProducerBpnls.forEach((b, i) => BPNL_PATTERN.test(String(b)) || out.push(`supplement.sparePartProducerBpnls[${i}]: must be a BPNL`));
  text('dataCarrierLayout', sup.dataCarrierLayout);
  if (typeof sup.passportExpirationDate !== 'string' || !DATE.test(sup.passportExpirationDate)) out.push('supplement.passportExpirationDate: must be YYYY-MM-DD');
  text('backupReference', sup.backupReference);
  text('fireClass', sup.fireClass);
  num('roundTripEfficiencyDepthOfDischargePercent', sup.roundTripEfficiencyDepthOfDischargePercent);
  const t = sup.cycleLifeTest ?? ({} as CatenaXSupplement['cycleLifeTest']);
  for (const f of ['temperatureDegC', 'depthOfDischargePercent', 'chargeRateC', 'dischargeRateC'] as const) num(`cycleLifeTest.${f}`, t[f]);
  for (const metal of ['cadmium', 'mercury', 'lead'] as const) {
    const h = sup.heavyMetals?.[metal];
    if (h === undefined) {
      out.push(`supplement.heavyMetals.${metal}: missing`);
      continue;
    }
    if (typeof h.concentration !== 'number' || !Number.isFinite(h.concentration) || h.concentration < 0) out.push(`supplement.heavyMetals.${metal}.concentration: must be a number >= 0`);
    if (!(CONCENTRATION_UNITS as readonly string[]).includes(h.unit)) out.push(`supplement.heavyMetals.${metal}.unit: must be one of ${CONCENTRATION_UNITS.join(', ')}`);
    text(`heavyMetals.${metal}.location`, h.location);
  }
  for (const [metal, v] of Object.entries(sup.recycledContentPercent ?? {})) {
    if (typeof v !== 'number' || !(v >= 0 && v <= 100)) out.push(`supplement.recycledContentPercent.${metal}: must be 0..100`);
  }
  return out;
}

/** Builds the Catena-X document; throws `CatenaXExportError` naming every missing catalogue value or supplement fact. */
export function exportCatenaX(p: Passport, supplement?: CatenaXSupplement): ExportFile[] {
  const problems = checkSupplement(supplement);
  if (problems.length > 0 || supplement === undefined) throw new CatenaXExportError(problems);
  const src = new AttributeSource(p);
  const content: Obj = {
    specVersion: specVersion(),
    identification: identification(src, supplement),
    operation: operation(src, supplement),
    characteristics: characteristics(src),
    sustainability: sustainability(src, supplement),
    materials: materials(src, supplement),
    performance: performance(src, supplement),
    conformity: conformity(src),
    safety: safety(src, supplement),
    metadata: metadata(src, supplement),
    commercial: commercial(),
    handling: handling(src, supplement),
  };
  const extra = sources(src);
  if (extra.length > 0) content.sources = extra;
  if (src.missing.length > 0) throw new CatenaXExportError(src.missing);
  return [{ namespace: CATENAX_NAMESPACE, version: CATENAX_VERSION, fileName: CATENAX_FILE_NAME, content }];
}
