/**
 * UTF-8 byte counting and cutting without encoding the string: encoders measure every field, so this stays
 * allocation-free. A lone surrogate counts as 3 bytes, the size of the U+FFFD that replaces it on the wire.
 */

/** Bytes of `text` in UTF-8. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** True when `text` certainly fits in `maxBytes` without counting: no UTF-16 unit takes more than 3 bytes. */
export function surelyFits(text: string, maxBytes: number): boolean {
  return text.length * 3 <= maxBytes;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that does not split a character. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return "";
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1));
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) return text.slice(0, i);
    bytes += size;
    if (pair) i++;
  }
  return text;
}

/** `text` without leading and trailing spaces (U+0020 only: receivers drop trailing spaces, nothing else). */
export function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** ES2024's String methods (Node 20 has them; the ES2023 typings do not). */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

/** Lone surrogates (invalid UTF-16 from a JSON `\ud800` escape) as U+FFFD, which is what UTF-8 encoding sends. */
export function wellFormed(text: string): string {
  const s = text as Es2024String;
  return s.isWellFormed() ? text : s.toWellFormed();
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
