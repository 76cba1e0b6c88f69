/**
 * Every regulatory number used by the compliance core, in ONE dated table, each with its legal reference.
 *
 * Source: Regulation (EU) 2023/1542 on batteries and waste batteries (OJ L 191, 28.7.2023), entered into force
 * 17 Aug 2023. The Official Journal text itself could not be read here (no web access; the stored copies reachable
 * through the search tool hold only the opening of the consolidated text). Each entry's `verified` note says which
 * public source confirms its value — a Commission summary, or secondary reporting — or that none was found.
 * Review this file against the consolidated text before any declaration is filed.
 */

export const TABLE_AS_OF = '2026-11-24';
export const REGULATION = 'Regulation (EU) 2023/1542';

/** The value was not found in any source read here: it comes from the issue text / the regulation as commonly cited. */
export const NOT_VERIFIED =
  'from the issue text and the regulation as commonly cited; not verified against the OJ text here' as const;

/** Sources found (2026-11-24) that state the values; none is the OJ text, and none confirms the point numbering. */
export const VERIFICATION_SOURCES = {
  commission2025:
    'confirmed by the European Commission (DG ENV news "New rules boost recycling efficiency of waste batteries", 4 Jul 2025, environment.ec.europa.eu), which quotes the Annex XII Part B values for 31 Dec 2025; not checked against the OJ text; point numbering not confirmed',
  council2023:
    'confirmed by the Council adoption summary as reported by waste-management-world.com (11 Jul 2023); not checked against the OJ text; paragraph/point numbering not confirmed',
  secondary2025:
    'confirmed only by secondary reporting (energyinnovationreview.com, 12 Jul 2025, citing Annex XII); not checked against the OJ text; point numbering not confirmed',
  secondary2036:
    'confirmed only by secondary reporting (dpp-tool.com article on Art. 8, table of 2031/2036 minimums); not checked against the OJ text',
} as const;

export interface LegalRef {
  instrument: string;
  article: string;
  annex?: string;
  part?: string;
  point?: string;
}

/** Part B battery categories (recycling efficiency is set per category, not per chemistry). */
export type BatteryCategory = 'lead-acid' | 'lithium-based' | 'nickel-cadmium' | 'other';
/** Elements with Part C recovery targets or Art. 8 recycled-content minimums. */
export type TargetElement = 'Co' | 'Cu' | 'Ni' | 'Pb' | 'Li';

interface TargetBase {
  id: string;
  /** ISO date (YYYY-MM-DD) from which the value applies ("by 31 Dec 2027" → applies from 2027-12-31). */
  appliesFrom: string;
  valuePct: number;
  legalRef: LegalRef;
  verified: string;
}

export interface RecyclingEfficiencyTarget extends TargetBase {
  kind: 'recycling-efficiency';
  category: BatteryCategory;
}
export interface MaterialRecoveryTarget extends TargetBase {
  kind: 'material-recovery';
  element: TargetElement;
}
export interface RecycledContentTarget extends TargetBase {
  kind: 'recycled-content';
  element: Exclude<TargetElement, 'Cu'>;
}
export type RegulatoryTarget = RecyclingEfficiencyTarget | MaterialRecoveryTarget | RecycledContentTarget;

const partB = (point: string): LegalRef => ({ instrument: REGULATION, article: 'Art. 71', annex: 'XII', part: 'B', point });
const partC = (point: string): LegalRef => ({ instrument: REGULATION, article: 'Art. 71', annex: 'XII', part: 'C', point });
const art8 = (para: string): LegalRef => ({ instrument: REGULATION, article: `Art. 8(${para})` });

const eff = (category: BatteryCategory, appliesFrom: string, valuePct: number, point: string, verified: string): RecyclingEfficiencyTarget => ({
  id: `eff-${category}-${appliesFrom}`,
  kind: 'recycling-efficiency',
  category,
  appliesFrom,
  valuePct,
  legalRef: partB(point),
  verified,
});
const rec = (element: TargetElement, appliesFrom: string, valuePct: number, point: string, verified: string): MaterialRecoveryTarget => ({
  id: `rec-${element}-${appliesFrom}`,
  kind: 'material-recovery',
  element,
  appliesFrom,
  valuePct,
  legalRef: partC(point),
  verified,
});
const rc = (element: RecycledContentTarget['element'], appliesFrom: string, valuePct: number, para: string, verified: string): RecycledContentTarget => ({
  id: `rc-${element}-${appliesFrom}`,
  kind: 'recycled-content',
  element,
  appliesFrom,
  valuePct,
  legalRef: art8(para),
  verified,
});

const V = VERIFICATION_SOURCES;
export const REGULATORY_TARGETS: readonly RegulatoryTarget[] = [
  // Annex XII Part B point 2: recycling efficiency per battery category (average weight, Art. 71(2)).
  eff('lead-acid', '2025-12-31', 75, '2(a)', V.commission2025),
  eff('lead-acid', '2030-12-31', 80, '3(a)', V.secondary2025),
  eff('lithium-based', '2025-12-31', 65, '2(b)', V.commission2025),
  eff('lithium-based', '2030-12-31', 70, '3(b)', V.secondary2025),
  eff('nickel-cadmium', '2025-12-31', 80, '2(c)', V.commission2025),
  eff('other', '2025-12-31', 50, '2(d)', V.commission2025),
  // Annex XII Part C: material recovery per element.
  rec('Co', '2027-12-31', 90, '2', V.secondary2025),
  rec('Cu', '2027-12-31', 90, '2', V.secondary2025),
  rec('Pb', '2027-12-31', 90, '2', V.secondary2025),
  rec('Li', '2027-12-31', 50, '2', V.council2023),
  rec('Ni', '2027-12-31', 90, '2', V.secondary2025),
  // the 2031 Co/Cu/Pb/Ni value (95 %) is cut off in the only source found: not confirmed
  rec('Co', '2031-12-31', 95, '3', NOT_VERIFIED),
  rec('Cu', '2031-12-31', 95, '3', NOT_VERIFIED),
  rec('Pb', '2031-12-31', 95, '3', NOT_VERIFIED),
  rec('Li', '2031-12-31', 80, '3', V.council2023),
  rec('Ni', '2031-12-31', 95, '3', NOT_VERIFIED),
  // Art. 8(2) and 8(3): minimum recycled content in active materials (industrial > 2 kWh, EV, SLI batteries).
  // The application dates (eight and thirteen years after entry into force) come from the issue text: not confirmed.
  rc('Co', '2031-08-18', 16, '2', V.council2023),
  rc('Li', '2031-08-18', 6, '2', V.council2023),
  rc('Ni', '2031-08-18', 6, '2', V.council2023),
  rc('Pb', '2031-08-18', 85, '2', V.council2023),
  rc('Co', '2036-08-18', 26, '3', V.secondary2036),
  rc('Li', '2036-08-18', 12, '3', V.secondary2036),
  rc('Ni', '2036-08-18', 15, '3', V.secondary2036),
  // the lead row of the 2036 table is cut off in the source found: not confirmed
  rc('Pb', '2036-08-18', 85, '3', NOT_VERIFIED),
];

/**
 * Art. 7 carbon footprint, as a concept only: 7(1) declaration per functional unit (kg CO2e per kWh of total energy
 * over the service life, Annex II), 7(2) performance classes, 7(3) maximum life-cycle threshold. The delegated acts
 * that fix class boundaries and the maximum are not adopted at TABLE_AS_OF, so this table carries no class numbers;
 * `carbon-footprint.ts` takes them as inputs.
 */
export const CARBON_FOOTPRINT_CONCEPT = {
  declaration: { instrument: REGULATION, article: 'Art. 7(1)', annex: 'II' } as LegalRef,
  performanceClasses: { instrument: REGULATION, article: 'Art. 7(2)', annex: 'II' } as LegalRef,
  maximumThreshold: { instrument: REGULATION, article: 'Art. 7(3)' } as LegalRef,
  functionalUnit: 'kg CO2e per kWh of total energy provided over the expected service life',
  lifeCycleStages: [
    'raw-material-acquisition-and-pre-processing',
    'main-product-production',
    'distribution',
    'end-of-life-and-recycling',
  ] as const,
  classThresholdsStatus: 'delegated act fixing class thresholds not adopted; thresholds must be supplied as inputs',
  verified: NOT_VERIFIED,
} as const;

type Kind = RegulatoryTarget['kind'];
type TargetOf<K extends Kind> = Extract<RegulatoryTarget, { kind: K }>;

function matches<K extends Kind>(t: RegulatoryTarget, kind: K, subject: string): t is TargetOf<K> {
  if (t.kind !== kind) return false;
  return t.kind === 'recycling-efficiency' ? t.category === subject : t.element === subject;
}

function assertIsoDate(dateIso: string): void {
  if (!/^\d{4}-\d{2}-\d{2}/.test(dateIso)) throw new RangeError(`expected ISO date YYYY-MM-DD, got "${dateIso}"`);
}

/** Target in force on `dateIso` (the latest one whose appliesFrom ≤ date), or null before the first one applies. */
export function applicableTarget<K extends Kind>(kind: K, subject: string, dateIso: string): TargetOf<K> | null {
  assertIsoDate(dateIso);
  const day = dateIso.slice(0, 10);
  let best: TargetOf<K> | null = null;
  for (const t of REGULATORY_TARGETS) {
    if (!matches(t, kind, subject)) continue;
    if (t.appliesFrom <= day && (best === null || t.appliesFrom > best.appliesFrom)) best = t;
  }
  return best;
}

/** The next target that will apply after `dateIso`, so reports can show what is coming. */
export function nextTarget<K extends Kind>(kind: K, subject: string, dateIso: string): TargetOf<K> | null {
  assertIsoDate(dateIso);
  const day = dateIso.slice(0, 10);
  let best: TargetOf<K> | null = null;
  for (const t of REGULATORY_TARGETS) {
    if (!matches(t, kind, subject)) continue;
    if (t.appliesFrom > day && (best === null || t.appliesFrom < best.appliesFrom)) best = t;
  }
  return best;
}

export function formatLegalRef(ref: LegalRef): string {
  const parts = [ref.instrument, ref.article];
  if (ref.annex) parts.push(`Annex ${ref.annex}`);
  if (ref.part) parts.push(`Part ${ref.part}`);
  if (ref.point) parts.push(`point ${ref.point}`);
  return parts.join(', ');
}
