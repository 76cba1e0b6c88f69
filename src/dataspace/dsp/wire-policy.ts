/**
 * Wire types of the ODRL subset DSP 2025-1 uses (`negotiation/contract-schema.json`): Offer, Agreement, rules
 * (permission, prohibition, obligation/duty) and constraints. These mirror the compact JSON exactly; the state
 * machines and the policy engine work on the internal `PolicyDoc` from `odrl.ts` instead.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `contract-schema.json#/definitions/Operator`. */
export const ODRL_OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gteq',
  'lt',
  'lteq',
  'isA',
  'hasPart',
  'isPartOf',
  'isAllOf',
  'isAnyOf',
  'isNoneOf',
  'term-lteq',
] as const;
export type OdrlOperator = (typeof ODRL_OPERATORS)[number];

/** `contract-schema.json#/definitions/LogicalConstraint`: exactly one of these keys. */
export const LOGICAL_OPERATORS = ['and', 'andSequence', 'or', 'xone'] as const;
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];

/** `RightOperand`: a string, an object (a JSON-LD value or node reference) or an array. Plain numbers are not allowed. */
export type WireRightOperand = string | JsonObject | JsonValue[];

export interface WireAtomicConstraint {
  leftOperand: string;
  operator: OdrlOperator;
  rightOperand: WireRightOperand;
}

export type WireLogicalConstraint =
  | { and: WireConstraint[] }
  | { andSequence: WireConstraint[] }
  | { or: WireConstraint[] }
  | { xone: WireConstraint[] };

export type WireConstraint = WireAtomicConstraint | WireLogicalConstraint;

/** A duty (`obligation` at policy level, `duty` inside a permission). */
export interface WireDuty {
  action: string;
  constraint?: WireConstraint[];
}

/**
 * A permission. `duty` is not in the DSP schema but is an ODRL term of the DSP ODRL profile context
 * (`context/odrl.jsonld`), so it is accepted and modelled.
 */
export interface WirePermission {
  action: string;
  constraint?: WireConstraint[];
  duty?: WireDuty[];
}

export interface WireProhibition {
  action: string;
  constraint?: WireConstraint[];
}

/** `PolicyClass`: the rule arrays, each with at least one item when present. */
export interface WirePolicyRules {
  permission?: WirePermission[];
  prohibition?: WireProhibition[];
  obligation?: WireDuty[];
}

interface PolicyClass extends WirePolicyRules {
  '@id': string;
  profile?: string | string[];
}

/**
 * An Offer inside a message (`MessageOffer`): `@type` required; `target` names the dataset. A
 * `ContractOfferMessage` additionally requires `target`.
 */
export interface Offer extends PolicyClass {
  '@type': 'Offer';
  target?: string;
}

/**
 * An Offer in a Dataset's or Distribution's `hasPolicy` (`contract-schema.json#/definitions/Offer`): it must not
 * carry `target`, which is implied by the enclosing dataset.
 */
export interface DatasetOffer extends PolicyClass {
  '@type'?: 'Offer';
}

/**
 * An Agreement. The schema requires `target`, `assigner` and `assignee`; the spec text (DSP 2025-1 CN
 * "ContractAgreementMessage") also requires `timestamp` as xsd:dateTime, so it is required here.
 */
export interface Agreement extends PolicyClass {
  '@type': 'Agreement';
  target: string;
  assigner: string;
  assignee: string;
  timestamp: string;
}
