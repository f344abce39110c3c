/**
 * RELP frames as rsyslog's librelp writes and reads them, pure: `TXNR SP COMMAND SP DATALEN [SP DATA] LF`, the
 * response data `CODE [SP TEXT] [LF BODY]`, and the offers of `open` (`name=value,value` lines).
 */

/** A transaction number is 1 to 999,999,999, then 1 again; 0 is for hints (`serverclose`). */
export const MAX_TXNR = 999_999_999;
export const nextTxnr = (txnr: number): number => (txnr >= MAX_TXNR ? 1 : txnr + 1);

/** What we offer when opening a session: the protocol version librelp speaks, and the one command we use. */
export const OPEN_OFFERS = "relp_version=0\nrelp_software=mde-forwarder\ncommands=syslog";

/** The largest frame data we read from a receiver: its responses are short; librelp's own limit is 128 KiB. */
export const MAX_INCOMING_DATA = 128 * 1024;

export interface RelpFrame {
  txnr: number;
  command: string;
  data: Buffer;
}

/** A frame that breaks the grammar: the session cannot go on (librelp closes the connection too). */
export class RelpFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RelpFrameError";
  }
}

const LF = 0x0a;
const SP = 0x20;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** One frame with `data` as its data part. */
export function encodeFrame(txnr: number, command: string, data: Buffer | string = ""): Buffer {
  const body = typeof data === "string" ? Buffer.from(data) : data;
  const head = body.length ? `${txnr} ${command} ${body.length} ` : `${txnr} ${command} 0`;
  return Buffer.concat([Buffer.from(head, "latin1"), body, Buffer.from("\n")]);
}

/**
 * `syslog` frames for `messages`, numbered from `firstTxnr` on, back to back in one buffer (one write). The
 * messages' bytes are copied once; the headers are ASCII.
 */
export function encodeSyslogFrames(firstTxnr: number, messages: readonly Buffer[]): Buffer {
  const heads: string[] = [];
  let total = 0;
  let txnr = firstTxnr;
  for (const m of messages) {
    const head = `${txnr} syslog ${m.length} `;
    heads.push(head);
    total += head.length + m.length + 1;
    txnr = nextTxnr(txnr);
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  messages.forEach((m, i) => {
    at += out.write(heads[i]!, at, "latin1");
    at += m.copy(out, at);
    out[at++] = LF;
  });
  return out;
}

type State = "txnr" | "command" | "datalen" | "data" | "trailer";

/**
 * Reads frames from a byte stream in whatever pieces it arrives: a frame split across chunks waits for the rest,
 * several frames in one chunk all come out. Throws `RelpFrameError` at the first byte that breaks the grammar.
 */
export class FrameParser {
  #state: State = "txnr";
  #digits = 0;
  #txnr = 0;
  #command = "";
  #length = 0;
  #parts: Buffer[] = [];
  #have = 0;

  push(chunk: Buffer): RelpFrame[] {
    const frames: RelpFrame[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === "data") {
        const take = Math.min(this.#length - this.#have, chunk.length - i);
        this.#parts.push(chunk.subarray(i, i + take));
        this.#have += take;
        i += take;
        if (this.#have === this.#length) this.#state = "trailer";
        continue;
      }
      const c = chunk[i++]!;
      const frame = this.#octet(c);
      if (frame) frames.push(frame);
    }
    return frames;
  }

  #octet(c: number): RelpFrame | undefined {
    switch (this.#state) {
      case "txnr":
        if (isDigit(c) && this.#digits < 9) {
          this.#txnr = this.#txnr * 10 + (c - 0x30);
          this.#digits++;
        } else if (c === SP && this.#digits > 0) this.#next("command");
        else throw this.#bad(c, "a transaction number of 1 to 9 digits");
        return undefined;
      case "command":
        if (isAlpha(c) && this.#command.length < 32) this.#command += String.fromCharCode(c);
        else if (c === SP && this.#command.length > 0) this.#next("datalen");
        else throw this.#bad(c, "a command of 1 to 32 letters");
        return undefined;
      case "datalen":
        if (isDigit(c) && this.#digits < 9) {
          this.#length = this.#length * 10 + (c - 0x30);
          this.#digits++;
          if (this.#length > MAX_INCOMING_DATA)
            throw new RelpFrameError(`a ${this.#command} frame longer than ${MAX_INCOMING_DATA} bytes`);
          return undefined;
        }
        if (this.#digits === 0) throw this.#bad(c, "a data length");
        if (this.#length === 0 && c === LF) return this.#done();
        if (this.#length > 0 && c === SP) {
          this.#state = "data";
          return undefined;
        }
        throw this.#bad(c, this.#length === 0 ? "LF after a data length of 0" : "a space before the data");
      case "trailer":
        if (c !== LF) throw this.#bad(c, "LF after the data");
        return this.#done();
      default:
        throw new Error(`unreachable state ${this.#state}`);
    }
  }

  #next(state: State): void {
    this.#state = state;
    this.#digits = 0;
  }

  #done(): RelpFrame {
    const frame = { txnr: this.#txnr, command: this.#command, data: Buffer.concat(this.#parts) };
    this.#state = "txnr";
    this.#digits = this.#txnr = this.#length = this.#have = 0;
    this.#command = "";
    this.#parts = [];
    return frame;
  }

  #bad(c: number, expected: string): RelpFrameError {
    const got = c >= 0x21 && c <= 0x7e ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, "0")}`;
    return new RelpFrameError(`bad RELP frame from the receiver: expected ${expected}, got ${got}`);
  }
}

export interface RelpResponse {
  /** 200 is success; anything else is a refusal. */
  code: number;
  /** The human-readable text after the code (at most a line). */
  text: string;
  /** What follows the first LF: the offers, for `open`. */
  body: string;
}

/**
 * The data of an `rsp` frame. An empty one (rsyslog answers `close` so) counts as success; anything else must start
 * with a three-digit code.
 */
export function parseResponse(data: Buffer): RelpResponse {
  if (data.length === 0) return { code: 200, text: "", body: "" };
  const text = data.toString("utf8");
  const match = /^(\d{3})(?: ([^\n]*))?(?:\n([\s\S]*))?$/.exec(text);
  if (!match) throw new RelpFrameError(`bad RELP response from the receiver: ${JSON.stringify(text.slice(0, 80))}`);
  return { code: Number(match[1]), text: match[2] ?? "", body: match[3] ?? "" };
}

/** `relp_version=0\ncommands=syslog` → each offer's values. */
export function parseOffers(body: string): Map<string, string[]> {
  const offers = new Map<string, string[]>();
  for (const line of body.split("\n")) {
    if (!line) continue;
    const eq = line.indexOf("=");
    const name = eq < 0 ? line : line.slice(0, eq);
    const values =
      eq < 0
        ? []
        : line
            .slice(eq + 1)
            .split(",")
            .filter(Boolean);
    offers.set(name, values);
  }
  return offers;
}

/**
 * Why the receiver's offers rule the session out, or undefined when they do not: it must state a protocol version we
 * speak (librelp's is 0) and accept the `syslog` command.
 */
export function offersProblem(offers: Map<string, string[]>): string | undefined {
  const version = offers.get("relp_version")?.[0];
  if (version === undefined) return "the receiver's answer to open has no relp_version";
  if (!/^\d+$/.test(version) || Number(version) > 0) return `the receiver speaks relp_version ${version}, we speak 0`;
  if (!offers.get("commands")?.includes("syslog")) return "the receiver does not accept the syslog command";
  return undefined;
}
