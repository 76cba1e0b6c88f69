/**
 * Test support for the IDTA export tests: demo passports (NMC and LFP) plus lifecycle and access
 * variants that exercise missing data (role-filtered views, successor passports, optional data removed).
 */
import type { Passport } from '../../types.js';
import { generateDemoPassports } from '../../demo.js';
import { applyInPlace, closePassport, deriveSuccessor } from '../../lifecycle.js';
import { filterPassportForRole } from '../../access.js';
import { CATALOGUE } from '../../catalogue/index.js';

export const NOW = '2026-06-01T00:00:00.000Z';
const LATER = '2026-06-15T08:30:00.000Z';
export const ISSUER = { did: 'did:web:cells.batteryloop.example', role: 'manufacturer', name: 'Nordic Cells AB' } as const;

export function demoPassports(count = 24, seed = 2035): Passport[] {
  return generateDemoPassports({ count, seed, now: NOW, issuer: { ...ISSUER } });
}

export interface Variant {
  name: string;
  passport: Passport;
}

/** Passports whose export must still validate although data is missing or the lifecycle moved on. */
export function variantPassports(base: Passport[]): Variant[] {
  const [a, b, c, d, e, f] = base;
  const optional = new Set(CATALOGUE.filter((def) => !def.evMandatory).map((def) => def.key));
  const sparse: Passport = {
    ...structuredClone(f),
    attributes: Object.fromEntries(Object.entries(f.attributes).filter(([k]) => !optional.has(k))),
    attributeUpdatedAt: Object.fromEntries(Object.entries(f.attributeUpdatedAt).filter(([k]) => !optional.has(k))),
  };
  const successor = deriveSuccessor(c, {
    passportId: 'urn:uuid:0b5c3f9e-8d1a-4c2b-9e7f-3a6d5b4c2e10',
    batteryId: `${c.batteryId}-R1`,
    issuer: { did: 'did:web:reman.batteryloop.example', role: 'remanufacturer', name: 'ReCell GmbH' },
    status: 'remanufactured',
    at: LATER,
  }).successor;
  return [
    { name: 'reused', passport: applyInPlace(a, 'reused', LATER) },
    { name: 'closed (waste)', passport: closePassport(b, LATER) },
    { name: 'remanufactured successor', passport: successor },
    { name: 'public view', passport: filterPassportForRole(d, 'public', { isIssuer: false }) },
    { name: 'recycler view', passport: filterPassportForRole(e, 'recycler', { isIssuer: false }) },
    { name: 'EV-mandatory attributes only', passport: sparse },
  ];
}
