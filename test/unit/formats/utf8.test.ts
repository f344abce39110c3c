import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutToBytes, trimSpaces, utf8Length, wellFormed } from "../../../src/formats/utf8.js";
import { anyText } from "../../support/arbitraries.js";

describe("UTF-8 measuring and cutting", () => {
  it("counts what Buffer encodes, lone surrogates as U+FFFD", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, "utf8"));
      }),
    );
  });

  it("cuts to the longest whole-character prefix within the limit", () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 200 }), (s, max) => {
        const cut = cutToBytes(s, max);
        expect(s.startsWith(cut)).toBe(true);
        expect(utf8Length(cut)).toBeLessThanOrEqual(max);
        expect(wellFormed(cut)).toBe(cut === s ? wellFormed(s) : wellFormed(s).slice(0, wellFormed(cut).length));
        const next = s.codePointAt(cut.length);
        if (next !== undefined) expect(utf8Length(cut) + utf8Length(String.fromCodePoint(next))).toBeGreaterThan(max);
      }),
    );
    expect(cutToBytes("a🚨b", 4)).toBe("a");
    expect(cutToBytes("é", 1)).toBe("");
  });

  it("trims spaces only", () => {
    expect(trimSpaces("  a \t ")).toBe("a \t");
    expect(trimSpaces("\n a\n")).toBe("\n a\n");
  });
});
