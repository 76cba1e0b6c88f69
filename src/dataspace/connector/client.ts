/** Outgoing DSP reads a consumer makes before negotiating (catalog, dataset), authenticated like every DSP call. */
import { catalogRequestMessage, offerFromWire, parseMessage, type Catalog, type OfferTerms } from '../dsp/index.js';
import type { DspIdentity } from './identity.js';

export class DspClientError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class DspClient {
  constructor(private readonly identity: DspIdentity, private readonly timeoutMs = 5000) {}

  private async call(method: 'GET' | 'POST', url: string, audienceDid: string, body?: unknown): Promise<unknown> {
    return (await this.callWithHeaders(method, url, audienceDid, body)).body;
  }

  private async callWithHeaders(method: 'GET' | 'POST', url: string, audienceDid: string, body?: unknown): Promise<{ body: unknown; headers: Headers }> {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${await this.identity.tokenFor(audienceDid)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new DspClientError(res.status, `${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return { body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  async catalog(providerBase: string, providerDid: string): Promise<Catalog> {
    return (await this.catalogPage(providerBase, providerDid)).catalog;
  }

  /**
   * One page of the provider's catalog and the next page's URL from its `Link: <…>; rel="next"` header (DSP 2025-1
   * catalog HTTPS binding, pagination). `pageUrl` must be one the provider handed out under `providerBase`.
   */
  async catalogPage(providerBase: string, providerDid: string, pageUrl?: string): Promise<{ catalog: Catalog; next: string | null }> {
    const url = pageUrl ?? `${providerBase}/catalog/request`;
    if (!url.startsWith(`${providerBase}/catalog/request`)) throw new DspClientError(400, `page ${url} is not a catalog page of ${providerBase}`);
    const r = await this.callWithHeaders('POST', url, providerDid, catalogRequestMessage());
    const m = parseMessage('Catalog', r.body);
    if (!m.ok) throw new DspClientError(502, `provider catalog is not a valid DSP Catalog: ${m.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
    // a relative target resolves against the request URL (RFC 8288 §3.2)
    const next = nextLink(r.headers.get('link'));
    return { catalog: m.message, next: next === null ? null : new URL(next, url).toString() };
  }

  /** The offer of one dataset, as the provider publishes it to this caller (404 when it may not see it). */
  async offerFor(providerBase: string, providerDid: string, assetId: string): Promise<OfferTerms & { target: string }> {
    const body = (await this.call('GET', `${providerBase}/catalog/datasets/${encodeURIComponent(assetId)}`, providerDid)) as { hasPolicy?: unknown[] };
    const m = parseMessage('Dataset', body);
    if (!m.ok) throw new DspClientError(502, `provider dataset is not valid DSP: ${m.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
    const first = (m.message as unknown as { hasPolicy: unknown[] }).hasPolicy[0];
    const offer = offerFromWire(first);
    if (!offer.ok) throw new DspClientError(502, `provider offer is outside the supported ODRL subset: ${offer.errors.map((e) => e.reason).join('; ')}`);
    return { ...offer.value, target: assetId };
  }
}

/** The `rel="next"` target of an RFC 8288 Link header, or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(m[2])) return m[1];
  }
  return null;
}
