import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileJson, cutJsonString } from "../../../../src/formats/json/encoder.js";
import { utf8Length } from "../../../../src/formats/utf8.js";
import { anyText } from "../../../support/arbitraries.js";
import { constant, fromRecord } from "../../../support/layout.js";

describe("JSON lines", () => {
  it("writes the whole record when the mapping lists no fields", () => {
    const encode = compileJson({ header: { severity: constant("7") }, fields: [] });
    expect(encode({ a: "x\ny", n: 1, list: [1] }, 1000)).toEqual({
      text: '{"a":"x\\ny","n":1,"list":[1]}',
      severity: 7,
    });
  });

  it("writes mapped fields in order, numeric types as numbers, empty values left out", () => {
    const encode = compileJson({
      header: {},
      fields: [
        { key: "title", value: fromRecord("t") },
        { key: "time", value: fromRecord("ms", { type: "epochMillis" }) },
        { key: "missing", value: fromRecord("none") },
        { key: "odd", value: fromRecord("x", { type: "int" }) },
      ],
    });
    expect(encode({ t: 'a "b"', ms: "1601475104077", x: "1e99" }, 1000).text).toBe(
      '{"title":"a \\"b\\"","time":1601475104077,"odd":"1e99"}',
    );
  });

  it("never cuts inside an escape, and keeps any record within the limit as valid JSON", () => {
    expect(cutJsonString("ab\\u0001", 5)).toBe("ab");
    expect(cutJsonString('a\\"b', 2)).toBe("a");
    const encode = compileJson({ header: {}, fields: [] });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(anyText, fc.integer(), fc.constant(null))),
        fc.integer({ min: 2, max: 2000 }),
        (record, maxBytes) => {
          const { text } = encode(record, maxBytes);
          expect(utf8Length(text)).toBeLessThanOrEqual(maxBytes);
          const parsed = JSON.parse(text) as Record<string, unknown>;
          for (const [key, value] of Object.entries(parsed)) {
            const original = record[key];
            if (typeof original === "string")
              expect(JSON.stringify(original).startsWith(JSON.stringify(value).slice(0, -1))).toBe(true);
            else expect(value).toEqual(original);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
