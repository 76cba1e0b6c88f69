/**
 * Constants of the Dataspace Protocol 2025-1 HTTPS binding and the callback-address helpers.
 *
 * Messages travel as plain JSON with the DSP JSON-LD context (DSP 2025-1 "Message types": implementations may
 * process them as plain JSON or as JSON-LD). We take the plain-JSON path: compact `@type`, unprefixed terms and the
 * context as an array, which `common/context-schema.json` requires (a single string is not enough).
 */

/** The DSP 2025-1 JSON-LD context IRI (served as `context/dspace.jsonld` upstream; never fetched at runtime). */
export const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';

/** The `@context` value every DSP message carries. A fresh array per call so callers cannot share mutations. */
export function dspContext(): [typeof DSP_CONTEXT] {
  return [DSP_CONTEXT];
}

/** The DID Core context a DID `service` entry adds next to the DSP context (`common/did-service-schema.json`). */
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';

/** Protocol version string served at `/.well-known/dspace-version` (DSP 2025-1 "Exposure of Versions"). */
export const DSP_VERSION = '2025-1';
/** The only binding defined by DSP 2025-1 (`protocol-version-schema.json`, `binding` enum). */
export const DSP_BINDING = 'HTTPS' as const;
/** Unversioned, unauthenticated discovery path, relative to the connector root. */
export const DSP_VERSION_PATH = '/.well-known/dspace-version';
/** HTTP content type of every DSP message body (DSP 2025-1 HTTPS binding). */
export const DSP_CONTENT_TYPE = 'application/json';

/**
 * The spec requires that a `callbackAddress` with or without a trailing `/` both work (DSP 2025-1 CN and TP
 * HTTPS bindings). We store and compare the form without trailing slashes.
 */
export function normalizeCallbackAddress(callbackAddress: string): string {
  let end = callbackAddress.length;
  while (end > 0 && callbackAddress[end - 1] === '/') end--;
  return callbackAddress.slice(0, end);
}

/**
 * Appends a binding path (`/negotiations/<pid>/offers`, ...) to a callback address, whatever its trailing slashes.
 * `path` must start with `/`; segment encoding of process ids is the caller's concern.
 */
export function callbackEndpoint(callbackAddress: string, path: string): string {
  if (!path.startsWith('/')) throw new TypeError(`callback path must start with "/": ${path}`);
  return normalizeCallbackAddress(callbackAddress) + path;
}

/**
 * Whether `value` is an absolute http(s) URL, the only form a callback address can take under the HTTPS binding.
 * Plain `http` stays allowed: local test dataspaces and the DSP TCK use it.
 */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
