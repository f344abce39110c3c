/**
 * The shape of Microsoft's Graph schema as `npm run gen:schema` keeps it (graph-schema.generated.ts): each type's
 * properties with inherited ones included, enums by name, and the evidence subtypes by `@odata.type`.
 */

export interface FieldType {
  /** `string`, `number`, `boolean`, `open` (any keys: `Dictionary`, `any`) or the name of a type in `types`. */
  type: string;
  list?: boolean;
  /** The name of the field's enum in `enums`; Graph's enums are evolvable, so other values may arrive. */
  enum?: string;
}

export interface TypeShape {
  properties: Record<string, FieldType>;
}

export interface GraphSchema {
  package: string;
  alert: string;
  incident: string;
  /** The type evidence derives from: a field of this type holds any of `evidence`'s subtypes. */
  evidenceBase: string;
  /** `@odata.type` → type name. */
  evidence: Record<string, string>;
  types: Record<string, TypeShape>;
  enums: Record<string, string[]>;
}
