import { describe, expect, it } from "vitest";
import { microsoftTime, parseMicrosoftTime } from "../../../src/util/microsoft-time.js";

describe("Microsoft's time format", () => {
  it("writes query times as in Microsoft's examples: milliseconds, no zone", () => {
    expect(microsoftTime(new Date("2016-09-12T00:00:00Z"))).toBe("2016-09-12T00:00:00.000");
  });

  it("reads 7 fractional digits, none, a Z, an offset, or no zone (UTC)", () => {
    expect(parseMicrosoftTime("2020-09-30T14:11:44.0779765Z")?.toISOString()).toBe("2020-09-30T14:11:44.077Z");
    expect(parseMicrosoftTime("2020-09-30T14:11:44")?.toISOString()).toBe("2020-09-30T14:11:44.000Z");
    expect(parseMicrosoftTime("2016-09-12T00:00:00.000")?.toISOString()).toBe("2016-09-12T00:00:00.000Z");
    expect(parseMicrosoftTime("2020-09-30T16:11:44.5+02:00")?.toISOString()).toBe("2020-09-30T14:11:44.500Z");
  });

  it("refuses what is not a real time", () => {
    for (const text of ["", "2020-02-30T00:00:00Z", "2020-09-30T24:00:00Z", "30/09/2020", 12, null])
      expect(parseMicrosoftTime(text)).toBeUndefined();
  });
});
