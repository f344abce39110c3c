/**
 * What CEF and LEEF share: a header of `|`-separated fields, then `key=value` pairs. Writing the pairs per record, and
 * shortening both parts to the whole-message limit, are the same for both; the formats differ in escaping and framing.
 */
import { fitPieces, messageTooLarge, type Piece, type Shortener } from "./fit.js";
import type { ValueChanges } from "./format.js";
import type { Slot } from "./slot.js";
import { utf8Length } from "./utf8.js";

export interface HeaderSlot {
  /** What a change to it is counted under: `header.name`, or the field's key. */
  key: string;
  shrinkable: boolean;
  text: Slot;
  /** Cuts its written text, with the marker escaped as it is. */
  shortener: Shortener;
}

export interface PairSlot extends HeaderSlot {
  /** `key=` (for CEF preceded by the label pair), written before the value. */
  prefix: string;
}

/** The non-empty pairs, in order, separated by `separator`. */
export function joinPairs(slots: readonly PairSlot[], values: readonly string[], separator: string): string {
  let out = "";
  for (let i = 0; i < slots.length; i++) {
    if (values[i] === "") continue;
    out += `${out === "" ? "" : separator}${slots[i]!.prefix}${values[i]}`;
  }
  return out;
}

/**
 * Header texts and pair values shortened (fit.ts) so that the message fits in `maxBytes`; `fixedBytes` is what the
 * format writes around them (its start, the `|` separators, a severity). What changed is noted in `changes`.
 * Throws E_MESSAGE_TOO_LARGE if impossible.
 */
export function shortenKeyed(
  parts: { header: readonly HeaderSlot[]; head: string[]; slots: readonly PairSlot[]; values: string[] },
  fixedBytes: number,
  maxBytes: number,
  changes: ValueChanges,
): { head: string[]; values: string[] } {
  const { header, head, slots, values } = parts;
  const pieces: Piece[] = [
    ...head.map((text, i) => ({ ...header[i]!, text, overhead: 0, droppable: false })),
    ...values.map((text, i) => ({ ...slots[i]!, text, overhead: utf8Length(slots[i]!.prefix) + 1, droppable: true })),
  ];
  const needed = fitPieces(pieces, fixedBytes, maxBytes, changes);
  if (needed > maxBytes) throw messageTooLarge(maxBytes, needed);
  const texts = pieces.map((p) => p.text);
  return { head: texts.slice(0, head.length), values: texts.slice(head.length) };
}
