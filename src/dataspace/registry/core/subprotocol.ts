/**
 * The DSP sub-protocol body of a submodel endpoint (Tractus-X Digital Twin KIT, "subprotocolBody"):
 * `id=<DSP asset id>;dspEndpoint=<provider DSP URL>`. A consumer negotiates that asset at that endpoint, then
 * reads the endpoint's `href` with the token of the agreement.
 */

export interface DspTarget {
  /** The DSP dataset (asset) id to negotiate. */
  assetId: string;
  /** Base URL of the provider's DSP endpoint. */
  dspEndpoint: string;
}

export type ParsedSubprotocolBody = ({ ok: true; params: Record<string, string> } & DspTarget) | { ok: false; reason: string };

/** An absolute http(s) URL without credentials (a registry must not hand out secrets in links). */
export function isHttpUrl(s: string): boolean {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0 && u.username === '' && u.password === '';
}

export function formatSubprotocolBody(t: DspTarget): string {
  if (t.assetId.length === 0 || /[;=]/.test(t.assetId)) throw new RangeError(`asset id '${t.assetId}' cannot be written into a subprotocolBody (empty, ';' or '=')`);
  if (t.dspEndpoint.includes(';') || !isHttpUrl(t.dspEndpoint)) throw new RangeError(`dspEndpoint '${t.dspEndpoint}' is not an absolute http(s) URL without ';'`);
  return `id=${t.assetId};dspEndpoint=${t.dspEndpoint}`;
}

/**
 * Parses `key=value;key=value`. The first '=' splits key from value (URLs keep theirs); keys other than `id` and
 * `dspEndpoint` are kept in `params` so newer providers' additions do not break older consumers.
 */
export function parseSubprotocolBody(body: string): ParsedSubprotocolBody {
  const params: Record<string, string> = {};
  for (const part of body.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, reason: `'${part}' is not key=value` };
    const key = part.slice(0, eq);
    if (Object.hasOwn(params, key)) return { ok: false, reason: `key '${key}' appears twice` };
    params[key] = part.slice(eq + 1);
  }
  const assetId = params.id;
  const dspEndpoint = params.dspEndpoint;
  if (!assetId) return { ok: false, reason: "missing 'id=<asset id>'" };
  if (!dspEndpoint) return { ok: false, reason: "missing 'dspEndpoint=<url>'" };
  if (!isHttpUrl(dspEndpoint)) return { ok: false, reason: 'dspEndpoint is not an absolute http(s) URL' };
  return { ok: true, assetId, dspEndpoint, params };
}
