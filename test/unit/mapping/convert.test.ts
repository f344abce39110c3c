import { describe, expect, it } from "vitest";
import { converter, parseTime, toText } from "../../../src/mapping/convert.js";

describe("value types", () => {
  it("string: scalars as text, lists and objects as JSON, null and blank as empty", () => {
    expect([toText("x"), toText(3), toText(false), toText([1, "a"]), toText({ a: 1 })]).toEqual([
      "x",
      "3",
      "false",
      '[1,"a"]',
      '{"a":1}',
    ]);
    expect([toText(""), toText("  \t"), toText(null), toText(undefined)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("string: JSON nested deeper than JSON.stringify can go is written 64 levels deep, not lost", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const text = toText({ a: deep })!;
    expect(text).toBe(`{"a":${"[".repeat(63)}"…"${"]".repeat(63)}}`);
  });

  it("int: integers from numbers and numeric text; anything else is empty", () => {
    const int = converter("int");
    expect([int(42), int(-3.9), int(" 17 "), int("+5"), int("2.5"), int("1053729833")]).toEqual([
      "42",
      "-3",
      "17",
      "5",
      "2",
      "1053729833",
    ]);
    expect([int("abc"), int(true), int(NaN), int(null)]).toEqual([undefined, undefined, undefined, undefined]);
    expect([int(1e21), int(-(2 ** 70))]).toEqual(["1000000000000000000000", "-1180591620717411303424"]);
  });

  it("epochMillis and iso8601: Microsoft's times, with or without zone, to the millisecond", () => {
    const ms = converter("epochMillis");
    const iso = converter("iso8601");
    expect(ms("2020-09-30T14:11:44.0779765Z")).toBe("1601475104077");
    expect(ms("2016-09-12T00:00:00.000")).toBe(String(Date.UTC(2016, 8, 12)));
    expect(ms("2016-09-12T02:00:00+02:00")).toBe(String(Date.UTC(2016, 8, 12)));
    expect(ms("2016-09-12T00:00:00-0130")).toBe(String(Date.UTC(2016, 8, 12, 1, 30)));
    expect(ms(1601475104077)).toBe("1601475104077");
    expect(ms("1601475104077")).toBe("1601475104077");
    expect(iso("2020-09-30T14:11:44.0779765Z")).toBe("2020-09-30T14:11:44.077Z");
    expect(iso("2019-03-01 10:00")).toBe("2019-03-01T10:00:00.000Z");
    expect([ms("yesterday"), ms("2020-13-01T00:00:00Z"), ms(""), iso(null)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([ms(1e21), ms("99999999999999999"), ms(Infinity), iso(-1e300)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(parseTime("2020-02-29")).toBe(Date.UTC(2020, 1, 29));
  });

  it("boolInt: 1 and 0 from booleans, their words and numbers", () => {
    const b = converter("boolInt");
    expect([b(true), b("True"), b(1), b(false), b("false"), b(0), b(null), b("yes")]).toEqual([
      "1",
      "1",
      "1",
      "0",
      "0",
      "0",
      undefined,
      undefined,
    ]);
  });

  it("join: list elements with a separator, empty ones left out", () => {
    expect(converter("join")(["T1059", "", null, "T1003"])).toBe("T1059,T1003");
    expect(converter("join", "; ")([{ a: 1 }, "x"])).toBe('{"a":1}; x');
    expect(converter("join")("single")).toBe("single");
    expect(converter("join")([])).toBeUndefined();
  });
});
