/**
 * The published CEF vectors of test/fixtures/cef-leef-vectors.json that apply to an encoder, and the decoding
 * vectors of strict parsers, which check the test suite's own decoder. Where a vector records another encoder's
 * choice that formats.md rules out, the expectation is formats.md's and the vector is listed in DEVIATIONS.
 */
import { describe, expect, it } from "vitest";
import { checkCef } from "../../../../src/formats/cef/check.js";
import { compileCef } from "../../../../src/formats/cef/encoder.js";
import { escapeExtension, escapeHeader } from "../../../../src/formats/cef/escape.js";
import { decodeCef } from "../../../support/cef-decoder.js";
import { constant } from "../../../support/layout.js";
import { readReferenceJson } from "../../../support/reference.js";

interface Vectors {
  cef_encode: {
    src: string;
    header?: string[];
    ext: [string, string][];
    expected?: string;
    expected_extension?: string;
  }[];
  cef_header_sanitize_logstash: [string, string][];
  cef_ext_value_sanitize_logstash: [string, string][];
  cef_ext_key_sanitize_logstash: [string, string][];
  cef_ext_value_syslog_ng: { pairs: [string, string][]; rejected_keys: string[] };
  rsyslog_cef_ext_escape: [string, string][];
  cef_decode_liblognorm: {
    cases: { in: string; ext?: Record<string, string>; deviceProduct?: string; error?: string }[];
  };
  cef_decode_elastic_beats: {
    cases: {
      in: string;
      ext?: Record<string, string>;
      error?: string;
      deviceVendor?: string;
      deviceProduct?: string;
    }[];
  };
}

const V = readReferenceJson<Vectors>("cef-leef-vectors.json");

/**
 * Logstash writes every CR as \n ("lossy", says the vector); formats.md, rsyslog and syslog-ng write \r. Keyed by
 * input.
 */
const LOGSTASH_CR: Record<string, string> = {
  "foo\rbar": "foo\\rbar",
  "foo\r\nbar": "foo\\r\\nbar",
  "foo\r\nbar\r\nbaz": "foo\\r\\nbar\\r\\nbaz",
};
const LOGSTASH_EXTENSION: Record<string, string> = {
  "foo=foo\\\\value\\n bar=bar\\=value\\n": "foo=foo\\\\value\\n bar=bar\\=value\\r",
};
/** syslog-ng writes TAB and NUL as \uXXXX, a sequence strict parsers reject; formats.md: a space (then trimmed). */
const SYSLOG_NG_CONTROL: Record<string, string> = { "\t": "", "a\u0000b": "k=a b" };

function encode(header: string[] | undefined, ext: [string, string][]): string {
  const [, vendor, product, version, signatureId, name, severity] = header ?? ["0", "v", "p", "1", "s", "n", "5"];
  const layout = {
    header: {
      vendor: constant(vendor!),
      product: constant(product!),
      version: constant(version!),
      signatureId: constant(signatureId!),
      name: constant(name!),
      severity: constant(severity!),
    },
    fields: ext.map(([key, value]) => ({ key, value: constant(value) })),
  };
  return compileCef(layout)({}, 65_535).text;
}

describe("published CEF encoding vectors", () => {
  it.each(V.cef_encode.map((v) => [v.src, v] as const))("%s", (_src, v) => {
    const text = encode(v.header, v.ext);
    if (v.expected !== undefined) expect(text).toBe(v.expected);
    else
      expect(text.slice(text.lastIndexOf("|") + 1)).toBe(
        LOGSTASH_EXTENSION[v.expected_extension!] ?? v.expected_extension,
      );
  });

  it.each(V.cef_header_sanitize_logstash)("header %j → %j", (input, expected) => {
    expect(escapeHeader(input)).toBe(expected);
  });

  it.each(V.cef_ext_value_sanitize_logstash)("extension value %j → %j (CR as \\r)", (input, expected) => {
    expect(escapeExtension(input)).toBe(LOGSTASH_CR[input] ?? expected);
  });

  it.each(V.cef_ext_value_syslog_ng.pairs)("syslog-ng value %j → %j", (input, expected) => {
    const key = expected.startsWith("k=") ? "k" : "act";
    expect(
      encode(undefined, [[key, input]])
        .split("|")
        .slice(7)
        .join("|"),
    ).toBe(SYSLOG_NG_CONTROL[input] ?? expected);
  });

  it.each(V.rsyslog_cef_ext_escape)("rsyslog value %j → %j", (input, expected) => {
    expect(escapeExtension(input)).toBe(expected);
  });

  it.each([
    ...V.cef_ext_key_sanitize_logstash.map(([bad]) => bad),
    ...V.cef_ext_value_syslog_ng.rejected_keys.map((k) => k.replace(/ \(.*\)$/, "")),
  ])("refuses the key %j that other encoders sanitize or reject", (key) => {
    const issues = checkCef({ header: {}, fields: [{ key, value: constant("x") }] });
    expect(issues.filter((i) => !i.warning).map((i) => i.message)).toEqual([
      expect.stringContaining("is not a CEF extension key"),
    ]);
  });

  it.each(V.cef_ext_key_sanitize_logstash.map(([, good]) => good))("accepts the sanitized key %j", (key) => {
    expect(checkCef({ header: {}, fields: [{ key, value: constant("x") }] }).filter((i) => !i.warning)).toEqual([]);
  });
});

describe("the test suite's strict decoder against strict parsers' vectors", () => {
  it.each(V.cef_decode_liblognorm.cases.map((c) => [c.in, c] as const))("liblognorm %j", (_in, c) => {
    if (c.error !== undefined) {
      expect(() => decodeCef(c.in)).toThrow();
      return;
    }
    const decoded = decodeCef(c.in.replace(/\| /, "|"));
    if (c.deviceProduct !== undefined) expect(decoded.product).toBe(c.deviceProduct);
    expect(decoded.extension).toMatchObject(c.ext ?? {});
  });

  const strictBeats = V.cef_decode_elastic_beats.cases.filter(
    (c) => c.in.startsWith("CEF:0|") && !/[\t\r\n]/.test(c.in),
  );
  it.each(strictBeats.map((c) => [c.in, c] as const))("Beats %j", (_in, c) => {
    if (c.error !== undefined) {
      expect(() => decodeCef(c.in)).toThrow();
      return;
    }
    const decoded = decodeCef(c.in);
    if (c.deviceVendor !== undefined) expect(decoded.vendor).toBe(c.deviceVendor);
    if (c.deviceProduct !== undefined) expect(decoded.product).toBe(c.deviceProduct);
    expect(decoded.extension).toMatchObject(c.ext ?? {});
  });
});
