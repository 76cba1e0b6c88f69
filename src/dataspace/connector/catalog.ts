/**
 * The provider catalog: every passport this node holds, once per tier, shown only to callers whose claims pass the
 * tier's access policy (catalog scope). The public tier is listed for everyone.
 */
import { canSeeTier, type Claims } from '../core/index.js';
import { catalog, dataset, type Catalog, type Dataset } from '../dsp/index.js';
import { DOCUMENT_TIER, OFFERED_TIERS, documentAssetId, offerIdFor, parseAssetId, passportAssetId, publishedPolicyDoc, tierPolicyOf, type OfferedTier, type SharedDocuments } from './assets.js';

export interface CatalogDeps {
  nodeDid: () => string;
  dspBase: () => string;
  now: () => Date;
  listBatteryIds: (limit: number, cursor?: string) => Promise<{ ids: string[]; nextCursor?: string }>;
  hasPassport: (batteryId: string) => Promise<boolean>;
  documents?: SharedDocuments;
}

export const PULL_FORMAT = 'HttpData-PULL';

export class CatalogService {
  constructor(private readonly d: CatalogDeps) {}

  private visibleTiers(claims: Claims): OfferedTier[] {
    return OFFERED_TIERS.filter((t) => canSeeTier(tierPolicyOf(t), claims, this.d.now()).allowed);
  }

  private datasetInput(assetId: string, tier: OfferedTier) {
    return {
      id: assetId,
      offers: [{ id: offerIdFor(assetId), policy: publishedPolicyDoc(tier) }],
      distributions: [{ format: PULL_FORMAT, accessService: `${this.d.nodeDid()}#dsp` }],
    };
  }

  async catalogFor(claims: Claims, limit: number, cursor?: string): Promise<{ catalog: Catalog; nextCursor?: string }> {
    const tiers = this.visibleTiers(claims);
    const page = await this.d.listBatteryIds(limit, cursor);
    const datasets = page.ids.flatMap((b) => tiers.map((t) => this.datasetInput(passportAssetId(b, t), t)));
    // shared documents come with the first page, to those who may see the authorities tier
    if (!cursor && this.d.documents && tiers.includes(DOCUMENT_TIER)) {
      for (const id of await this.d.documents.list()) datasets.push(this.datasetInput(documentAssetId(id), DOCUMENT_TIER));
    }
    return {
      catalog: catalog({
        id: `${this.d.nodeDid()}#catalog`,
        participantId: this.d.nodeDid(),
        services: [{ id: `${this.d.nodeDid()}#dsp`, endpointURL: this.d.dspBase() }],
        datasets,
      }),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** One dataset, or null when it does not exist or the caller may not see it (both answer 404 on the wire). */
  async datasetFor(claims: Claims, assetId: string): Promise<Dataset | null> {
    const a = parseAssetId(assetId);
    if (!a || !this.visibleTiers(claims).includes(a.tier)) return null;
    const exists = a.kind === 'passport' ? await this.d.hasPassport(a.batteryId) : (await this.d.documents?.get(a.documentId)) != null;
    if (!exists) return null;
    return dataset(this.datasetInput(assetId, a.tier));
  }
}
