import { describe, expect, it } from "vitest";
import { retryAfterMs } from "../../../../src/sources/shared/retry-after.js";

describe("retryAfterMs", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");

  it("reads delay-seconds", () => {
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP date, relative to now, never negative", () => {
    expect(retryAfterMs("Wed, 01 May 2024 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 01 May 2024 11:00:00 GMT", now)).toBe(0);
  });

  it("is undefined when absent or unreadable", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs("", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-5", now)).toBeUndefined();
  });
});
