/**
 * Which lot kilograms a battery model may count (Art. 8 of Regulation (EU) 2023/1542). A recycled lot counts for a
 * model only up to what was allocated to that model, so the same recovered kilograms can never be claimed by two
 * manufacturers; primary (mined) material is declared with the request and enters the denominator only.
 */
import { primaryLot, type MaterialLot } from './material-lots.js';
import type { ContentElement, LotUse, ModelMaterialUse } from './recycled-content.js';

export interface ModelUseRequest {
  modelId: string;
  placedOnMarketOn: string;
  /** Element mass drawn per lot; absent → everything allocated to the model so far. */
  uses?: LotUse[];
  primary?: { element: ContentElement; elementMassKg: number }[];
}

export interface AllocationRecord {
  lotId: string;
  modelId: string;
  elementMassKg: number;
}

export type ResolvedUses = { ok: true; model: ModelMaterialUse; primaryLots: MaterialLot[] } | { ok: false; errors: { field: string; reason: string }[] };

export function resolveModelUses(req: ModelUseRequest, allocations: readonly AllocationRecord[], lots: ReadonlyMap<string, MaterialLot>, at: string): ResolvedUses {
  const allocated = new Map<string, number>();
  for (const a of allocations) if (a.modelId === req.modelId) allocated.set(a.lotId, (allocated.get(a.lotId) ?? 0) + a.elementMassKg);
  const errors: { field: string; reason: string }[] = [];
  let uses: LotUse[];
  if (req.uses === undefined) {
    uses = [...allocated].map(([lotId, elementMassKg]) => ({ lotId, elementMassKg }));
  } else {
    uses = req.uses;
    const drawn = new Map<string, number>();
    req.uses.forEach((u, j) => {
      if (!lots.has(u.lotId)) {
        errors.push({ field: `${at}.uses[${j}].lotId`, reason: `no material lot ${u.lotId}` });
        return;
      }
      const total = (drawn.get(u.lotId) ?? 0) + u.elementMassKg;
      drawn.set(u.lotId, total);
      const mine = allocated.get(u.lotId) ?? 0;
      if (total > mine * (1 + 1e-9)) errors.push({ field: `${at}.uses[${j}].elementMassKg`, reason: `${total.toFixed(3)} kg drawn from ${u.lotId}, but ${mine.toFixed(3)} kg of it are allocated to model ${req.modelId}` });
    });
  }
  const primaryLots = (req.primary ?? []).map((p, k) => primaryLot(`primary:${req.modelId}:${p.element}:${k}`, p.element, 'primary', p.elementMassKg, p.elementMassKg, req.placedOnMarketOn.slice(0, 10)));
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    model: { modelId: req.modelId, placedOnMarketOn: req.placedOnMarketOn, uses: [...uses, ...primaryLots.map((l) => ({ lotId: l.lotId, elementMassKg: l.elementMassKg }))] },
    primaryLots,
  };
}
