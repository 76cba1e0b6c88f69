/** Error item shared by attribute, structure and passport validation. */
export interface AttributeError {
  /** Attribute key or field path, e.g. `batteryMaterials[2].casNumber` or `structure.children[0].id`. */
  attribute: string;
  reason: string;
}
