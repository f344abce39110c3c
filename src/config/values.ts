/**
 * The value types configuration keys are built from: each parses what YAML and `${VAR}` give and says, when it cannot,
 * what it expected. Components build their options from these, so every key reads and fails the same way.
 */
import * as z from "zod";
import { parseDuration } from "./duration.js";

/** `${VAR}` substitution yields strings; numbers and booleans written that way are still accepted. */
const fromText = (parse: (text: string) => unknown) => (value: unknown) =>
  typeof value === "string" ? parse(value.trim()) : value;
export const digits = fromText((t) => (/^\d+$/.test(t) ? Number(t) : t));
const truthy = fromText((t) => ({ true: true, false: false })[t] ?? t);

/** What a value is, for the generated configuration reference (docs/configuration.md). */
export const valueKinds = z.registry<{ kind: string }>();

export const intIn = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z
    .preprocess(digits, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }))
    .register(valueKinds, { kind: `integer ${min} to ${max}` });
};

/** `state:` with nothing under it is YAML null: the same as leaving the section out. */
const nullAsAbsent = (value: unknown) => (value === null ? undefined : value);
export const section = <T extends z.ZodType>(schema: T) => z.preprocess(nullAsAbsent, schema);

export const bool = () => z.preprocess(truthy, z.boolean({ error: "expected true or false" }));

export const text = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `expected ${what}, got an empty value` });

export const httpUrl = () =>
  text("an http(s) URL").refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
    error: "expected an http(s) URL such as https://example.com",
  });

/** An ISO 8601 duration within bounds, as milliseconds. */
export const duration = (min: string, max: string) => {
  const [lo, hi] = [parseDuration(min) ?? 0, parseDuration(max) ?? Infinity];
  const kind = `ISO 8601 duration ${min} to ${max}`;
  return z
    .string({ error: "expected an ISO 8601 duration such as PT10M or PT2H" })
    .transform((t, ctx) => {
      const ms = parseDuration(t);
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: "expected an ISO 8601 duration such as PT10M or PT2H", input: t });
        return z.NEVER;
      }
      if (ms < lo || ms > hi) {
        ctx.addIssue({ code: "custom", message: `expected a duration from ${min} to ${max}`, input: t });
        return z.NEVER;
      }
      return ms;
    })
    .register(valueKinds, { kind });
};

/**
 * Paths in the file are relative to the file's directory: keys registered here are made absolute when the
 * configuration is normalized, and those the forwarder only reads are checked at start-up.
 */
export const localPaths = z.registry<{ access: "read" | "write" }>();

/** The path of a file the forwarder reads (checked at start-up) or writes; registered last, as `describe` copies. */
export const localPath = (what: string, access: "read" | "write", description: string) =>
  text(what).describe(description).register(localPaths, { access });

/** Keys naming a file that holds a secret, with what it holds: a warning if others than its owner may read it. */
export const secretFiles = z.registry<{ holds: string }>();
export function secretFile<T extends z.ZodType>(schema: T, holds: string): T {
  secretFiles.add(schema, { holds });
  return schema;
}

/** Keys whose value works but deserves a warning (shown by `check`, logged at start) `when` it holds. */
export const cautions = z.registry<{ when: (value: unknown) => boolean; message: string }>();
export function caution<T extends z.ZodType>(schema: T, when: (value: z.output<T>) => boolean, message: string): T {
  cautions.add(schema, { when: when as (value: unknown) => boolean, message });
  return schema;
}
