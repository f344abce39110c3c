import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../src/config/duration.js";
import { interpolateText } from "../../../src/config/interpolate.js";

describe("ISO 8601 durations", () => {
  it.each([
    ["PT10M", 600_000],
    ["PT2H", 7_200_000],
    ["P1D", 86_400_000],
    ["P1DT12H", 129_600_000],
    ["PT1.5S", 1500],
    ["P1W", 604_800_000],
    ["pt6h", 21_600_000],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "P", "PT", "10M", "PT2X", "P1M", "P1Y", "P1DT"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("formats back to the shortest form", () => {
    expect([0, 600_000, 7_200_000, 129_600_000, 1500].map(formatDuration)).toEqual([
      "PT0S",
      "PT10M",
      "PT2H",
      "P1DT12H",
      "PT1.5S",
    ]);
  });
});

describe("environment interpolation", () => {
  const env = { A: "alpha", EMPTY: "" };

  it("replaces references, applies defaults like the shell, and keeps $${ literal", () => {
    expect(interpolateText("x-${A}-${B:-beta}-${EMPTY:-gamma}-$${A}", env)).toEqual({
      value: "x-alpha-beta-gamma-${A}",
      missing: [],
    });
  });

  it("reports each missing variable", () => {
    expect(interpolateText("${X}/${Y:-}/${Z}", env)).toEqual({ value: "${X}//${Z}", missing: ["X", "Z"] });
  });
});
