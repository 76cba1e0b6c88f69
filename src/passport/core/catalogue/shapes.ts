/**
 * Reusable data types for the catalogue. Bounds are chosen to be physically plausible for LMT,
 * EV and industrial batteries so that obviously wrong values (negative masses, 5000 V packs,
 * 150 % shares) are rejected at write time.
 */
import type { DataType, FieldDef } from './model.js';

export const PATTERNS = {
  /** CAS registry number, e.g. 7439-93-2 (check digit not verified here). */
  casNumber: '^\\d{2,7}-\\d{2}-\\d$',
  email: '^[^\\s@]+@[^\\s@]+\\.[A-Za-z]{2,}$',
  /** ISO 3166-1 alpha-2 country code. */
  countryCode: '^[A-Z]{2}$',
  mimeType: '^[a-z]+/[A-Za-z0-9.+-]+$',
  /** CLP hazard statement code, e.g. H301, H350i, EUH014. */
  hazardStatement: '^(EU)?H\\d{3}[A-Za-z]{0,2}$',
  /** URN form of identifiers (Art. 77(3) unique passport identifier), e.g. urn:uuid:.... */
  urn: '^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\\S+$',
} as const;

export function text(maxLength: number, pattern?: string): DataType {
  return pattern === undefined ? { kind: 'string', maxLength } : { kind: 'string', maxLength, pattern };
}

export function oneOf(values: readonly string[]): DataType {
  return { kind: 'string', maxLength: 64, enum: values };
}

export function num(min: number, max: number, unit?: string): DataType {
  return unit === undefined ? { kind: 'number', min, max } : { kind: 'number', min, max, unit };
}

export function int(min: number, max: number, unit?: string): DataType {
  return unit === undefined
    ? { kind: 'number', min, max, integer: true }
    : { kind: 'number', min, max, integer: true, unit };
}

export const percent: DataType = num(0, 100, '%');
export const uri: DataType = { kind: 'uri' };
export const date: DataType = { kind: 'date' };
export const dateTime: DataType = { kind: 'dateTime' };
export const bool: DataType = { kind: 'boolean' };

export function req(type: DataType): FieldDef {
  return { type, required: true };
}

export function opt(type: DataType): FieldDef {
  return { type, required: false };
}

export function obj(fields: Record<string, FieldDef>): DataType {
  return { kind: 'object', fields };
}

export function list(items: DataType, maxItems: number, minItems?: number): DataType {
  return minItems === undefined ? { kind: 'array', items, maxItems } : { kind: 'array', items, maxItems, minItems };
}

/** Postal address; the country is an ISO 3166-1 alpha-2 code so exporters can render any language. */
export const postalAddressFields: Record<string, FieldDef> = {
  streetAddress: req(text(200)),
  postalCode: req(text(16)),
  locality: req(text(100)),
  addressCountry: req(text(2, PATTERNS.countryCode)),
};

export const postalAddress: DataType = obj(postalAddressFields);

/** Economic operator / manufacturer contact block (Annex VI Part A(1), ESPR Annex III(h)). */
export const party: DataType = obj({
  identifier: req(text(200)),
  name: req(text(200)),
  postalAddress: req(postalAddress),
  emailAddress: opt(text(254, PATTERNS.email)),
  webAddress: opt(uri),
});

/** Battery part a value refers to (Annex IV measurements are given per pack, module or cell). */
export const batteryComponent: DataType = oneOf(['pack', 'module', 'cell']);

/** Power capability at a given state of charge (Annex IV Part B(4): measured at 80 % and 20 % SoC). */
export const powerAtSoc: DataType = list(
  obj({
    atSocPercent: req(num(0, 100, '%')),
    powerW: req(num(0, 5_000_000, 'W')),
  }),
  10,
  1,
);

/** Link to a document with its media type. */
export const documentLink: DataType = obj({
  documentType: req(
    oneOf(['billOfMaterial', 'model3D', 'dismantlingManual', 'removalManual', 'otherManual', 'drawing']),
  ),
  mimeType: req(text(100, PATTERNS.mimeType)),
  url: req(uri),
});

/** Component name and part number, used by the part-number and spare-part attributes (Annex XIII(2)(b)). */
export const partReference: DataType = obj({
  partName: req(text(200)),
  partNumber: req(text(100)),
});
