/**
 * The whole-message limit, for every format: free text is shortened first, longest first and evenly, down to
 * SHORT_VALUE_BYTES; if that is not enough, values are left out from the end of the mapping; the header's free text
 * is shortened further only as the last resort. Identifiers, hashes, numbers and times are never cut.
 */
import { AppError, ExitCode } from "../errors.js";
import { utf8Length } from "./utf8.js";

export interface Piece {
  /** The value as written (escaped). Empty means left out, when droppable. */
  text: string;
  /** Bytes written with it (key, separator) that go when it is left out. */
  overhead: number;
  shrinkable: boolean;
  droppable: boolean;
}

/** Cuts written text to at most `maxBytes` without breaking a character or an escape sequence. */
export type Cut = (text: string, maxBytes: number) => string;

/** Free text is not shortened below this many bytes while values can still be left out instead. */
export const SHORT_VALUE_BYTES = 128;

/**
 * Shortens and drops pieces in place so that `fixedBytes` plus the pieces fit in `maxBytes`.
 * Returns the bytes then needed (≤ maxBytes when it fits).
 */
export function fitPieces(pieces: Piece[], fixedBytes: number, maxBytes: number, cut: Cut): number {
  const sizes = pieces.map((p) => utf8Length(p.text));
  const total = () =>
    pieces.reduce((sum, p, i) => sum + (p.text === "" && p.droppable ? 0 : sizes[i]! + p.overhead), fixedBytes);
  const shorten = (floor: number) => {
    const excess = total() - maxBytes;
    if (excess <= 0) return;
    const cap = Math.max(
      floor,
      waterLevel(
        pieces.flatMap((p, i) => (p.shrinkable && p.text ? [sizes[i]!] : [])),
        excess,
      ),
    );
    pieces.forEach((p, i) => {
      if (!p.shrinkable || sizes[i]! <= cap) return;
      p.text = cut(p.text, cap);
      sizes[i] = utf8Length(p.text);
    });
  };
  shorten(SHORT_VALUE_BYTES);
  for (let i = pieces.length - 1; i >= 0 && total() > maxBytes; i--) {
    if (pieces[i]!.droppable) pieces[i]!.text = "";
  }
  shorten(0);
  return total();
}

/**
 * The largest cap such that cutting every size above it down to it removes at least `excess` bytes (0 if none does).
 */
export function waterLevel(sizes: number[], excess: number): number {
  const sorted = [...sizes].sort((a, b) => b - a);
  let sum = 0;
  for (let k = 0; k < sorted.length; k++) {
    sum += sorted[k]!;
    const next = sorted[k + 1] ?? 0;
    if (sum - (k + 1) * next >= excess) return Math.floor((sum - excess) / (k + 1));
  }
  return 0;
}

/** When not even the parts that cannot be shortened fit: the record cannot be sent within the output's limit. */
export function messageTooLarge(maxBytes: number, required: number): AppError {
  return new AppError(
    "E_MESSAGE_TOO_LARGE",
    `the message cannot be made to fit in ${maxBytes} bytes (its fixed parts need ${required}): raise output.maxMessageBytes`,
    ExitCode.runtime,
    { limit: maxBytes, actual: required },
  );
}
