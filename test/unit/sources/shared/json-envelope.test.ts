import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEnvelope } from "../../../../src/sources/shared/json-envelope.js";
import type { ArrayElement } from "../../../../src/sources/shared/json-array.js";

async function read(...chunks: (string | Buffer)[]) {
  const elements: ArrayElement[] = [];
  const { members } = await readEnvelope(
    chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)),
    (e) => elements.push(e),
  );
  return { elements, members };
}

/** Every way of cutting the body in two, and byte by byte. */
function cuts(body: string): Buffer[][] {
  const bytes = Buffer.from(body);
  const halves = Array.from({ length: bytes.length + 1 }, (_, i) => [bytes.subarray(0, i), bytes.subarray(i)]);
  return [...halves, [...bytes].map((b) => Buffer.from([b]))];
}

describe("readEnvelope", () => {
  const body =
    '{"@odata.context":"https://api.security.microsoft.com/api/$metadata#Alerts","value":[{"id":"a","t":"x\\"],{"},{"id":"b","e":[{"k":"}"}]}],' +
    '"@odata.nextLink":"https://api.security.microsoft.com/api/alerts?$skip=2&$filter=a eq \'}\'","@odata.count":2,"x":{"y":[1,"]"]}}';

  it("streams the value list and reads the other members, however the body is cut", async () => {
    for (const chunks of cuts(body)) {
      const { elements, members } = await read(...chunks);
      expect(elements).toEqual([{ value: { id: "a", t: 'x"],{' } }, { value: { id: "b", e: [{ k: "}" }] } }]);
      expect(members).toEqual({
        "@odata.context": "https://api.security.microsoft.com/api/$metadata#Alerts",
        "@odata.nextLink": "https://api.security.microsoft.com/api/alerts?$skip=2&$filter=a eq '}'",
        "@odata.count": 2,
        x: { y: [1, "]"] },
      });
    }
  });

  it("reads members before and after value, escaped member names, whitespace and a byte order mark", async () => {
    const { elements, members } = await read(
      Buffer.from([0xef, 0xbb, 0xbf]),
      ' {\n "n\\u0061me" : null ,\r\n "value" : [ ] \t}\n',
    );
    expect(elements).toEqual([]);
    expect(members).toEqual({ name: null });
  });

  it("reports an element that is not valid JSON and goes on", async () => {
    const { elements } = await read('{"value":[{"a":1},{"b":tru},{"c":3}]}');
    expect(elements[1]).toHaveProperty("invalid");
    expect(elements[2]).toEqual({ value: { c: 3 } });
  });

  it("fails clearly on a body that is not an OData response", async () => {
    await expect(read("[1,2]")).rejects.toMatchObject({
      code: "E_API_BODY",
      message: 'the response body is not an OData response: it starts with "[", not an object',
    });
    await expect(read("<html>")).rejects.toThrow(/it starts with "<"/);
    await expect(read("")).rejects.toThrow(/the body is empty/);
    await expect(read('{"other":1}')).rejects.toThrow(/it has no "value" list/);
    await expect(read('{"value":{"a":1}}')).rejects.toThrow(/"value" is not a list/);
    await expect(read('{"value":[]} x')).rejects.toThrow(/unexpected "x" after the response object/);
    await expect(read('{"a":tru,"value":[]}')).rejects.toThrow(/the member "a" is not valid JSON/);
    await expect(read('{"value":[] "b":1}')).rejects.toThrow(/unexpected "\\"" after the "value" list/);
  });

  it("fails as truncated, and retryable, when the body stops early", async () => {
    await expect(read('{"value":[{"a":1},{"b":')).rejects.toMatchObject({
      code: "E_API_TRUNCATED",
      data: { elements: 1, retryable: true },
    });
    await expect(read('{"value":[{"a":1}],"@odata.nextLink":"htt')).rejects.toMatchObject({ code: "E_API_TRUNCATED" });
  });

  it("round-trips any page in any chunking (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue())),
        fc.dictionary(
          fc.string().filter((k) => k !== "value"),
          fc.jsonValue(),
          { maxKeys: 3 },
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (values, others, points) => {
          const bytes = Buffer.from(JSON.stringify({ ...others, value: values }));
          const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
          const { elements, members } = await read(...chunks);
          expect(elements).toEqual(values.map((v) => ({ value: JSON.parse(JSON.stringify(v)) as unknown })));
          expect(members).toEqual(JSON.parse(JSON.stringify(others)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
