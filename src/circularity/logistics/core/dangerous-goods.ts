/**
 * Dangerous-goods classification of a lithium-ion battery for road carriage under ADR 2025, derived from its state
 * (State of Safety from the twin, recorded negative events, mass, packaging context, purpose).
 *
 * Sources (ADR 2025, UNECE ECE/TRANS/340; German text cross-checked on gefahrgutbrumme.de ADR2025/SV pages):
 * - SP 376: damaged or defective cells/batteries (no longer conforming to the tested type: defective for safety reasons,
 *   leaked or vented, cannot be diagnosed before carriage, physical or mechanical damage) → P908 / LP904; those liable to
 *   rapidly disassemble, dangerously react, produce a flame or a dangerous evolution of heat or a dangerous emission of
 *   toxic, corrosive or flammable gases or vapours under normal conditions of carriage → P911 / LP906. SP 230 does not
 *   apply to them. The assessment must follow safety criteria of the manufacturer or of a technical expert (NOTE).
 * - SP 377: batteries carried for disposal or recycling may be packed to P909; identified damaged/defective ones fall
 *   back to SP 376.
 * - SP 388 (ADR 2025): UN 3171 applies only to vehicles powered by wet batteries or sodium-metal/sodium-alloy batteries;
 *   a vehicle powered by lithium-ion batteries is UN 3556 VEHICLE, LITHIUM ION BATTERY POWERED.
 * - SP 667 (b): a damaged or defective vehicle whose damage significantly affects the battery's safety: the battery is
 *   removed and carried under SP 376; only when safe removal is impossible or the battery's condition cannot be
 *   verified may the vehicle be towed or carried as in (b)(i) (SP 363/666).
 * - P903 (2): batteries ≥ 12 kg with a strong, impact-resistant casing may travel in strong outer packagings, protective
 *   enclosures or on pallets. ADR 1.2.1: a packaging holds at most 400 kg net; above that a large packaging (LP…) is needed.
 * - SP 310: production runs of ≤ 100 batteries and pre-production prototypes → P910 / LP905.
 * - SP 188: small batteries (≤ 100 Wh) — never an EV pack.
 */
import { CLASSIFICATION_POLICY } from './config.js';
import type { SafetyStatus } from './types.js';

export const NEGATIVE_EVENTS = ['deepDischarge', 'overcharge', 'crash', 'thermalIncident', 'swelling', 'leakage', 'venting'] as const;
export type BatteryNegativeEvent = (typeof NEGATIVE_EVENTS)[number];
export const PURPOSES = ['recycling', 'disposal', 'reuse'] as const;
export type TransportPurpose = (typeof PURPOSES)[number];
export const CONTEXTS = ['loose', 'containedInEquipment', 'packedWithEquipment', 'inVehicle'] as const;
export type PackagingContext = (typeof CONTEXTS)[number];

export const PACKING_OPTIONS = ['P903', 'P908', 'P909', 'P910', 'P911', 'LP903', 'LP904', 'LP905', 'LP906', 'vehicleAsLoad'] as const;
export type PackingOption = (typeof PACKING_OPTIONS)[number];

export interface ClassificationInput {
  /** State of Safety, 0 (unsafe) … 1 (nominal), from the twin */
  stateOfSafety: number;
  /** the sub-factor driving the score (twin SafetyFactor name, e.g. temperatureRise, negativeEvents) */
  sosDriver: string;
  negativeEvents: readonly BatteryNegativeEvent[];
  massKg: number;
  energyWh?: number;
  context: PackagingContext;
  purpose: TransportPurpose;
  /** false when the battery cannot be diagnosed before carriage (an SP 376 example) */
  diagnosed?: boolean;
  /** SP 310: pre-production prototype or production run of ≤ 100 */
  prototype?: boolean;
  /** SP 667 (b)(ii): can the battery be safely removed from the vehicle? */
  removableFromVehicle?: boolean;
}

export interface Reason {
  ref: string;
  text: string;
}

export interface Classification {
  regulation: 'ADR 2025';
  unNumber: 'UN 3480' | 'UN 3481' | 'UN 3556';
  properShippingName: string;
  class: '9';
  /** M4 (lithium batteries) for UN 3480/3481; for UN 3556 not asserted here (not verified) */
  classificationCode?: 'M4';
  hazardLabel: '9A';
  status: SafetyStatus;
  specialProvisions: string[];
  allowedPacking: PackingOption[];
  preferredPacking?: PackingOption;
  packageMarks: string[];
  /** SP 667 (b)(ii): remove the battery and classify it on its own (context 'loose') */
  requiresBatteryRemoval: boolean;
  reasons: Reason[];
}

/** ADR 1.2.1: packagings up to 400 kg net mass; heavier single batteries need large packagings. */
export const MAX_PACKAGING_NET_KG = 400;

const THERMAL_EVENTS: readonly BatteryNegativeEvent[] = ['thermalIncident'];
const DAMAGE_EVENTS: readonly BatteryNegativeEvent[] = ['crash', 'swelling', 'leakage', 'venting', 'deepDischarge', 'overcharge'];

/** The SP 376 status with the reasons that set it. */
export function assessStatus(x: ClassificationInput): { status: SafetyStatus; reasons: Reason[] } {
  const p = CLASSIFICATION_POLICY;
  const critical: Reason[] = [];
  const damaged: Reason[] = [];
  const sos = x.stateOfSafety;
  const measured = x.sosDriver !== 'negativeEvents';
  for (const e of x.negativeEvents) {
    if (THERMAL_EVENTS.includes(e)) critical.push({ ref: 'SP 376', text: `negative event ${e}: liable to a dangerous evolution of heat under normal conditions of carriage → P911/LP906` });
  }
  // the twin caps the score per recorded event (crash 0.2, deep discharge 0.5): when events drive it, the events decide
  if (measured && sos <= p.criticalAtOrBelowSos) critical.push({ ref: 'SP 376', text: `State of Safety ${sos} ≤ ${p.criticalAtOrBelowSos} (driver ${x.sosDriver}): treated as liable to react dangerously` });
  else if (measured && sos < p.criticalThermalBelowSos && p.thermalDrivers.includes(x.sosDriver)) critical.push({ ref: 'SP 376', text: `State of Safety ${sos} < ${p.criticalThermalBelowSos} driven by ${x.sosDriver} (self-heating precursor of thermal runaway)` });
  for (const e of x.negativeEvents) {
    if (DAMAGE_EVENTS.includes(e)) damaged.push({ ref: 'SP 376', text: damageText(e) });
  }
  if (measured && sos < p.damagedBelowSos) damaged.push({ ref: 'SP 376', text: `State of Safety ${sos} < ${p.damagedBelowSos} (driver ${x.sosDriver}): defective for safety reasons` });
  if (x.diagnosed === false) damaged.push({ ref: 'SP 376', text: 'cannot be diagnosed prior to carriage' });
  const note: Reason = { ref: 'SP 376 NOTE', text: `assessment against Battery Loop policy ${p.asOf}; SP 376 requires it to rest on the manufacturer's safety criteria or a technical expert` };
  if (critical.length) return { status: 'criticalDefect', reasons: [...critical, ...damaged, note] };
  if (damaged.length) return { status: 'damagedOrDefective', reasons: [...damaged, note] };
  return { status: 'normal', reasons: [{ ref: 'SP 376', text: `no damage indicator: State of Safety ${sos} (driver ${x.sosDriver}), no negative events` }] };
}

function damageText(e: BatteryNegativeEvent): string {
  switch (e) {
    case 'crash': return 'crash: physical or mechanical damage';
    case 'leakage': return 'leakage: has leaked';
    case 'venting': return 'venting: has vented';
    case 'swelling': return 'swelling: cell deformation, no longer conforms to the tested type';
    case 'deepDischarge': return 'deep discharge: copper dissolution risks internal shorts on recharge (defective for safety reasons)';
    case 'overcharge': return 'overcharge: lithium plating / electrolyte decomposition (defective for safety reasons)';
    default: return e;
  }
}

function shippingName(context: PackagingContext): Pick<Classification, 'unNumber' | 'properShippingName' | 'classificationCode'> {
  if (context === 'inVehicle') return { unNumber: 'UN 3556', properShippingName: 'VEHICLE, LITHIUM ION BATTERY POWERED' };
  if (context === 'containedInEquipment') return { unNumber: 'UN 3481', properShippingName: 'LITHIUM ION BATTERIES CONTAINED IN EQUIPMENT (including lithium ion polymer batteries)', classificationCode: 'M4' };
  if (context === 'packedWithEquipment') return { unNumber: 'UN 3481', properShippingName: 'LITHIUM ION BATTERIES PACKED WITH EQUIPMENT (including lithium ion polymer batteries)', classificationCode: 'M4' };
  return { unNumber: 'UN 3480', properShippingName: 'LITHIUM ION BATTERIES (including lithium ion polymer batteries)', classificationCode: 'M4' };
}

export function classifyBattery(x: ClassificationInput): Classification {
  const { status, reasons } = assessStatus(x);
  const name = shippingName(x.context);
  const base = { regulation: 'ADR 2025' as const, ...name, class: '9' as const, hazardLabel: '9A' as const, status };
  const out: Reason[] = [...reasons];
  if (x.energyWh === undefined || x.energyWh > 100) {
    out.push({ ref: 'SP 188', text: x.energyWh === undefined ? 'not applicable: a traction battery (energy not given) exceeds 100 Wh' : `not applicable: ${x.energyWh} Wh > 100 Wh per battery` });
  } else {
    out.push({ ref: 'SP 188', text: `${x.energyWh} Wh ≤ 100 Wh: SP 188 may apply; its conditions (a)–(h) are not assessed here` });
  }
  if (x.context === 'inVehicle') return classifyVehicle(x, base, out);

  const large = x.massKg > MAX_PACKAGING_NET_KG;
  const lpOnly = (p: PackingOption[], lp: PackingOption): PackingOption[] => (large ? [lp] : p);
  if (large) out.push({ ref: 'ADR 1.2.1', text: `${x.massKg} kg > ${MAX_PACKAGING_NET_KG} kg net: a packaging cannot hold it, a large packaging (LP) is needed where a P instruction has no provision for large batteries` });

  if (status === 'criticalDefect') {
    const allowed = lpOnly(['P911', 'LP906'], 'LP906');
    out.push({ ref: 'P911/LP906', text: 'critical damaged/defective battery: only P911 or LP906 (package design tested per a method of the competent authority); alternative conditions need competent-authority approval (SP 376)' });
    out.push({ ref: 'SP 230', text: 'not applicable to damaged or defective batteries (excluded by SP 376)' });
    return { ...base, specialProvisions: ['SP 376'], allowedPacking: allowed, preferredPacking: allowed[0], packageMarks: ['DAMAGED/DEFECTIVE LITHIUM ION BATTERIES'], requiresBatteryRemoval: false, reasons: out };
  }
  if (status === 'damagedOrDefective') {
    const allowed = lpOnly(['P908', 'LP904'], 'LP904');
    out.push({ ref: 'P908/LP904', text: 'damaged/defective battery not liable to react dangerously: P908 or LP904 (LP904: single battery in a large packaging)' });
    if (x.purpose !== 'reuse') out.push({ ref: 'SP 377', text: 'identified damaged or defective batteries carried for recycling/disposal go under SP 376, not P909' });
    out.push({ ref: 'SP 230', text: 'not applicable to damaged or defective batteries (excluded by SP 376)' });
    // the exact mark spelling (hyphen in LITHIUM-ION) follows the ADR English text — check the edition in use
    return { ...base, specialProvisions: ['SP 376'], allowedPacking: allowed, preferredPacking: allowed[0], packageMarks: ['DAMAGED/DEFECTIVE LITHIUM ION BATTERIES'], requiresBatteryRemoval: false, reasons: out };
  }
  if (x.prototype) {
    out.push({ ref: 'SP 310', text: 'prototype or production run ≤ 100: UN 38.3 testing waived when packed to P910 or LP905' });
    const allowed = lpOnly(['P910', 'LP905'], 'LP905');
    return { ...base, specialProvisions: ['SP 310'], allowedPacking: allowed, preferredPacking: allowed[0], packageMarks: [], requiresBatteryRemoval: false, reasons: out };
  }
  out.push({ ref: 'SP 230', text: 'P903/LP903 need the type to meet 2.2.9.1.7 (UN 38.3 tested, test summary available)' });
  if (x.massKg >= 12) out.push({ ref: 'P903 (2)', text: `${x.massKg} kg ≥ 12 kg with a strong, impact-resistant casing: strong outer packaging, protective enclosure or pallet allowed (not limited to 400 kg)` });
  if (x.purpose === 'reuse') {
    const allowed: PackingOption[] = ['P903', 'LP903'];
    return { ...base, specialProvisions: ['SP 230', 'SP 348'], allowedPacking: allowed, preferredPacking: 'P903', packageMarks: [], requiresBatteryRemoval: false, reasons: out };
  }
  out.push({ ref: 'SP 377', text: `carried for ${x.purpose}: P909 allowed, 2.2.9.1.7 (a)–(g) waived; package marked "LITHIUM BATTERIES FOR ${x.purpose === 'disposal' ? 'DISPOSAL' : 'RECYCLING'}"` });
  // P909 for a single battery > 400 kg: whether P909 carries a large-battery provision like P903 (2) is not verified
  // here, so a large battery gets LP903 / P903 (2) and P909 only when it fits a packaging.
  const allowed: PackingOption[] = large ? ['LP903', 'P903'] : ['P909', 'P903', 'LP903'];
  return {
    ...base, specialProvisions: ['SP 377', 'SP 230'], allowedPacking: allowed, preferredPacking: allowed[0],
    packageMarks: [`LITHIUM BATTERIES FOR ${x.purpose === 'disposal' ? 'DISPOSAL' : 'RECYCLING'}`], requiresBatteryRemoval: false, reasons: out,
  };
}

type Base = Pick<Classification, 'regulation' | 'unNumber' | 'properShippingName' | 'class' | 'classificationCode' | 'hazardLabel' | 'status'>;

function classifyVehicle(x: ClassificationInput, base: Base, out: Reason[]): Classification {
  out.push({ ref: 'SP 388', text: 'ADR 2025: a vehicle powered by lithium-ion batteries is UN 3556; UN 3171 now covers only wet and sodium-metal/-alloy batteries' });
  if (base.status === 'normal') {
    out.push({ ref: 'SP 666', text: 'a vehicle carried as a load is not subject to the other provisions of ADR when the conditions of SP 666 are met (check them for the load)' });
    return { ...base, specialProvisions: ['SP 388', 'SP 666'], allowedPacking: ['vehicleAsLoad'], preferredPacking: 'vehicleAsLoad', packageMarks: [], requiresBatteryRemoval: false, reasons: out };
  }
  if (x.removableFromVehicle === false) {
    out.push({ ref: 'SP 667 (b)', text: 'damage affects the battery but it cannot be removed safely: the vehicle may be towed or carried as in SP 667 (b)(i)' });
    return { ...base, specialProvisions: ['SP 388', 'SP 667'], allowedPacking: ['vehicleAsLoad'], preferredPacking: 'vehicleAsLoad', packageMarks: [], requiresBatteryRemoval: false, reasons: out };
  }
  out.push({ ref: 'SP 667 (b)', text: `damage significantly affects the battery's safety: remove the battery and carry it under SP 376 (${base.status === 'criticalDefect' ? 'P911/LP906' : 'P908/LP904'}); classify it again with context 'loose'` });
  return { ...base, specialProvisions: ['SP 388', 'SP 667', 'SP 376'], allowedPacking: [], packageMarks: [], requiresBatteryRemoval: true, reasons: out };
}

export type PackingCheck = { ok: true } | { ok: false; reason: string; allowed: PackingOption[] };

/** Refuses a packing choice the classification does not allow, with the reason a consignor can act on. */
export function checkPackingChoice(c: Classification, choice: PackingOption): PackingCheck {
  if (c.allowedPacking.includes(choice)) return { ok: true };
  const allowed = c.allowedPacking;
  const need = allowed.length ? `${allowed.join(' or ')} required` : 'remove the battery first (SP 667 (b)(ii))';
  let why: string;
  if (c.requiresBatteryRemoval) why = 'the damaged battery must leave the vehicle before carriage';
  else if (c.status === 'criticalDefect' && (choice === 'P908' || choice === 'LP904')) why = 'battery classified critical (liable to rapidly disassemble, dangerously react or evolve heat/gas): SP 376 requires P911/LP906; P908/LP904 are for damaged batteries that are not';
  else if (c.status !== 'normal' && (choice === 'P909' || choice === 'P903' || choice === 'LP903')) why = `battery classified ${c.status}: ${choice} is for batteries conforming to the tested type; SP 376 (and SP 377 for recycling) send damaged ones to P908/LP904 or P911/LP906`;
  else if (c.status === 'damagedOrDefective' && (choice === 'P911' || choice === 'LP906')) why = 'SP 376 assigns P908/LP904 to this status; if the battery may react dangerously, classify it critical instead';
  else if (c.status === 'normal' && ['P908', 'P911', 'LP904', 'LP906'].includes(choice)) why = `${choice} is for damaged or defective batteries (SP 376); this battery is classified normal`;
  else if (choice === 'vehicleAsLoad') why = `a ${c.unNumber} consignment is not a vehicle`;
  else if (['P903', 'P908', 'P909', 'P910', 'P911'].includes(choice)) why = `${choice} is a packaging (≤ ${MAX_PACKAGING_NET_KG} kg net, ADR 1.2.1) or not listed for this battery's status and purpose`;
  else why = `${choice} is not listed for this battery's status, purpose and context`;
  return { ok: false, reason: `${choice} refused: ${why}; ${need}`, allowed };
}
