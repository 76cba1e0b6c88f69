/**
 * Test participants: a real node (manufacturer) on a real database, plus one key pair per other role registered
 * in the node's trust list with a pinned key, and helpers to mint their JWTs and sign events.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/platform/db.js';
import { startNode, type NodeHandle } from '../../src/platform/node.js';
import { generateParticipantKeys, signAccessToken, type Ed25519PrivateJwk } from '../../src/dataspace/identity/index.js';
import { prepareEvent, signEvent, nextLink, type SignedEvent } from '../../src/history/core/index.js';
import type { Role } from '../../src/passport/index.js';
import { passportAssetId } from '../../src/dataspace/connector/assets.js';

export interface TestParticipant {
  did: string;
  role: Role;
  name: string;
  privateJwk: Ed25519PrivateJwk;
}

export const OTHER_ROLES: Role[] = ['oem', 'logistics', 'dismantler', 'testingFacility', 'remanufacturer', 'recycler', 'authority'];

export interface TestWorld {
  node: NodeHandle;
  /** The node operator (manufacturer, issuer of the passports it creates). */
  issuer: TestParticipant;
  others: Record<string, TestParticipant>;
  token(p: TestParticipant, ttlSeconds?: number): Promise<string>;
  /** Signs an event as `p` on top of `head` (from GET .../events/head). */
  sign(p: TestParticipant, batteryId: string, type: string, payload: unknown, head: { seq: number; hash: string } | null, occurredAt?: string): Promise<SignedEvent>;
  /**
   * Records a contract agreement between the node (provider) and `p` for the battery's legitimate-interest data, as a
   * finalized negotiation would (the DSP flow itself is tested in src/dataspace/); writes by `p` are then allowed.
   */
  grantAgreement(p: TestParticipant, batteryId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestWorld(db: Db, opts: { now?: () => Date } = {}): Promise<TestWorld> {
  const node = await startNode({ name: 'Cellforge Batteries GmbH', role: 'manufacturer', db, logger: false, now: opts.now });
  const issuer: TestParticipant = { did: node.identity.did, role: 'manufacturer', name: node.identity.name, privateJwk: node.identity.privateJwk };
  const others: Record<string, TestParticipant> = {};
  for (const role of OTHER_ROLES) {
    const did = `did:web:${role.toLowerCase()}.test.example`;
    const k = generateParticipantKeys(did);
    others[role] = { did, role, name: `Test ${role}`, privateJwk: k.privateJwk };
    await node.registry.upsert({ did, role, name: `Test ${role}`, publicJwk: k.publicJwk, baseUrl: null });
  }
  return {
    node,
    issuer,
    others,
    token: (p, ttlSeconds = 300) => signAccessToken({ did: p.did, role: p.role, privateJwk: p.privateJwk, audience: node.identity.did, now: new Date(), ttlSeconds }),
    async sign(p, batteryId, type, payload, head, occurredAt = new Date().toISOString()) {
      const r = prepareEvent({ eventId: randomUUID(), batteryId, type: type as never, occurredAt, author: { did: p.did, role: p.role }, payload: payload as never }, nextLink(head));
      if (!r.ok) throw new Error(`test event invalid: ${JSON.stringify(r.errors)}`);
      return signEvent(r.envelope, p.privateJwk);
    },
    async grantAgreement(p, batteryId) {
      await node.connector.store.saveAgreement({
        id: `urn:uuid:${randomUUID()}`,
        negotiationId: `urn:uuid:${randomUUID()}`,
        role: 'provider',
        assetId: passportAssetId(batteryId, 'legitimateInterest'),
        providerDid: node.identity.did,
        consumerDid: p.did,
        providerAddress: null,
        policy: {},
        agreedAt: new Date().toISOString(),
      });
    },
    close: () => node.close(),
  };
}

/** The body of POST /api/passports for a native passport: the node sets issuer, times, version and links itself. */
export function createBody(p: import('../../src/passport/index.js').Passport) {
  return {
    schemaVersion: p.schemaVersion,
    passportId: p.passportId,
    batteryId: p.batteryId,
    status: p.status,
    model: p.model,
    attributes: p.attributes,
    attributeUpdatedAt: p.attributeUpdatedAt,
    structure: p.structure,
    ...(p.profiles ? { profiles: p.profiles } : {}),
  };
}
