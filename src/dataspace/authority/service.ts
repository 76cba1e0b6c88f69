/**
 * The dataspace authority: issues membership and role credentials (VC-JWT, VC DM 1.1) to participants it has
 * admitted (its trust list holds their role), publishes a StatusList2021 credential and revokes.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import {
  createStatusList,
  credentialTypeForRole,
  issueCredential,
  issueStatusListCredential,
  MEMBERSHIP_CREDENTIAL_TYPE,
  setRevoked,
  type CredentialType,
} from '../credentials/index.js';
import type { NodeIdentityRecord, PgParticipantStore } from '../trust/pg-participant-store.js';

export const DATASPACE_ID = 'urn:batteryloop:dataspace:eu-battery-loop';
const VALIDITY_DAYS = 365;

export interface AuthorityDeps {
  db: Db;
  registry: PgParticipantStore;
  getNode: () => NodeIdentityRecord;
  /** Public URL of this node; the status list lives at `<url>/credentials/status/1`. */
  publicUrl: () => string;
  now: () => Date;
}

export class DataspaceAuthority {
  constructor(private readonly d: AuthorityDeps) {}

  statusListUrl(): string {
    return `${this.d.publicUrl()}/credentials/status/1`;
  }

  /** Issues a membership credential and the participant's role credential. */
  async issueFor(subjectDid: string): Promise<string[]> {
    const p = await this.d.registry.get(subjectDid);
    if (!p) throw new Forbidden(`${subjectDid} has not been admitted to the dataspace by this authority`);
    const roleType = credentialTypeForRole(p.role);
    const node = this.d.getNode();
    const now = this.d.now();
    const expiresAt = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
    const out: string[] = [];
    const types: CredentialType[] = [MEMBERSHIP_CREDENTIAL_TYPE, ...(roleType ? [roleType] : [])];
    for (const type of types) {
      const id = `urn:uuid:${randomUUID()}`;
      const rows = await this.d.db.query<{ idx: number }>(`SELECT nextval('authority_status_index_seq')::int AS idx`);
      const index = rows[0].idx;
      await this.d.db.query(
        `INSERT INTO authority_credentials (id, subject_did, type, status_index, issued_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6)`,
        [id, subjectDid, type, index, now.toISOString(), expiresAt.toISOString()],
      );
      out.push(
        await issueCredential({
          id,
          issuerDid: node.did,
          issuerPrivateJwk: node.privateJwk,
          subjectDid,
          types: ['VerifiableCredential', type],
          claims: type === MEMBERSHIP_CREDENTIAL_TYPE ? { memberOf: DATASPACE_ID } : {},
          issuedAt: now,
          expiresAt,
          status: { statusListCredential: this.statusListUrl(), index },
        }),
      );
    }
    return out;
  }

  async revokeAll(subjectDid: string): Promise<number> {
    const rows = await this.d.db.query(`UPDATE authority_credentials SET revoked = true WHERE subject_did = $1 AND NOT revoked RETURNING id`, [subjectDid]);
    if (rows.length === 0) throw new NotFound(`no active credentials for ${subjectDid}`);
    return rows.length;
  }

  /** The current StatusList2021 credential (signed on each request; lists are small and change rarely). */
  async statusListCredential(): Promise<string> {
    let list = createStatusList();
    const revoked = await this.d.db.query<{ status_index: number }>(`SELECT status_index FROM authority_credentials WHERE revoked`);
    for (const r of revoked) list = setRevoked(list, r.status_index);
    const node = this.d.getNode();
    return issueStatusListCredential({ issuerDid: node.did, issuerPrivateJwk: node.privateJwk, url: this.statusListUrl(), list, issuedAt: this.d.now() });
  }
}
