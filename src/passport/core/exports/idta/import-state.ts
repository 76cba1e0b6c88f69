/**
 * What the submodel readers collect while importing: attribute values with the upstream path they came
 * from (so catalogue violations can name the IDTA field), per-attribute update times, envelope facts and
 * the Handover Documentation index used to resolve document references.
 */
import type { AttributeValue, BatteryStatus } from '../../types.js';
import type { DocumentIndex, ImportedDocument } from './documents.js';
import type { Obj } from './reader.js';

export interface EnvelopeFacts {
  passportId?: { value: string; source: string };
  batteryId?: { value: string; source: string };
  status?: BatteryStatus;
  /** EN 18223 dppStatus. */
  dppStatus?: string;
  lastUpdate?: string;
  economicOperatorId?: { value: string; source: string };
  facilityId?: string;
}

export class ImportState {
  readonly attributes: Record<string, AttributeValue> = {};
  /** Update times carried by IDTA (`LastUpdate` of Product Condition entries). */
  readonly updatedAt: Record<string, string> = {};
  /** Attribute key → `<namespace>:<path>` it was read from. */
  readonly sources: Record<string, string> = {};
  readonly envelope: EnvelopeFacts = {};
  /**
   * Attributes IDTA carries only in part (key → what is missing). They are kept as read, so a re-export
   * reproduces the files, but they lack fields the catalogue requires; the importer reports them.
   */
  readonly partial = new Map<string, string>();

  constructor(
    readonly warnings: string[],
    readonly docs: DocumentIndex,
  ) {}

  set(key: string, value: AttributeValue, source: Obj | string, path?: string, updatedAt?: string): void {
    const where = typeof source === 'string' ? source : `${source.r.namespace}:${path === undefined ? source.path : source.at(path)}`;
    if (this.attributes[key] !== undefined) {
      this.warnings.push(`${where}: ${key} already read from ${this.sources[key]}; the first value is kept`);
      return;
    }
    this.attributes[key] = value;
    this.sources[key] = where;
    if (updatedAt !== undefined) this.updatedAt[key] = updatedAt;
  }

  /**
   * Resolves document identifiers listed at `o.<key>` against Handover Documentation. Identifiers that
   * are themselves http(s) URLs stand for the document when no Handover entry exists.
   */
  documents(o: Obj, key: string, ids: readonly string[]): ImportedDocument[] {
    const out: ImportedDocument[] = [];
    ids.forEach((id, i) => {
      const doc = this.docs.get(id);
      if (doc) {
        out.push(doc);
        return;
      }
      if (/^https?:\/\//i.test(id)) {
        out.push({ ids: [id], title: id, url: id, contentType: '', classes: new Map(), path: `${o.at(key)}[${i}]` });
        return;
      }
      const why = this.docs.present ? 'is not in the Handover Documentation' : 'cannot be resolved: no Handover Documentation file supplied';
      o.r.warn(`${o.at(key)}[${i}]`, `document ${JSON.stringify(id)} ${why}; ignored`);
    });
    return out;
  }

  /** URL of the single document a property references (the first one if several are listed). */
  documentUrl(o: Obj, key: string): { url: string; doc: ImportedDocument } | undefined {
    const ids = o.optStrings(key);
    if (ids === undefined || ids.length === 0) return undefined;
    const docs = this.documents(o, key, ids);
    if (docs.length > 1) o.r.warn(o.at(key), `${docs.length} documents referenced where the catalogue holds one link; the first is used`);
    return docs.length > 0 ? { url: docs[0].url, doc: docs[0] } : undefined;
  }
}
