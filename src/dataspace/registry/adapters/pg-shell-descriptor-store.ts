/** ShellDescriptorStore on one SQL for PGlite and PostgreSQL. */
import type { Db, Queryable } from '../../../platform/db.js';
import { assetLinkRows, visibleSubjects } from '../core/visibility.js';
import type { AssetAdministrationShellDescriptor, AssetLink, Viewer } from '../core/types.js';
import type { KeysetPage, ShellDescriptorStore, StoredShellDescriptor } from '../ports.js';

interface Row {
  aas_id: string;
  owner_did: string;
  doc: AssetAdministrationShellDescriptor | string;
  created_at: Date | string;
  updated_at: Date | string;
}

function iso(v: Date | string): string {
  return v instanceof Date ? v.toISOString() : new Date(v).toISOString();
}

function fromRow(r: Row): StoredShellDescriptor {
  const descriptor = typeof r.doc === 'string' ? (JSON.parse(r.doc) as AssetAdministrationShellDescriptor) : r.doc;
  return { descriptor, ownerDid: r.owner_did, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
}

/**
 * Visibility of one link row `l` of shell `d` to a viewer ($did, $subjects), as in core/visibility.ts: the owner sees
 * all; others see specific ids addressed to them or PUBLIC_READABLE, and the globalAssetId of a shell they can see.
 */
function linkVisible(did: string, subjects: string): string {
  return `(d.owner_did = ${did}
    OR (l.kind = 'specific' AND l.subject = ANY(${subjects}))
    OR (l.kind = 'global' AND EXISTS (
      SELECT 1 FROM shell_asset_links v WHERE v.aas_id = l.aas_id AND v.kind = 'specific' AND v.subject = ANY(${subjects}))))`;
}

export class PgShellDescriptorStore implements ShellDescriptorStore {
  constructor(private readonly db: Db) {}

  private async writeLinks(q: Queryable, d: AssetAdministrationShellDescriptor): Promise<void> {
    const rows = assetLinkRows(d);
    if (rows.length === 0) return;
    await q.query(
      `INSERT INTO shell_asset_links (aas_id, kind, name, value, subject)
       SELECT $1, k, n, v, s FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(k, n, v, s)`,
      [d.id, rows.map((r) => r.kind), rows.map((r) => r.name), rows.map((r) => r.value), rows.map((r) => r.subject)],
    );
  }

  async create(ownerDid: string, d: AssetAdministrationShellDescriptor, at: string): Promise<boolean> {
    return this.db.tx(async (q) => {
      const ins = await q.query(
        `INSERT INTO shell_descriptors (aas_id, owner_did, doc, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (aas_id) DO NOTHING RETURNING aas_id`,
        [d.id, ownerDid, JSON.stringify(d), at],
      );
      if (ins.length === 0) return false;
      await this.writeLinks(q, d);
      return true;
    });
  }

  async get(aasId: string): Promise<StoredShellDescriptor | null> {
    const rows = await this.db.query<Row>(`SELECT aas_id, owner_did, doc, created_at, updated_at FROM shell_descriptors WHERE aas_id = $1`, [aasId]);
    return rows.length === 0 ? null : fromRow(rows[0]);
  }

  async replace(ownerDid: string, d: AssetAdministrationShellDescriptor, at: string): Promise<boolean> {
    return this.db.tx(async (q) => {
      const upd = await q.query(
        `UPDATE shell_descriptors SET doc = $3, updated_at = $4 WHERE aas_id = $1 AND owner_did = $2 RETURNING aas_id`,
        [d.id, ownerDid, JSON.stringify(d), at],
      );
      if (upd.length === 0) return false;
      await q.query(`DELETE FROM shell_asset_links WHERE aas_id = $1`, [d.id]);
      await this.writeLinks(q, d);
      return true;
    });
  }

  async delete(ownerDid: string, aasId: string): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM shell_descriptors WHERE aas_id = $1 AND owner_did = $2 RETURNING aas_id`, [aasId, ownerDid]);
    return rows.length === 1;
  }

  async list(q: { viewer: Viewer; limit: number; after?: string }): Promise<KeysetPage<StoredShellDescriptor>> {
    const rows = await this.db.query<Row>(
      `SELECT d.aas_id, d.owner_did, d.doc, d.created_at, d.updated_at FROM shell_descriptors d
       WHERE (d.owner_did = $1::text OR EXISTS (
               SELECT 1 FROM shell_asset_links l WHERE l.aas_id = d.aas_id AND l.kind = 'specific' AND l.subject = ANY($2::text[])))
         AND ($3::text IS NULL OR d.aas_id > $3::text)
       ORDER BY d.aas_id LIMIT $4`,
      [q.viewer.did, visibleSubjects(q.viewer), q.after ?? null, q.limit + 1],
    );
    const items = rows.slice(0, q.limit).map(fromRow);
    return rows.length > q.limit ? { items, nextAfter: items[items.length - 1].descriptor.id } : { items };
  }

  async lookup(q: { viewer: Viewer; links: readonly AssetLink[]; limit: number; after?: string }): Promise<KeysetPage<string>> {
    const distinct = [...new Map(q.links.map((l) => [JSON.stringify([l.name, l.value]), l])).values()];
    if (distinct.length === 0) return { items: [] };
    // AND over all links: group the matching visible rows per shell and keep shells that matched every link
    const rows = await this.db.query<{ aas_id: string }>(
      `SELECT l.aas_id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(name, value, i)
       JOIN shell_asset_links l ON l.name = w.name AND l.value = w.value
       JOIN shell_descriptors d ON d.aas_id = l.aas_id
       WHERE ${linkVisible('$3::text', '$4::text[]')}
         AND ($5::text IS NULL OR l.aas_id > $5::text)
       GROUP BY l.aas_id
       HAVING count(DISTINCT w.i) = $6
       ORDER BY l.aas_id LIMIT $7`,
      [distinct.map((l) => l.name), distinct.map((l) => l.value), q.viewer.did, visibleSubjects(q.viewer), q.after ?? null, distinct.length, q.limit + 1],
    );
    const items = rows.slice(0, q.limit).map((r) => r.aas_id);
    return rows.length > q.limit ? { items, nextAfter: items[items.length - 1] } : { items };
  }
}
