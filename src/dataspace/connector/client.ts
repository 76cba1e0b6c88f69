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
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${await this.identity.tokenFor(audienceDid)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new DspClientError(res.status, `${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  }

  async catalog(providerBase: string, providerDid: string): Promise<Catalog> {
    const body = await this.call('POST', `${providerBase}/catalog/request`, providerDid, catalogRequestMessage());
    const m = parseMessage('Catalog', body);
    if (!m.ok) throw new DspClientError(502, `provider catalog is not a valid DSP Catalog: ${m.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
    return m.message;
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
