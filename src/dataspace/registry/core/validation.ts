/**
 * Rules a shell descriptor must meet before the registry stores it. The wire schema checks shapes; these are the
 * rules a schema cannot say (or says badly), each reported with the field it concerns so a client can fix it.
 * Length limits follow the AAS v3 metamodel (Identifier ≤ 2000, NameType ≤ 64, idShort ≤ 128, href ≤ 2048).
 */
import { parseSubprotocolBody, isHttpUrl } from './subprotocol.js';
import { GLOBAL_ASSET_ID_LINK, PUBLIC_READABLE, type AssetAdministrationShellDescriptor, type AssetLink, type ExternalReference, type FieldIssue } from './types.js';

/**
 * Shell ids travel base64url-encoded in one path segment and the nodes accept path parameters up to 512 characters
 * (platform app `maxParamLength`); 384 UTF-8 bytes encode to exactly 512, so every stored shell stays addressable.
 */
export const MAX_AAS_ID_BYTES = 384;
/** AAS v3 Identifier length; counted in UTF-8 bytes here so (name, value) stays within a PostgreSQL btree entry. */
export const MAX_IDENTIFIER_BYTES = 2000;
export const MAX_NAME_LENGTH = 64;
export const MAX_ID_SHORT_LENGTH = 128;
export const MAX_HREF_LENGTH = 2048;
export const MAX_SPECIFIC_ASSET_IDS = 100;
export const MAX_SUBMODEL_DESCRIPTORS = 100;
export const MAX_ENDPOINTS = 10;
export const MAX_LOOKUP_LINKS = 20;

/** AAS v3 idShort: starts with a letter, then letters, digits, '_' or '-', not ending in '-'. */
export const ID_SHORT_PATTERN = /^[a-zA-Z][a-zA-Z0-9_-]*[a-zA-Z0-9_]+$/;
/** DID Core §3.1 syntax (any method): `did:<method>:<method-specific id>`. */
export const DID_PATTERN = /^did:[a-z0-9]+:(?:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function checkIdentifier(issues: FieldIssue[], field: string, v: string, maxBytes = MAX_IDENTIFIER_BYTES): void {
  if (v.length === 0) issues.push({ field, reason: 'must not be empty' });
  else if (utf8Bytes(v) > maxBytes) issues.push({ field, reason: `longer than ${maxBytes} UTF-8 bytes` });
  else if (CONTROL.test(v)) issues.push({ field, reason: 'contains control characters' });
}

function checkIdShort(issues: FieldIssue[], field: string, v: string | undefined): void {
  if (v === undefined) return;
  if (v.length > MAX_ID_SHORT_LENGTH || !ID_SHORT_PATTERN.test(v)) {
    issues.push({ field, reason: `must match ${ID_SHORT_PATTERN.source} and be at most ${MAX_ID_SHORT_LENGTH} characters` });
  }
}

/** The single key value of a reference, or null when it is not one ExternalReference/GlobalReference key. */
export function referenceValue(r: ExternalReference | undefined): string | null {
  if (!r || r.type !== 'ExternalReference' || !Array.isArray(r.keys) || r.keys.length !== 1) return null;
  const k = r.keys[0];
  return k.type === 'GlobalReference' && typeof k.value === 'string' ? k.value : null;
}

function checkReference(issues: FieldIssue[], field: string, r: ExternalReference): string | null {
  const v = referenceValue(r);
  if (v === null) {
    issues.push({ field, reason: "must be {type:'ExternalReference', keys:[{type:'GlobalReference', value}]} with exactly one key" });
    return null;
  }
  checkIdentifier(issues, `${field}.keys.0.value`, v);
  return v;
}

export function isValidSubject(s: string): boolean {
  return s === PUBLIC_READABLE || (s.length <= 512 && DID_PATTERN.test(s));
}

/** Every rule the registry enforces on a descriptor; empty when it may be stored. */
export function validateShellDescriptor(d: AssetAdministrationShellDescriptor): FieldIssue[] {
  const issues: FieldIssue[] = [];
  checkIdentifier(issues, 'id', d.id, MAX_AAS_ID_BYTES);
  checkIdShort(issues, 'idShort', d.idShort);
  if (d.globalAssetId !== undefined) checkIdentifier(issues, 'globalAssetId', d.globalAssetId);

  if (d.specificAssetIds.length > MAX_SPECIFIC_ASSET_IDS) issues.push({ field: 'specificAssetIds', reason: `at most ${MAX_SPECIFIC_ASSET_IDS} entries` });
  const seenIds = new Set<string>();
  d.specificAssetIds.forEach((s, i) => {
    const f = `specificAssetIds.${i}`;
    if (s.name.length === 0 || s.name.length > MAX_NAME_LENGTH || CONTROL.test(s.name)) {
      issues.push({ field: `${f}.name`, reason: `must be 1..${MAX_NAME_LENGTH} characters without control characters` });
    } else if (s.name === GLOBAL_ASSET_ID_LINK) {
      issues.push({ field: `${f}.name`, reason: `'${GLOBAL_ASSET_ID_LINK}' is reserved for the shell's globalAssetId (AAS Part 2 discovery)` });
    }
    checkIdentifier(issues, `${f}.value`, s.value);
    let subject = '';
    if (s.externalSubjectId !== undefined) {
      const v = checkReference(issues, `${f}.externalSubjectId`, s.externalSubjectId);
      if (v !== null && !isValidSubject(v)) {
        issues.push({ field: `${f}.externalSubjectId.keys.0.value`, reason: `must be a DID or '${PUBLIC_READABLE}'` });
      }
      subject = v ?? '';
    }
    const key = JSON.stringify([s.name, s.value, subject]);
    if (seenIds.has(key)) issues.push({ field: f, reason: 'repeats an earlier entry (same name, value and externalSubjectId)' });
    seenIds.add(key);
  });

  if (d.submodelDescriptors.length > MAX_SUBMODEL_DESCRIPTORS) issues.push({ field: 'submodelDescriptors', reason: `at most ${MAX_SUBMODEL_DESCRIPTORS} entries` });
  const seenSubmodels = new Set<string>();
  d.submodelDescriptors.forEach((sm, i) => {
    const f = `submodelDescriptors.${i}`;
    checkIdentifier(issues, `${f}.id`, sm.id);
    if (seenSubmodels.has(sm.id)) issues.push({ field: `${f}.id`, reason: 'repeats the id of an earlier submodel descriptor' });
    seenSubmodels.add(sm.id);
    checkIdShort(issues, `${f}.idShort`, sm.idShort);
    checkReference(issues, `${f}.semanticId`, sm.semanticId);
    if (sm.endpoints.length === 0) issues.push({ field: `${f}.endpoints`, reason: 'needs at least one endpoint (where to negotiate)' });
    if (sm.endpoints.length > MAX_ENDPOINTS) issues.push({ field: `${f}.endpoints`, reason: `at most ${MAX_ENDPOINTS} endpoints` });
    sm.endpoints.forEach((e, j) => {
      const ef = `${f}.endpoints.${j}`;
      const p = e.protocolInformation;
      if (p.href.length > MAX_HREF_LENGTH || !isHttpUrl(p.href)) {
        issues.push({ field: `${ef}.protocolInformation.href`, reason: `must be an absolute http(s) URL without credentials, at most ${MAX_HREF_LENGTH} characters` });
      }
      const body = parseSubprotocolBody(p.subprotocolBody);
      if (!body.ok) issues.push({ field: `${ef}.protocolInformation.subprotocolBody`, reason: `${body.reason}; expected 'id=<asset id>;dspEndpoint=<url>'` });
    });
  });
  return issues;
}

/** Checks a lookup request and drops repeated links (AND over a set: a repeat changes nothing). */
export function normaliseAssetLinks(links: readonly AssetLink[]): { ok: true; links: AssetLink[] } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (links.length === 0) issues.push({ field: '', reason: 'give at least one {name, value}' });
  const seen = new Set<string>();
  const out: AssetLink[] = [];
  links.forEach((l, i) => {
    if (l.name.length === 0 || l.name.length > MAX_NAME_LENGTH) issues.push({ field: `${i}.name`, reason: `must be 1..${MAX_NAME_LENGTH} characters` });
    if (l.value.length === 0 || utf8Bytes(l.value) > MAX_IDENTIFIER_BYTES) issues.push({ field: `${i}.value`, reason: `must be 1..${MAX_IDENTIFIER_BYTES} UTF-8 bytes` });
    const key = JSON.stringify([l.name, l.value]);
    if (!seen.has(key)) out.push({ name: l.name, value: l.value });
    seen.add(key);
  });
  if (out.length > MAX_LOOKUP_LINKS) issues.push({ field: '', reason: `at most ${MAX_LOOKUP_LINKS} distinct links` });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, links: out };
}
