/**
 * Outgoing messages → framed syslog messages as bytes, the size limit enforced before anything is sent. Pure.
 * Messages are grouped in chunks of about 64 KiB, each joined and encoded once into a buffer whose size the size check
 * already gave: one object per chunk instead of one per message is most of the transport's speed (docs/performance.md).
 */
import { AppError } from "../errors.js";
import { syslogHeader } from "../formats/syslog-header.js";
import type { StreamOutput } from "./options.js";
import { frameBody, framePrefix, frameSuffix, type WireFraming } from "./framing.js";
import type { OutgoingMessage } from "./transport.js";

export type RenderOptions = Pick<
  StreamOutput,
  "header" | "facility" | "severity" | "hostname" | "appName" | "maxMessageBytes"
>;

/**
 * Framed messages back to back in one buffer: the unit the queue, the writes and the resend window work with.
 * `ends[i]` is where message i ends in `data`.
 */
export interface FrameChunk<Ref = unknown> {
  data: Buffer;
  ends: number[];
  /** The messages' `ref`s, when they have any. */
  refs?: (Ref | undefined)[];
}

/** A chunk is closed once it holds this many bytes: big enough for few objects, small enough to pin little memory. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A message (header included) longer than `maxMessageBytes`: receivers cut such messages and pass the remainder on
 * as a bogus message of its own, so it is refused whole. The mapping layer shortens fields so this does not happen.
 */
export class MessageTooLargeError extends AppError {
  constructor(index: number, limit: number, actual: number) {
    super(
      "E_MESSAGE_TOO_LARGE",
      `message ${index} is ${actual} bytes with its syslog header, over output.maxMessageBytes (${limit}): nothing of this batch was sent`,
      1,
      { index, limit, actual },
    );
    this.name = "MessageTooLargeError";
  }
}

/** Each message's syslog header, and the bytes of header and payload (without framing). */
interface Measured {
  headers: string[];
  sizes: number[];
}

/**
 * Measures every message and checks it against the limit. A header is made once for each run of messages that share
 * time and severity (most of a batch does).
 */
function measure(messages: readonly OutgoingMessage[], options: RenderOptions, now: Date): Measured {
  const measured: Measured = { headers: [], sizes: [] };
  let last = { time: Number.NaN, severity: undefined as number | undefined, text: "", bytes: 0 };
  messages.forEach((m, index) => {
    const time = m.time ?? now;
    if (time.getTime() !== last.time || m.severity !== last.severity) {
      const text = syslogHeader(options, time, m.severity);
      last = { time: time.getTime(), severity: m.severity, text, bytes: Buffer.byteLength(text) };
    }
    const bytes = last.bytes + Buffer.byteLength(m.payload);
    if (bytes > options.maxMessageBytes) throw new MessageTooLargeError(index, options.maxMessageBytes, bytes);
    measured.headers.push(last.text);
    measured.sizes.push(bytes);
  });
  return measured;
}

/**
 * Encodes messages [from, to) into one buffer: one string for the chunk, encoded once (per-message writes cost more).
 */
function encodeChunk<Ref>(span: Span<Ref>, { headers, sizes }: Measured, framing: WireFraming): FrameChunk<Ref> {
  const suffix = frameSuffix(framing);
  const parts: string[] = [];
  const ends: number[] = [];
  let end = 0;
  for (let i = span.from; i < span.to; i++) {
    const m = span.messages[i]!;
    const prefix = framePrefix(framing, sizes[i]!);
    parts.push(prefix, headers[i]!, frameBody(framing, m.payload), suffix);
    end += prefix.length + sizes[i]! + suffix.length;
    ends.push(end);
  }
  const joined = Buffer.allocUnsafe(span.total);
  // Lone surrogates meeting across parts pair up once joined and encode shorter than measured (4 bytes for 3 + 3):
  // then each part is encoded on its own, as measured. No byte of the buffer is ever left unwritten.
  const exact = joined.write(parts.join("")) === span.total;
  const data = exact ? joined : Buffer.concat(parts.map((p) => Buffer.from(p)));
  const refs = span.messages.slice(span.from, span.to).map((m) => m.ref);
  return refs.some((r) => r !== undefined) ? { data, ends, refs } : { data, ends };
}

interface Span<Ref> {
  messages: readonly OutgoingMessage<Ref>[];
  from: number;
  to: number;
  /** Framed bytes of messages [from, to): where the chunk is cut. */
  total: number;
}

/** Every message framed, in chunks; or a `MessageTooLargeError` for the first one too large (then none is sent). */
export function renderMessages<Ref>(
  messages: readonly OutgoingMessage<Ref>[],
  options: RenderOptions,
  framing: WireFraming,
  now: Date,
): FrameChunk<Ref>[] {
  const measured = measure(messages, options, now);
  const sizes = measured.sizes;
  const suffix = frameSuffix(framing).length;
  const chunks: FrameChunk<Ref>[] = [];
  let span: Span<Ref> = { messages, from: 0, to: 0, total: 0 };
  for (let i = 0; i < messages.length; i++) {
    span.total += framePrefix(framing, sizes[i]!).length + sizes[i]! + suffix;
    span.to = i + 1;
    if (span.total < CHUNK_BYTES && i < messages.length - 1) continue;
    chunks.push(encodeChunk(span, measured, framing));
    span = { messages, from: i + 1, to: i + 1, total: 0 };
  }
  return chunks;
}

/** The chunks' bytes, back to back. */
export function concatChunks(chunks: readonly FrameChunk[]): Buffer {
  return chunks.length === 1 ? chunks[0]!.data : Buffer.concat(chunks.map((c) => c.data));
}

/** Each message's bytes on its own (a UDP datagram each). */
export function splitChunk(chunk: FrameChunk): Buffer[] {
  return chunk.ends.map((end, i) => chunk.data.subarray(i === 0 ? 0 : chunk.ends[i - 1], end));
}
