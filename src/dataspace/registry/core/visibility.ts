/**
 * Who sees what in the registry (Tractus-X digital twin registry, "visibility of specificAssetIds"):
 * - the owner (the participant that registered the shell) sees everything;
 * - anyone else sees a specific asset id only when its `externalSubjectId` is their DID or `PUBLIC_READABLE`;
 *   an id without `externalSubjectId` is the owner's alone (closed by default);
 * - a shell with no specific asset id visible to a reader does not exist for that reader;
 * - lookups match only through ids the reader can see, so a hidden id cannot be confirmed by guessing it.
 * This sits on top of the DSP contract policies, which still decide whether the data itself may be read.
 */
import { referenceValue } from './validation.js';
import { GLOBAL_ASSET_ID_LINK, PUBLIC_READABLE, type AssetAdministrationShellDescriptor, type AssetLink, type SpecificAssetId, type Viewer } from './types.js';

export function subjectOf(s: SpecificAssetId): string | null {
  return s.externalSubjectId === undefined ? null : referenceValue(s.externalSubjectId);
}

export function isOwner(ownerDid: string, viewer: Viewer): boolean {
  return viewer.did !== null && viewer.did === ownerDid;
}

/** The subjects whose ids a non-owner may see: always the public marker, plus the viewer's own DID. */
export function visibleSubjects(viewer: Viewer): string[] {
  return viewer.did === null ? [PUBLIC_READABLE] : [PUBLIC_READABLE, viewer.did];
}

export function isSpecificAssetIdVisible(s: SpecificAssetId, ownerDid: string, viewer: Viewer): boolean {
  if (isOwner(ownerDid, viewer)) return true;
  const subject = subjectOf(s);
  return subject !== null && visibleSubjects(viewer).includes(subject);
}

/** The descriptor as `viewer` may see it, or null when the shell is invisible to them. */
export function viewShellDescriptor(d: AssetAdministrationShellDescriptor, ownerDid: string, viewer: Viewer): AssetAdministrationShellDescriptor | null {
  if (isOwner(ownerDid, viewer)) return d;
  const ids = d.specificAssetIds.filter((s) => isSpecificAssetIdVisible(s, ownerDid, viewer));
  if (ids.length === 0) return null;
  return { ...d, specificAssetIds: ids };
}

/**
 * Lookup semantics (AAS Part 2 v3 `POST /lookup/shellsByAssetLink`): every given link must match a visible id of
 * the shell (AND). `globalAssetId` matches the shell's globalAssetId, which is as visible as the shell itself.
 * The SQL adapter implements the same rule; this is its reference.
 */
export function matchesAssetLinks(d: AssetAdministrationShellDescriptor, ownerDid: string, viewer: Viewer, links: readonly AssetLink[]): boolean {
  const view = viewShellDescriptor(d, ownerDid, viewer);
  if (view === null || links.length === 0) return false;
  return links.every((l) =>
    l.name === GLOBAL_ASSET_ID_LINK ? view.globalAssetId === l.value : view.specificAssetIds.some((s) => s.name === l.name && s.value === l.value),
  );
}

/** One searchable row per specific asset id (with its subject), plus the globalAssetId when there is one. */
export interface AssetLinkRow {
  kind: 'specific' | 'global';
  name: string;
  value: string;
  /** DID, `PUBLIC_READABLE`, or null (owner only); always null for the global row. */
  subject: string | null;
}

export function assetLinkRows(d: AssetAdministrationShellDescriptor): AssetLinkRow[] {
  const rows: AssetLinkRow[] = d.specificAssetIds.map((s) => ({ kind: 'specific', name: s.name, value: s.value, subject: subjectOf(s) }));
  if (d.globalAssetId !== undefined) rows.push({ kind: 'global', name: GLOBAL_ASSET_ID_LINK, value: d.globalAssetId, subject: null });
  return rows;
}
