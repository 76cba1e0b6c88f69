/**
 * Element composition of one battery from its passport: the Annex XIII(2)(a) materials list (cathode, anode and
 * electrolyte materials with their share of the battery mass) turned into element mass fractions by stoichiometry,
 * plus the rest of the pack (housing, module hardware, busbars, electronics) that the list does not describe.
 *
 * WHY the remainder is needed: the mass balance compares element by element, and a recycler recovers aluminium and
 * steel from the housing, which no cell-material list contains. The remainder (1 − declared share) is spread over the
 * balance-of-pack components (Al, Cu, steel, plastics, other) in the proportions the indicative chemistry default
 * leaves for them after the declared cell materials are taken out. Active-material elements (Ni, Co, Li, Mn, Fe, P)
 * come only from the passport. Molar masses: IUPAC standard atomic weights (2021), rounded to 3 decimals.
 */
import type { Passport } from '../../passport/index.js';
import { DEFAULT_PACK_COMPOSITION, type Component, type Composition } from './composition.js';

const ATOMIC = { Li: 6.94, Ni: 58.693, Mn: 54.938, Co: 58.933, Al: 26.982, Fe: 55.845, P: 30.974, O: 15.999, Ti: 47.867, F: 18.998 } as const;
type Atom = keyof typeof ATOMIC;
type Formula = Partial<Record<Atom, number>>;

/** Where an atom's mass is booked; oxygen, fluorine and titanium have no component of their own. */
const ATOM_COMPONENT: Record<Atom, Component> = { Li: 'Li', Ni: 'Ni', Mn: 'Mn', Co: 'Co', Al: 'Al', Fe: 'Fe', P: 'P', O: 'other', Ti: 'other', F: 'other' };

function fromFormula(f: Formula, rest: Component = 'other'): Composition {
  const molar = Object.entries(f).reduce((s, [a, n]) => s + ATOMIC[a as Atom] * (n ?? 0), 0);
  const out: Composition = {};
  for (const [a, n] of Object.entries(f)) {
    const c = ATOM_COMPONENT[a as Atom] === 'other' ? rest : ATOM_COMPONENT[a as Atom];
    out[c] = (out[c] ?? 0) + (ATOMIC[a as Atom] * (n ?? 0)) / molar;
  }
  return out;
}

const NMC_CAS = '346417-97-8';
/** Per-kg element fractions of the materials we can read, by CAS number (the identifier Annex XIII asks for). */
const BY_CAS: Record<string, { label: string; composition: Composition }> = {
  '193214-24-3': { label: 'NCA (LiNi0.8Co0.15Al0.05O2)', composition: fromFormula({ Li: 1, Ni: 0.8, Co: 0.15, Al: 0.05, O: 2 }) },
  '15365-14-7': { label: 'LFP (LiFePO4)', composition: fromFormula({ Li: 1, Fe: 1, P: 1, O: 4 }) },
  '12057-17-9': { label: 'LMO (LiMn2O4)', composition: fromFormula({ Li: 1, Mn: 2, O: 4 }) },
  '12190-79-3': { label: 'LCO (LiCoO2)', composition: fromFormula({ Li: 1, Co: 1, O: 2 }) },
  '12031-82-2': { label: 'LTO (Li4Ti5O12)', composition: fromFormula({ Li: 4, Ti: 5, O: 12 }) },
  '7782-42-5': { label: 'natural graphite', composition: { graphite: 1 } },
  '7440-44-0': { label: 'synthetic graphite / carbon', composition: { graphite: 1 } },
  '7440-50-8': { label: 'copper', composition: { Cu: 1 } },
  '7429-90-5': { label: 'aluminium', composition: { Al: 1 } },
  // the conducting salt: its Li and P are counted as elements, the fluorine stays with the electrolyte
  '21324-40-3': { label: 'LiPF6', composition: fromFormula({ Li: 1, P: 1, F: 6 }, 'electrolyte') },
  '96-49-1': { label: 'ethylene carbonate', composition: { electrolyte: 1 } },
  '616-38-6': { label: 'dimethyl carbonate', composition: { electrolyte: 1 } },
  '623-53-0': { label: 'ethyl methyl carbonate', composition: { electrolyte: 1 } },
  '105-58-8': { label: 'diethyl carbonate', composition: { electrolyte: 1 } },
  '108-32-7': { label: 'propylene carbonate', composition: { electrolyte: 1 } },
};

/** Names of materials listed without a CAS number. */
const BY_NAME: { re: RegExp; cas: string }[] = [
  { re: /lithium iron phosphate|\bLFP\b/i, cas: '15365-14-7' },
  { re: /nickel cobalt aluminium|\bNCA\b/i, cas: '193214-24-3' },
  { re: /lithium manganese oxide|\bLMO\b/i, cas: '12057-17-9' },
  { re: /graphite/i, cas: '7782-42-5' },
  { re: /copper/i, cas: '7440-50-8' },
  { re: /alumin/i, cas: '7429-90-5' },
  { re: /hexafluorophosphate|LiPF6/i, cas: '21324-40-3' },
  { re: /ethylene carbonate/i, cas: '96-49-1' },
  { re: /dimethyl carbonate/i, cas: '616-38-6' },
];

/** Ni:Mn:Co molar ratio from "NMC811", "NMC 622" or "LiNi0.8Mn0.1Co0.1O2"; null when the name does not say. */
export function nmcRatio(name: string): { ni: number; mn: number; co: number } | null {
  const short = /NMC\s*-?\s*(\d)(\d)(\d)\b/i.exec(name);
  if (short) {
    const [ni, mn, co] = short.slice(1, 4).map(Number);
    const s = ni + mn + co;
    return s > 0 ? { ni: ni / s, mn: mn / s, co: co / s } : null;
  }
  const f = /LiNi([\d.]+)Mn([\d.]+)Co([\d.]+)O2/i.exec(name.replace(/\s+/g, ''));
  if (f) {
    const [ni, mn, co] = f.slice(1, 4).map(Number);
    const s = ni + mn + co;
    return s > 0 && [ni, mn, co].every(Number.isFinite) ? { ni: ni / s, mn: mn / s, co: co / s } : null;
  }
  return null;
}

function nmc(name: string, notes: string[]): Composition {
  let r = nmcRatio(name);
  if (!r) {
    // the generic CAS number covers every NMC grade; the indicative default's Ni:Mn:Co (mass) gives the molar ratio
    const d = DEFAULT_PACK_COMPOSITION.NMC!;
    const ni = (d.Ni ?? 0) / ATOMIC.Ni, mn = (d.Mn ?? 0) / ATOMIC.Mn, co = (d.Co ?? 0) / ATOMIC.Co;
    const s = ni + mn + co;
    r = { ni: ni / s, mn: mn / s, co: co / s };
    notes.push(`"${name}" names no NMC grade: Ni:Mn:Co ${r.ni.toFixed(2)}:${r.mn.toFixed(2)}:${r.co.toFixed(2)} taken from the indicative default`);
  }
  return fromFormula({ Li: 1, Ni: r.ni, Mn: r.mn, Co: r.co, O: 2 });
}

interface MaterialEntry {
  materialName: string;
  casNumber?: string;
  massFractionPercent: number;
}

function isEntry(x: unknown): x is MaterialEntry {
  const m = x as MaterialEntry;
  return typeof m === 'object' && m !== null && typeof m.materialName === 'string' && typeof m.massFractionPercent === 'number';
}

const BALANCE_OF_PACK: readonly Component[] = ['Al', 'Cu', 'steel', 'plastics', 'other'];

export type PassportComposition =
  | { ok: true; composition: Composition; declaredShare: number; notes: string[] }
  | { ok: false; reason: string };

/** Composition of the battery a passport describes, or why its materials data cannot give one. */
export function compositionFromPassport(p: Passport): PassportComposition {
  const list = p.attributes.batteryMaterials;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, reason: 'the passport has no batteryMaterials (Annex XIII(2)(a))' };
  const notes: string[] = [];
  const declared: Composition = {};
  let declaredShare = 0;
  for (const raw of list) {
    if (!isEntry(raw)) return { ok: false, reason: 'a batteryMaterials entry lacks materialName or massFractionPercent' };
    const share = raw.massFractionPercent / 100;
    if (!(share >= 0 && share <= 1)) return { ok: false, reason: `${raw.materialName}: massFractionPercent out of range` };
    const cas = raw.casNumber ?? BY_NAME.find((n) => n.re.test(raw.materialName))?.cas;
    let perKg: Composition | undefined;
    if (cas === NMC_CAS || (!cas && /nickel manganese cobalt|\bNMC/i.test(raw.materialName))) perKg = nmc(raw.materialName, notes);
    else if (cas) perKg = BY_CAS[cas]?.composition;
    if (!perKg) return { ok: false, reason: `material "${raw.materialName}"${raw.casNumber ? ` (CAS ${raw.casNumber})` : ''} has no known element composition` };
    for (const [c, f] of Object.entries(perKg)) declared[c as Component] = (declared[c as Component] ?? 0) + (f ?? 0) * share;
    declaredShare += share;
  }
  if (declaredShare > 1 + 1e-6) return { ok: false, reason: `batteryMaterials add up to ${(declaredShare * 100).toFixed(1)} % of the battery mass` };
  const remainder = Math.max(0, 1 - declaredShare);
  const def = DEFAULT_PACK_COMPOSITION[p.model.chemistry] ?? {};
  const weights = BALANCE_OF_PACK.map((c) => Math.max(0, (def[c] ?? 0) - (declared[c] ?? 0)));
  const wSum = weights.reduce((a, b) => a + b, 0);
  const composition: Composition = { ...declared };
  BALANCE_OF_PACK.forEach((c, i) => {
    const add = wSum > 0 ? (remainder * weights[i]) / wSum : c === 'other' ? remainder : 0;
    if (add > 0) composition[c] = (composition[c] ?? 0) + add;
  });
  if (remainder > 0) notes.push(`${(remainder * 100).toFixed(1)} % of the mass is not in batteryMaterials: spread over housing and module materials by the indicative default`);
  return { ok: true, composition, declaredShare, notes };
}
