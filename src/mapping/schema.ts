/**
 * The mapping file's shape (docs/mapping.md). A value is a field name, or a mapping with exactly one of
 * `field`, `template` or `value`; what the names mean is checked after this, against the source and the format.
 */
import * as z from "zod";
import { SOURCE_NAMES } from "../sources/registry.js";
import { intIn } from "../config/values.js";
import { VALUE_TYPES } from "../formats/format.js";
import { FORMAT_NAMES } from "../formats/registry.js";

const SOURCES = ["field", "template", "value"] as const;
const VALUE_HINT = "expected a field name, or a mapping with one of field, template or value";

export const valueObject = z
  .strictObject(
    {
      field: z
        .string({ error: "expected a field path such as AlertTitle or relatedUser.userName" })
        .trim()
        .min(1)
        .optional(),
      template: z.string({ error: "expected text with {{Field}} placeholders" }).optional(),
      value: z
        .union([z.string(), z.number(), z.boolean()], { error: "expected a constant: text, a number or true/false" })
        .optional(),
      default: z
        .union([z.string(), z.number()], { error: "expected text (with {{Field}} placeholders) or a number" })
        .optional(),
      map: z
        .record(
          z.string(),
          z.union([z.string(), z.number()], { error: "expected the replacement: text or a number" }),
          {
            error: "expected a table of value: replacement",
          },
        )
        .optional(),
      type: z.enum(VALUE_TYPES).optional(),
      separator: z.string({ error: "expected the text written between list elements" }).optional(),
      label: z
        .string({ error: "expected a label" })
        .trim()
        .min(1, { error: "expected a label, got an empty value" })
        .optional(),
      maxBytes: intIn(1, 1_048_576).optional(),
    },
    { error: VALUE_HINT },
  )
  .superRefine((spec, ctx) => {
    const given = SOURCES.filter((k) => spec[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        input: spec,
        message: given.length
          ? `set only one of ${given.join(" and ")}`
          : `missing; set one of field, template or value`,
      });
    }
  });

/** A bare word is the field of that name. */
export const valueSpec = z.preprocess((v) => (typeof v === "string" ? { field: v } : v), valueObject);

const section = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null ? undefined : v), schema.optional());
/** Each value is checked on its own (valueSpec), so one bad value does not hide the problems of the others. */
const values = (what: string) => z.record(z.string(), z.unknown(), { error: `expected a mapping of ${what}` });

const MARKER_HINT =
  'expected 1 to 16 characters, no control characters and no spaces at either end, such as "…" or "[cut]"';

export const mappingSchema = z.strictObject({
  format: z.enum(FORMAT_NAMES),
  source: z.enum(SOURCE_NAMES),
  /** Ends every value shortened to a limit; off by default (docs/mapping.md says why). */
  truncationMarker: z
    .string({ error: MARKER_HINT })
    .min(1, { error: MARKER_HINT })
    .max(16, { error: MARKER_HINT })
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    .regex(/^(?! )[^\x00-\x1f\x7f-\x9f]*(?<! )$/, { error: MARKER_HINT })
    .optional(),
  header: section(values("header keys to values")),
  fields: section(values("keys to values, in output order")),
});

export type ValueSpec = z.output<typeof valueObject>;
export type MappingSpec = z.output<typeof mappingSchema>;
