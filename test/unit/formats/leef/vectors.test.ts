/** IBM's LEEF examples (cef-leef-vectors.json): each decodes strictly, and the encoder writes it back byte for byte. */
import { describe, expect, it } from "vitest";
import { compileLeef } from "../../../../src/formats/leef/encoder.js";
import { constant } from "../../../support/layout.js";
import { decodeLeef } from "../../../support/leef-decoder.js";
import { readReferenceJson } from "../../../support/reference.js";

const { leef } = readReferenceJson<{ leef: { examples: string[] } }>("cef-leef-vectors.json");

describe("IBM's LEEF examples", () => {
  it.each(leef.examples.map((e) => e.slice(e.indexOf("LEEF:"))))("%j", (example) => {
    const d = decodeLeef(example);
    const written = example.startsWith("LEEF:2.0") ? example.split("|")[5] : undefined;
    const header = {
      vendor: constant(d.vendor),
      product: constant(d.product),
      version: constant(d.productVersion),
      eventId: constant(d.eventId),
      ...(written === undefined ? {} : { delimiter: constant(written) }),
    };
    const fields = Object.entries(d.attributes).map(([key, value]) => ({ key, value: constant(value) }));
    expect(compileLeef({ header, fields })({}, 8192).text).toBe(example);
  });
});
