/**
 * Types describing the attribute catalogue: one `AttributeDef` per row of the Battery Pass v1.2 /
 * DIN DKE SPEC 99100 longlist (93 attributes), each tagged with the Annex XIII access tier,
 * static/dynamic behaviour, model/individual granularity, unit and a machine-checkable data type.
 */
import type { AccessTier, Role } from '../types.js';

/** The seven longlist categories, laid out like the IDTA-02035 parts. */
export type AttributeGroup =
  | 'identifiersAndProductData'
  | 'symbolsLabelsConformity'
  | 'carbonFootprint'
  | 'supplyChainDueDiligence'
  | 'materialsAndComposition'
  | 'circularityAndResourceEfficiency'
  | 'performanceAndDurability';

/** Longlist EV column: 'x' = mandatory, 'o' = voluntary, empty = applies only to other battery categories. */
export type EvApplicability = 'mandatory' | 'optional' | 'notApplicable';

export type Behaviour = 'static' | 'dynamic';
export type Granularity = 'model' | 'individual';

export interface FieldDef {
  readonly type: DataType;
  readonly required: boolean;
}

/**
 * Data type of an attribute value (or of a field inside a structured value).
 * Patterns are regular-expression sources (anchored by the author) so the catalogue stays serialisable
 * and exporters can turn it into JSON Schema.
 */
export type DataType =
  | { readonly kind: 'string'; readonly maxLength: number; readonly pattern?: string; readonly enum?: readonly string[] }
  | {
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly integer?: boolean;
      /** Unit of a nested numeric field (top-level attributes carry the unit on the definition). */
      readonly unit?: string;
    }
  | { readonly kind: 'boolean' }
  /** Calendar date YYYY-MM-DD. */
  | { readonly kind: 'date' }
  /** ISO 8601 date-time with an explicit zone (Z or ±hh:mm). */
  | { readonly kind: 'dateTime' }
  /** Absolute URI (https, http, urn or did scheme). */
  | { readonly kind: 'uri' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, FieldDef>> }
  | { readonly kind: 'array'; readonly items: DataType; readonly minItems?: number; readonly maxItems: number };

export interface AttributeDef {
  /** Our stable, correctly spelled camelCase key (exporters map it to upstream spellings). */
  readonly key: string;
  /** Longlist row number '#', 1..93. */
  readonly number: number;
  /** Short English label. */
  readonly name: string;
  readonly group: AttributeGroup;
  readonly tier: AccessTier;
  readonly behaviour: Behaviour;
  readonly granularity: Granularity;
  /** SI/UCUM-like unit of a scalar value ('kg', 'kWh', 'Ah', 'V', 'W', 'Ohm', '%', 'degC', ...). */
  readonly unit?: string;
  readonly type: DataType;
  /** True when the longlist EV column is 'x'. */
  readonly evMandatory: boolean;
  readonly evApplicability: EvApplicability;
  /** Roles that may write the attribute besides the passport issuer. */
  readonly writers: readonly Role[];
  /** Where the Battery Regulation (EU) 2023/1542 asks for the attribute. */
  readonly regulationRef: string;
  readonly description: string;
}
