/**
 * The LEEF 2.0 attribute delimiter, written in the header as one character (`^`) or its hex form (`x5E`, `0x5E`).
 * One printable ASCII character that cannot be confused with the key=value syntax, or TAB (`x09`).
 */
const HEX = /^(?:0x|x)([0-9a-f]{2})$/i;

export function parseDelimiter(text: string): string | undefined {
  const hex = HEX.exec(text);
  const char = hex ? String.fromCharCode(parseInt(hex[1]!, 16)) : text;
  if (char === "\t") return char;
  return char.length === 1 && /^[!-~]$/.test(char) && !/[A-Za-z0-9=]/.test(char) ? char : undefined;
}

export const DELIMITER_HINT =
  "expected one character such as ^, or its hex form such as x5E (x09 for TAB); not a letter, digit or =";
