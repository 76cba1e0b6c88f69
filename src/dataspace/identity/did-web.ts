/**
 * did:web identifiers (W3C CCG "did:web Method Specification", §3.1 Method-specific identifier,
 * §3.2.1 Create, §3.2.2 Read/Resolve).
 *
 * - The host (with an optional port, whose ':' MUST be percent-encoded as %3A) is the first part of the
 *   method-specific identifier; further path segments are separated by ':'.
 * - Resolution: without a path the DID document lives at `https://host/.well-known/did.json`,
 *   otherwise at `https://host/seg1/seg2/did.json`.
 * The spec mandates https and forbids IP addresses; this platform also runs nodes on loopback addresses in
 * development and tests, so IPv4 hosts are accepted and `scheme: 'http'` can be requested explicitly.
 */

export type DidWebScheme = 'https' | 'http';

export interface DidWebUrlOptions {
  /** Defaults to 'https' as required by the did:web spec; 'http' is for local and test deployments. */
  scheme?: DidWebScheme;
}

export interface ParsedDidWeb {
  did: string;
  /** Decoded host, including ':port' when present (e.g. `127.0.0.1:7001`). */
  host: string;
  /** Path segments as written in the DID (percent-encoded form, valid in a URL path). */
  pathSegments: string[];
}

/** DID Core §3.1: idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded. */
const ID_PART = '(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+';
const DID_WEB_RE = new RegExp(`^did:web:(${ID_PART}(?::${ID_PART})*)$`);
const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?))*(?::(\d{1,5}))?$/i;

function hostIsValid(host: string): boolean {
  const m = HOST_RE.exec(host);
  if (!m) return false;
  if (m[1] !== undefined) {
    const port = Number(m[1]);
    if (port < 1 || port > 65535) return false;
  }
  return true;
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Percent-encodes everything outside DID idchar (encodeURIComponent leaves !'()*~ which DIDs do not allow). */
function encodeIdPart(decoded: string): string {
  return encodeURIComponent(decoded).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function pathSegmentIsValid(decoded: string): boolean {
  // '/' would change the resolution URL; '.' and '..' would be normalised away by URL resolution.
  return decoded.length > 0 && !decoded.includes('/') && decoded !== '.' && decoded !== '..';
}

export function parseDidWeb(did: string): ParsedDidWeb | null {
  if (typeof did !== 'string') return null;
  const m = DID_WEB_RE.exec(did);
  if (!m) return null;
  const [hostPart, ...pathSegments] = m[1].split(':');
  const host = safeDecode(hostPart);
  if (host === null || !hostIsValid(host)) return null;
  for (const seg of pathSegments) {
    const decoded = safeDecode(seg);
    if (decoded === null || !pathSegmentIsValid(decoded)) return null;
  }
  // A first segment '.well-known' would resolve to the same document URL as a host-only DID.
  if (pathSegments.length > 0 && safeDecode(pathSegments[0]) === '.well-known') return null;
  return { did, host, pathSegments };
}

export function isDidWeb(value: unknown): value is string {
  return typeof value === 'string' && parseDidWeb(value) !== null;
}

/**
 * `http://127.0.0.1:7001` → `did:web:127.0.0.1%3A7001`; `https://example.com/nodes/a` → `did:web:example.com:nodes:a`.
 * Throws on URLs that cannot be a did:web base (credentials, query, fragment, non-http(s) scheme).
 */
export function didWebFromUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`not a URL: ${baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`did:web needs an http(s) URL, got ${url.protocol}`);
  }
  if (url.username || url.password) throw new TypeError('did:web base URL must not contain credentials');
  if (url.search || url.hash) throw new TypeError('did:web base URL must not contain a query or fragment');
  // URL.host is lower-cased and omits the scheme's default port.
  const segments = url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      const decoded = safeDecode(s);
      if (decoded === null || !pathSegmentIsValid(decoded)) throw new TypeError(`invalid path segment: ${s}`);
      return encodeIdPart(decoded);
    });
  const did = ['did', 'web', encodeIdPart(url.host), ...segments].join(':');
  if (parseDidWeb(did) === null) throw new TypeError(`URL does not map to a valid did:web: ${baseUrl}`);
  return did;
}

function requireParsed(did: string): ParsedDidWeb {
  const parsed = parseDidWeb(did);
  if (!parsed) throw new TypeError(`not a valid did:web identifier: ${did}`);
  return parsed;
}

/** Base URL of the node the DID names (inverse of `didWebFromUrl`), without a trailing slash. */
export function didWebToBaseUrl(did: string, options: DidWebUrlOptions = {}): string {
  const { host, pathSegments } = requireParsed(did);
  const scheme = options.scheme ?? 'https';
  const path = pathSegments.length > 0 ? `/${pathSegments.join('/')}` : '';
  return `${scheme}://${host}${path}`;
}

/** URL of the DID document (did:web spec §3.2.2 steps 1-6). */
export function didWebToUrl(did: string, options: DidWebUrlOptions = {}): string {
  const { host, pathSegments } = requireParsed(did);
  const scheme = options.scheme ?? 'https';
  const path = pathSegments.length > 0 ? `/${pathSegments.join('/')}/did.json` : '/.well-known/did.json';
  return `${scheme}://${host}${path}`;
}
