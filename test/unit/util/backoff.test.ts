import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../../src/util/backoff.js";

describe("backoffDelay", () => {
  const policy = { initialMs: 100, maxMs: 1000 };

  it("grows exponentially between half and all of the ceiling", () => {
    expect([0, 1, 2].map((a) => backoffDelay(a, policy, () => 0))).toEqual([50, 100, 200]);
    expect([0, 1, 2].map((a) => backoffDelay(a, policy, () => 0.999999))).toEqual([100, 200, 400]);
  });

  it("never exceeds the maximum", () => {
    expect(backoffDelay(30, policy, () => 0.999999)).toBe(1000);
    expect(backoffDelay(30, policy, () => 0)).toBe(500);
  });
});
