/** fast-check arbitraries for values that break encoders, and the pieces they are made of. */
import fc from "fast-check";

export const PIECES = [
  "\\",
  "=",
  "|",
  "^",
  "\n",
  "\r",
  "\r\n",
  "\t",
  "\0",
  "\x1b",
  "\x7f",
  "\x85",
  " ",
  "  ",
  "é",
  "中",
  "🚨",
  "\ud800",
  "\udc00",
  "a",
  "Z9",
  "k=",
  "\\n",
  "x09",
];

/** Short strings made of escapes, delimiters, control characters, multi-byte and broken characters. */
export const hostileText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(""));

/** Any text: hostile pieces, any Unicode code point, or long ordinary text. */
export const anyText = fc.oneof(
  hostileText,
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 1500 }),
);
