/** Small helpers that keep the per-group catalogue files declarative. */
import type { Role } from '../types.js';
import type { AttributeDef } from './model.js';

/** Derives `evMandatory` from the EV applicability so the two can never disagree. */
export function attr(d: Omit<AttributeDef, 'evMandatory'>): AttributeDef {
  return Object.freeze({ ...d, evMandatory: d.evApplicability === 'mandatory', writers: Object.freeze([...d.writers]) });
}

/** Static model or individual data is written by the economic operator placing the battery on the market. */
export const MANUFACTURER: readonly Role[] = ['manufacturer'];
/** Dynamic in-use data comes from the battery management system of the vehicle maker operating the battery. */
export const OEM: readonly Role[] = ['oem'];
/** Measured state-of-health results: the BMS (OEM) or an independent test lab. */
export const OEM_OR_TEST_LAB: readonly Role[] = ['oem', 'testingFacility'];
/** Fade and ageing figures: declared by the manufacturer, updated by test labs after a status change. */
export const MANUFACTURER_OR_TEST_LAB: readonly Role[] = ['manufacturer', 'testingFacility'];
/** Nobody but the issuer: values bound to the passport envelope or changed only through the lifecycle. */
export const ISSUER_ONLY: readonly Role[] = [];
