/**
 * Property: for arbitrary strings in every header field and extension value, the strict decoder gives back what was
 * encoded, except for the documented replacements (control characters, surrounding spaces) and cuts to the CEF
 * length limits, which keep a prefix and never break a character or an escape.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeExtension, escapeHeader } from "../../../../src/formats/cef/escape.js";
import { compileCef } from "../../../../src/formats/cef/encoder.js";
import { utf8Length } from "../../../../src/formats/utf8.js";
import { anyText } from "../../../support/arbitraries.js";
import { decodeCef } from "../../../support/cef-decoder.js";
import { cefExtensionValue, cefHeaderValue } from "../../../support/expected.js";
import { constant, fromRecord } from "../../../support/layout.js";

const HEADER = { vendor: 63, product: 63, version: 31, signatureId: 1023, name: 512 } as const;
const DECODED_HEADER = {
  vendor: "vendor",
  product: "product",
  version: "deviceVersion",
  signatureId: "signatureId",
  name: "name",
} as const;
const EXTENSION = { msg: 1023, cs1: 4000, filePath: 1023, externalId: 40, custom: Infinity } as const;

const encoder = compileCef({
  header: {
    ...Object.fromEntries(Object.keys(HEADER).map((k) => [k, fromRecord(k)])),
    severity: fromRecord("severity"),
  },
  fields: Object.keys(EXTENSION).map((key) => ({
    key,
    label: key === "cs1" ? "Command | line = x" : undefined,
    value: fromRecord(key),
  })),
});

const records: fc.Arbitrary<Record<string, string>> = fc.record({
  ...Object.fromEntries([...Object.keys(HEADER), ...Object.keys(EXTENSION)].map((k) => [k, anyText])),
  severity: fc.oneof(fc.constantFrom("0", "10", "High", "very-high", "11", "", "Informational"), anyText),
});

/** The decoded value is the expected one, or a prefix of it cut at the limit (never longer than the limit). */
function expectKept(decoded: string | undefined, expected: string, escaped: (s: string) => string, limit: number) {
  if (expected === "" || decoded === undefined) {
    expect(decoded ?? "").toBe("");
    expect(expected === "" || utf8Length(escaped(expected)) > limit).toBe(true);
    return;
  }
  if (decoded === expected) return;
  expect(expected.startsWith(decoded)).toBe(true);
  expect(utf8Length(escaped(decoded))).toBeLessThanOrEqual(limit);
  expect(utf8Length(escaped(expected))).toBeGreaterThan(limit);
}

describe("CEF round trip", () => {
  it("gives back every header field and extension value, escaped and limited as documented", () => {
    fc.assert(
      fc.property(records, (record) => {
        const { text, severity } = encoder(record, 1_000_000);
        const decoded = decodeCef(text);
        for (const [key, limit] of Object.entries(HEADER)) {
          expectKept(
            decoded[DECODED_HEADER[key as keyof typeof HEADER]],
            cefHeaderValue(record[key]!),
            escapeHeader,
            limit,
          );
        }
        for (const [key, limit] of Object.entries(EXTENSION)) {
          expectKept(decoded.extension[key], cefExtensionValue(record[key]!), escapeExtension, limit);
        }
        expect(decoded.extension.cs1Label).toBe(decoded.extension.cs1 === undefined ? undefined : "Command | line = x");
        expect(/^(?:[0-9]|10|Unknown|Low|Medium|High|Very-High)$/.test(decoded.severity)).toBe(true);
        expect(severity === undefined ? decoded.severity === "Unknown" : severity >= 0 && severity <= 10).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("holds the whole message to any limit, and it still decodes strictly", () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 64, max: 4000 }), (record, maxBytes) => {
        const { text } = encoder(record, maxBytes);
        expect(utf8Length(text)).toBeLessThanOrEqual(maxBytes);
        const decoded = decodeCef(text);
        for (const key of Object.keys(EXTENSION)) {
          const value = decoded.extension[key];
          if (value !== undefined) expect(cefExtensionValue(record[key]!).startsWith(value)).toBe(true);
        }
        expect(cefHeaderValue(record.name!).startsWith(decoded.name)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("writes the mapped severity words and numbers as CEF expects", () => {
    const bySeverity = (severity: string) =>
      compileCef({
        header: {
          ...Object.fromEntries(Object.keys(HEADER).map((k) => [k, constant("x")])),
          severity: constant(severity),
        },
        fields: [],
      })({}, 1000);
    expect(bySeverity("very-high")).toEqual({ text: "CEF:0|x|x|x|x|x|Very-High|", severity: 10 });
    expect(bySeverity(" 7 ")).toEqual({ text: "CEF:0|x|x|x|x|x|7|", severity: 7 });
    expect(bySeverity("Critical")).toEqual({ text: "CEF:0|x|x|x|x|x|Unknown|", severity: undefined });
    expect(bySeverity("__proto__")).toEqual({ text: "CEF:0|x|x|x|x|x|Unknown|", severity: undefined });
  });
});
