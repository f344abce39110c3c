/**
 * LEEF has no escape mechanism (IBM's LEEF guide): characters that would end a value or a header field are replaced
 * by a space instead. Clean values, the common case, are found by one regex test and returned untouched.
 */
import { cutToBytes, trimSpaces, wellFormed } from "../utf8.js";

/* eslint-disable no-control-regex -- control characters are exactly what these patterns find */
const HEADER_SPECIAL = /[|\x00-\x1f\x7f-\x9f\ud800-\udfff]/;
const HEADER_REPLACED = /\r\n|[|\x00-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */

/** A header field: `|`, CR, LF (a CRLF pair as one) and other control characters become a space. */
export function cleanHeader(value: string): string {
  return HEADER_SPECIAL.test(value) ? trimSpaces(wellFormed(value).replace(HEADER_REPLACED, " ")) : trimSpaces(value);
}

/** Attribute values for one delimiter: the delimiter, CR, LF and other control characters become a space. */
export function valueCleaner(delimiter: string): (value: string) => string {
  const own = delimiter.replace(/[\\\]^-]/g, "\\$&");
  const special = new RegExp(`[${own}\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff]`);
  const replaced = new RegExp(`\\r\\n|[${own}\\x00-\\x1f\\x7f-\\x9f]`, "g");
  return (value) => (special.test(value) ? trimSpaces(wellFormed(value).replace(replaced, " ")) : trimSpaces(value));
}

/** Written LEEF text cut to at most `maxBytes` on a character boundary (there are no escapes to respect). */
export function cutPlain(text: string, maxBytes: number): string {
  return trimSpaces(cutToBytes(text, maxBytes));
}
