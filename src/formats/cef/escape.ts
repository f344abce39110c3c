/**
 * CEF escaping as ArcSight's CEF standard defines it. Clean values, the common
 * case, are found by one regex test and returned untouched.
 */
import { cutToBytes, trimSpaces, wellFormed } from "../utf8.js";

/* eslint-disable no-control-regex -- control characters are exactly what these patterns find */
const HEADER_SPECIAL = /[\\|\x00-\x1f\x7f-\x9f\ud800-\udfff]/;
const HEADER_CONTROL = /\r\n|[\x00-\x1f\x7f-\x9f]/g;
const EXTENSION_SPECIAL = /[\\=\x00-\x1f\x7f-\x9f\ud800-\udfff]/;
const EXTENSION_CONTROL = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */
const HEADER_ESCAPE = /[\\|]/g;
const [BACKSLASH, EQUALS, LF, CR] = [/\\/g, /=/g, /\n/g, /\r/g];

/** A header field: CR, LF (a CRLF pair as one) and other control characters become a space; `\` and `|` escaped. */
export function escapeHeader(value: string): string {
  if (!HEADER_SPECIAL.test(value)) return trimSpaces(value);
  return trimSpaces(wellFormed(value).replace(HEADER_CONTROL, " ")).replace(HEADER_ESCAPE, "\\$&");
}

/** An extension value: `\`, `=`, LF and CR escaped; other control characters (TAB, NUL, ESC, DEL…) become a space. */
export function escapeExtension(value: string): string {
  if (!EXTENSION_SPECIAL.test(value)) return trimSpaces(value);
  // Four native passes with constant replacements are faster than one pass calling back per character.
  const text = trimSpaces(wellFormed(value).replace(EXTENSION_CONTROL, " "));
  return text.replace(BACKSLASH, "\\\\").replace(EQUALS, "\\=").replace(LF, "\\n").replace(CR, "\\r");
}

/**
 * Escaped text cut to at most `maxBytes`: on a character boundary, never inside an escape sequence (every `\` of
 * escaped text starts a two-character sequence, so an odd run of trailing backslashes means one was split).
 */
export function cutEscaped(text: string, maxBytes: number): string {
  let cut = cutToBytes(text, maxBytes);
  let run = 0;
  while (run < cut.length && cut.charCodeAt(cut.length - 1 - run) === 92) run++;
  if (run % 2 === 1) cut = cut.slice(0, -1);
  return trimSpaces(cut);
}
