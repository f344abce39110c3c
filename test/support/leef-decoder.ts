/**
 * A strict LEEF decoder written from IBM's LEEF guide, independent of the encoder. LEEF 1.0: attributes separated by
 * TAB; LEEF 2.0: by the header's delimiter (a character or its x/0x hex form). No escapes exist, so no value may
 * contain the delimiter, CR or LF, and no header field a `|`.
 */

export interface DecodedLeef {
  version: "1.0" | "2.0";
  vendor: string;
  product: string;
  productVersion: string;
  eventId: string;
  delimiter: string;
  attributes: Record<string, string>;
}

export class LeefSyntaxError extends Error {}

function delimiterOf(text: string): string {
  const hex = /^(?:0x|x)([0-9a-f]{2})$/i.exec(text);
  if (hex) return String.fromCharCode(parseInt(hex[1]!, 16));
  if (text.length !== 1) throw new LeefSyntaxError(`invalid delimiter "${text}"`);
  return text;
}

export function decodeLeef(text: string): DecodedLeef {
  if (/[\r\n]/.test(text)) throw new LeefSyntaxError("CR or LF in the message");
  const m = /^LEEF:(1\.0|2\.0)\|/.exec(text);
  if (!m) throw new LeefSyntaxError("does not start with LEEF:1.0| or LEEF:2.0|");
  const version = m[1] as "1.0" | "2.0";
  const parts = text.slice(m[0].length).split("|");
  const headerCount = version === "1.0" ? 4 : 5;
  if (parts.length < headerCount + 1) throw new LeefSyntaxError("truncated header");
  const [vendor, product, productVersion, eventId] = parts as [string, string, string, string];
  const delimiter = version === "1.0" ? "\t" : delimiterOf(parts[4]!);
  const body = parts.slice(headerCount).join("|");
  const attributes: Record<string, string> = {};
  for (const attribute of body === "" ? [] : body.split(delimiter)) {
    const eq = attribute.indexOf("=");
    const key = attribute.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key)) throw new LeefSyntaxError(`invalid attribute "${attribute}"`);
    if (Object.hasOwn(attributes, key)) throw new LeefSyntaxError(`attribute ${key} twice`);
    attributes[key] = attribute.slice(eq + 1);
  }
  return { version, vendor, product, productVersion, eventId, delimiter, attributes };
}
