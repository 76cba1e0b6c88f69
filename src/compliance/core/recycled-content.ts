/**
 * Recycled content per battery model, Art. 8 of Regulation (EU) 2023/1542: share of Co, Li, Ni, Pb in active
 * materials recovered from manufacturing waste (pre-consumer) or post-consumer waste, against the minimums that
 * apply from 18 Aug 2031 and 18 Aug 2036. Every kilogram of those elements in the active materials must be traced
 * to a lot (recycled or primary), so the share is computed from the lots, never asserted. The delegated act on the
 * calculation and verification method (Art. 8(1)) is pending; this is a plain mass-balance share per element.
 */
import { assess, pct, type Assessment } from './assessment.js';
import type { MaterialLot } from './material-lots.js';
import type { RecycledContentTarget } from './regulatory-targets.js';

export type ContentElement = RecycledContentTarget['element'];
export const CONTENT_ELEMENTS: readonly ContentElement[] = ['Co', 'Li', 'Ni', 'Pb'];

export interface LotUse {
  lotId: string;
  /** Element mass taken from the lot into active materials of this production run. */
  elementMassKg: number;
}

export interface ModelMaterialUse {
  modelId: string;
  /** Date the batteries are placed on the market: decides which Art. 8 minimum applies. */
  placedOnMarketOn: string;
  uses: LotUse[];
}

export interface ContentShare {
  element: ContentElement;
  totalKg: number;
  preConsumerKg: number;
  postConsumerKg: number;
  preConsumerPct: number | null;
  postConsumerPct: number | null;
  assessment: Assessment;
  /** lotId → kg, only recycled lots (the trace an auditor follows back to batches and passports). */
  recycledLots: { lotId: string; sourceBatchId: string; origin: 'pre-consumer' | 'post-consumer'; elementMassKg: number }[];
}

export interface RecycledContentResult {
  modelId: string;
  shares: ContentShare[];
}

export class RecycledContentError extends Error {
  override name = 'RecycledContentError';
}

/**
 * Computes recycled content for several models at once so a lot drawn by more than one model is checked against its
 * element mass in total (no lot can be spent twice).
 */
export function recycledContent(models: readonly ModelMaterialUse[], lots: readonly MaterialLot[]): RecycledContentResult[] {
  const byId = new Map(lots.map((l) => [l.lotId, l]));
  if (byId.size !== lots.length) throw new RecycledContentError('duplicate lotId in lot list');
  const drawn = new Map<string, number>();

  return models.map((m) => {
    const acc = new Map<ContentElement, ContentShare>();
    for (const el of CONTENT_ELEMENTS) {
      acc.set(el, { element: el, totalKg: 0, preConsumerKg: 0, postConsumerKg: 0, preConsumerPct: null, postConsumerPct: null, assessment: assess('recycled-content', el, null, m.placedOnMarketOn), recycledLots: [] });
    }
    for (const u of m.uses) {
      const lot = byId.get(u.lotId);
      if (!lot) throw new RecycledContentError(`model ${m.modelId}: unknown lot ${u.lotId}`);
      if (!(u.elementMassKg > 0)) throw new RecycledContentError(`model ${m.modelId}: use of lot ${u.lotId} must be > 0 kg`);
      const share = acc.get(lot.element as ContentElement);
      if (!share) continue; // elements without an Art. 8 minimum (Mn, Cu, ...) are traced elsewhere, not counted here
      const total = (drawn.get(lot.lotId) ?? 0) + u.elementMassKg;
      if (total > lot.elementMassKg * (1 + 1e-9)) {
        throw new RecycledContentError(`lot ${lot.lotId}: ${total.toFixed(3)} kg of ${lot.element} drawn, lot holds ${lot.elementMassKg.toFixed(3)} kg`);
      }
      drawn.set(lot.lotId, total);
      share.totalKg += u.elementMassKg;
      if (lot.origin === 'primary') continue;
      if (lot.origin === 'pre-consumer') share.preConsumerKg += u.elementMassKg;
      else share.postConsumerKg += u.elementMassKg;
      share.recycledLots.push({ lotId: lot.lotId, sourceBatchId: lot.sourceBatchId ?? '', origin: lot.origin, elementMassKg: u.elementMassKg });
    }
    for (const s of acc.values()) {
      s.preConsumerPct = pct(s.preConsumerKg, s.totalKg);
      s.postConsumerPct = pct(s.postConsumerKg, s.totalKg);
      s.assessment = assess('recycled-content', s.element, pct(s.preConsumerKg + s.postConsumerKg, s.totalKg), m.placedOnMarketOn);
    }
    return { modelId: m.modelId, shares: [...acc.values()] };
  });
}
