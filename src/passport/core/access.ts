/**
 * Read and write rights per Art. 77(2) and Annex XIII of Regulation (EU) 2023/1542.
 *
 * Art. 77(2): (a) Annex XIII point 1 is public; (b) points 2 and 3 are for notified bodies, market
 * surveillance authorities and the Commission; (c) points 2 and 4 are for persons with a legitimate
 * interest. The economic operator responsible for the passport (Art. 77(4)) sees everything it holds.
 */
import type { AccessTier, PackNode, Passport, Role } from './types.js';
import { ENVELOPE_BOUND_KEYS, attributeByKey } from './catalogue/index.js';

export interface AccessOptions {
  /** True when the caller is the economic operator holding the passport (whatever its role). */
  isIssuer: boolean;
}

export type WriteDecision = { ok: true } | { ok: false; reason: string };

const ALL_TIERS: ReadonlySet<AccessTier> = new Set([
  'public',
  'legitimateInterest',
  'legitimateInterestAndCommission',
  'authorities',
]);
const PUBLIC_ONLY: ReadonlySet<AccessTier> = new Set(['public']);
/** Art. 77(2)(c): repairers, remanufacturers, second-life operators, recyclers and the operator of the battery. */
const LEGITIMATE_INTEREST: ReadonlySet<AccessTier> = new Set([
  'public',
  'legitimateInterest',
  'legitimateInterestAndCommission',
]);
/** Art. 77(2)(b): notified bodies, market surveillance authorities and the Commission. */
const AUTHORITIES: ReadonlySet<AccessTier> = new Set(['public', 'legitimateInterestAndCommission', 'authorities']);

const TIERS_BY_ROLE: Readonly<Record<Role, ReadonlySet<AccessTier>>> = {
  public: PUBLIC_ONLY,
  // Carriers move the battery but have no Art. 77(2)(c) purpose (repair, reuse, recycling).
  logistics: PUBLIC_ONLY,
  dismantler: LEGITIMATE_INTEREST,
  testingFacility: LEGITIMATE_INTEREST,
  remanufacturer: LEGITIMATE_INTEREST,
  recycler: LEGITIMATE_INTEREST,
  oem: LEGITIMATE_INTEREST,
  // The manufacturer of another battery has no special standing; as issuer it sees everything (below).
  manufacturer: PUBLIC_ONLY,
  authority: AUTHORITIES,
};

export function readableTiers(role: Role, opts: AccessOptions): ReadonlySet<AccessTier> {
  if (opts.isIssuer) return ALL_TIERS;
  return TIERS_BY_ROLE[role] ?? PUBLIC_ONLY;
}

export function canReadAttribute(role: Role, key: string, opts: AccessOptions): boolean {
  const def = attributeByKey(key);
  return def !== undefined && readableTiers(role, opts).has(def.tier);
}

/**
 * Copy of the passport restricted to what the caller may read.
 * Only catalogue attributes of a readable tier survive, in both `attributes` and `attributeUpdatedAt`.
 */
export function filterPassportForRole(p: Passport, role: Role, opts: AccessOptions): Passport {
  const tiers = readableTiers(role, opts);
  const attributes: Passport['attributes'] = {};
  const attributeUpdatedAt: Passport['attributeUpdatedAt'] = {};
  for (const [key, value] of Object.entries(p.attributes)) {
    const def = attributeByKey(key);
    if (def && tiers.has(def.tier)) attributes[key] = structuredClone(value);
  }
  for (const [key, at] of Object.entries(p.attributeUpdatedAt)) {
    const def = attributeByKey(key);
    if (def && tiers.has(def.tier)) attributeUpdatedAt[key] = at;
  }
  // The pack → module → cell layout is part of the dismantling information (Annex XIII(2)(c), longlist #36:
  // legitimate interest and the Commission), and serial numbers identify individual parts (Annex XIII(4)).
  // Callers without either tier see the pack node only (kind, nominal values), with its serial number blanked.
  const structure = tiers.has('legitimateInterest') || tiers.has('legitimateInterestAndCommission') ? structuredClone(p.structure) : packOnly(p.structure);
  const view: Passport = {
    ...structuredClone(p),
    attributes,
    attributeUpdatedAt,
    structure,
  };
  if (!tiers.has('legitimateInterest')) {
    // The battery status (#11) is legitimate-interest data, and so are the Art. 77(7) links that reveal it
    // (a successor exists only for repurposed/remanufactured batteries): the envelope copies go too.
    // `closed` stays: after recycling the passport ceases to exist (Art. 77(6)), which everyone may know.
    delete (view as Partial<Passport>).status;
    delete view.predecessorPassportId;
    delete (view as Partial<Passport>).successorPassportIds;
  }
  return view;
}

function packOnly(node: PackNode): PackNode {
  const copy: PackNode = { ...node, serialNumber: '', children: [] };
  return copy;
}

/**
 * Whether `role` may write attribute `key`. The issuer may write every catalogue attribute except the
 * ones bound to the envelope; other roles only the attributes whose catalogue `writers` name them.
 */
export function canWriteAttribute(role: Role, key: string, opts: AccessOptions): WriteDecision {
  const def = attributeByKey(key);
  if (!def) return { ok: false, reason: `unknown attribute '${key}'` };
  if (key === 'batteryStatus') {
    return { ok: false, reason: 'battery status changes only through a lifecycle transition (Art. 77(6)-(7))' };
  }
  if (ENVELOPE_BOUND_KEYS.has(key)) {
    return { ok: false, reason: `'${key}' is fixed when the passport is created (Art. 77(3)) and cannot be rewritten` };
  }
  if (opts.isIssuer) return { ok: true };
  if (def.writers.includes(role)) return { ok: true };
  const who = def.writers.length > 0 ? def.writers.join(', ') : 'the passport issuer only';
  return { ok: false, reason: `role '${role}' may not write '${key}' (#${def.number}); writers: ${who}` };
}
