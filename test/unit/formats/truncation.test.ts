/**
 * What each encoder reports when it shortens or leaves out a value (the pipeline counts it), and the optional marker
 * that ends a shortened value: escaped as the format escapes values, and within the limit it was cut to.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCef } from "../../../src/formats/cef/encoder.js";
import type { Layout } from "../../../src/formats/format.js";
import { compileJson } from "../../../src/formats/json/encoder.js";
import { compileLeef } from "../../../src/formats/leef/encoder.js";
import { utf8Length } from "../../../src/formats/utf8.js";
import { anyText } from "../../support/arbitraries.js";
import { decodeCef } from "../../support/cef-decoder.js";
import { constant, fromRecord } from "../../support/layout.js";
import { decodeLeef } from "../../support/leef-decoder.js";

const cefHeader = {
  vendor: constant("V"),
  product: constant("P"),
  version: constant("1"),
  signatureId: constant("S"),
  name: fromRecord("name"),
  severity: constant("5"),
};
const leefHeader = {
  vendor: constant("V"),
  product: constant("P"),
  version: constant("1"),
  eventId: fromRecord("ev", { shrinkable: false }),
};

const cef = (truncationMarker?: string): Layout => ({
  header: cefHeader,
  fields: [
    { key: "externalId", value: fromRecord("id", { shrinkable: false }) },
    { key: "msg", value: fromRecord("msg") },
    { key: "cs2", label: "CommandLine", value: fromRecord("cmd") },
    { key: "ThreatFamily", value: fromRecord("family", { shrinkable: false }) },
  ],
  truncationMarker,
});

describe("what the encoders report", () => {
  it("CEF: nothing when everything fits", () => {
    const encode = compileCef(cef());
    expect(encode({ name: "n", id: "a", msg: "m" }, 1000)).toEqual({
      text: "CEF:0|V|P|1|S|n|5|externalId=a msg=m",
      severity: 5,
    });
  });

  it("CEF: values cut to their key's limit, and free text shortened or left out to fit the message", () => {
    const encode = compileCef(cef());
    const record = { name: "n".repeat(600), id: "x".repeat(75), msg: "m".repeat(2000), cmd: "c", family: "f" };
    expect(encode(record, 100_000).changes).toEqual({ shortened: ["header.name", "externalId", "msg"] });
    const small = encode({ ...record, name: "n", cmd: "c".repeat(3000), family: "f".repeat(200) }, 450);
    expect(utf8Length(small.text)).toBeLessThanOrEqual(450);
    expect(small.changes).toEqual({ shortened: ["externalId", "msg", "cs2"], dropped: ["ThreatFamily"] });
    expect(decodeCef(small.text).extension.ThreatFamily).toBeUndefined();
  });

  it("LEEF: the event id's limit, and the message's", () => {
    const encode = compileLeef({
      header: leefHeader,
      fields: [
        { key: "Description", value: fromRecord("d") },
        { key: "CommandLine", value: fromRecord("c", { shrinkable: false }) },
      ],
    });
    expect(encode({ ev: "e".repeat(300), d: "d".repeat(500), c: "c".repeat(300) }, 420).changes).toEqual({
      shortened: ["header.eventId", "Description"],
      dropped: ["CommandLine"],
    });
  });

  it("JSON: maxBytes and the message's limit, by mapped key or, without fields, by the record's key", () => {
    const mapped = compileJson({
      header: {},
      fields: [
        { key: "title", value: fromRecord("t", { maxBytes: 5 }) },
        { key: "description", value: fromRecord("d") },
      ],
    });
    expect(mapped({ t: "a long title", d: "d".repeat(500) }, 200).changes).toEqual({
      shortened: ["title", "description"],
    });
    const whole = compileJson({ header: {}, fields: [] });
    expect(whole({ AlertId: "da1", Description: "d".repeat(500) }, 200).changes).toEqual({
      shortened: ["Description"],
    });
  });

  it("a constant too long for its key counts for every message", () => {
    const encode = compileCef({ header: cefHeader, fields: [{ key: "act", value: constant("a".repeat(100)) }] });
    expect(encode({ name: "n" }, 1000).changes).toEqual({ shortened: ["act"] });
    expect(encode({ name: "n" }, 1000).changes).toEqual({ shortened: ["act"] });
  });
});

describe("the truncation marker", () => {
  it("is off by default: a cut value ends where the cut fell", () => {
    const { text } = compileCef(cef())({ name: "n", id: "x".repeat(50) }, 1000);
    expect(decodeCef(text).extension.externalId).toBe("x".repeat(40));
  });

  it("CEF: ends each shortened value, escaped for the header or the extension, within the key's limit", () => {
    const encode = compileCef(cef("[=|]"));
    const { text } = encode({ name: "n".repeat(600), id: "x".repeat(50), msg: "short" }, 10_000);
    // 40 and 512 bytes as written: 35 + `[\=|]`, 507 + `[=\|]`.
    expect(text).toBe(`CEF:0|V|P|1|S|${"n".repeat(507)}[=\\|]|5|externalId=${"x".repeat(35)}[\\=|] msg=short`);
    const decoded = decodeCef(text);
    expect([decoded.name, decoded.extension.externalId]).toEqual([`${"n".repeat(507)}[=|]`, `${"x".repeat(35)}[=|]`]);
  });

  it("CEF: ends free text shortened to fit the message, once, and leaves out values without one", () => {
    const encode = compileCef(cef("…"));
    const record = { name: "n", id: "i", msg: "m".repeat(2000), cmd: "c".repeat(3000), family: "f".repeat(300) };
    const { text, changes } = encode(record, 450);
    expect(utf8Length(text)).toBeLessThanOrEqual(450);
    const { extension } = decodeCef(text);
    expect(extension.msg).toMatch(/^m+…$/);
    expect(extension.cs2).toMatch(/^c+…$/);
    expect(extension.ThreatFamily).toBeUndefined();
    expect(changes).toEqual({ shortened: ["msg", "cs2"], dropped: ["ThreatFamily"] });
  });

  it("LEEF: the delimiter in a marker becomes a space, as in any value", () => {
    const encode = compileLeef({
      header: { ...leefHeader, delimiter: constant("^") },
      fields: [{ key: "Description", value: fromRecord("d", { maxBytes: 20 }) }],
      truncationMarker: "a^b",
    });
    const { attributes } = decodeLeef(encode({ ev: "e", d: "d".repeat(50) }, 1000).text);
    expect(attributes.Description).toBe(`${"d".repeat(17)}a b`);
  });

  it("JSON: the marker as JSON string content", () => {
    const encode = compileJson({
      header: {},
      fields: [{ key: "title", value: fromRecord("t", { maxBytes: 12 }) }],
      truncationMarker: '"…"',
    });
    const { text } = encode({ t: "a long title to cut" }, 1000);
    expect(text).toBe('{"title":"a lon\\"…\\""}');
    expect(JSON.parse(text)).toEqual({ title: 'a lon"…"' });
  });

  it("CEF: any record, any marker, any limit: within the limit, strictly valid, each value a prefix plus marker", () => {
    fc.assert(
      fc.property(
        fc.record({ name: anyText, id: anyText, msg: anyText, cmd: anyText, family: anyText }),
        fc.constantFrom("…", "[cut]", "\\", "=", "|", "é"),
        fc.integer({ min: 60, max: 3000 }),
        (record, marker, maxBytes) => {
          const { text, changes } = compileCef(cef(marker))(record, maxBytes);
          expect(utf8Length(text)).toBeLessThanOrEqual(maxBytes);
          const whole = decodeCef(compileCef(cef())(record, 1_000_000).text).extension;
          for (const [key, value] of Object.entries(decodeCef(text).extension)) {
            if (!changes?.shortened?.includes(key)) expect(value).toBe(whole[key]);
            else
              expect(whole[key]!.startsWith(value.endsWith(marker) ? value.slice(0, -marker.length) : value)).toBe(
                true,
              );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
