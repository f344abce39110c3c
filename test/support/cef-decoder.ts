/**
 * A strict CEF decoder written from the ArcSight standard, independent of the encoder: it rejects everything a
 * strict receiver (liblognorm) rejects. Header: only `\\` and `\|` escapes, no control characters. Extension: keys
 * are one alphanumeric word, values may contain `|` and spaces, only `\\` `\=` `\n` `\r` escapes, no unescaped `=`,
 * no raw control characters; the last value loses trailing spaces, as receivers do.
 */

export interface DecodedCef {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  extension: Record<string, string>;
}

export class CefSyntaxError extends Error {}

// eslint-disable-next-line no-control-regex -- raw control characters are what a strict decoder refuses
const CONTROL = /[\x00-\x1f\x7f]/;
const EXTENSION_ESCAPES: Record<string, string> = { "\\": "\\", "=": "=", n: "\n", r: "\r" };

function parseHeader(text: string): { fields: string[]; rest: string } {
  if (!text.startsWith("CEF:")) throw new CefSyntaxError("does not start with CEF:");
  const fields: string[] = [];
  let current = "";
  let i = 4;
  while (fields.length < 7) {
    if (i >= text.length) throw new CefSyntaxError(`truncated header after ${fields.length} fields`);
    const c = text[i]!;
    if (c === "\\") {
      const next = text[i + 1];
      if (next !== "\\" && next !== "|") throw new CefSyntaxError(`invalid escape \\${next ?? ""} in header`);
      current += next;
      i += 2;
    } else if (c === "|") {
      fields.push(current);
      current = "";
      i++;
    } else {
      if (CONTROL.test(c)) throw new CefSyntaxError(`control character ${c.charCodeAt(0)} in header`);
      current += c;
      i++;
    }
  }
  return { fields, rest: text.slice(i) };
}

function unescapeValue(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (CONTROL.test(c)) throw new CefSyntaxError(`control character ${c.charCodeAt(0)} in extension value`);
    if (c !== "\\") {
      out += c;
      continue;
    }
    const replacement = EXTENSION_ESCAPES[raw[i + 1] ?? ""];
    if (replacement === undefined) throw new CefSyntaxError(`invalid escape \\${raw[i + 1] ?? ""} in extension`);
    out += replacement;
    i++;
  }
  return out;
}

function parseExtension(ext: string): Record<string, string> {
  const equals: number[] = [];
  for (let i = 0; i < ext.length; i++) {
    if (ext[i] === "\\") i++;
    else if (ext[i] === "=") equals.push(i);
  }
  const keys = equals.map((at, n) => {
    let start = at;
    while (start > 0 && /[A-Za-z0-9]/.test(ext[start - 1]!)) start--;
    const valid = start < at && (n === 0 ? start === 0 : ext[start - 1] === " ");
    if (!valid) throw new CefSyntaxError(`unescaped "=" in a value, or an invalid key, at ${at}`);
    return { key: ext.slice(start, at), start, at };
  });
  if (keys.length === 0 && ext.trim() !== "") throw new CefSyntaxError("extension without key=value");
  const out: Record<string, string> = {};
  keys.forEach(({ key, at }, n) => {
    const end = n + 1 < keys.length ? keys[n + 1]!.start - 1 : ext.length;
    let raw = ext.slice(at + 1, end);
    if (n + 1 === keys.length) raw = raw.replace(/ +$/, "");
    if (Object.hasOwn(out, key)) throw new CefSyntaxError(`key ${key} twice`);
    out[key] = unescapeValue(raw);
  });
  return out;
}

export function decodeCef(text: string): DecodedCef {
  const { fields, rest } = parseHeader(text);
  if (fields[0] !== "0") throw new CefSyntaxError(`CEF version ${fields[0]}, expected 0`);
  const [version, vendor, product, deviceVersion, signatureId, name, severity] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { version, vendor, product, deviceVersion, signatureId, name, severity, extension: parseExtension(rest) };
}
