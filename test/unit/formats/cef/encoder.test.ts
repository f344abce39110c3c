import { describe, expect, it } from "vitest";
import { AppError } from "../../../../src/errors.js";
import { compileCef } from "../../../../src/formats/cef/encoder.js";
import { cutEscaped, escapeExtension } from "../../../../src/formats/cef/escape.js";
import { utf8Length } from "../../../../src/formats/utf8.js";
import { decodeCef } from "../../../support/cef-decoder.js";
import { constant, fromRecord } from "../../../support/layout.js";

const header = {
  vendor: constant("V"),
  product: constant("P"),
  version: constant("1"),
  signatureId: constant("S"),
  name: fromRecord("name"),
  severity: constant("5"),
};

describe("the CEF encoder", () => {
  it("writes full ArcSight names as short keys, labels before their values, and leaves empty values out", () => {
    const encode = compileCef({
      header,
      fields: [
        { key: "sourceHostName", value: fromRecord("host") },
        { key: "deviceCustomString2", label: "Command line", value: fromRecord("cmd") },
        { key: "cs3", label: "Group", value: fromRecord("none") },
      ],
    });
    expect(encode({ name: "n", host: "pc", cmd: "a=b" }, 1000).text).toBe(
      "CEF:0|V|P|1|S|n|5|shost=pc cs2Label=Command line cs2=a\\=b",
    );
  });

  it("holds each field to its CEF limit in bytes after escaping", () => {
    const encode = compileCef({
      header,
      fields: [
        { key: "externalId", value: fromRecord("id") },
        { key: "act", value: fromRecord("act", { maxBytes: 5 }) },
      ],
    });
    const { text } = encode({ name: "é".repeat(300), id: "\\".repeat(30), act: "quarantined" }, 10_000);
    const decoded = decodeCef(text);
    expect(utf8Length(decoded.name)).toBe(512);
    expect(decoded.extension.externalId).toBe("\\".repeat(20));
    expect(decoded.extension.act).toBe("quara");
  });

  it("cuts escaped text before a split escape or character, then drops trailing spaces", () => {
    expect(cutEscaped(escapeExtension("ab\\cd"), 3)).toBe("ab");
    expect(cutEscaped(escapeExtension("ab\\cd"), 4)).toBe("ab\\\\");
    expect(cutEscaped(escapeExtension("a\nb"), 2)).toBe("a");
    expect(cutEscaped(escapeExtension("a b"), 2)).toBe("a");
    expect(cutEscaped("aé", 2)).toBe("a");
  });

  it("shortens the longest free text to fit the message limit and keeps identifiers whole", () => {
    const encode = compileCef({
      header,
      fields: [
        { key: "externalId", value: fromRecord("id", { shrinkable: false }) },
        { key: "msg", value: fromRecord("msg") },
        { key: "cs2", label: "CommandLine", value: fromRecord("cmd") },
      ],
    });
    const record = { name: "n", id: "da637370718981685665_16349121", msg: "m".repeat(1000), cmd: "c=".repeat(1500) };
    const { text } = encode(record, 1200);
    expect(utf8Length(text)).toBeLessThanOrEqual(1200);
    const decoded = decodeCef(text).extension;
    expect(decoded.externalId).toBe(record.id);
    expect(
      Math.abs(utf8Length(escapeExtension(decoded.msg!)) - utf8Length(escapeExtension(decoded.cs2!))),
    ).toBeLessThanOrEqual(1);
  });

  it("fails with E_MESSAGE_TOO_LARGE when not even the fixed parts fit", () => {
    const encode = compileCef({ header, fields: [] });
    expect(() => encode({ name: "n" }, 10)).toThrow(AppError);
    expect(() => encode({ name: "n" }, 10)).toThrow(
      "the message cannot be made to fit in 10 bytes (its fixed parts need 17): raise output.maxMessageBytes",
    );
    try {
      encode({ name: "n" }, 10);
    } catch (err) {
      expect(err).toMatchObject({ code: "E_MESSAGE_TOO_LARGE", data: { limit: 10, actual: 17 } });
    }
  });
});
