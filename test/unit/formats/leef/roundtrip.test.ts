/**
 * LEEF 1.0 and 2.0 round trips through the strict decoder: every value comes back with the delimiter, CR, LF and
 * control characters replaced by a space, and no value can add an attribute or break the header.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MappedValue } from "../../../../src/formats/format.js";
import { compileLeef } from "../../../../src/formats/leef/encoder.js";
import { utf8Length } from "../../../../src/formats/utf8.js";
import { anyText } from "../../../support/arbitraries.js";
import { leefHeaderValue, leefValue } from "../../../support/expected.js";
import { constant, fromRecord } from "../../../support/layout.js";
import { decodeLeef } from "../../../support/leef-decoder.js";

const HEADER = ["vendor", "product", "version", "eventId"] as const;
const ATTRIBUTES = ["cat", "usrName", "CommandLine", "Description", "sev"] as const;

const records: fc.Arbitrary<Record<string, string>> = fc.record(
  Object.fromEntries([...HEADER, ...ATTRIBUTES].map((k) => [k, anyText])),
);

function encoderFor(delimiter?: string) {
  const header: Record<string, MappedValue> = Object.fromEntries(HEADER.map((k) => [k, fromRecord(k)]));
  if (delimiter !== undefined) header.delimiter = constant(delimiter);
  return compileLeef({ header, fields: ATTRIBUTES.map((key) => ({ key, value: fromRecord(key) })) });
}

const VARIANTS = [
  { name: "LEEF 1.0 (TAB)", written: undefined, char: "\t", version: "1.0" },
  { name: "LEEF 2.0 with ^", written: "^", char: "^", version: "2.0" },
  { name: "LEEF 2.0 with x7C (|)", written: "x7C", char: "|", version: "2.0" },
  { name: "LEEF 2.0 with 0x5E", written: "0x5E", char: "^", version: "2.0" },
] as const;

describe.each(VARIANTS)("$name", ({ written, char, version }) => {
  const encode = encoderFor(written);

  it("gives back every value, and exactly the mapped attributes", () => {
    fc.assert(
      fc.property(records, (record) => {
        const decoded = decodeLeef(encode(record, 1_000_000).text);
        expect(decoded.version).toBe(version);
        expect(decoded.delimiter).toBe(char);
        expect([decoded.vendor, decoded.product, decoded.productVersion]).toEqual(
          ["vendor", "product", "version"].map((k) => leefHeaderValue(record[k]!)),
        );
        const eventId = leefHeaderValue(record.eventId!);
        expect(eventId.startsWith(decoded.eventId) && utf8Length(decoded.eventId) <= 255).toBe(true);
        const expected = Object.fromEntries(
          ATTRIBUTES.map((k): [string, string] => [k, leefValue(record[k]!, char)]).filter(([, v]) => v !== ""),
        );
        expect(decoded.attributes).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("holds the whole message to any limit", () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 64, max: 3000 }), (record, maxBytes) => {
        const text = encode(record, maxBytes).text;
        expect(utf8Length(text)).toBeLessThanOrEqual(maxBytes);
        for (const [key, value] of Object.entries(decodeLeef(text).attributes)) {
          expect(leefValue(record[key]!, char).startsWith(value)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("turns injection attempts into plain text", () => {
    const attack = {
      vendor: "V|x",
      product: "P\n<13>LEEF:1.0|evil",
      version: "1",
      eventId: "E|F",
      cat: `a${char}sev=10${char}usrName=root`,
      usrName: "\r\nLEEF:1.0|x|y|z|w|",
      CommandLine: "x\tsev=1^cat=y|z",
      Description: "",
      sev: "5",
    };
    const decoded = decodeLeef(encode(attack, 8192).text);
    expect(Object.keys(decoded.attributes)).toEqual(["cat", "usrName", "CommandLine", "sev"]);
    expect(decoded.attributes.sev).toBe("5");
    expect(decoded.attributes.cat).toBe("a sev=10 usrName=root");
    expect([decoded.vendor, decoded.product, decoded.eventId]).toEqual(["V x", "P <13>LEEF:1.0 evil", "E F"]);
  });
});
