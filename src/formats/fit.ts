/**
 * The whole-message limit, for every format: free text is shortened first, longest first and evenly, down to
 * SHORT_VALUE_BYTES; if that is not enough, values are left out from the end of the mapping; the header's free text
 * is shortened further only as the last resort. Identifiers, hashes, numbers and times are never cut.
 */
import { AppError, ExitCode } from "../errors.js";
import { noteDropped, noteShortened, type ValueChanges } from "./format.js";
import { utf8Length } from "./utf8.js";

/** Cuts written text to at most `maxBytes` without breaking a character or an escape sequence. */
export type Cut = (text: string, maxBytes: number) => string;

/**
 * A cut that ends what it keeps with the marker (`truncationMarker:`, written as the format escapes it) when the marker
 * fits within the limit with something of the value before it; otherwise, and without a marker, the plain cut. With a
 * `boundary` (a list's separator as written), a cut keeps whole elements: it ends before the last separator that fits,
 * unless not even the first element fits.
 */
export class Shortener {
  readonly #markerBytes: number;

  constructor(
    readonly cut: Cut,
    readonly marker = "",
    readonly boundary = "",
  ) {
    this.#markerBytes = utf8Length(marker);
  }

  /** The same, for a list whose elements are separated by `boundary` as written. */
  between(boundary: string): Shortener {
    return new Shortener(this.cut, this.marker, boundary);
  }

  /** `cutBefore`: the text was shortened before, so it may end with a marker that must not be cut into. */
  shorten(text: string, maxBytes: number, cutBefore = false): string {
    const marker = this.marker;
    const base = cutBefore && marker !== "" && text.endsWith(marker) ? text.slice(0, -marker.length) : text;
    if (marker === "" || this.#markerBytes >= maxBytes) return this.#cutWhole(base, maxBytes);
    const kept = this.#cutWhole(base, maxBytes - this.#markerBytes);
    return kept === "" ? this.#cutWhole(base, maxBytes) : kept + marker;
  }

  #cutWhole(text: string, maxBytes: number): string {
    const kept = this.cut(text, maxBytes);
    if (this.boundary === "" || kept.length === text.length) return kept;
    const at = text.lastIndexOf(this.boundary, kept.length);
    return at > 0 ? this.cut(text.slice(0, at), maxBytes) : kept;
  }
}

export interface Piece {
  /** The key it is counted under (ValueChanges). */
  key: string;
  /** The value as written (escaped). Empty means left out, when droppable. */
  text: string;
  /** Bytes written with it (key, separator) that go when it is left out. */
  overhead: number;
  shrinkable: boolean;
  droppable: boolean;
  shortener: Shortener;
}

/** Free text is not shortened below this many bytes while values can still be left out instead. */
export const SHORT_VALUE_BYTES = 128;

/**
 * Shortens and drops pieces in place so that `fixedBytes` plus the pieces fit in `maxBytes`, noting each in `changes`
 * (which may already hold the values shortened to their own limits). Returns the bytes then needed (≤ maxBytes when
 * it fits).
 */
export function fitPieces(pieces: Piece[], fixedBytes: number, maxBytes: number, changes: ValueChanges): number {
  const before = pieces.map((p) => p.text);
  const cutBefore = pieces.map((p) => changes.shortened?.includes(p.key) === true);
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
      p.text = p.shortener.shorten(p.text, cap, cutBefore[i]);
      cutBefore[i] = true;
      sizes[i] = utf8Length(p.text);
    });
  };
  shorten(SHORT_VALUE_BYTES);
  for (let i = pieces.length - 1; i >= 0 && total() > maxBytes; i--) {
    if (pieces[i]!.droppable) pieces[i]!.text = "";
  }
  shorten(0);
  pieces.forEach((p, i) => {
    if (p.text === before[i]) return;
    if (p.text === "") noteDropped(changes, p.key);
    else noteShortened(changes, p.key);
  });
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
