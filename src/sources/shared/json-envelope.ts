/**
 * Reads an OData response, `{"@odata.context": …, "value": [ … ], "@odata.nextLink": …}`, from a byte stream: the
 * elements of `value` one at a time through JsonArraySplitter (a page of 10,000 alerts with their evidence is never
 * one string), and the other members, which are small, parsed whole.
 */
import { AppError } from "../../errors.js";
import { JsonArraySplitter, parseElement, skipStringBytes, type ArrayElement, type TooLarge } from "./json-array.js";

type State = "start" | "key" | "keyString" | "colon" | "value" | "member" | "array" | "next" | "done";

const [QUOTE, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [
  0x22, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d,
];
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const BOM = [0xef, 0xbb, 0xbf];
/** Members besides `value` are a context URL, a next link, a count: anything larger is not an OData response. */
const MEMBER_LIMIT = 1024 * 1024;

const malformed = (why: string) =>
  new AppError("E_API_BODY", `the response body is not an OData response: ${why}`, undefined, { why });
const truncated = (elements: number) =>
  new AppError(
    "E_API_TRUNCATED",
    `the response body ended before the end of the OData response (after ${elements} elements)`,
    undefined,
    {
      elements,
      retryable: true,
    },
  );
const shown = (c: number) => JSON.stringify(String.fromCharCode(c));

export class JsonEnvelopeSplitter {
  /** The top-level members other than `value`, once read. */
  readonly members: Record<string, unknown> = {};
  #state: State = "start";
  #key = "";
  #parts: Buffer[] = [];
  #size = 0;
  #inString = false;
  #escaped = false;
  #depth = 0;
  #array: JsonArraySplitter | undefined;
  readonly #maxElementBytes: number;

  /** `maxElementBytes`: a larger element of `value` is not held; it comes out as `TooLarge`. */
  constructor(maxElementBytes = Infinity) {
    this.#maxElementBytes = maxElementBytes;
  }

  get elements(): number {
    return this.#array?.elements ?? 0;
  }

  /** Feeds bytes; returns the texts of the `value` elements completed by them. */
  push(chunk: Buffer): (string | TooLarge)[] {
    const out: (string | TooLarge)[] = [];
    let rest: Buffer | undefined = chunk;
    while (rest !== undefined && rest.length > 0) {
      if (this.#state === "array") {
        out.push(...this.#array!.push(rest));
        rest = this.#array!.remainder;
        if (rest !== undefined) this.#state = "next";
      } else {
        rest = this.#scan(rest);
      }
    }
    return out;
  }

  /** Call when the body has ended. */
  end(): void {
    if (this.#state === "start") throw malformed("the body is empty");
    if (this.#state !== "done") throw truncated(this.elements);
    if (!this.#array) throw malformed('it has no "value" list');
  }

  /** Reads outside `value` until the array starts (returning the bytes from its `[`) or the chunk ends. */
  #scan(chunk: Buffer): Buffer | undefined {
    let start = 0;
    for (let i = 0; i < chunk.length;) {
      if (this.#inString) {
        const step = skipStringBytes(chunk, i, this.#escaped);
        [this.#escaped, this.#inString, i] = [step.escaped, !step.closed, step.at];
        if (step.closed && this.#state === "keyString") this.#endKey(chunk.subarray(start, i - 1));
        continue;
      }
      const c = chunk[i]!;
      switch (this.#state) {
        case "start":
          if (isSpace(c) || BOM.includes(c)) break;
          if (c !== OPEN_BRACE) throw malformed(`it starts with ${shown(c)}, not an object`);
          this.#state = "key";
          break;
        case "key":
          if (isSpace(c) || c === COMMA) break;
          if (c === CLOSE_BRACE) this.#state = "done";
          else if (c === QUOTE) [this.#state, this.#inString, this.#parts, start] = ["keyString", true, [], i + 1];
          else throw malformed(`unexpected ${shown(c)} where a member name belongs`);
          break;
        case "colon":
          if (isSpace(c)) break;
          if (c !== COLON) throw malformed(`unexpected ${shown(c)} after "${this.#key}"`);
          this.#state = "value";
          break;
        case "value":
          if (isSpace(c)) break;
          if (this.#key === "value") {
            if (c !== OPEN_BRACKET) throw malformed(`"value" is not a list (it starts with ${shown(c)})`);
            [this.#state, this.#array] = ["array", new JsonArraySplitter(true, this.#maxElementBytes)];
            return chunk.subarray(i);
          }
          [this.#state, this.#parts, this.#size, this.#depth, start] = ["member", [], 0, 0, i];
          continue;
        case "member":
          if (this.#member(c)) {
            this.#endMember(chunk.subarray(start, i));
            this.#state = c === CLOSE_BRACE ? "done" : "key";
          }
          break;
        case "next":
          if (isSpace(c)) break;
          if (c === COMMA) this.#state = "key";
          else if (c === CLOSE_BRACE) this.#state = "done";
          else throw malformed(`unexpected ${shown(c)} after the "value" list`);
          break;
        case "done":
          if (!isSpace(c)) throw malformed(`unexpected ${shown(c)} after the response object`);
      }
      i++;
    }
    if (this.#state === "keyString" || this.#state === "member") this.#keep(chunk.subarray(start));
    return undefined;
  }

  /** One byte of a member's value; true when it ends the value (a comma or the object's closing brace). */
  #member(c: number): boolean {
    if (c === QUOTE) this.#inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.#depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && this.#depth > 0) this.#depth--;
    else if (this.#depth === 0 && (c === COMMA || c === CLOSE_BRACE)) return true;
    return false;
  }

  #keep(part: Buffer): void {
    this.#size += part.length;
    if (this.#size > MEMBER_LIMIT) throw malformed(`the member "${this.#key}" is larger than ${MEMBER_LIMIT} bytes`);
    this.#parts.push(part);
  }

  #endKey(last: Buffer): void {
    this.#keep(last);
    const raw = Buffer.concat(this.#parts).toString("utf8");
    this.#key = parseJson(`"${raw}"`, "a member name") as string;
    this.#state = "colon";
  }

  #endMember(last: Buffer): void {
    this.#keep(last);
    const value = parseJson(Buffer.concat(this.#parts).toString("utf8"), `the member "${this.#key}"`);
    Object.defineProperty(this.members, this.#key, { value, enumerable: true, writable: true, configurable: true });
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw malformed(`${what} is not valid JSON (${(err as Error).message})`);
  }
}

/** Reads an OData response body: each `value` element to `onElement`, then the other members. */
export async function readEnvelope(
  body: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  onElement: (element: ArrayElement) => void,
  maxElementBytes = Infinity,
): Promise<{ members: Record<string, unknown>; elements: number }> {
  const splitter = new JsonEnvelopeSplitter(maxElementBytes);
  for await (const chunk of body) {
    for (const text of splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk))
      onElement(parseElement(text));
  }
  splitter.end();
  return { members: splitter.members, elements: splitter.elements };
}
