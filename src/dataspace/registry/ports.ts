/** Interfaces the registry needs from the outside world (EDC: spi apart from implementations). */
import type { AssetAdministrationShellDescriptor, AssetLink, Viewer } from './core/types.js';

export interface StoredShellDescriptor {
  descriptor: AssetAdministrationShellDescriptor;
  /** DID of the participant that registered the shell; only it may change or delete it. */
  ownerDid: string;
  createdAt: string;
  updatedAt: string;
}

/** One keyset page; `nextAfter` is the key to continue after, present only when more rows follow. */
export interface KeysetPage<T> {
  items: T[];
  nextAfter?: string;
}

export interface ShellDescriptorStore {
  /** Stores a new shell owned by `ownerDid`; false when a shell with that id exists. */
  create(ownerDid: string, d: AssetAdministrationShellDescriptor, at: string): Promise<boolean>;
  get(aasId: string): Promise<StoredShellDescriptor | null>;
  /** Replaces the shell `d.id` if `ownerDid` owns it; false when there is no such shell of that owner. */
  replace(ownerDid: string, d: AssetAdministrationShellDescriptor, at: string): Promise<boolean>;
  /** Deletes the shell if `ownerDid` owns it; false when there is no such shell of that owner. */
  delete(ownerDid: string, aasId: string): Promise<boolean>;
  /** Shells visible to `viewer` (owned, or with at least one id visible to it), in id order. */
  list(q: { viewer: Viewer; limit: number; after?: string }): Promise<KeysetPage<StoredShellDescriptor>>;
  /** Ids of the shells where every link matches an id visible to `viewer` (AND), in id order. */
  lookup(q: { viewer: Viewer; links: readonly AssetLink[]; limit: number; after?: string }): Promise<KeysetPage<string>>;
}
