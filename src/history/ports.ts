/** Interfaces the history domain needs from storage. */
import type { Queryable } from '../platform/db.js';
import type { SignedEvent } from './core/index.js';
import type { Role } from '../passport/index.js';
import type { Ed25519PrivateJwk, Ed25519PublicJwk } from '../dataspace/index.js';

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface StoredEventRow {
  event: SignedEvent;
  /** sha256 over the canonical signed event; the next event's prevHash. */
  hash: string;
  recordedAt?: string;
}

export interface HistoryStore {
  lockChain(batteryId: string, q: Queryable): Promise<void>;
  head(batteryId: string, q?: Queryable): Promise<ChainHead | null>;
  byEventId(eventId: string, q?: Queryable): Promise<StoredEventRow | null>;
  appendContext(batteryId: string, eventId: string, q: Queryable): Promise<{ head: ChainHead | null; existing: StoredEventRow | null }>;
  append(row: StoredEventRow, q: Queryable): Promise<void>;
  appendIfHead(row: StoredEventRow, q?: Queryable): Promise<boolean>;
  list(batteryId: string, opts?: EventListOptions): Promise<StoredEventRow[]>;
  countAll(): Promise<number>;
}

/** How the history service resolves an author's verification key (did:web, with the node's trust list). */
export interface KeyResolverPort {
  resolve(kid: string, relationship: 'assertionMethod' | 'authentication'): Promise<Ed25519PublicJwk | null>;
}

/** The participants this node trusts, with the role it accepts for each. */
export interface ParticipantDirectory {
  get(did: string): Promise<{ role: Role } | null>;
}

/** The participant operating this node: it signs the drafts its operator appends. */
export interface NodeSigner {
  did: string;
  role: Role;
  privateJwk: Ed25519PrivateJwk;
}

/** Which events of a battery to list: after a sequence number, of one type, the first or (latest) the last `limit`. */
export interface EventListOptions {
  afterSeq?: number;
  limit?: number;
  type?: string;
  latest?: boolean;
}
