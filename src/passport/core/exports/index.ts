/**
 * One entry to the export and import formats. Each file is named after the semantic model it follows
 * (`<namespace>.json`) so any tool can find its schema.
 */
import type { Participant, Passport } from '../types.js';
import { exportIdtaWithReport, importIdta, IdtaImportError, IdtaExportError } from './idta/index.js';
import { exportCatenaX, importCatenaX, CatenaXExportError, CatenaXImportError } from './catenax/index.js';
import { exportBatteryPass, importBatteryPass, BatteryPassImportError } from './batterypass/index.js';
import { exportJsonLd, importJsonLd, JsonLdImportError } from './jsonld/index.js';

export type ExportFormatName = 'idta' | 'catenax' | 'batterypass' | 'jsonld';
export const EXPORT_FORMATS: readonly ExportFormatName[] = ['idta', 'catenax', 'batterypass', 'jsonld'];

export interface ExportFile {
  namespace: string;
  version: string;
  fileName: string;
  content: unknown;
}

export interface ExportOutcome {
  files: ExportFile[];
  /** Files the format defines but this passport (or the caller's view of it) cannot fill, with the reason. */
  omitted: { namespace: string; reason: string }[];
}

/** The passport lacks data a format requires (typically: the caller's tier hides it). `missing` names each gap. */
export class ExportNotPossible extends Error {
  constructor(readonly format: ExportFormatName, readonly missing: string[]) {
    super(`${format} export needs data this passport view does not hold: ${missing.join('; ')}`);
  }
}

export function exportPassport(p: Passport, format: ExportFormatName): ExportOutcome {
  try {
    switch (format) {
      case 'idta': {
        const r = exportIdtaWithReport(p);
        return { files: r.files, omitted: r.omitted.map((o) => ({ namespace: o.namespace, reason: `missing ${o.missing.join(', ')}` })) };
      }
      case 'catenax':
        return { files: exportCatenaX(p, p.profiles?.catenax), omitted: [] };
      case 'batterypass': {
        const r = exportBatteryPass(p);
        return { files: r.files, omitted: r.omitted.map((o) => ({ namespace: o.namespace, reason: `missing ${o.missing.join(', ')}` })) };
      }
      case 'jsonld':
        return { files: exportJsonLd(p), omitted: [] };
    }
  } catch (e) {
    if (e instanceof CatenaXExportError) throw new ExportNotPossible(format, e.missing);
    if (e instanceof IdtaExportError) throw new ExportNotPossible(format, [e.message]);
    throw e;
  }
}

/**
 * Facts some formats do not carry, supplied by the importer: the holder of the passport (Catena-X names it by BPN,
 * IDTA by id only), and for Battery Pass files without GeneralProductInformation the ids, status and model.
 */
export interface ImportEnvelope {
  issuer?: Participant;
  createdAt?: string;
  updatedAt?: string;
  passportId?: string;
  batteryId?: string;
  status?: Passport['status'];
  manufacturerModelId?: string;
  structure?: Passport['structure'];
}

export type ImportOutcome =
  | { ok: true; passport: Passport; warnings: string[] }
  | { ok: false; errors: { field: string; reason: string }[] };

/** Rebuilds a native passport; a malformed file is a value naming the field, never an exception. */
export function importPassport(files: ExportFile[] | Record<string, unknown>, format: ExportFormatName, envelope: ImportEnvelope = {}): ImportOutcome {
  const list: ExportFile[] = Array.isArray(files)
    ? files
    : Object.entries(files).map(([fileName, content]) => ({ fileName, namespace: fileName.replace(/\.(json|jsonld)$/, ''), version: '', content }));
  try {
    switch (format) {
      case 'idta': {
        const r = importIdta(list, {
          ...(envelope.issuer ? { issuer: envelope.issuer } : {}),
          ...(envelope.createdAt ? { createdAt: envelope.createdAt } : {}),
          ...(envelope.manufacturerModelId ? { manufacturerModelId: envelope.manufacturerModelId } : {}),
          ...(envelope.structure ? { structure: envelope.structure } : {}),
        });
        return { ok: true, passport: r.passport, warnings: r.warnings };
      }
      case 'catenax': {
        const r = importCatenaX(list as never, { envelope: { issuer: envelope.issuer, createdAt: envelope.createdAt, updatedAt: envelope.updatedAt, structure: envelope.structure } });
        return { ok: true, passport: { ...r.passport, profiles: { ...(r.passport.profiles ?? {}), catenax: r.supplement } }, warnings: r.warnings };
      }
      case 'batterypass': {
        const r = importBatteryPass(list as never, { envelope });
        return { ok: true, passport: r.passport, warnings: r.warnings };
      }
      case 'jsonld': {
        const r = importJsonLd(list as never);
        return { ok: true, passport: r.passport, warnings: r.warnings };
      }
    }
  } catch (e) {
    if (e instanceof IdtaImportError || e instanceof CatenaXImportError || e instanceof BatteryPassImportError || e instanceof JsonLdImportError) {
      return { ok: false, errors: [{ field: e.field, reason: e.reason }] };
    }
    throw e;
  }
}
