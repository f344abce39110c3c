/**
 * A family of components (sources, transports) as the configuration sees it: each member brings its word and its own
 * keys, and the family's section is the union of the members, told apart by one key (`api`, `transport`).
 */
import * as z from "zod";

export interface Configurable {
  /** The word that selects it in the configuration. */
  readonly name: string;
  /** Its keys, with their defaults, descriptions and checks; the composer adds the selecting key. */
  readonly options: z.ZodObject;
  /** Keys other members have and this one lacks, each with why: added to the "only for …" message. */
  readonly lacks?: Readonly<Record<string, string>>;
}

/** What zod-shape reads to explain a key a member lacks. */
export const memberNotes = z.registry<{ lacks: Readonly<Record<string, string>> }>();

/** A key a member requires, with what it is for: `needs the receiver's host`. */
export const needed = z.registry<{ needs: string }>();
export function required<T extends z.ZodType>(schema: T, what: string): T {
  needed.add(schema, { needs: what });
  return schema;
}

type Member<K extends string, C extends Configurable> = z.ZodObject<
  C["options"]["shape"] & { [P in K]: z.ZodLiteral<C["name"]> },
  z.core.$strict
>;
type Members<K extends string, C extends readonly Configurable[]> = { -readonly [I in keyof C]: Member<K, C[I]> };

/** `{ KEY: NAME, …options }` for each component, as one discriminated union. */
export function unionOn<const K extends string, const C extends readonly [Configurable, ...Configurable[]]>(
  key: K,
  components: C,
) {
  const expected = `expected one of ${components.map((c) => c.name).join(", ")}`;
  const members = components.map((c) =>
    c.options.safeExtend({ [key]: z.literal(c.name) }).register(memberNotes, { lacks: c.lacks ?? {} }),
  );
  return z.discriminatedUnion(key, members as unknown as Members<K, C>, {
    error: (issue) => {
      if (issue.code !== "invalid_union") return undefined;
      const given = (issue.input as Record<string, unknown> | undefined)?.[key];
      return given === undefined ? `missing; ${expected}` : `${expected}, got ${JSON.stringify(given)}`;
    },
  });
}
