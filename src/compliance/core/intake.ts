/**
 * From a recycler's declaration to the records it owes: intake items completed from the battery passports, the
 * material lots its recovered outputs become (Art. 8 traceability), and the `recycled` event each battery's passport
 * receives (Art. 77(6): the passport closes once the battery is recycled). Pure: passports come in as values.
 */
import type { Chemistry, Passport } from '../../passport/index.js';
import type { EventPayloads } from '../../history/index.js';
import { processKind, type IntakeItem, type RecyclerBatch, type WasteOrigin } from './batch.js';
import type { BalanceSubject } from './mass-balance.js';
import { COMPONENTS, DEFAULT_PACK_COMPOSITION, resolveComposition, type Component, type Composition } from './composition.js';
import { creditedShare } from './efficiency.js';
import type { LotSpec } from './material-lots.js';
import { compositionFromPassport } from './passport-composition.js';

export interface IntakeInput {
  batteryId: string;
  passportId?: string;
  chemistry?: Chemistry;
  /** Weighed at the gate; wins over the passport's batteryMass. */
  massKg?: number;
  composition?: Composition;
  origin?: WasteOrigin;
  /** did:web of the node holding the passport, when no passport is found here. */
  holderDid?: string;
}

export type CompositionBasis = 'given' | 'passport-materials' | 'chemistry-default';

export interface FilledIntake {
  item: IntakeItem;
  holderDid: string | null;
  /** Which values came from the passport rather than the request. */
  fromPassport: ('passportId' | 'chemistry' | 'massKg' | 'composition')[];
  compositionBasis: CompositionBasis;
  notes: string[];
}

export interface IntakeFieldError {
  field: string;
  reason: string;
}

export type FillResult = { ok: true; value: FilledIntake } | { ok: false; errors: IntakeFieldError[] };

/**
 * Completes one intake item. Request values win (the gate weighing is the better mass), but a chemistry or passport id
 * contradicting the passport is an error. `at` is the item's field path, e.g. `body.intake[3]`.
 */
export function fillIntake(input: IntakeInput, passport: Passport | null, at: string): FillResult {
  const errors: IntakeFieldError[] = [];
  const fromPassport: FilledIntake['fromPassport'] = [];
  const notes: string[] = [];
  if (!passport) {
    const missing = (['passportId', 'chemistry', 'massKg'] as const).filter((k) => input[k] === undefined);
    if (missing.length > 0) {
      return { ok: false, errors: [{ field: `${at}.batteryId`, reason: `no passport found for battery ${input.batteryId} and no ${missing.join(', ')} given` }] };
    }
  } else if (passport.batteryId !== input.batteryId) {
    return { ok: false, errors: [{ field: `${at}.batteryId`, reason: `the passport found describes battery ${passport.batteryId}` }] };
  }
  const passportId = input.passportId ?? passport?.passportId;
  if (passport && input.passportId !== undefined && input.passportId !== passport.passportId) {
    errors.push({ field: `${at}.passportId`, reason: `the battery's passport is ${passport.passportId}` });
  } else if (input.passportId === undefined) fromPassport.push('passportId');

  const chemistry = input.chemistry ?? passport?.model.chemistry;
  if (passport && input.chemistry !== undefined && input.chemistry !== passport.model.chemistry) {
    errors.push({ field: `${at}.chemistry`, reason: `the passport gives ${passport.model.chemistry}` });
  } else if (input.chemistry === undefined) fromPassport.push('chemistry');

  let massKg = input.massKg;
  if (massKg === undefined) {
    const m = passport?.attributes.batteryMass;
    if (typeof m === 'number' && m > 0) {
      massKg = m;
      fromPassport.push('massKg');
    } else errors.push({ field: `${at}.massKg`, reason: 'not given and the passport has no batteryMass' });
  }

  let composition = input.composition;
  let compositionBasis: CompositionBasis = 'given';
  if (!composition && passport) {
    const pc = compositionFromPassport(passport);
    if (pc.ok) {
      composition = pc.composition;
      compositionBasis = 'passport-materials';
      fromPassport.push('composition');
      notes.push(...pc.notes);
    } else notes.push(`passport composition not used: ${pc.reason}`);
  }
  if (!composition) {
    compositionBasis = 'chemistry-default';
    if (chemistry && !DEFAULT_PACK_COMPOSITION[chemistry]) {
      errors.push({ field: `${at}.composition`, reason: `chemistry ${chemistry} has no indicative default; give the composition` });
    }
  }
  if (errors.length > 0 || !passportId || !chemistry || massKg === undefined) return { ok: false, errors };
  const item: IntakeItem = { passportId, batteryId: input.batteryId, chemistry, massKg, origin: input.origin ?? 'post-consumer', ...(composition ? { composition } : {}) };
  return { ok: true, value: { item, holderDid: input.holderDid ?? passport?.issuer.did ?? null, fromPassport, compositionBasis, notes } };
}

/** Elements that become material lots: the Art. 8 metals and the other metals sold as secondary raw materials. */
export const LOT_ELEMENTS: readonly Component[] = ['Co', 'Ni', 'Li', 'Mn', 'Cu', 'Al', 'Fe', 'Pb'];

const COMPOUNDS: { element: Component; re: RegExp; compound: string }[] = [
  { element: 'Ni', re: /sul(f|ph)ate/i, compound: 'NiSO4·6H2O' },
  { element: 'Co', re: /sul(f|ph)ate/i, compound: 'CoSO4·7H2O' },
  { element: 'Mn', re: /sul(f|ph)ate/i, compound: 'MnSO4·H2O' },
  { element: 'Li', re: /carbonate/i, compound: 'Li2CO3' },
  { element: 'Li', re: /hydroxide/i, compound: 'LiOH·H2O' },
  { element: 'Ni', re: /mixed hydroxide|\bMHP\b/i, compound: 'mixed hydroxide precipitate (Ni)' },
  { element: 'Co', re: /mixed hydroxide|\bMHP\b/i, compound: 'mixed hydroxide precipitate (Co)' },
  { element: 'Cu', re: /granulat|scrap|foil|cathode/i, compound: 'Cu metal' },
  { element: 'Al', re: /scrap|granulat|foil/i, compound: 'Al metal' },
];

/** The compound a lot is shipped as: a recognised salt or metal, else the fraction's own name. */
export function compoundFor(element: Component, fractionName: string): string {
  return COMPOUNDS.find((c) => c.element === element && c.re.test(fractionName))?.compound ?? fractionName;
}

/** Bounded, stable lot id: the batch and fraction ids are the recycler's own. */
export function lotIdFor(batchId: string, fractionId: string, element: Component): string {
  return `LOT-${batchId}-${fractionId}-${element}`.slice(0, 240);
}

/**
 * One lot per recycled fraction and lot element it carries. A fraction with several elements (a mixed hydroxide)
 * gives one lot per element, its compound mass split in proportion to the element masses.
 */
export function lotSpecsFor(batch: RecyclerBatch): LotSpec[] {
  const specs: LotSpec[] = [];
  for (const o of batch.outputs) {
    if (o.fate !== 'recycled') continue;
    const carried = Object.entries(o.componentsKg).filter(([, kg]) => (kg ?? 0) > 0) as [Component, number][];
    const sum = carried.reduce((s, [, kg]) => s + kg, 0);
    for (const [element, kg] of carried) {
      if (!LOT_ELEMENTS.includes(element)) continue;
      specs.push({ fractionId: o.fractionId, element, compound: compoundFor(element, o.name), massKg: Math.max(kg, (o.massKg * kg) / sum), lotId: lotIdFor(batch.batchId, o.fractionId, element) });
    }
  }
  return specs;
}

export type RecycledPayload = EventPayloads['recycled'];
type RecoveredKey = keyof RecycledPayload['recoveredMaterialsKg'];
type Facility = RecycledPayload['facility'];

/** Components reported in the event, under the event's element names (graphite is carbon). */
const EVENT_ELEMENT: Partial<Record<Component, RecoveredKey>> = { Li: 'Li', Co: 'Co', Ni: 'Ni', Mn: 'Mn', Cu: 'Cu', Al: 'Al', Fe: 'Fe', P: 'P', Pb: 'Pb', graphite: 'C' };

/** The history's process names; a mechanical-only route recycles nothing yet and has no `recycled` event. */
export function eventProcess(batch: RecyclerBatch): RecycledPayload['process'] | null {
  const k = processKind(batch.route);
  return k === 'hydro' ? 'hydrometallurgical' : k === 'pyro' ? 'pyrometallurgical' : k === 'direct' ? 'directRecycling' : k === 'pyro+hydro' ? 'combined' : null;
}

/**
 * The `recycled` payload per battery: the batch's credited recovery of each element shared in proportion to what each
 * battery brought in, never more than it brought (so the event's own mass check, recovered ≤ input, holds).
 * Rounded down to grams.
 */
export function recycledPayloads(batch: RecyclerBatch, facility: Facility): Map<string, RecycledPayload> {
  const process = eventProcess(batch);
  if (!process) throw new RangeError(`batch ${batch.batchId}: route ${batch.route.join(' → ')} has no metallurgical or direct-recycling step`);
  const perBattery = batch.intake.map((i) => {
    const { composition } = resolveComposition(i.chemistry, i.composition, `intake ${i.passportId}`);
    return Object.fromEntries(COMPONENTS.map((c) => [c, (composition[c] ?? 0) * i.massKg])) as Record<Component, number>;
  });
  const inTotal = (c: Component) => perBattery.reduce((s, b) => s + b[c], 0);
  const recovered = (c: Component) => batch.outputs.reduce((s, o) => s + (o.componentsKg[c] ?? 0) * creditedShare(o), 0);
  const out = new Map<string, RecycledPayload>();
  batch.intake.forEach((item, idx) => {
    const kg: RecycledPayload['recoveredMaterialsKg'] = {};
    for (const [c, el] of Object.entries(EVENT_ELEMENT) as [Component, RecoveredKey][]) {
      const mine = perBattery[idx][c];
      if (!(mine > 0)) continue;
      const share = Math.min(mine, (recovered(c) * mine) / inTotal(c));
      kg[el] = Math.floor(share * 1000) / 1000;
    }
    // the event schema needs at least one element; a battery with none of them reports 0 kg of lithium recovered
    if (Object.keys(kg).length === 0) kg.Li = 0;
    out.set(item.batteryId, { inputMassKg: item.massKg, recoveredMaterialsKg: kg, process, facility });
  });
  return out;
}

/** Names the request field behind a mass-balance violation: for a component, the fraction carrying most of it. */
export function balanceViolationField(batch: RecyclerBatch, s: BalanceSubject, prefix: string): string {
  if (s.kind === 'fraction') return `${prefix}.outputs[${batch.outputs.findIndex((o) => o.fractionId === s.fractionId)}].massKg`;
  if (s.kind === 'total') return `${prefix}.outputs`;
  let best = -1;
  batch.outputs.forEach((o, i) => {
    if ((o.componentsKg[s.component] ?? 0) > (best < 0 ? 0 : batch.outputs[best].componentsKg[s.component] ?? 0)) best = i;
  });
  return best < 0 ? `${prefix}.outputs.componentsKg.${s.component}` : `${prefix}.outputs[${best}].componentsKg.${s.component}`;
}
