/** Outgoing messages → framed syslog messages, with the size limit enforced before anything is sent. Pure. */
import type { OutputConfig } from "../config/config.js";
import { AppError } from "../errors.js";
import { syslogHeader } from "../formats/syslog-header.js";
import { frame, type Frame, type WireFraming } from "./framing.js";
import type { OutgoingMessage } from "./transport.js";

export type RenderOptions = Pick<OutputConfig, "header" | "facility" | "severity" | "hostname" | "appName" | "maxMessageBytes">;

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

/** Every message framed, or a `MessageTooLargeError` for the first one too large (then none is sent). */
export function renderMessages(messages: readonly OutgoingMessage[], options: RenderOptions, framing: WireFraming, now: Date): Frame[] {
  return messages.map((m, index) => {
    const text = syslogHeader(options, m.time ?? now, m.severity) + m.payload;
    const bytes = Buffer.byteLength(text);
    if (bytes > options.maxMessageBytes) throw new MessageTooLargeError(index, options.maxMessageBytes, bytes);
    return frame(text, framing, bytes);
  });
}
