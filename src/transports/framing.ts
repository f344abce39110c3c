/**
 * Framing (RFC 6587): how a receiver finds where one syslog message ends on a stream. Pure.
 * `datagram` is UDP's: the datagram is the message, nothing is added.
 */
import type { Framing } from "../config/config.js";

export type WireFraming = Framing | "datagram";

/** One message ready for the wire: its framed text and that text's UTF-8 length. */
export interface Frame {
  text: string;
  bytes: number;
}

/**
 * Frames one whole syslog message. Octet counting prefixes the UTF-8 byte length, so the message may hold anything.
 * With LF framing an LF inside the message would end it early and let the rest pose as a message of its own:
 * it becomes a space (same length), so hostile content is never injected as a separate event.
 */
export function frame(message: string, framing: WireFraming, bytes = Buffer.byteLength(message)): Frame {
  switch (framing) {
    case "octet-counting": {
      const prefix = `${bytes} `;
      return { text: prefix + message, bytes: prefix.length + bytes };
    }
    case "lf":
      return { text: `${message.replaceAll("\n", " ")}\n`, bytes: bytes + 1 };
    case "datagram":
      return { text: message, bytes };
  }
}
