/**
 * Removes secrets from text that came back from a server (an error body, a network error) before it is shown or cut.
 * A hostile or broken endpoint echoes the request as it was sent, so each secret is searched in every encoding it can
 * travel in: raw, percent-encoded (any mix of encoded and plain characters, either hex case), form-encoded (space as
 * `+`), JSON-escaped (`\uXXXX`, `\/`, `\"`), and base64 or base64url at any alignment within a longer encoded text.
 */
const REDACTED = "[redacted]";
/** Shorter values would match ordinary text; no real secret, assertion or token is this short. */
const MIN_LENGTH = 4;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every way one character of a secret can be written in a URL, a form or a JSON string. */
function characterPattern(ch: string): string {
  const ways = [escapeRegExp(ch)];
  ways.push([...Buffer.from(ch, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));
  const unit = ch.charCodeAt(0);
  ways.push(`\\\\u${unit.toString(16).padStart(4, "0")}`);
  if (ch.length === 2) ways[ways.length - 1] += `\\\\u${ch.charCodeAt(1).toString(16).padStart(4, "0")}`;
  if (ch === " ") ways.push("\\+");
  if (ch === '"' || ch === "\\" || ch === "/") ways.push(`\\\\${escapeRegExp(ch)}`);
  return ways.length === 1 ? ways[0]! : `(?:${ways.join("|")})`;
}

/** The base64 texts that only this value's bytes determine, at each of the three alignments in a longer text. */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const start = Math.ceil((shift * 8) / 6);
    const end = Math.floor(((shift + bytes.length) * 8) / 6);
    const plain = encoded.slice(start, end);
    forms.push(plain, plain.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return forms.filter((f) => f.length >= MIN_LENGTH);
}

export type Scrub = (text: string) => string;

/** A function that replaces every encoding of each of `secrets` (empty and very short ones are ignored). */
export function scrubberOf(secrets: readonly string[]): Scrub {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_LENGTH))];
  if (values.length === 0) return (text) => text;
  const patterns = values.flatMap((v) => [[...v].map(characterPattern).join(""), ...base64Forms(v).map(escapeRegExp)]);
  // Longest first, so a secret's longer encoding is replaced whole rather than a shorter one inside it.
  patterns.sort((a, b) => b.length - a.length);
  const all = new RegExp(patterns.join("|"), "gi");
  return (text) => text.replace(all, REDACTED);
}
