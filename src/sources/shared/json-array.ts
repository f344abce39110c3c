/**
 * Reads a JSON array from a byte stream one element at a time, so a response of tens of thousands of records is
 * never held as one buffer or one string: only the element being read is, and `JSON.parse` (native, fast) parses it.
 * It splits on the array's structure alone (strings, brackets, commas); each element's own syntax is `JSON.parse`'s
 * to judge, so one broken record is reported and skipped while a broken body fails.
 */
import { AppError } from "../../errors.js";

/** An element larger than the reader's limit: its size, and its id if one was found near its start. */
export interface TooLarge {
  tooLarge: number;
  id?: string;
}
export type ArrayElement = { value: unknown } | { invalid: string } | TooLarge;

/** How much of an element too large to keep is kept anyway, to find its id. */
const ID_SEARCH_BYTES = 64 * 1024;
const ID_MEMBER = /"(?:id|AlertId|FullId|alertId|incidentId)"\s*:\s*"((?:[^"\\]|\\.){1,200})"/;

const [QUOTE, BACKSLASH, COMMA, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [
  0x22, 0x5c, 0x2c, 0x7b, 0x7d, 0x5b, 0x5d,
];
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const BOM = [0xef, 0xbb, 0xbf];

/** The body is not a JSON array: retrying will not help. */
export const malformedBody = (why: string) =>
  new AppError("E_API_BODY", `the response body is not a JSON array: ${why}`, undefined, { why });
/** The body stopped in the middle of the array: the connection dropped, worth retrying. */
export const truncatedBody = (elements: number) =>
  new AppError(
    "E_API_TRUNCATED",
    `the response body ended in the middle of the array (after ${elements} elements)`,
    undefined,
    { elements, retryable: true },
  );

export class JsonArraySplitter {
  #state: "before" | "inside" | "after" = "before";
  #depth = 0;
  #inString = false;
  #escaped = false;
  #started = false;
  #afterComma = false;
  #parts: Buffer[] = [];
  /** Bytes of the element being read; past the limit, only its first bytes are kept (#tooLarge). */
  #size = 0;
  #tooLarge: Buffer | undefined;
  #offset = 0;
  elements = 0;
  /** Embedded in a larger document (an OData envelope's `value`): the bytes after the closing bracket, once reached. */
  remainder: Buffer | undefined;

  readonly #embedded: boolean;
  readonly #maxElementBytes: number;

  /**
   * `embedded`: the array is part of a larger document, so reading stops at its closing bracket.
   * `maxElementBytes`: a larger element is not held; it comes out as `TooLarge`.
   */
  constructor(embedded = false, maxElementBytes = Infinity) {
    this.#embedded = embedded;
    this.#maxElementBytes = maxElementBytes;
  }

  /** Feeds bytes; returns the texts of the elements completed by them. */
  push(chunk: Buffer): (string | TooLarge)[] {
    const out: (string | TooLarge)[] = [];
    let start = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.#inString) {
        i = this.#skipString(chunk, i);
        continue;
      }
      const c = chunk[i]!;
      if (this.#state !== "inside") {
        this.#outside(c);
      } else if (this.#depth > 0) {
        if (c === QUOTE) this.#inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.#depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) this.#depth--;
      } else if (c === COMMA || c === CLOSE_BRACKET) {
        if (this.#started) {
          this.#keep(chunk.subarray(start, i));
          out.push(this.#finish());
        } else if (c === COMMA || this.#afterComma) {
          throw malformedBody(`an empty element at byte ${this.#offset + i}`);
        }
        this.#afterComma = c === COMMA;
        if (c === CLOSE_BRACKET) {
          this.#state = "after";
          if (this.#embedded) {
            this.remainder = chunk.subarray(i + 1);
            this.#offset += i + 1;
            return out;
          }
        }
      } else if (!isSpace(c)) {
        if (!this.#started) [this.#started, start] = [true, i];
        if (c === QUOTE) this.#inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.#depth++;
      }
      i++;
    }
    if (this.#started) this.#keep(chunk.subarray(start));
    this.#offset += chunk.length;
    return out;
  }

  /** Call when the body has ended. */
  end(): void {
    if (this.#state === "before") throw malformedBody("the body is empty");
    if (this.#state === "inside") throw truncatedBody(this.elements);
  }

  #outside(c: number): void {
    if (isSpace(c) || (this.#state === "before" && this.#offset === 0 && BOM.includes(c))) return;
    if (this.#state === "before" && c === OPEN_BRACKET) {
      this.#state = "inside";
      return;
    }
    const found = JSON.stringify(String.fromCharCode(c));
    throw malformedBody(
      this.#state === "before" ? `it starts with ${found}` : `unexpected ${found} after the array's end`,
    );
  }

  #skipString(chunk: Buffer, i: number): number {
    const step = skipStringBytes(chunk, i, this.#escaped);
    this.#escaped = step.escaped;
    if (step.closed) this.#inString = false;
    return step.at;
  }

  #keep(part: Buffer): void {
    this.#size += part.length;
    if (this.#tooLarge) return;
    this.#parts.push(part);
    if (this.#size <= this.#maxElementBytes) return;
    this.#tooLarge = Buffer.from(Buffer.concat(this.#parts).subarray(0, ID_SEARCH_BYTES));
    this.#parts = [];
  }

  #finish(): string | TooLarge {
    const tooLarge = this.#tooLarge;
    const text = tooLarge
      ? ""
      : this.#parts.length === 1
        ? this.#parts[0]!.toString("utf8")
        : Buffer.concat(this.#parts).toString("utf8");
    const size = this.#size;
    [this.#parts, this.#size, this.#tooLarge, this.#started] = [[], 0, undefined, false];
    this.elements++;
    if (!tooLarge) return text;
    const id = ID_MEMBER.exec(tooLarge.toString("utf8"))?.[1];
    return id === undefined ? { tooLarge: size } : { tooLarge: size, id };
  }
}

/**
 * Moves past string content quickly, from `i` (inside a string; `escaped`: the previous chunk ended on a backslash):
 * to just after the closing quote (`closed`), or to the end of the chunk. Linear whatever the escapes: the next quote
 * and the next backslash are searched again only once passed, and runs of escapes are stepped over in place.
 */
export function skipStringBytes(
  chunk: Buffer,
  i: number,
  escaped: boolean,
): { at: number; closed: boolean; escaped: boolean } {
  let at = escaped ? i + 1 : i;
  let quote = -2;
  let backslash = -2;
  while (at < chunk.length) {
    const c = chunk[at];
    if (c === BACKSLASH) {
      at += 2;
      continue;
    }
    if (c === QUOTE) return { at: at + 1, closed: true, escaped: false };
    if (quote !== -1 && quote < at) quote = chunk.indexOf(QUOTE, at);
    if (backslash !== -1 && backslash < at) backslash = chunk.indexOf(BACKSLASH, at);
    if (backslash !== -1 && (quote === -1 || backslash < quote)) {
      at = backslash;
      continue;
    }
    if (quote === -1) return { at: chunk.length, closed: false, escaped: false };
    return { at: quote + 1, closed: true, escaped: false };
  }
  return { at: chunk.length, closed: false, escaped: at > chunk.length };
}

/** The elements of a JSON array body, parsed one by one; one over `maxElementBytes` is not held but reported. */
export async function* jsonArrayElements(
  body: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  maxElementBytes = Infinity,
): AsyncGenerator<ArrayElement> {
  const splitter = new JsonArraySplitter(false, maxElementBytes);
  for await (const chunk of body) {
    for (const text of splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk)) yield parseElement(text);
  }
  splitter.end();
}

export function parseElement(text: string | TooLarge): ArrayElement {
  if (typeof text !== "string") return text;
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { invalid: (err as Error).message };
  }
}
