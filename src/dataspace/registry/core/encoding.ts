/**
 * Identifier encodings of the AAS Part 2 v3 HTTP API (IDTA-01002-3, "Encoding of identifiers"): identifiers in
 * paths and the `assetIds` query parameter are base64url-encoded (RFC 4648 §5) UTF-8; we write them without
 * padding and also accept correct `=` padding, which some AAS clients send.
 */
import type { AssetLink } from './types.js';

const B64URL = /^([A-Za-z0-9_-]*)(={0,2})$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeId(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/**
 * Decodes a base64url identifier; null when it is not the canonical encoding of non-empty UTF-8 text.
 * `Buffer.from(..., 'base64url')` skips characters it does not know, so the alphabet, the length and the
 * round trip are checked here: two different path strings must never name the same shell.
 */
export function decodeId(encoded: string): string | null {
  const m = B64URL.exec(encoded);
  if (!m) return null;
  const [, body, pad] = m;
  if (body.length === 0 || body.length % 4 === 1) return null;
  if (pad.length > 0 && (body.length + pad.length) % 4 !== 0) return null;
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.toString('base64url') !== body) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Opaque keyset cursor of a paged result: the last identifier of the page, versioned so we can change it. */
export function encodeCursor(lastId: string): string {
  return encodeId(JSON.stringify(['c1', lastId]));
}

/** The last identifier a cursor stands for; null for a cursor this API did not issue. */
export function decodeCursor(cursor: string): string | null {
  const text = decodeId(cursor);
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v) && v.length === 2 && v[0] === 'c1' && typeof v[1] === 'string' && v[1].length > 0) return v[1];
  } catch {
    return null;
  }
  return null;
}

function isAssetLink(v: unknown): v is AssetLink {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  // extra members are refused: a misspelt key must not silently widen the search
  return typeof o.name === 'string' && typeof o.value === 'string' && Object.keys(o).every((k) => k === 'name' || k === 'value');
}

/**
 * Decodes the values of the deprecated `GET /lookup/shells?assetIds=...` parameter (AAS Part 2 v3.0): each value is
 * base64url(JSON of one `{name, value}`); older Tractus-X clients send one value holding a JSON array of them.
 * Returns the index of the first value that is neither.
 */
export function decodeAssetIdsParam(values: readonly string[]): { ok: true; links: AssetLink[] } | { ok: false; index: number; reason: string } {
  const links: AssetLink[] = [];
  for (const [index, raw] of values.entries()) {
    const text = decodeId(raw);
    if (text === null) return { ok: false, index, reason: 'not base64url-encoded UTF-8' };
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return { ok: false, index, reason: 'not JSON' };
    }
    const items = Array.isArray(v) ? v : [v];
    if (items.length === 0 || !items.every(isAssetLink)) return { ok: false, index, reason: 'not a {name, value} object or an array of them' };
    links.push(...items);
  }
  return { ok: true, links };
}
