/**
 * Symbols and labels (longlist #12-14, #16) as IDTA-02035-1 `Markings`. The nameplate template lists
 * these DIN DKE SPEC 99100 items (6.2.2 separate collection symbol, 6.2.3 Cd/Pb symbols, 6.2.4 carbon
 * footprint label, 6.2.6 meaning of labels) as Markings; each becomes one `Marking` whose `MarkingFile`
 * is the graphic. The upstream model fixes no marking names for them, so we use fixed English names
 * below and read markings back by those names. Meanings go to `MarkingAdditionalText`.
 */
import type { JsonObject } from './values.js';
import { compact, mediaTypeOf } from './values.js';
import type { Obj } from './reader.js';
import type { ImportState } from './import-state.js';

export const SYMBOL_MARKING_NAMES = {
  separateCollection: 'Separate collection symbol',
  cadmium: 'Cadmium symbol (Cd)',
  lead: 'Lead symbol (Pb)',
  carbonFootprintLabel: 'Carbon footprint label',
} as const;

/** `labelMeanings[].subject` → marking name. */
export const MEANING_MARKING_NAMES: Readonly<Record<string, string>> = {
  separateCollection: 'Meaning of the separate collection symbol',
  hazardousMaterial: 'Meaning of the hazardous material symbol',
  carbonFootprint: 'Meaning of the carbon footprint label',
  extinguishingAgent: 'Meaning of the extinguishing agent symbol',
};

interface ChemicalSymbol {
  element: 'Cd' | 'Pb';
  symbolUrl: string;
}

interface LabelMeaning {
  subject: string;
  symbolUrl: string;
  meaning: string;
}

function marking(name: string, url: string, text?: string): JsonObject {
  return compact({
    MarkingName: name,
    MarkingFile: { value: url, contentType: mediaTypeOf(url) },
    MarkingAdditionalText: text,
  });
}

export interface MarkingSources {
  separateCollectionSymbol?: string;
  cadmiumAndLeadSymbols?: ChemicalSymbol[];
  carbonFootprintLabel?: string;
  labelMeanings?: LabelMeaning[];
}

/** All markings, in longlist order. An empty list is valid upstream (no marking declared). */
export function buildMarkings(m: MarkingSources): JsonObject[] {
  const out: JsonObject[] = [];
  if (m.separateCollectionSymbol !== undefined) out.push(marking(SYMBOL_MARKING_NAMES.separateCollection, m.separateCollectionSymbol));
  for (const s of m.cadmiumAndLeadSymbols ?? []) {
    out.push(marking(s.element === 'Cd' ? SYMBOL_MARKING_NAMES.cadmium : SYMBOL_MARKING_NAMES.lead, s.symbolUrl));
  }
  if (m.carbonFootprintLabel !== undefined) out.push(marking(SYMBOL_MARKING_NAMES.carbonFootprintLabel, m.carbonFootprintLabel));
  for (const l of m.labelMeanings ?? []) {
    const name = MEANING_MARKING_NAMES[l.subject];
    if (name !== undefined) out.push(marking(name, l.symbolUrl, l.meaning));
  }
  return out;
}

/**
 * Reads our markings back. `cadmiumAndLeadSymbols` is mandatory and "no symbol required" is an empty
 * list, so a nameplate without Cd/Pb markings yields []. Markings with other names (CE marking etc.)
 * have no catalogue attribute and are reported.
 */
export function readMarkings(root: Obj, state: ImportState): void {
  const markings = root.list('Markings');
  const chemical: ChemicalSymbol[] = [];
  const meanings: LabelMeaning[] = [];
  const subjects = new Map(Object.entries(MEANING_MARKING_NAMES).map(([subject, name]) => [name.toLowerCase(), subject]));
  markings.forEach((mk) => {
    const name = mk.str('MarkingName');
    const url = mk.obj('MarkingFile').str('value');
    const key = name.trim().toLowerCase();
    if (key === SYMBOL_MARKING_NAMES.separateCollection.toLowerCase()) state.set('separateCollectionSymbol', url, mk, 'MarkingFile');
    else if (key === SYMBOL_MARKING_NAMES.cadmium.toLowerCase()) chemical.push({ element: 'Cd', symbolUrl: url });
    else if (key === SYMBOL_MARKING_NAMES.lead.toLowerCase()) chemical.push({ element: 'Pb', symbolUrl: url });
    else if (key === SYMBOL_MARKING_NAMES.carbonFootprintLabel.toLowerCase()) state.set('carbonFootprintLabel', url, mk, 'MarkingFile');
    else if (subjects.has(key)) {
      const meaning = mk.optStr('MarkingAdditionalText');
      if (meaning === undefined) mk.r.warn(mk.at('MarkingAdditionalText'), 'label meaning marking without text; ignored');
      else meanings.push({ subject: subjects.get(key) as string, symbolUrl: url, meaning });
    } else mk.r.warn(mk.at('MarkingName'), `marking ${JSON.stringify(name)} has no catalogue attribute; ignored`);
  });
  state.set('cadmiumAndLeadSymbols', chemical as unknown as JsonObject[], root, 'Markings');
  if (meanings.length > 0) state.set('labelMeanings', meanings as unknown as JsonObject[], root, 'Markings');
}
