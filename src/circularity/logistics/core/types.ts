/** Shared vocabulary of reverse logistics, aligned with the history event schemas (src/history/core/payload-schemas.ts). */
import type { Static } from 'typebox';
import type { HandlingSchema, LocationSchema, PartySchema, SAFETY_STATUSES } from '../../../history/index.js';

export type SafetyStatus = (typeof SAFETY_STATUSES)[number];
export type Location = Static<typeof LocationSchema>;
export type Party = Static<typeof PartySchema>;
export type Handling = Static<typeof HandlingSchema>;

/** Ordered from least to most severe, so severity can be compared by index. */
export const STATUS_ORDER: readonly SafetyStatus[] = ['normal', 'damagedOrDefective', 'criticalDefect'];
export const severity = (s: SafetyStatus) => STATUS_ORDER.indexOf(s);
export const worse = (a: SafetyStatus, b: SafetyStatus): SafetyStatus => (severity(a) >= severity(b) ? a : b);
