import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonArrayElements, JsonArraySplitter } from "../../../../src/sources/shared/json-array.js";

async function elements(...chunks: (string | Buffer)[]) {
  const out = [];
  for await (const e of jsonArrayElements(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)))) out.push(e);
  return out;
}

/** Every way of cutting the body in two. */
function splits(body: string): Buffer[][] {
  const bytes = Buffer.from(body);
  return Array.from({ length: bytes.length + 1 }, (_, i) => [bytes.subarray(0, i), bytes.subarray(i)]);
}

describe("jsonArrayElements", () => {
  const tricky = '[ {"a":"x\\"],{y","b":[1,{"c":"\\\\"}]}, {"é":"日本語 ✓"} ,\n{"n":null}]';
  const expected = [
    { value: { a: 'x"],{y', b: [1, { c: "\\" }] } },
    { value: { é: "日本語 ✓" } },
    { value: { n: null } },
  ];

  it("yields each element, however the body is cut into chunks", async () => {
    for (const chunks of splits(tricky)) expect(await elements(...chunks)).toEqual(expected);
    expect(await elements(...[...Buffer.from(tricky)].map((b) => Buffer.from([b])))).toEqual(expected);
  });

  it("reads an empty array and a leading byte order mark", async () => {
    expect(await elements(" [ ] \n")).toEqual([]);
    expect(await elements(Buffer.from([0xef, 0xbb, 0xbf]), "[1]")).toEqual([{ value: 1 }]);
  });

  it("reports an element that is not valid JSON and goes on", async () => {
    const out = await elements('[{"a":1},{"b":tru},{"c":3}]');
    expect(out[0]).toEqual({ value: { a: 1 } });
    expect(out[1]).toHaveProperty("invalid");
    expect(out[2]).toEqual({ value: { c: 3 } });
  });

  it("fails on a body that is not an array", async () => {
    await expect(elements("<html>oops</html>")).rejects.toMatchObject({
      code: "E_API_BODY",
      message: expect.stringContaining('it starts with "<"') as unknown,
    });
    await expect(elements('{"value":[]}')).rejects.toMatchObject({ code: "E_API_BODY" });
    await expect(elements("")).rejects.toThrow(/the body is empty/);
    await expect(elements("[1] x")).rejects.toThrow(/after the array's end/);
    await expect(elements("[1,,2]")).rejects.toThrow(/an empty element/);
    await expect(elements("[1,]")).rejects.toThrow(/an empty element/);
  });

  it("fails as truncated, and retryable, when the body stops inside the array", async () => {
    await expect(elements('[{"a":1},{"b":')).rejects.toMatchObject({
      code: "E_API_TRUNCATED",
      data: { elements: 1, retryable: true },
    });
  });

  it("round-trips any array of JSON objects in any chunking (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue())),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (values, cuts) => {
          const bytes = Buffer.from(JSON.stringify(values));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
          const out = await elements(...chunks);
          expect(out).toEqual(values.map((v) => ({ value: JSON.parse(JSON.stringify(v)) as unknown })));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts the elements it has read", () => {
    const splitter = new JsonArraySplitter();
    splitter.push(Buffer.from("[1,2,"));
    expect(splitter.elements).toBe(2);
  });
});
