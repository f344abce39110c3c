/**
 * Turns zod's issues into one-line, located problems: what is wrong and what would be right, e.g.
 * `config.yaml:14:3 output.port: expected an integer from 1 to 65535, got "5l4"`.
 */
import type * as z from "zod";
import type { FileProblem } from "../errors.js";
import { didYouMean } from "../util/suggest.js";
import type { KeyPath, YamlFile } from "./yaml-file.js";
import type { Owners } from "./zod-shape.js";

/** Keys whose values are never repeated in a message. */
const SECRET_KEYS = /secret|password|token|key$/i;

/** Messages for zod's own issues, used where the schema does not give its own. */
export function defaultMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${article(issue.expected)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
      return issue.origin === "array"
        ? `expected at least ${String(issue.minimum)} item(s)`
        : `expected at least ${String(issue.minimum)}`;
    case "too_big":
      return `expected at most ${String(issue.maximum)}`;
    default:
      return "invalid value";
  }
}

function article(type: string): string {
  const noun =
    { array: "list", object: "mapping", number: "number", string: "string", boolean: "true or false" }[type] ?? type;
  return noun === "true or false" ? noun : `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

function describe(input: unknown): string {
  if (input === null) return "an empty value";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  const text = JSON.stringify(input);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
}

/** `udp, tcp or tls`. */
const either = (words: string[]) => words.slice(0, -1).join(", ") + (words.length > 1 ? " or " : "") + words.at(-1);

/** A key of another member of the family: `only for transport tcp or tls, not udp`. */
function notMine({ key, given, owners, note }: Owners): string {
  return `only for ${key} ${either(owners)}, not ${given}${note ? ` (${note})` : ""}`;
}

/** What the family unions tell about a key (see zod-shape.ts). */
export interface Members {
  ownersOf?: (path: KeyPath, key: string) => Owners | undefined;
  /** For a missing key a member requires: `transport udp needs the receiver's host`. */
  needs?: (path: KeyPath) => string | undefined;
}

/**
 * Located problems for zod issues. `knownKeys` gives the valid keys at a path, for "did you mean" on unknown keys;
 * `ownersOf` the components that have a key the configured one lacks.
 */
export function zodProblems(
  issues: z.core.$ZodIssue[],
  yaml: YamlFile,
  knownKeys: (path: KeyPath) => string[],
  members: Members = {},
): FileProblem[] {
  const { ownersOf = () => undefined, needs = () => undefined } = members;
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(issue.path);
      return issue.keys.map((key) => {
        const owners = ownersOf(issue.path, key);
        const message = owners ? notMine(owners) : `unknown key${didYouMean(key, known)}`;
        return yaml.problem([...issue.path, key], message);
      });
    }
    const last = String(issue.path.at(-1) ?? "");
    const input = (issue as { input?: unknown }).input;
    if (input === undefined && issue.code !== "custom")
      return [yaml.problem(issue.path, `missing; ${needs(issue.path) ?? issue.message}`)];
    const shown =
      input === undefined || typeof input === "object" || SECRET_KEYS.test(last) || issue.message.includes(", got ");
    return [yaml.problem(issue.path, shown ? issue.message : `${issue.message}, got ${describe(input)}`)];
  });
}
