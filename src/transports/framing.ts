/**
 * Framing (RFC 6587): how a receiver finds where one syslog message ends on a stream. Pure.
 * `datagram` is UDP's: the datagram is the message, nothing is added.
 */
import type { Framing } from "./options.js";

export type WireFraming = Framing | "datagram";

/**
 * What goes before a message of `bytes` UTF-8 bytes: octet counting's length (in bytes, not characters) and a space.
 */
export function framePrefix(framing: WireFraming, bytes: number): string {
  return framing === "octet-counting" ? `${bytes} ` : "";
}

/** What goes after a message: LF framing's LF. */
export function frameSuffix(framing: WireFraming): string {
  return framing === "lf" ? "\n" : "";
}

/**
 * The message as it may appear inside the frame. Octet counting and datagrams carry anything. With LF framing an
 * LF inside the message would end it early and let the rest pose as a message of its own: it becomes a space
 * (same length), so hostile content is never injected as a separate event.
 */
export function frameBody(framing: WireFraming, message: string): string {
  return framing === "lf" && message.includes("\n") ? message.replaceAll("\n", " ") : message;
}
